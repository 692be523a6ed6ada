"""Identity-number rules: GB 11643-1999 check character, birth date, region prefix, and the
masked form shown on screens and paper; the GB 32100-2015 check character of a unified
social credit code.

Resident ID cards, 2023 foreigner permanent residence cards (prefix 9) and Hong Kong/Macao/
Taiwan residence permits (prefix 810000/820000/830000) all use the 18-character GB 11643 layout.
An enterprise's unified social credit code (统一社会信用代码) is 18 characters too, and may be
all digits: only its own check character tells it from an ID number with a wrong one.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter_app.domain.hall_time import hall_today
from counter_app.errors import InvalidIdNumber, ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# A phone as clerks write it, once NFKC made full-width input ASCII and spaces are gone: an
# optional country code, digits grouped by hyphens, dots or an area code in brackets.
_PHONE_SHAPE = re.compile(r"^\+?[0-9()\-.]+$")
_PHONE_SEPARATORS = re.compile(r"[()\-.]")
# An extension: 转 or 分机 (or ext) before it, or a third hyphenated group after an area
# code and a local number (021-64381234-8001). Stored the hyphenated way.
_EXTENSION_WORD = re.compile(r"转|分机|ext\.?", re.IGNORECASE)
_HYPHEN_EXTENSION = re.compile(r"^(\(?0[0-9]{2,3}\)?-?[2-9][0-9]{6,7})-([0-9]{1,6})$")
_EXTENSION = re.compile(r"^[0-9]{1,6}$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# GB/T area codes: 010 and 02x have three digits and eight-digit local numbers, every other
# area code four digits and seven- or eight-digit local numbers; no local number starts
# with 0 or 1.
_LANDLINE = re.compile(r"^(010|02[0-9])([2-9][0-9]{7})$|^(0[3-9][0-9]{2})([2-9][0-9]{6,7})$")
_MAINLAND_COUNTRY_CODES = ("+86", "0086")
_PHONE_DIGITS = range(6, 21)
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
# First digit of a mainland administrative division code (GB/T 2260): 1-6.
_MAINLAND_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    ]
)
# Residence permits for Hong Kong, Macao and Taiwan residents: the whole six-digit "region"
# is fixed (GB/T 2260 codes 810000, 820000, 830000), not just its first two digits.
_PERMIT_PREFIXES = {"81": "810000", "82": "820000", "83": "830000"}

PASSPORT_MAX_LENGTH = 20
# From this length on a masked number shows its first four and last four characters (the
# 18-character form everyone knows); shorter numbers show a third of themselves.
_FULL_MASK_LENGTH = 18

# GB 32100-2015: 31 characters (no I, O, S, V or Z), weighted by the powers of 3 modulo 31.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE = re.compile(f"^[{_CREDIT_ALPHABET}]{{18}}$")
_CREDIT_WEIGHTS = tuple(pow(3, position, 31) for position in range(17))


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    kind: str  # resident | foreign_permanent_2023 | hkmotw_permit
    birth_date: date
    sex: str  # "男" | "女"
    region_prefix: str


def check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError(f"GB 11643 weighs 17 digits, not {len(first17)}")
    # map() rather than a generator: this runs in every intake's validation.
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def has_gb11643_shape(number: str) -> bool:
    """Whether a normalised number is 17 digits and a digit or X: the shape of an ID card's,
    a 2023 foreigner card's or a residence permit's number (and of some credit codes)."""
    return _SHAPE.match(number) is not None


def has_credit_code_shape(number: str) -> bool:
    """Whether a normalised number is 18 characters of the GB 32100 alphabet, the shape of
    a unified social credit code (whatever its check character)."""
    return _CREDIT_CODE.match(number) is not None


def credit_check_character(first17: str) -> str:
    """The GB 32100 check character for a credit code's first 17 characters."""
    weighed = sum(map(operator.mul, map(_CREDIT_ALPHABET.index, first17), _CREDIT_WEIGHTS))
    return _CREDIT_ALPHABET[-weighed % 31]


def is_credit_code(number: str) -> bool:
    """Whether a normalised number is a unified social credit code with the right GB 32100
    check character (its 18th)."""
    return has_credit_code_shape(number) and number[17] == credit_check_character(number[:17])


