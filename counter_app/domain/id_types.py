"""Applicant identity documents: GA/T 2000.156 ID-type codes and the document kinds a card
reader reports, with the number rules of each.

``id_type`` is the code exchanged with the platform (111, 113, 414, 513, 990). ``doc_kind``
says which document it is when the code alone does not (the 2017 and 2023 foreigner
permanent residence cards and the Hong Kong/Macao/Taiwan residence permit travel as 990).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_app.domain.idnumber import (
    PASSPORT_MAX_LENGTH,
    credit_check_character,
    has_credit_code_shape,
    has_gb11643_shape,
    is_credit_code,
    normalize_id_number,
    validate_id_number,
)
from counter_app.errors import InvalidIdNumber


class IdType(StrEnum):
    RESIDENT_ID = "111"  # 居民身份证
    HOUSEHOLD_REGISTER = "113"  # 居民户口簿 (carries the citizen ID number)
    PASSPORT = "414"  # 普通护照
    HK_MACAO_PERMIT = "513"  # 港澳居民来往内地通行证
    OTHER = "990"  # 其他


class DocKind(StrEnum):
    RESIDENT_ID = "resident_id"
    HOUSEHOLD_REGISTER = "household_register"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"
    HKMOTW_RESIDENCE_PERMIT = "hkmotw_residence_permit"
    OTHER = "other"


_DEFAULT_KIND = {
    IdType.RESIDENT_ID: DocKind.RESIDENT_ID,
    IdType.HOUSEHOLD_REGISTER: DocKind.HOUSEHOLD_REGISTER,
    IdType.PASSPORT: DocKind.PASSPORT,
    IdType.HK_MACAO_PERMIT: DocKind.HK_MACAO_PERMIT,
}
# The code each document kind travels under: a request naming both must name a pair.
_ID_TYPE_OF_KIND = {kind: id_type for id_type, kind in _DEFAULT_KIND.items()} | {
    DocKind.FOREIGN_PERMANENT_2017: IdType.OTHER,
    DocKind.FOREIGN_PERMANENT_2023: IdType.OTHER,
    DocKind.HKMOTW_RESIDENCE_PERMIT: IdType.OTHER,
    DocKind.OTHER: IdType.OTHER,
}
_DOCUMENT_NAMES = {
    DocKind.RESIDENT_ID: ("居民身份证", "resident ID card"),
    DocKind.HOUSEHOLD_REGISTER: ("居民户口簿", "household register"),
    DocKind.PASSPORT: ("护照", "passport"),
    DocKind.HK_MACAO_PERMIT: ("港澳居民来往内地通行证", "HK/Macao home-return permit"),
    DocKind.FOREIGN_PERMANENT_2017: (
        "外国人永久居留身份证（2017版）",
        "foreign permanent residence card (2017)",
    ),
    DocKind.FOREIGN_PERMANENT_2023: (
        "外国人永久居留身份证（2023版）",
        "foreign permanent residence card (2023)",
    ),
    DocKind.HKMOTW_RESIDENCE_PERMIT: ("港澳台居民居住证", "HK/Macao/Taiwan residence permit"),
    DocKind.OTHER: ("其他证件", "other document"),
}
# The GB 11643 number kinds idnumber.py tells apart, and the document kind each one is.
_GB11643_KIND = {
    "resident": DocKind.RESIDENT_ID,
    "foreign_permanent_2023": DocKind.FOREIGN_PERMANENT_2023,
    "hkmotw_permit": DocKind.HKMOTW_RESIDENCE_PERMIT,
}

PASSPORT_MIN_LENGTH = 5
OTHER_MAX_LENGTH = 30
_PASSPORT = re.compile(rf"^[A-Z0-9]{{{PASSPORT_MIN_LENGTH},{PASSPORT_MAX_LENGTH}}}$")
# 港澳居民来往内地通行证: H (Hong Kong) or M (Macao), 8 digits, and on cards issued
# before 2013 two more digits counting renewals.
_HK_MACAO_PERMIT = re.compile(r"^[HM][0-9]{8}([0-9]{2})?$")
# 2017 foreigner permanent residence card: 3-letter nationality code + 12 digits. Neither
# the layout of the 12 digits nor the check digit's algorithm is published in a text we
# could verify, so only the shape is checked (the card reader's own check still applies).
_FOREIGN_2017 = re.compile(r"^[A-Z]{3}[0-9]{12}$")
_OTHER = re.compile(rf"^[A-Z0-9()\-]{{1,{OTHER_MAX_LENGTH}}}$")
_CREDIT_CODE_LENGTH = 18
_CREDIT_CHARACTERS = re.compile(r"^[0-9A-Z]*$")
# The letters GB 32100 leaves out, each with the digit a clerk most likely meant.
_CREDIT_UNUSED = {"O": "0", "I": "1", "Z": "2", "S": "5", "V": ""}
# 工商注册号: the number a business licence carried before the credit code (15 digits).
_OLD_REGISTRATION = re.compile(r"^[0-9]{15}$")


@dataclass(frozen=True)
class IdentityNumber:
    """A validated identity-document number, in its normalised (upper-case) form."""

    id_type: IdType
    doc_kind: DocKind
    number: str
    birth_date: date | None = None
    sex: str | None = None
    """"男" or "女" where the number encodes it (GB 11643: its 17th digit)."""


def document_name(kind: DocKind) -> tuple[str, str]:
    """The document's name in Chinese and in English, as a refusal names it."""
    return _DOCUMENT_NAMES[kind]


