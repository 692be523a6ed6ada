"""ICAO 9303 passports and travel documents over any APDU transport: select the eMRTD
application, run BAC with the MRZ key, read EF.COM, DG1 (the MRZ) and DG2 (the face), and
check them against EF.SOD (passive authentication, ``sod``)."""

from __future__ import annotations

from .apdu import SW_END_OF_FILE, SW_FILE_NOT_FOUND, SW_OK, ApduTransport, command, transceive
from .bac import BacKeys, SecureTransport, mutual_authenticate
from .document import Check, DocType, IdentityDocument
from .errors import BadCardData, UnsupportedCard
from .mrz import BacKey, Mrz, mrz_date, parse_mrz
from .sod import passive_authentication
from .tlv import Tlv, parse_ber_tlv

MRTD_AID = bytes.fromhex("A0000002471001")
EF_COM, EF_DG1, EF_DG2, EF_SOD = 0x011E, 0x0101, 0x0102, 0x011D
CHUNK = 0xDF  # largest plain chunk whose protected answer still fits a short APDU
MAX_FILE = 256 * 1024
_SEXES = {"M": "男", "F": "女", "<": "未说明的性别", "X": "未说明的性别"}


def select_mrtd_application(transport: ApduTransport) -> None:
    """Select the ICAO eMRTD application; UnsupportedCard when the chip has none (it is no
    passport or travel document)."""
    _, sw = transceive(transport, command(0x00, 0xA4, 0x04, 0x0C, MRTD_AID))
    if sw != SW_OK:
        raise UnsupportedCard("既不是社会保障卡，也不是护照或旅行证件", "no ICAO eMRTD application")


