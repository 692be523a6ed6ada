"""ICAO 9303 Part 11 Basic Access Control and 3DES secure messaging, both sides.

Key derivation (SHA-1, parity-adjusted 2-key 3DES), mutual authentication (GET CHALLENGE,
EXTERNAL AUTHENTICATE), and :class:`SecureMessaging` which wraps/unwraps command and
response APDUs (DO87/DO97/DO99/DO8E, MAC = ISO 9797-1 algorithm 3 with padding method 2,
send sequence counter incremented before every MAC). Each step is tested against the
worked example of Doc 9303 Part 11 Appendix D.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from .apdu import SW_OK, ApduTransport, command, transceive
from .errors import BadCardData, ReaderError
from .mrz import BacKey
from .tlv import ber_length

ENC_COUNTER = 1
MAC_COUNTER = 2
ZERO_IV = bytes(8)


def adjust_parity(key: bytes) -> bytes:
    """Set each byte's lowest bit so the byte has odd parity (DES key convention)."""
    return bytes((b & 0xFE) | ((bin(b >> 1).count("1") + 1) % 2) for b in key)


def kseed_from_mrz(key: BacKey) -> bytes:
    return hashlib.sha1(key.mrz_information().encode("ascii")).digest()[:16]  # noqa: S324 (ICAO-mandated)


def derive_key(kseed: bytes, counter: int) -> bytes:
    digest = hashlib.sha1(kseed + counter.to_bytes(4, "big")).digest()  # noqa: S324 (ICAO-mandated)
    return adjust_parity(digest[:16])


def _tdes(key16: bytes) -> TripleDES:
    # 24-byte K1|K2|K1 form: the 2-key variant without cryptography's short-key warning.
    return TripleDES(key16 + key16[:8])