def normalize_id_number(raw: str) -> str:
    """A typed number as the rules see it: full-width digits and letters (what a Chinese
    input method in full-width mode types) made ASCII by NFKC, every space removed (clerks
    group digits as printed), upper case (a typed ``x`` check character is ``X``)."""
    return "".join(unicodedata.normalize("NFKC", raw).split()).upper()


def validate_id_number(raw: str, *, today: date | None = None) -> IdNumberInfo:
    """Validate an 18-character GB 11643 number; returns its parts or raises InvalidIdNumber.
    ``raw`` may be typed full-width or with spaces (see ``normalize_id_number``)."""
    number = normalize_id_number(raw)
    if not _SHAPE.match(number):
        if len(number) == 18:  # the length is right: say which character is not
            at, bad = next(
                (i + 1, c)
                for i, c in enumerate(number)
                if not (c.isdigit() or (i == 17 and c == "X"))
            )
            raise InvalidIdNumber(
                f"证件号码第{at}位是“{bad}”：居民身份证号码是17位数字加1位数字或X，请核对。",
                f"Character {at} of the ID number is '{bad}': a resident ID number is 17 digits "
                "and a digit or X.",
                field="id_number",
            )
        raise InvalidIdNumber(
            f"证件号码应为18位：17位数字加1位数字或X，当前为{len(number)}位，请核对。",
            f"The ID number must be 18 characters: 17 digits and a digit or X (got {len(number)}).",
            field="id_number",
        )
    expected = check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(
            f"证件号码校验位不符（应为{expected}），请逐位核对或重新读卡。",
            f"The ID number's check character is wrong (expected {expected}); re-check or read the card.",
            field="id_number",
        )
    prefix = number[:2]
    if number[0] == "9":
        kind = "foreign_permanent_2023"
    elif prefix in _PERMIT_PREFIXES:
        if number[:6] != _PERMIT_PREFIXES[prefix]:
            raise InvalidIdNumber(
                "港澳台居民居住证号码前6位应为810000（香港）、820000（澳门）或830000（台湾），"
                f"当前为{number[:6]}，请核对。",
                "An HK/Macao/Taiwan residence permit number starts 810000 (Hong Kong), "
                f"820000 (Macao) or 830000 (Taiwan), not {number[:6]}.",
                field="id_number",
            )
        kind = "hkmotw_permit"
    elif prefix in _MAINLAND_PROVINCES:
        kind = "resident"
    else:
        raise InvalidIdNumber(
            f"证件号码前两位“{prefix}”不是有效的地区代码，请核对。",
            f"The ID number's first two digits '{prefix}' are not a valid region code.",
            field="id_number",
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(
            "证件号码中的出生日期不存在（第7–14位），请核对。",
            "The birth date inside the ID number (digits 7-14) does not exist.",
            field="id_number",
        ) from None
    if birth.year < 1900 or birth > (today or hall_today()):
        raise InvalidIdNumber(
            "证件号码中的出生日期不合理（早于1900年或晚于今天），请核对。",
            "The birth date inside the ID number is before 1900 or in the future.",
            field="id_number",
        )
    sex = "男" if int(number[16]) % 2 else "女"
    return IdNumberInfo(number=number, kind=kind, birth_date=birth, sex=sex, region_prefix=prefix)


def mask_id_number(number: str) -> str:
    """``3101**********123X``: an 18-character number (or a longer one) keeps its first four
    and last four characters. A shorter number (a passport, a home-return permit, a 2017
    foreigner card) keeps about a third, most of it at the end: ``H******78``, so eight of
    nine characters never show; two characters or fewer are all stars."""
    if len(number) >= _FULL_MASK_LENGTH:
        return number[:4] + "*" * (len(number) - 8) + number[-4:]
    shown = len(number) // 3
    tail = (shown + 1) // 2
    head = shown - tail
    return number[:head] + "*" * (len(number) - shown) + number[len(number) - tail :]


def shown_applicant_number(number: str, *, organisation: bool, id_type: str) -> str:
    """An applicant's number as screens and papers show it: an enterprise's or organisation's
    unified social credit code in full (public registration data, printed on its 营业执照,
    against which the company checks its receipt: its type 990 and a right GB 32100 check
    character), anything else masked (``mask_id_number``) — a person's number, and a number
    an older release took for an organisation that is no credit code."""
    if organisation and id_type == "990" and is_credit_code(number):
        return number
    return mask_id_number(number)


def normalize_phone(raw: str) -> str:
    """The phone in its one stored form, however a clerk typed it; ``ValidationError``
    naming the accepted forms otherwise.

    Full-width digits, brackets and hyphens are made ASCII (NFKC) and spaces dropped. A
    mainland mobile is its 11 digits (``+86 139-1234-5678`` is ``13912345678``), a landline
    with its area code ``021-64381234`` (typed ``(021)64381234``, ``02164381234`` or
    ``+86 21 6438 1234``), an extension after a hyphen (``021-64381234转8001`` is
    ``021-64381234-8001``, a landline's only); another country's number ``+`` and its digits,
    any other number its 6-20 digits. Idempotent: a stored phone normalises to itself, so
    one number typed any of these ways has one blind index and one search."""
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    number, extension = _split_extension(text)
    if not _PHONE_SHAPE.match(number) or (
        extension is not None and not _EXTENSION.match(extension)
    ):
        raise _phone_refused()
    digits = _PHONE_SEPARATORS.sub("", number)
    national = _without_mainland_country_code(digits)
    if national is not None and national.startswith("0"):
        landline = _LANDLINE.match(national)
        if landline is None:
            raise _phone_refused()
        canonical = "-".join(part for part in landline.groups() if part)
        return canonical if extension is None else f"{canonical}-{extension}"
    if extension is not None:  # only a landline has extensions
        raise _phone_refused()
    if national is None:  # another country's number: kept whole, country code first
        canonical = "+" + digits.removeprefix("+").removeprefix("00")
        if len(canonical) - 1 in _PHONE_DIGITS:
            return canonical
    elif national.startswith("1"):
        if _MOBILE.match(national):
            return national
    elif len(national) in _PHONE_DIGITS:  # a local number without its area code, a 400 number
        return national
    raise _phone_refused()


def mainland_phone(raw: str) -> str | None:
    """The stored form of ``raw`` when it is a mainland mobile or a landline with its area
    code (what a search may take for a phone rather than a document number), else None."""
    try:
        phone = normalize_phone(raw)
    except ValidationError:
        return None
    return phone if _MOBILE.match(phone) or phone.startswith("0") else None


def _split_extension(text: str) -> tuple[str, str | None]:
    """The number and its extension (None: none given)."""
    parts = _EXTENSION_WORD.split(text)
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) > 2:
        return text, ""  # two extensions: refused as no phone
    hyphenated = _HYPHEN_EXTENSION.match(text)
    if hyphenated is not None:
        return hyphenated.group(1), hyphenated.group(2)
    return text, None