def select_file(transport: ApduTransport, fid: int) -> None:
    _, sw = transceive(transport, command(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
    if sw != SW_OK:
        raise BadCardData(
            "status",
            f"选择文件 {fid:04X} 时芯片返回 {sw:04X}",
            f"SELECT {fid:04X} answered {sw:04X}",
        )


def read_file(transport: ApduTransport, fid: int) -> bytes:
    """A whole transparent file: 4 header bytes give its TLV length, then chunks."""
    select_file(transport, fid)
    return _read_selected(transport, fid)


def read_optional_file(transport: ApduTransport, fid: int) -> bytes | None:
    """The file, or None when the chip answers that it has no such file."""
    _, sw = transceive(transport, command(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
    if sw == SW_FILE_NOT_FOUND:
        return None
    if sw != SW_OK:
        raise BadCardData(
            "status",
            f"选择文件 {fid:04X} 时芯片返回 {sw:04X}",
            f"SELECT {fid:04X} answered {sw:04X}",
        )
    return _read_selected(transport, fid)


def _read_selected(transport: ApduTransport, fid: int) -> bytes:
    head, sw = transceive(transport, command(0x00, 0xB0, 0x00, 0x00, le=4))
    if sw not in (SW_OK, SW_END_OF_FILE) or len(head) < 2:
        raise BadCardData(
            "status",
            f"读取文件 {fid:04X} 时芯片返回 {sw:04X}",
            f"READ BINARY {fid:04X} answered {sw:04X}",
        )
    total = _tlv_total_length(head)
    if total > MAX_FILE:
        raise BadCardData(
            "length",
            f"文件 {fid:04X} 声称有 {total} 字节，超出上限",
            f"file {fid:04X} claims {total} bytes",
        )
    data = bytearray(head[:total])
    while len(data) < total:
        offset = len(data)
        want = min(CHUNK, total - offset)
        chunk, sw = transceive(transport, command(0x00, 0xB0, offset >> 8, offset & 0xFF, le=want))
        if sw not in (SW_OK, SW_END_OF_FILE) or not chunk:
            raise BadCardData(
                "status",
                f"读取文件 {fid:04X} 第 {offset} 字节处时芯片返回 {sw:04X}",
                f"READ BINARY {fid:04X} at {offset} answered {sw:04X}",
            )
        data += chunk
    return bytes(data[:total])


def _tlv_total_length(head: bytes) -> int:
    i = 2 if head[0] & 0x1F == 0x1F else 1
    if i >= len(head):
        raise BadCardData("tlv", "文件头太短", "file header too short")
    first = head[i]
    if first < 0x80:
        return i + 1 + first
    count = first & 0x7F
    if count not in (1, 2) or i + 1 + count > len(head):
        raise BadCardData("tlv", "文件头的长度格式错误", "file header length form")
    return i + 1 + count + int.from_bytes(head[i + 1 : i + 1 + count], "big")


def parse_dg1(data: bytes) -> Mrz:
    top = _only(parse_ber_tlv(data), 0x61, "DG1")
    mrz = top.find(0x5F1F)
    if mrz is None:
        raise BadCardData("dg1", "DG1 中没有机读码（5F1F）", "no MRZ (5F1F) in DG1")
    try:
        return parse_mrz(mrz.value.decode("ascii"))
    except UnicodeDecodeError:
        raise BadCardData("dg1", "DG1 中的机读码不是 ASCII 文字", "MRZ is not ASCII") from None


def parse_dg2(data: bytes) -> tuple[bytes, str]:
    """The face image bytes and their format ("jpeg" | "jp2") from DG2's ISO 19794-5 record."""
    top = _only(parse_ber_tlv(data), 0x75, "DG2")
    block = top.find(0x5F2E) or top.find(0x7F2E)
    if block is None:
        raise BadCardData(
            "dg2", "DG2 中没有生物特征数据块（5F2E/7F2E）", "no biometric data block (5F2E/7F2E)"
        )
    record = block.value
    if record[:4] != b"FAC\x00" or len(record) < 14:
        raise BadCardData(
            "dg2", "DG2 不是 ISO 19794-5 人脸记录", "not an ISO 19794-5 facial record"
        )
    for marker, fmt in (
        (b"\xff\xd8\xff", "jpeg"),
        (b"\x00\x00\x00\x0cjP  ", "jp2"),
        (b"\xff\x4f\xff\x51", "jp2"),
    ):
        at = record.find(marker, 14)
        if at >= 0:
            return record[at:], fmt
    raise BadCardData(
        "dg2",
        "人脸记录中没有 JPEG 或 JPEG 2000 图像",
        "no JPEG or JPEG 2000 image in the facial record",
    )


def _only(items: tuple[Tlv, ...], tag: int, name: str) -> Tlv:
    if not items or items[0].tag != tag:
        raise BadCardData(
            name.lower(),
            f"{name} 不是以标签 {tag:02X} 开头",
            f"{name} does not start with tag {tag:02X}",
        )
    return items[0]


def read_passport(
    transport: ApduTransport,
    key: BacKey,
    *,
    rnd_ifd: bytes | None = None,
    k_ifd: bytes | None = None,
) -> IdentityDocument:
    select_mrtd_application(transport)
    session = mutual_authenticate(transport, BacKeys.from_mrz(key), rnd_ifd=rnd_ifd, k_ifd=k_ifd)
    secure = SecureTransport(transport, session)
    com = parse_ber_tlv(read_file(secure, EF_COM))
    present = _only(com, 0x60, "EF.COM").find(0x5C)
    dg1 = read_file(secure, EF_DG1)
    mrz = parse_dg1(dg1)
    groups = {1: dg1}
    face, face_format = b"", ""
    if present is not None and 0x75 in present.value:
        groups[2] = read_file(secure, EF_DG2)
        face, face_format = parse_dg2(groups[2])
    chip_auth = passive_authentication(read_optional_file(secure, EF_SOD), groups)
    matches = mrz.bac_key.mrz_information() == key.mrz_information()
    checks = [
        Check(
            "mrz_check_digits",
            not mrz.check_failures,
            "all check digits ok"
            if not mrz.check_failures
            else "failed: " + ", ".join(mrz.check_failures),
            "校验位全部正确"
            if not mrz.check_failures
            else "校验位错误：" + "、".join(mrz.check_failures),
        ),
        Check(
            "mrz_matches_access_key",
            matches,
            "DG1 matches the MRZ used for access"
            if matches
            else "DG1 does not match the MRZ used for access",
            "芯片中的机读码与录入的一致" if matches else "芯片中的机读码与录入的不一致",
        ),
        Check("passive_authentication", chip_auth.ok, chip_auth.en, chip_auth.zh),
    ]
    english = f"{mrz.surname} {mrz.given_names}".strip()
    return IdentityDocument(
        doc_type=DocType.PASSPORT,
        name=english,
        english_name=english,
        id_number=mrz.document_number,
        sex=_SEXES.get(mrz.sex, "未说明的性别"),
        nationality=mrz.nationality,
        birth_date=mrz_date(mrz.birth_date, field="birth_date", expiry=False),
        issuer=mrz.issuing_state,
        valid_to=mrz_date(mrz.expiry_date, field="expiry_date", expiry=True),
        photo=face,
        photo_format=face_format,
        photo_decodable=bool(face),
        checks=tuple(checks),
        chip_auth=chip_auth,
    )
