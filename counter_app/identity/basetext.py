"""The 256-byte base text of a resident-ID-type card, both ways, for all four layouts.

The type flag at bytes 248-249 selects the layout: a space for the resident ID card, ``I``
for the 2017 foreigner's permanent residence card, ``Y`` for the 2023 one and ``J`` for
the Hong Kong/Macao/Taiwan residence permit. Text is UCS-2 little endian padded with
spaces; it is decoded as UTF-16LE, so a surrogate pair (𠮷) survives when a card or the
simulator carries one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .card_checks import id_number_checks
from .codes import NATIONS, NO_EXPIRY, SEXES
from .document import PHOTO_NOT_DECODABLE, Check, DocType, Expiry, IdentityDocument
from .errors import BadCardData, UnsupportedCard

TEXT_LENGTH = 256
PHOTO_LENGTH = 1024
FLAG_OFFSET = 248

# (field, bytes) in card order; "_" fields are reserved and ignored on reading.
# The residence permit repeats the resident card's first 220 bytes (its nation field is
# left blank) and adds the travel permit number and the issue count.
_RESIDENT_FIELDS = (
    ("name", 30),
    ("sex", 2),
    ("nation", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("issuer", 30),
    ("valid_from", 16),
    ("valid_to", 16),
)
LAYOUTS: dict[str, tuple[tuple[str, int], ...]] = {
    " ": (*_RESIDENT_FIELDS, ("_", 36)),
    "J": (
        *_RESIDENT_FIELDS,
        ("pass_number", 18),
        ("issue_count", 4),
        ("_", 6),
        ("flag", 2),
        ("_", 6),
    ),
    "I": (
        ("english_name", 120),
        ("sex", 2),
        ("id_number", 30),
        ("nationality", 6),
        ("name", 30),
        ("valid_from", 16),
        ("valid_to", 16),
        ("birth_date", 16),
        ("card_version", 4),
        ("issuer", 8),
        ("flag", 2),
        ("_", 6),
    ),
    "Y": (
        ("name", 30),
        ("sex", 2),
        ("renewal_count", 4),
        ("birth_date", 16),
        ("english_name", 70),
        ("id_number", 36),
        ("_", 30),
        ("valid_from", 16),
        ("valid_to", 16),
        ("english_name_more", 22),
        ("nationality", 6),
        ("flag", 2),
        ("previous_number_link", 6),
    ),
}
_DOC_TYPE = {
    " ": DocType.RESIDENT_ID,
    "J": DocType.HKMOTW_RESIDENCE_PERMIT,
    "I": DocType.FOREIGN_PERMANENT_2017,
    "Y": DocType.FOREIGN_PERMANENT_2023,
}
FLAG_OF = {doc_type: flag for flag, doc_type in _DOC_TYPE.items()}
_FOREIGN_2017 = re.compile(r"^[A-Z]{3}[0-9]{12}$")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")

PhotoDecoder = Callable[[bytes], bytes]

# Each field's name in a Chinese message (a card-data error names the field it is in).
_FIELD_ZH = {
    "name": "姓名",
    "english_name": "英文姓名",
    "english_name_more": "英文姓名（续）",
    "sex": "性别",
    "nation": "民族",
    "nationality": "国籍",
    "birth_date": "出生日期",
    "address": "住址",
    "id_number": "证件号码",
    "issuer": "签发机关",
    "valid_from": "有效期起始日",
    "valid_to": "有效期截止日",
    "pass_number": "通行证号码",
    "issue_count": "签发次数",
    "renewal_count": "换证次数",
    "card_version": "证件版本号",
    "previous_number_link": "既往版本证件关联",
    "flag": "证件类别标识",
}


@dataclass(frozen=True)
class Photo:
    data: bytes
    format: str
    decodable: bool
    message: str


def card_flag(text: bytes) -> str:
    if len(text) != TEXT_LENGTH:
        raise BadCardData(
            "length",
            f"文字信息 {len(text)} 字节，应为 {TEXT_LENGTH} 字节",
            f"base text {len(text)} bytes, expected {TEXT_LENGTH}",
        )
    raw = text[FLAG_OFFSET : FLAG_OFFSET + 2]
    flag = "" if raw == b"\x00\x00" else raw.decode("utf-16-le", errors="replace")
    return flag or " "


def split_fields(text: bytes) -> dict[str, str]:
    """The layout's fields as trimmed strings, but a 2023 card's English name kept whole
    when it goes on in ``english_name_more``; raises BadCardData/UnsupportedCard."""
    flag = card_flag(text)
    layout = LAYOUTS.get(flag)
    if layout is None:
        flag_hex = text[FLAG_OFFSET : FLAG_OFFSET + 2].hex()
        raise UnsupportedCard(f"证件类别标识 {flag_hex} 无法识别", f"type flag {flag_hex}")
    values: dict[str, str] = {}
    whole: dict[str, str] = {}
    offset = 0
    for name, size in layout:
        chunk = text[offset : offset + size]
        offset += size
        if name == "_":
            continue
        try:
            value = chunk.decode("utf-16-le")
        except UnicodeDecodeError:
            raise BadCardData(
                "encoding", f"{_FIELD_ZH[name]}栏不是 UCS-2 文字", f"field {name} is not UCS-2 text"
            ) from None
        whole[name] = value.rstrip("\x00")
        values[name] = value.rstrip(" \x00")
        if any(ord(c) < 0x20 for c in values[name]):
            raise BadCardData(
                "encoding", f"{_FIELD_ZH[name]}栏含有控制字符", f"control character in field {name}"
            )
    # GA 450-2023: a name longer than its 35 characters goes on in the continuation field,
    # so a space at the end of the first is the one between two words of the name.
    if values.get("english_name_more"):
        values["english_name"] = whole["english_name"]
    return values


def _parse_date(value: str, field: str) -> date:
    if not re.fullmatch(r"[0-9]{8}", value):
        raise BadCardData(
            "date",
            f"{_FIELD_ZH[field]}“{value}”不是 YYYYMMDD 格式的日期",
            f"{field} '{value}' is not YYYYMMDD",
        )
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BadCardData(
            "date", f"{_FIELD_ZH[field]} {value} 不是有效日期", f"{field} {value} does not exist"
        ) from None


def _parse_expiry(value: str) -> Expiry:
    return NO_EXPIRY if value == NO_EXPIRY else _parse_date(value, "valid_to")


def _sex(value: str) -> str:
    if value not in SEXES:
        raise BadCardData("sex", f"性别代码“{value}”无法识别", f"unknown sex code '{value}'")
    return SEXES[value]


def decode_base_message(
    text: bytes, photo: bytes, photo_decoder: PhotoDecoder | None = None
) -> IdentityDocument:
    """Decode a card's base text and keep (or decode) its WLT photo."""
    flag = card_flag(text)
    values = split_fields(text)
    doc_type = _DOC_TYPE[flag]
    checks: list[Check] = []
    number = values["id_number"]
    nation = ""
    if doc_type == DocType.RESIDENT_ID:
        code = values["nation"]
        if code not in NATIONS:
            raise BadCardData(
                "nation", f"民族代码“{code}”无法识别", f"unknown nation code '{code}'"
            )
        nation = NATIONS[code]
    if doc_type == DocType.FOREIGN_PERMANENT_2017:
        ok = bool(_FOREIGN_2017.match(number))
        checks.append(
            Check(
                "number_shape",
                ok,
                "3 letters + 12 digits" if ok else "not 3 letters + 12 digits",
                "3位字母加12位数字" if ok else "不是3位字母加12位数字",
            )
        )
    nationality = values.get("nationality", "")
    if doc_type in (
        DocType.FOREIGN_PERMANENT_2017,
        DocType.FOREIGN_PERMANENT_2023,
    ) and not _ALPHA3.match(nationality):
        raise BadCardData(
            "nationality",
            f"国籍“{nationality}”不是 ISO 3166 三字母代码",
            f"'{nationality}' is not an ISO 3166 alpha-3 code",
        )
    birth = _parse_date(values["birth_date"], "birth_date")
    sex = _sex(values["sex"])
    if doc_type != DocType.FOREIGN_PERMANENT_2017:
        checks.extend(id_number_checks(number, birth, sex))
    valid_from = _parse_date(values["valid_from"], "valid_from")
    valid_to = _parse_expiry(values["valid_to"])
    if isinstance(valid_to, date) and valid_to < valid_from:
        raise BadCardData("date", "有效期截止日早于起始日", "valid_to is before valid_from")
    picture = decode_photo(photo, photo_decoder)
    return IdentityDocument(
        doc_type=doc_type,
        name=values["name"],
        english_name=(values.get("english_name", "") + values.get("english_name_more", "")).strip(),
        id_number=number,
        sex=sex,
        nation=nation,
        nationality=nationality,
        birth_date=birth,
        address=values.get("address", ""),
        issuer=values.get("issuer", ""),
        valid_from=valid_from,
        valid_to=valid_to,
        pass_number=values.get("pass_number", ""),
        photo=picture.data,
        photo_format=picture.format,
        photo_decodable=picture.decodable,
        photo_message=picture.message,
        checks=tuple(checks),
    )


