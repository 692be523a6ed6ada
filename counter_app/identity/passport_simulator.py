"""A passport chip SIMULATOR: the card side of ICAO 9303 BAC and 3DES secure messaging,
serving EF.COM, DG1 and DG2 built from a sample, through the ApduTransport interface.

``rnd_ic`` and ``k_ic`` are random unless fixed (the tests fix them to the Doc 9303
Part 11 worked example, so a whole session can be checked byte for byte). EF.SOD is signed
by a training document signer (``sod_signer``); ``sod`` picks a faulty chip instead: one
whose DG1 was altered after signing, one whose EF.SOD has no signer certificate, or none.
"""

from __future__ import annotations

import secrets
from typing import Literal

from .apdu import SW_OK
from .bac import (
    BacKeys,
    SecureMessaging,
    pad,
    retail_mac,
    session_from_keys,
    tdes_decrypt,
    tdes_encrypt,
)
from .errors import BadCardData, CardRemoved
from .mrz import parse_mrz
from .passport import EF_COM, EF_DG1, EF_DG2, EF_SOD, MRTD_AID
from .samples import PassportData
from .sod_signer import DocumentSigner, build_sod
from .tlv import encode_ber

SodVariant = Literal["signed", "dg1_altered", "without_certificate", "absent"]

SW_SM_MISSING = 0x6987
SW_SM_WRONG = 0x6988
SW_SECURITY = 0x6982


def facial_record(image: bytes, image_type: int = 0) -> bytes:
    """An ISO/IEC 19794-5 facial record holding one image (type 0 JPEG, 1 JPEG 2000)."""
    info = (
        (20 + 12 + len(image)).to_bytes(4, "big")  # facial record data length
        + b"\x00\x00"  # feature points
        + b"\x00\x00\x00"  # gender, eye colour, hair colour
        + b"\x00\x00\x00"  # feature mask
        + b"\x00\x00"  # expression
        + b"\x00\x00\x00\x00\x00\x00"  # pose angles and their uncertainty
    )
    image_info = (
        bytes([0x01, image_type]) + (24).to_bytes(2, "big") + (32).to_bytes(2, "big") + bytes(6)
    )
    body = info + image_info + image
    return b"FAC\x00" + b"010\x00" + (14 + len(body)).to_bytes(4, "big") + b"\x00\x01" + body


def build_files(data: PassportData, sod: SodVariant = "signed") -> dict[int, bytes]:
    dg1 = _dg1(data.mrz)
    bit = encode_ber(
        0x7F60,
        encode_ber(0xA1, encode_ber(0x80, b"\x01\x01"))
        + encode_ber(0x5F2E, facial_record(data.face_jpeg)),
    )
    dg2 = encode_ber(0x75, encode_ber(0x7F61, encode_ber(0x02, b"\x01") + bit))
    com = encode_ber(
        0x60,
        encode_ber(0x5F01, b"0107") + encode_ber(0x5F36, b"040000") + encode_ber(0x5C, b"\x61\x75"),
    )
    files = {EF_COM: com, EF_DG1: dg1, EF_DG2: dg2}
    if sod != "absent":
        signer = DocumentSigner.training()
        files[EF_SOD] = build_sod(
            {1: dg1, 2: dg2}, signer, include_certificate=sod != "without_certificate"
        )
    if sod == "dg1_altered":
        # One letter of the holder's name changed after signing (names have no check digit).
        at = data.mrz.index("<<") + 2
        letter = "Y" if data.mrz[at] == "X" else "X"
        files[EF_DG1] = _dg1(data.mrz[:at] + letter + data.mrz[at + 1 :])
    return files


def _dg1(mrz: str) -> bytes:
    return encode_ber(0x61, encode_ber(0x5F1F, "".join(mrz.split()).encode("ascii")))


class PassportChipSimulator:
    def __init__(
        self,
        data: PassportData,
        *,
        rnd_ic: bytes | None = None,
        k_ic: bytes | None = None,
        sod: SodVariant = "signed",
    ) -> None:
        self.files = build_files(data, sod)
        self.keys = BacKeys.from_mrz(parse_mrz(data.mrz).bac_key)
        self._fixed_rnd_ic = rnd_ic
        self._fixed_k_ic = k_ic
        self.present = True
        self.reset()

    def reset(self) -> None:
        """Power cycle: the BAC session and the selections are gone."""
        self._applet = False
        self._rnd_ic: bytes | None = None
        self._session: SecureMessaging | None = None
        self._file: bytes | None = None

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if not self.present:
            raise CardRemoved()
        if len(apdu) < 4:
            return b"", 0x6700
        if self._session is not None and apdu[0] & 0x0C == 0x0C:
            session = self._session
            try:
                plain = session.unwrap_command(apdu)
            except BadCardData:
                self.reset()  # a broken MAC ends the session, as on a real chip
                return b"", SW_SM_WRONG
            data, sw = self._plain(plain)
            return session.wrap_response(data, sw), SW_OK
        if self._session is not None:
            self.reset()
            return b"", SW_SM_MISSING
        return self._unprotected(apdu)

    def _unprotected(self, apdu: bytes) -> tuple[bytes, int]:
        ins, p1 = apdu[1], apdu[2]
        if ins == 0xA4 and p1 == 0x04:
            self._applet = apdu[5 : 5 + apdu[4]] == MRTD_AID if len(apdu) > 5 else False
            return b"", SW_OK if self._applet else 0x6A82
        if not self._applet:
            return b"", 0x6985
        if ins == 0x84:
            self._rnd_ic = self._fixed_rnd_ic or secrets.token_bytes(8)
            return self._rnd_ic, SW_OK
        if ins == 0x82:
            return self._external_authenticate(apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b"")
        return b"", SW_SECURITY  # files need secure messaging

    def _external_authenticate(self, data: bytes) -> tuple[bytes, int]:
        rnd_ic = self._rnd_ic
        self._rnd_ic = None
        if rnd_ic is None or len(data) != 40:
            return b"", 0x6985
        if retail_mac(self.keys.kmac, pad(data[:32])) != data[32:]:
            return b"", 0x6300
        s = tdes_decrypt(self.keys.kenc, data[:32])
        rnd_ifd, echoed, k_ifd = s[:8], s[8:16], s[16:32]
        if echoed != rnd_ic:
            return b"", 0x6300
        k_ic = self._fixed_k_ic or secrets.token_bytes(16)
        e_ic = tdes_encrypt(self.keys.kenc, rnd_ic + rnd_ifd + k_ic)
        answer = e_ic + retail_mac(self.keys.kmac, pad(e_ic))
        self._session = session_from_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)
        return answer, SW_OK

    def _plain(self, apdu: bytes) -> tuple[bytes, int]:
        ins, p1, p2 = apdu[1], apdu[2], apdu[3]
        if ins == 0xA4 and p1 == 0x02:
            fid = int.from_bytes(apdu[5:7], "big") if len(apdu) >= 7 else -1
            self._file = self.files.get(fid)
            return b"", SW_OK if self._file is not None else 0x6A82
        if ins == 0xB0:
            if self._file is None:
                return b"", 0x6986
            offset = (p1 << 8) | p2
            le = apdu[4] if len(apdu) == 5 else 0
            want = le or 256
            if offset >= len(self._file):
                return b"", 0x6B00
            chunk = self._file[offset : offset + want]
            return chunk, SW_OK if len(chunk) == want else 0x6282
        return b"", 0x6D00