def parse_id_type(raw: str) -> IdType:
    try:
        return IdType(raw.strip())
    except ValueError:
        codes = "、".join(t.value for t in IdType)
        raise InvalidIdNumber(
            f"证件类型代码“{raw}”无效，应为{codes}之一。",
            f"Unknown ID type code '{raw}'; expected one of {', '.join(t.value for t in IdType)}.",
            field="id_type",
        ) from None


def validate_identity(
    id_type: IdType | str,
    raw_number: str,
    doc_kind: DocKind | str | None = None,
    *,
    today: date | None = None,
    organisation: bool = False,
) -> IdentityNumber:
    """Check ``raw_number`` against the rules of its document; raise ``InvalidIdNumber``.
    ``organisation``: the applicant is an enterprise or other organisation, whose number
    under 990 其他 is its unified social credit code, held to GB 32100 whatever its shape."""
    kind_of_type = id_type if isinstance(id_type, IdType) else parse_id_type(id_type)
    number = normalize_id_number(raw_number)
    kind = _parse_doc_kind(doc_kind) if doc_kind else _DEFAULT_KIND.get(kind_of_type)
    if kind is not None and _ID_TYPE_OF_KIND[kind] != kind_of_type:
        raise _contradicting_type(kind_of_type, kind)
    if organisation and kind in (None, DocKind.OTHER):
        return IdentityNumber(kind_of_type, DocKind.OTHER, _check_credit_code(number, today))
    if kind is None:
        kind = _guess_other_kind(number)
    if kind in (DocKind.RESIDENT_ID, DocKind.HOUSEHOLD_REGISTER):
        if _looks_like_credit_code(number):
            raise InvalidIdNumber(
                "号码像是单位的统一社会信用代码，不是居民身份证号码：单位申请时请将申请人类型"
                "选为法人或其他组织；个人请核对号码。",
                "The number looks like an organisation's unified social credit code, not a "
                "resident ID number: for an organisation choose the applicant type enterprise "
                "or other organisation; for a person re-check the number.",
                field="id_number",
            )
        info = validate_id_number(number, today=today)
        if info.kind != "resident":
            raise _wrong_document("居民身份证号码", "a resident ID number")
        return IdentityNumber(kind_of_type, kind, info.number, info.birth_date, info.sex)
    if kind in (DocKind.FOREIGN_PERMANENT_2023, DocKind.HKMOTW_RESIDENCE_PERMIT):
        info = validate_id_number(number, today=today)
        if _GB11643_KIND[info.kind] != kind:
            label = (
                "外国人永久居留身份证（2023版）号码",
                "a 2023 foreign permanent residence card number",
            )
            if kind == DocKind.HKMOTW_RESIDENCE_PERMIT:
                label = (
                    "港澳台居民居住证号码（810000/820000/830000开头）",
                    "an HK/Macao/Taiwan residence permit number",
                )
            raise _wrong_document(*label)
        return IdentityNumber(kind_of_type, kind, info.number, info.birth_date, info.sex)
    if kind == DocKind.FOREIGN_PERMANENT_2017:
        return IdentityNumber(kind_of_type, kind, _check_foreign_2017(number))
    if kind == DocKind.PASSPORT:
        if not _PASSPORT.match(number):
            raise InvalidIdNumber(
                f"护照号码应为{PASSPORT_MIN_LENGTH}–{PASSPORT_MAX_LENGTH}位字母或数字，请核对。",
                f"A passport number has {PASSPORT_MIN_LENGTH}-{PASSPORT_MAX_LENGTH} letters or digits.",
                field="id_number",
            )
        return IdentityNumber(kind_of_type, kind, number)
    if kind == DocKind.HK_MACAO_PERMIT:
        if not _HK_MACAO_PERMIT.match(number):
            raise InvalidIdNumber(
                "港澳居民来往内地通行证号码应为H或M加8位数字（旧证另加2位），请核对。",
                "An HK/Macao permit number is H or M followed by 8 digits (old cards: 10).",
                field="id_number",
            )
        return IdentityNumber(kind_of_type, kind, number)
    if not _OTHER.match(number):
        raise InvalidIdNumber(
            f"证件号码应为1–{OTHER_MAX_LENGTH}位字母、数字、括号或连字符，请核对。",
            f"The document number must be 1-{OTHER_MAX_LENGTH} letters, digits, brackets or hyphens.",
            field="id_number",
        )
    if has_credit_code_shape(number) and not is_credit_code(number):
        expected = credit_check_character(number[:17])
        raise InvalidIdNumber(
            f"统一社会信用代码校验位不符（应为{expected}），请逐位核对；"
            "如为个人证件，请核对证件类型和号码。",
            f"The unified social credit code's check character is wrong (expected {expected}); "
            "re-check it, or if this is a personal document, its type and number.",
            field="id_number",
        )
    return IdentityNumber(kind_of_type, DocKind.OTHER, number)


