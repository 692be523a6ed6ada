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

from counter_app.domain.idnumber import validate_id_number
from counter_app.errors import InvalidIdNumber

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


@dataclass(frozen=True)
class Photo:
    data: bytes
    format: str
    decodable: bool
    message: str


def card_flag(text: bytes) -> str:
    if len(text) != TEXT_LENGTH:
        raise BadCardData("length", f"base text {len(text)} bytes, expected {TEXT_LENGTH}")
    raw = text[FLAG_OFFSET : FLAG_OFFSET + 2]
    flag = "" if raw == b"\x00\x00" else raw.decode("utf-16-le", errors="replace")
    return flag or " "


def split_fields(text: bytes) -> dict[str, str]:
    """The layout's fields as trimmed strings; raises BadCardData/UnsupportedCard."""
    flag = card_flag(text)
    layout = LAYOUTS.get(flag)
    if layout is None:
        raise UnsupportedCard(f"type flag {text[FLAG_OFFSET : FLAG_OFFSET + 2].hex()}")
    values: dict[str, str] = {}
    offset = 0
    for name, size in layout:
        chunk = text[offset : offset + size]
        offset += size
        if name == "_":
            continue
        try:
            value = chunk.decode("utf-16-le")
        except UnicodeDecodeError:
            raise BadCardData("encoding", f"field {name} is not UCS-2 text") from None
        values[name] = value.rstrip(" \x00")
        if any(ord(c) < 0x20 for c in values[name]):
            raise BadCardData("encoding", f"control character in field {name}")
    return values


def _parse_date(value: str, field: str) -> date:
    if not re.fullmatch(r"[0-9]{8}", value):
        raise BadCardData("date", f"{field} '{value}' is not YYYYMMDD")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BadCardData("date", f"{field} {value} does not exist") from None


def _parse_expiry(value: str) -> Expiry:
    return NO_EXPIRY if value == NO_EXPIRY else _parse_date(value, "valid_to")


def _sex(value: str) -> str:
    if value not in SEXES:
        raise BadCardData("sex", f"unknown sex code '{value}'")
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
            raise BadCardData("nation", f"unknown nation code '{code}'")
        nation = NATIONS[code]
    if doc_type == DocType.FOREIGN_PERMANENT_2017:
        ok = bool(_FOREIGN_2017.match(number))
        checks.append(
            Check(
                "number_shape", ok, "3 letters + 12 digits" if ok else "not 3 letters + 12 digits"
            )
        )
    else:
        checks.append(_gb11643_check(number))
    nationality = values.get("nationality", "")
    if doc_type in (
        DocType.FOREIGN_PERMANENT_2017,
        DocType.FOREIGN_PERMANENT_2023,
    ) and not _ALPHA3.match(nationality):
        raise BadCardData("nationality", f"'{nationality}' is not an ISO 3166 alpha-3 code")
    birth = _parse_date(values["birth_date"], "birth_date")
    valid_from = _parse_date(values["valid_from"], "valid_from")
    valid_to = _parse_expiry(values["valid_to"])
    if isinstance(valid_to, date) and valid_to < valid_from:
        raise BadCardData("date", "valid_to is before valid_from")
    picture = decode_photo(photo, photo_decoder)
    return IdentityDocument(
        doc_type=doc_type,
        name=values["name"],
        english_name=(values.get("english_name", "") + values.get("english_name_more", "")).strip(),
        id_number=number,
        sex=_sex(values["sex"]),
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


def _gb11643_check(number: str) -> Check:
    try:
        info = validate_id_number(number)
    except InvalidIdNumber as exc:
        return Check("gb11643", False, exc.en)
    return Check("gb11643", True, f"check character {info.number[-1]} ok")


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