def tdes_encrypt(key16: bytes, data: bytes) -> bytes:
    encryptor = Cipher(_tdes(key16), modes.CBC(ZERO_IV)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def tdes_decrypt(key16: bytes, data: bytes) -> bytes:
    if len(data) % 8:
        raise BadCardData(
            "secure messaging",
            "安全报文密文长度不是整块",
            "ciphertext is not a whole number of blocks",
        )
    decryptor = Cipher(_tdes(key16), modes.CBC(ZERO_IV)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def _des(key8: bytes, block: bytes, *, decrypt: bool = False) -> bytes:
    # One DES block at a time is what ISO 9797-1 algorithm 3 specifies, not a data mode.
    cipher = Cipher(TripleDES(key8 * 3), modes.ECB())  # noqa: S305
    ctx = cipher.decryptor() if decrypt else cipher.encryptor()
    return ctx.update(block) + ctx.finalize()


def pad(data: bytes) -> bytes:
    """ISO 9797-1 padding method 2: 0x80 then zeros to a multiple of 8."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % 8)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise BadCardData("secure messaging", "安全报文填充错误", "bad padding")
    return stripped[:-1]


def retail_mac(key16: bytes, padded: bytes) -> bytes:
    """ISO 9797-1 MAC algorithm 3 (single-DES CBC with K1, then D(K2), E(K1))."""
    k1, k2 = key16[:8], key16[8:16]
    h = ZERO_IV
    for i in range(0, len(padded), 8):
        h = _des(k1, bytes(a ^ b for a, b in zip(h, padded[i : i + 8], strict=True)))
    return _des(k1, _des(k2, h, decrypt=True))


@dataclass(frozen=True)
class BacKeys:
    kenc: bytes
    kmac: bytes

    @classmethod
    def from_mrz(cls, key: BacKey) -> BacKeys:
        seed = kseed_from_mrz(key)
        return cls(derive_key(seed, ENC_COUNTER), derive_key(seed, MAC_COUNTER))


def authentication_data(keys: BacKeys, rnd_ifd: bytes, rnd_ic: bytes, k_ifd: bytes) -> bytes:
    """EXTERNAL AUTHENTICATE command data E.IFD || M.IFD."""
    e_ifd = tdes_encrypt(keys.kenc, rnd_ifd + rnd_ic + k_ifd)
    return e_ifd + retail_mac(keys.kmac, pad(e_ifd))


def session_from_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SecureMessaging:
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    ssc = int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big")
    return SecureMessaging(derive_key(seed, ENC_COUNTER), derive_key(seed, MAC_COUNTER), ssc)


def mutual_authenticate(
    transport: ApduTransport,
    keys: BacKeys,
    *,
    rnd_ifd: bytes | None = None,
    k_ifd: bytes | None = None,
) -> SecureMessaging:
    """Run BAC with the chip; return the secure-messaging session. ``rnd_ifd``/``k_ifd``
    are random unless given (tests pass the worked example's values)."""
    rnd_ifd = rnd_ifd or secrets.token_bytes(8)
    k_ifd = k_ifd or secrets.token_bytes(16)
    rnd_ic, sw = transceive(transport, command(0x00, 0x84, 0x00, 0x00, le=8))
    if sw != SW_OK or len(rnd_ic) != 8:
        raise BadCardData(
            "bac",
            f"取随机数（GET CHALLENGE）时芯片返回 {sw:04X}",
            f"GET CHALLENGE answered {sw:04X}",
        )
    answer, sw = transceive(
        transport,
        command(0x00, 0x82, 0x00, 0x00, authentication_data(keys, rnd_ifd, rnd_ic, k_ifd), le=0x28),
    )
    if sw != SW_OK or len(answer) != 40:
        raise ReaderError(
            "护照芯片拒绝了访问密钥，请核对证件号码、出生日期和有效期（与护照机读区一致）。",
            "The passport chip refused the access key; check the document number, birth date "
            f"and expiry date against the MRZ (status {sw:04X}).",
        )
    e_ic, m_ic = answer[:32], answer[32:]
    if not hmac.compare_digest(retail_mac(keys.kmac, pad(e_ic)), m_ic):
        raise BadCardData(
            "bac",
            "芯片认证应答的校验码（MAC）不符",
            "the chip's authentication MAC does not verify",
        )
    r = tdes_decrypt(keys.kenc, e_ic)
    if r[:8] != rnd_ic or r[8:16] != rnd_ifd:
        raise BadCardData(
            "bac",
            "芯片认证应答中没有本机发出的随机数",
            "the chip's answer does not contain our challenge",
        )
    return session_from_keys(k_ifd, r[16:32], rnd_ic, rnd_ifd)


def _do(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + ber_length(len(value)) + value


class SecureMessaging:
    """A BAC session: KSenc, KSmac and the send sequence counter shared with the chip."""

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: int) -> None:
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self.ssc = ssc

    def _mac(self, data: bytes) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return retail_mac(self.ks_mac, pad(self.ssc.to_bytes(8, "big") + data))

    # -- terminal side --------------------------------------------------------------------
    def wrap_command(self, apdu: bytes) -> bytes:
        """Protect a plain short APDU (cases 1-4)."""
        header = bytes([apdu[0] | 0x0C]) + apdu[1:4]
        body = apdu[4:]
        data, le = b"", None
        if len(body) == 1:
            le = body[0]
        elif body:
            data = body[1 : 1 + body[0]]
            if len(body) > 1 + body[0]:
                le = body[1 + body[0]]
        do87 = _do(0x87, b"\x01" + tdes_encrypt(self.ks_enc, pad(data))) if data else b""
        do97 = _do(0x97, bytes([le])) if le is not None else b""
        cc = self._mac(pad(header) + do87 + do97)
        protected = do87 + do97 + _do(0x8E, cc)
        return header + bytes([len(protected)]) + protected + b"\x00"

    def unwrap_response(self, data: bytes, sw: int) -> tuple[bytes, int]:
        if sw != SW_OK and not data:
            return b"", sw  # an error without SM objects (e.g. 6988 when SM broke)
        objects, order = _split_objects(data)
        if 0x8E not in objects or len(objects.get(0x99, b"")) != 2:
            raise BadCardData(
                "secure messaging", "安全报文应答缺少 DO99 或 DO8E", "response lacks DO99 or DO8E"
            )
        covered = b"".join(raw for tag, raw in order if tag in (0x85, 0x87, 0x99))
        if not hmac.compare_digest(self._mac(covered), objects[0x8E]):
            raise BadCardData(
                "secure messaging",
                "安全报文应答的校验码（MAC）不符",
                "response MAC does not verify",
            )
        plain = b""
        if 0x87 in objects:
            value = objects[0x87]
            if value[:1] != b"\x01":
                raise BadCardData(
                    "secure messaging", "安全报文填充标识无法识别", "unknown padding indicator"
                )
            plain = unpad(tdes_decrypt(self.ks_enc, value[1:]))
        return plain, int.from_bytes(objects[0x99], "big")

    # -- chip side --------------------------------------------------------------------------
    def unwrap_command(self, apdu: bytes) -> bytes:
        """The plain APDU inside a protected one; raises BadCardData if the MAC fails."""
        header = apdu[:4]
        lc = apdu[4] if len(apdu) > 5 else 0
        objects, order = _split_objects(apdu[5 : 5 + lc])
        if 0x8E not in objects:
            raise BadCardData("secure messaging", "安全报文命令缺少 DO8E", "command lacks DO8E")
        covered = b"".join(raw for tag, raw in order if tag in (0x85, 0x87, 0x97))
        if not hmac.compare_digest(self._mac(pad(header) + covered), objects[0x8E]):
            raise BadCardData(
                "secure messaging", "安全报文命令的校验码（MAC）不符", "command MAC does not verify"
            )
        out = bytes([header[0] & ~0x0C & 0xFF]) + header[1:]
        if 0x87 in objects:
            data = unpad(tdes_decrypt(self.ks_enc, objects[0x87][1:]))
            out += bytes([len(data)]) + data
        if 0x97 in objects:
            out += objects[0x97]
        return out

    def wrap_response(self, data: bytes, sw: int) -> bytes:
        do87 = _do(0x87, b"\x01" + tdes_encrypt(self.ks_enc, pad(data))) if data else b""
        do99 = _do(0x99, sw.to_bytes(2, "big"))
        cc = self._mac(do87 + do99)
        return do87 + do99 + _do(0x8E, cc)


def _split_objects(data: bytes) -> tuple[dict[int, bytes], list[tuple[int, bytes]]]:
    """SM data objects by tag, and (tag, raw encoded object) in wire order."""
    out: dict[int, bytes] = {}
    order: list[tuple[int, bytes]] = []
    i = 0
    while i < len(data):
        start = i
        tag = data[i]
        if i + 1 >= len(data):
            raise BadCardData("secure messaging", "安全报文数据对象不完整", "truncated data object")
        first = data[i + 1]
        i += 2
        length = first
        if first >= 0x80:
            count = first & 0x7F
            if count not in (1, 2) or i + count > len(data):
                raise BadCardData(
                    "secure messaging", "安全报文数据对象长度错误", "bad data object length"
                )
            length = int.from_bytes(data[i : i + count], "big")
            i += count
        if i + length > len(data):
            raise BadCardData("secure messaging", "安全报文数据对象不完整", "truncated data object")
        out[tag] = data[i : i + length]
        order.append((tag, data[start : i + length]))
        i += length
    return out, order


class SecureTransport:
    """An ApduTransport that protects every APDU with a BAC session."""

    def __init__(self, inner: ApduTransport, session: SecureMessaging) -> None:
        self.inner = inner
        self.session = session

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        data, sw = transceive(self.inner, self.session.wrap_command(apdu))
        return self.session.unwrap_response(data, sw)