def decode_photo(photo: bytes, photo_decoder: PhotoDecoder | None) -> Photo:
    if not photo:
        return Photo(b"", "", False, "")
    if photo_decoder is None:
        return Photo(photo, "wlt", False, PHOTO_NOT_DECODABLE[1])
    try:
        return Photo(photo_decoder(photo), "bmp", True, "")
    except BadCardData as exc:
        return Photo(photo, "wlt", False, f"{PHOTO_NOT_DECODABLE[1]}: {exc.en}")


def encode_base_text(doc_type: DocType, values: dict[str, str]) -> bytes:
    """Lay ``values`` out as a card would (the simulators' side). A value too long for its
    field raises ValueError rather than being cut, so sample data can never be silently
    truncated."""
    flag = FLAG_OF[doc_type]
    out = bytearray()
    for name, size in LAYOUTS[flag]:
        value = flag if name == "flag" else values.get(name, "")
        raw = value.encode("utf-16-le")
        if len(raw) > size:
            raise ValueError(f"{name} needs {len(raw)} bytes, field holds {size}")
        out += raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)
    if doc_type == DocType.RESIDENT_ID:
        out[FLAG_OFFSET : FLAG_OFFSET + 2] = " ".encode("utf-16-le")
    assert len(out) == TEXT_LENGTH
    return bytes(out)