def _without_mainland_country_code(digits: str) -> str | None:
    """The mainland number without +86 or 0086 (a landline gets its leading 0 back);
    None for another country's number."""
    for code in _MAINLAND_COUNTRY_CODES:
        if digits.startswith(code):
            national = digits.removeprefix(code)
            return national if national.startswith(("0", "1")) else "0" + national
    return None if digits.startswith(("+", "00")) else digits


def _phone_refused() -> ValidationError:
    return ValidationError(
        "联系电话格式不正确。可填写：手机号11位（如 13912345678、139-1234-5678、"
        "+86 139 1234 5678）；固定电话带区号（如 021-64381234、(021)64381234），分机号写在"
        "“转”或连字符后（如 021-64381234转8001）；境外号码以“+国家代码”开头。",
        "The phone number is not valid. Accepted: an 11-digit mobile (13912345678, "
        "139-1234-5678, +86 139 1234 5678); a landline with its area code (021-64381234, "
        "(021)64381234), an extension after 转 or a hyphen (021-64381234转8001); a number "
        "abroad starting with + and its country code.",
        field="applicant.phone",
    )


def mask_phone(phone: str) -> str:
    """``139****0000`` for an 11-digit mobile; other lengths keep the first 3 and last 4."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_address(address: str) -> str:
    """``徐汇区漕溪北路****``: the first six characters (about the district), then stars."""
    return address[:6] + "****" if len(address) > 6 else "*" * len(address)