def _parse_doc_kind(raw: DocKind | str) -> DocKind:
    try:
        return DocKind(raw)
    except ValueError:
        raise InvalidIdNumber(
            f"证件种类“{raw}”无效。",
            f"Unknown document kind '{raw}'; expected one of {', '.join(DocKind)}.",
            field="doc_kind",
        ) from None


def _guess_other_kind(number: str) -> DocKind:
    """For type 990: numbers shaped like a foreigner card or residence permit are held to
    that card's rules, so a typo in one is caught even under "other"; but not an
    enterprise's or organisation's unified social credit code (GB 32100), also 18
    characters and mostly starting with 9 (工商) or 8 (工会), told by its own check
    character."""
    if _FOREIGN_2017.match(number):
        return DocKind.FOREIGN_PERMANENT_2017
    if not has_gb11643_shape(number) or is_credit_code(number):
        return DocKind.OTHER
    if number[:1] == "9":
        return DocKind.FOREIGN_PERMANENT_2023
    if number[:2] in ("81", "82", "83"):
        return DocKind.HKMOTW_RESIDENCE_PERMIT
    return DocKind.OTHER


def _looks_like_credit_code(number: str) -> bool:
    """An 18-character number a clerk took from a 营业执照 rather than an ID card: of the
    GB 32100 alphabet and right by its check character, or with a letter among the 17
    characters where an ID number has digits only."""
    return (
        has_credit_code_shape(number)
        and not has_gb11643_shape(number)
        and (is_credit_code(number) or not number[:17].isdigit())
    )


