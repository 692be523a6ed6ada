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
_PHONE = re.compile(r"^\+?[0-9][0-9\-]{5,19}$")
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


def normalize_phone(raw: str) -> str:
    """The phone without spaces; ``ValidationError`` unless 6-20 digits (+, hyphens allowed)."""
    phone = "".join(raw.split())
    if not _PHONE.match(phone):
        raise ValidationError(
            "联系电话格式不正确：应为6–20位数字（可含区号连字符）。",
            "The phone number must be 6-20 digits (an area-code hyphen is allowed).",
            field="applicant.phone",
        )
    return phone


def mask_phone(phone: str) -> str:
    """``139****0000`` for an 11-digit mobile; other lengths keep the first 3 and last 4."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_address(address: str) -> str:
    """``徐汇区漕溪北路****``: the first six characters (about the district), then stars."""
    return address[:6] + "****" if len(address) > 6 else "*" * len(address)
