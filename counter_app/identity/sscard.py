"""Social security cards (社会保障卡) over PC/SC: select the application by name, read the
SIMPLE-TLV records of EF05 (card identification) and EF06 (the holder).

Names are GBK on the card; they are decoded as GB 18030 (a superset of GBK), so a rare
character written with a GB 18030 four-byte sequence survives.
"""

from __future__ import annotations

from datetime import date

from .apdu import (
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_RECORD_NOT_FOUND,
    ApduTransport,
    command,
    transceive,
)
from .card_checks import id_number_checks
from .codes import NATIONS, SEXES
from .document import DocType, IdentityDocument
from .errors import BadCardData, UnsupportedCard
from .samples import SocialSecurityData
from .tlv import encode_simple_tlv, parse_simple_tlv

DF_NAME = "sx1.sh.社会保障".encode("gbk")
EF_CARD = 5  # SFI of EF05
EF_HOLDER = 6  # SFI of EF06
MAX_RECORDS = 32

# EF05 / EF06 record tags (社会保障卡规范).
TAG_CARD_ID, TAG_CARD_TYPE, TAG_VERSION, TAG_ISSUER, TAG_ISSUE_DATE, TAG_EXPIRY, TAG_CARD_NUMBER = (
    range(1, 8)
)
TAG_SSN, TAG_NAME, TAG_SEX, TAG_NATION, TAG_BIRTH_PLACE, TAG_BIRTH_DATE = range(8, 14)


def select_application(transport: ApduTransport) -> None:
    # P2=0C (no FCI): what real cards accept everywhere and what vicc needs (VERIFIED.md).
    _, sw = transceive(transport, command(0x00, 0xA4, 0x04, 0x0C, DF_NAME))
    if sw == SW_FILE_NOT_FOUND:
        raise UnsupportedCard("卡内没有社会保障应用", "no social security application")
    if sw != SW_OK:
        raise BadCardData("status", f"选择社保应用时卡片返回 {sw:04X}", f"SELECT answered {sw:04X}")


def read_records(transport: ApduTransport, sfi: int) -> dict[int, bytes]:
    """Every record of a linear file by number until 6A83; records are SIMPLE-TLV.
    ``6282`` (record shorter than the Le asked for) carries valid data."""
    values: dict[int, bytes] = {}
    for number in range(1, MAX_RECORDS + 1):
        data, sw = transceive(transport, command(0x00, 0xB2, number, (sfi << 3) | 0x04, le=0))
        if sw == SW_RECORD_NOT_FOUND:
            return values
        if sw not in (SW_OK, SW_END_OF_FILE):
            raise BadCardData(
                "status",
                f"读取 EF{sfi:02X} 第 {number} 条记录时卡片返回 {sw:04X}",
                f"READ RECORD {number} of EF{sfi:02X} answered {sw:04X}",
            )
        for tag, value in parse_simple_tlv(data):
            values[tag] = value
    raise BadCardData(
        "records",
        f"EF{sfi:02X} 的记录超过 {MAX_RECORDS} 条",
        f"EF{sfi:02X} has more than {MAX_RECORDS} records",
    )


def bcd_date(raw: bytes, field: str, field_zh: str) -> date:
    digits = raw.hex()
    if len(raw) != 4 or not digits.isdigit():
        raise BadCardData(
            "bcd",
            f"{field_zh}“{digits}”不是4字节 BCD 日期",
            f"{field} {digits!r} is not a 4-byte BCD date",
        )
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise BadCardData(
            "date", f"{field_zh} {digits} 不是有效日期", f"{field} {digits} does not exist"
        ) from None


def _text(
    values: dict[int, bytes], tag: int, field: str, field_zh: str, encoding: str = "ascii"
) -> str:
    if tag not in values:
        raise BadCardData("missing field", f"卡内缺少{field_zh}", field)
    try:
        return values[tag].decode(encoding).rstrip(" \x00")
    except UnicodeDecodeError:
        raise BadCardData(
            "encoding", f"{field_zh}不是 {encoding} 编码", f"{field} is not {encoding}"
        ) from None


def read_social_security_card(transport: ApduTransport) -> IdentityDocument:
    select_application(transport)
    card = read_records(transport, EF_CARD)
    holder = read_records(transport, EF_HOLDER)
    number = _text(holder, TAG_SSN, "social security number", "社会保障号码")
    sex = _text(holder, TAG_SEX, "sex", "性别")
    if sex not in SEXES:
        raise BadCardData("sex", f"性别代码“{sex}”无法识别", f"unknown sex code '{sex}'")
    nation_raw = holder.get(TAG_NATION, b"")
    nation_code = f"{nation_raw[0]:02d}" if len(nation_raw) == 1 else ""
    if nation_code not in NATIONS:
        raise BadCardData(
            "nation", f"民族代码“{nation_raw.hex()}”无法识别", f"nation byte {nation_raw.hex()!r}"
        )
    birth_date = bcd_date(holder.get(TAG_BIRTH_DATE, b""), "birth date", "出生日期")
    return IdentityDocument(
        doc_type=DocType.SOCIAL_SECURITY_CARD,
        name=_text(holder, TAG_NAME, "name", "姓名", "gb18030"),
        id_number=number,
        sex=SEXES[sex],
        nation=NATIONS[nation_code],
        birth_date=birth_date,
        issuer=_text(card, TAG_ISSUER, "issuer", "发卡机构"),
        valid_from=bcd_date(card.get(TAG_ISSUE_DATE, b""), "issue date", "发卡日期"),
        valid_to=bcd_date(card.get(TAG_EXPIRY, b""), "expiry date", "有效期至"),
        card_number=_text(card, TAG_CARD_NUMBER, "card number", "卡号"),
        checks=id_number_checks(number, birth_date, SEXES[sex]),
    )


def _bcd(day: date) -> bytes:
    return bytes.fromhex(day.strftime("%Y%m%d"))


def card_records(
    data: SocialSecurityData,
) -> tuple[list[tuple[int, bytes]], list[tuple[int, bytes]]]:
    """EF05 and EF06 as ``(tag, record bytes)`` lists, each record one SIMPLE-TLV object
    (the card side: the simulators and the vicc test card are built from these)."""
    ef05 = [
        (TAG_CARD_ID, b"\x00" * 16),
        (TAG_CARD_TYPE, b"3"),
        (TAG_VERSION, data.card_version.encode("ascii")),
        (TAG_ISSUER, data.issuer_code.encode("ascii")),
        (TAG_ISSUE_DATE, _bcd(data.issue_date)),
        (TAG_EXPIRY, _bcd(data.expiry_date)),
        (TAG_CARD_NUMBER, data.card_number.encode("ascii")),
    ]
    ef06 = [
        (TAG_SSN, data.social_security_number.encode("ascii")),
        (TAG_NAME, data.name.encode("gb18030").ljust(30, b"\x00")),
        (TAG_SEX, data.sex.encode("ascii")),
        (TAG_NATION, bytes([int(data.nation)])),
        (TAG_BIRTH_PLACE, bytes.fromhex(data.birth_place)),
        (TAG_BIRTH_DATE, _bcd(data.birth_date)),
    ]
    return (
        [(tag, encode_simple_tlv(tag, value)) for tag, value in ef05],
        [(tag, encode_simple_tlv(tag, value)) for tag, value in ef06],
    )