def _check_credit_code(number: str, today: date | None) -> str:
    """An organisation's number as GB 32100 has it, or the refusal saying what is wrong
    with it: the old 15-digit registration number, a letter the code never uses, other
    characters, the length, a person's ID number, the check character."""
    if _OLD_REGISTRATION.match(number):
        raise InvalidIdNumber(
            "这是15位的旧版工商注册号，请填写营业执照上的18位统一社会信用代码。",
            "This is an old 15-digit business registration number: give the 18-character "
            "unified social credit code printed on the business licence.",
            field="id_number",
        )
    unused = next(
        ((at, letter) for at, letter in enumerate(number, 1) if letter in _CREDIT_UNUSED), None
    )
    if unused is not None:
        at, letter = unused
        digit = _CREDIT_UNUSED[letter]
        zh_digit, en_digit = (
            (f"，可能是数字{digit}", f"; it may be the digit {digit}") if digit else ("", "")
        )
        raise InvalidIdNumber(
            f"第{at}位是字母{letter}：I、O、S、V、Z 不会出现在统一社会信用代码中{zh_digit}，"
            "请对照营业执照核对。",
            f"Character {at} is the letter {letter}: I, O, S, V and Z never occur in a unified "
            f"social credit code{en_digit}. Check it against the business licence.",
            field="id_number",
        )
    if not _CREDIT_CHARACTERS.match(number):
        raise InvalidIdNumber(
            "统一社会信用代码只由数字和大写字母组成，请删去其他字符。",
            "A unified social credit code has digits and capital letters only: remove the "
            "other characters.",
            field="id_number",
        )
    if len(number) != _CREDIT_CODE_LENGTH:
        raise InvalidIdNumber(
            f"统一社会信用代码应为{_CREDIT_CODE_LENGTH}位，当前{len(number)}位，请对照营业执照核对。",
            f"A unified social credit code has {_CREDIT_CODE_LENGTH} characters, this one "
            f"{len(number)}: check it against the business licence.",
            field="id_number",
        )
    if not is_credit_code(number):
        if _is_resident_number(number, today):
            raise InvalidIdNumber(
                "这是个人的居民身份证号码：请填写单位营业执照上的统一社会信用代码，"
                "或将申请人类型改为个人。",
                "This is a person's resident ID number: give the unified social credit code "
                "on the organisation's business licence, or make the applicant a person.",
                field="id_number",
            )
        expected = credit_check_character(number[:17])
        raise InvalidIdNumber(
            f"统一社会信用代码校验位不符（应为{expected}），请对照营业执照逐位核对。",
            f"The unified social credit code's check character is wrong (expected {expected}); "
            "check it character by character against the business licence.",
            field="id_number",
        )
    return number


def _is_resident_number(number: str, today: date | None) -> bool:
    try:
        return validate_id_number(number, today=today).kind == "resident"
    except InvalidIdNumber:
        return False


def _check_foreign_2017(number: str) -> str:
    if not _FOREIGN_2017.match(number):
        raise InvalidIdNumber(
            "外国人永久居留证（2017版）号码应为3位字母加12位数字，共15位，请核对。",
            "A 2017 foreign permanent residence card number is 3 letters and 12 digits (15).",
            field="id_number",
        )
    return number


def _contradicting_type(id_type: IdType, kind: DocKind) -> InvalidIdNumber:
    zh_kind, en_kind = document_name(kind)
    zh_type, en_type = document_name(_DEFAULT_KIND.get(id_type, DocKind.OTHER))
    wanted = _ID_TYPE_OF_KIND[kind]
    return InvalidIdNumber(
        f"证件类型代码{id_type.value}（{zh_type}）与证件种类“{zh_kind}”不符：{zh_kind}"
        f"应使用证件类型代码{wanted.value}，请核对证件类型。",
        f"The ID type code {id_type.value} ({en_type}) contradicts the document kind "
        f"'{en_kind}', which travels as {wanted.value}; check the document type.",
        field="doc_kind",
    )


def _wrong_document(zh_label: str, en_label: str) -> InvalidIdNumber:
    return InvalidIdNumber(
        f"所选证件类型需要{zh_label}，与输入的号码不符，请核对证件类型。",
        f"The chosen document type needs {en_label}; the number does not match it.",
        field="id_number",
    )


# What any document's number may be once normalised: the widest rule above (``_OTHER``:
# a passport's, a permit's, a GB 11643 number and a Hong Kong identity card's "A123456(7)"
# all fit it). The rule a number naming a holder (an e-licence's, a lookup's) follows on
# the wire, on the platform and at the window alike.
HOLDER_NUMBER = _OTHER


def holder_number(raw: str) -> str:
    """``raw`` as a number naming a document's holder (``normalize_id_number``: full-width,
    spaces, case); ``InvalidIdNumber`` when no document's number could be it."""
    number = normalize_id_number(raw)
    if not HOLDER_NUMBER.match(number):
        raise InvalidIdNumber(
            f"“{raw.strip()}”不是证件号码：应为1–{OTHER_MAX_LENGTH}位字母、数字、括号或连字符，请核对。",
            f"'{raw.strip()}' is not a document number: it has 1-{OTHER_MAX_LENGTH} letters, "
            "digits, brackets or hyphens.",
            field="id_number",
        )
    return number
