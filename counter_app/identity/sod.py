"""Passive authentication of an eMRTD chip (ICAO 9303 Part 10 and 11): EF.SOD is a CMS
SignedData whose content, an LDSSecurityObject, lists a hash of every data group.

What is checked, and said exactly so: (a) the hashes of the data groups read equal those
in EF.SOD, (b) EF.SOD's signature verifies with the document signer (DS) certificate it
carries. No CSCA trust store exists on a counter, so the DS certificate is never anchored
to a country signing CA: a valid result says "signature valid, signer not anchored".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from .errors import BadCardData
from .tlv import Tlv, encode_ber, parse_der_level

SEQUENCE, SET, OID, INTEGER, OCTET_STRING = 0x30, 0x31, 0x06, 0x02, 0x04
CONTEXT_0 = 0xA0  # [0] EXPLICIT, or [0] IMPLICIT of a constructed type
EF_SOD_TAG = 0x77

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_RSA_PSS = "1.2.840.113549.1.1.10"
HASHES: dict[str, tuple[str, type[hashes.HashAlgorithm]]] = {
    "1.3.14.3.2.26": ("sha1", hashes.SHA1),
    "2.16.840.1.101.3.4.2.4": ("sha224", hashes.SHA224),
    "2.16.840.1.101.3.4.2.1": ("sha256", hashes.SHA256),
    "2.16.840.1.101.3.4.2.2": ("sha384", hashes.SHA384),
    "2.16.840.1.101.3.4.2.3": ("sha512", hashes.SHA512),
}
# Signature algorithms whose hash is named in the OID; rsaEncryption (…1.1.1) and RSA-PSS
# take the SignerInfo's digest algorithm.
SIGNATURE_HASH: dict[str, str] = {
    "1.2.840.113549.1.1.1": "",
    "1.2.840.113549.1.1.5": "1.3.14.3.2.26",
    "1.2.840.113549.1.1.14": "2.16.840.1.101.3.4.2.4",
    "1.2.840.113549.1.1.11": "2.16.840.1.101.3.4.2.1",
    "1.2.840.113549.1.1.12": "2.16.840.1.101.3.4.2.2",
    "1.2.840.113549.1.1.13": "2.16.840.1.101.3.4.2.3",
    OID_RSA_PSS: "",
    "1.2.840.10045.4.1": "1.3.14.3.2.26",
    "1.2.840.10045.4.3.1": "2.16.840.1.101.3.4.2.4",
    "1.2.840.10045.4.3.2": "2.16.840.1.101.3.4.2.1",
    "1.2.840.10045.4.3.3": "2.16.840.1.101.3.4.2.2",
    "1.2.840.10045.4.3.4": "2.16.840.1.101.3.4.2.3",
}


class PaOutcome(StrEnum):
    SIGNATURE_VALID = "signature_valid_not_anchored"
    HASH_MISMATCH = "hash_mismatch"
    SIGNATURE_INVALID = "signature_invalid"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class PassiveAuthentication:
    """The outcome and what it rests on, in words a clerk can read (Chinese and English)."""

    outcome: PaOutcome
    zh: str
    en: str

    @property
    def ok(self) -> bool:
        return self.outcome == PaOutcome.SIGNATURE_VALID

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def to_json(self) -> dict[str, str]:
        return {"outcome": self.outcome.value, "zh": self.zh, "en": self.en}


def not_checked(why_zh: str, why_en: str) -> PassiveAuthentication:
    return PassiveAuthentication(
        PaOutcome.NOT_CHECKED,
        f"未做被动认证：{why_zh}。芯片数据未经签名核验。",
        f"Passive authentication not checked: {why_en}. The chip data is not verified.",
    )


@dataclass(frozen=True)
class SecurityObject:
    """What passive authentication needs from EF.SOD."""

    dg_hash_algorithm: str  # OID
    dg_hashes: Mapping[int, bytes]
    econtent: bytes  # the DER LDSSecurityObject, as signed
    digest_algorithm: str  # OID, the SignerInfo's
    signed_attributes: bytes | None  # DER, re-tagged as SET OF (what is signed when present)
    signature_algorithm: str  # OID
    signature_parameters: bytes  # DER of the AlgorithmIdentifier's parameters
    signature: bytes
    certificate: x509.Certificate | None


def decode_oid(raw: bytes) -> str:
    if not raw:
        raise BadCardData("sod", "安全对象（EF.SOD）中有空的对象标识符", "empty object identifier")
    first = min(raw[0] // 40, 2)
    arcs = [first, raw[0] - 40 * first]
    value = 0
    for byte in raw[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    return ".".join(str(arc) for arc in arcs)


def _children(item: Tlv, tag: int, what: str) -> tuple[Tlv, ...]:
    if item.tag != tag:
        raise BadCardData(
            "sod",
            f"安全对象（EF.SOD）{what} 处应为标签 {tag:02X}，实为 {item.tag:02X}",
            f"{what}: expected tag {tag:02X}, found {item.tag:02X}",
        )
    return parse_der_level(item.value)


def _oid(item: Tlv, what: str) -> str:
    if item.tag != OID:
        raise BadCardData(
            "sod",
            f"安全对象（EF.SOD）{what} 处缺少对象标识符",
            f"{what}: expected an object identifier",
        )
    return decode_oid(item.value)


def _algorithm(item: Tlv, what: str) -> tuple[str, bytes]:
    parts = _children(item, SEQUENCE, what)
    if not parts:
        raise BadCardData(
            "sod", f"安全对象（EF.SOD）{what} 处算法标识为空", f"{what}: empty algorithm identifier"
        )
    params = b"".join(encode_ber(p.tag, p.value) for p in parts[1:])
    return _oid(parts[0], what), params


def parse_sod(data: bytes) -> SecurityObject:
    """EF.SOD's parts; ``BadCardData("sod", …)`` when it is not the ICAO structure."""
    try:
        return _parse_sod(data)
    except (IndexError, ValueError):  # a list or an unpacking shorter than the structure
        raise BadCardData(
            "sod", "安全对象（EF.SOD）不完整或顺序错乱", "EF.SOD is truncated or out of order"
        ) from None


def _parse_sod(data: bytes) -> SecurityObject:
    content_info = _children(parse_der_level(data)[0], EF_SOD_TAG, "EF.SOD")
    info = _children(content_info[0], SEQUENCE, "ContentInfo")
    if len(info) < 2 or _oid(info[0], "contentType") != OID_SIGNED_DATA:
        raise BadCardData(
            "sod", "安全对象（EF.SOD）不是 CMS 签名数据", "EF.SOD is not a CMS SignedData"
        )
    signed = _children(_children(info[1], CONTEXT_0, "content")[0], SEQUENCE, "SignedData")
    if len(signed) < 4:
        raise BadCardData("sod", "安全对象（EF.SOD）的签名数据不完整", "SignedData is incomplete")
    encap = _children(signed[2], SEQUENCE, "encapContentInfo")
    if len(encap) < 2 or _oid(encap[0], "eContentType") != OID_LDS_SECURITY_OBJECT:
        raise BadCardData(
            "sod",
            "安全对象（EF.SOD）的签名内容不是 LDS 安全对象",
            "the signed content is not an LDSSecurityObject",
        )
    econtent_items = _children(encap[1], CONTEXT_0, "eContent")
    if not econtent_items or econtent_items[0].tag != OCTET_STRING:
        raise BadCardData(
            "sod", "安全对象（EF.SOD）的 eContent 不是字节串", "eContent is not an OCTET STRING"
        )
    econtent = econtent_items[0].value
    algorithm, dg_hashes = _lds_hashes(econtent)
    certificate = None
    rest = list(signed[3:])
    if rest and rest[0].tag == CONTEXT_0:
        certificates = parse_der_level(rest.pop(0).value)
        if certificates:
            try:
                certificate = x509.load_der_x509_certificate(
                    encode_ber(certificates[0].tag, certificates[0].value)
                )
            except ValueError:
                raise BadCardData(
                    "sod",
                    "安全对象（EF.SOD）中的签发者证书格式错误",
                    "the document signer certificate is malformed",
                ) from None
    signer_infos = _children(rest[-1], SET, "signerInfos") if rest else ()
    if not signer_infos:
        raise BadCardData("sod", "安全对象（EF.SOD）缺少签名者信息", "SignedData has no SignerInfo")
    return _signer_info(signer_infos[0], algorithm, dg_hashes, econtent, certificate)


def _lds_hashes(econtent: bytes) -> tuple[str, dict[int, bytes]]:
    lds = _children(parse_der_level(econtent)[0], SEQUENCE, "LDSSecurityObject")
    if len(lds) < 3:
        raise BadCardData(
            "sod", "安全对象（EF.SOD）的 LDS 安全对象不完整", "LDSSecurityObject is incomplete"
        )
    algorithm, _ = _algorithm(lds[1], "hashAlgorithm")
    dg_hashes: dict[int, bytes] = {}
    for entry in _children(lds[2], SEQUENCE, "dataGroupHashValues"):
        number, value = _children(entry, SEQUENCE, "DataGroupHash")[:2]
        if number.tag != INTEGER or value.tag != OCTET_STRING:
            raise BadCardData(
                "sod", "安全对象（EF.SOD）的数据组摘要格式错误", "DataGroupHash is malformed"
            )
        dg_hashes[int.from_bytes(number.value, "big")] = value.value
    return algorithm, dg_hashes


def _signer_info(
    item: Tlv,
    dg_algorithm: str,
    dg_hashes: dict[int, bytes],
    econtent: bytes,
    certificate: x509.Certificate | None,
) -> SecurityObject:
    parts = list(_children(item, SEQUENCE, "SignerInfo"))
    if len(parts) < 5:
        raise BadCardData("sod", "安全对象（EF.SOD）的签名者信息不完整", "SignerInfo is incomplete")
    digest_algorithm, _ = _algorithm(parts[2], "digestAlgorithm")
    signed_attributes = None
    rest = parts[3:]
    if rest[0].tag == CONTEXT_0:
        # What was signed is the attributes' DER with the universal SET OF tag (RFC 5652 5.4).
        signed_attributes = encode_ber(SET, rest.pop(0).value)
    if len(rest) < 2 or rest[1].tag != OCTET_STRING:
        raise BadCardData(
            "sod", "安全对象（EF.SOD）的签名者信息没有签名", "SignerInfo has no signature"
        )
    signature_algorithm, signature_parameters = _algorithm(rest[0], "signatureAlgorithm")
    return SecurityObject(
        dg_hash_algorithm=dg_algorithm,
        dg_hashes=dg_hashes,
        econtent=econtent,
        digest_algorithm=digest_algorithm,
        signed_attributes=signed_attributes,
        signature_algorithm=signature_algorithm,
        signature_parameters=signature_parameters,
        signature=rest[1].value,
        certificate=certificate,
    )


def _message_digest(signed_attributes: bytes) -> bytes | None:
    for attribute in parse_der_level(parse_der_level(signed_attributes)[0].value):
        kind, values = _children(attribute, SEQUENCE, "Attribute")[:2]
        if _oid(kind, "attrType") == OID_MESSAGE_DIGEST:
            found = _children(values, SET, "attrValues")
            return found[0].value if found else None
    return None


def _hash_name(oid: str) -> str:
    return HASHES[oid][0]


def _verify_signature(sod: SecurityObject, certificate: x509.Certificate) -> None:
    """Raises InvalidSignature, or UnsupportedAlgorithm/KeyError for what is not handled."""
    hash_oid = SIGNATURE_HASH[sod.signature_algorithm] or sod.digest_algorithm
    algorithm = HASHES[hash_oid][1]()
    signed = sod.econtent
    if sod.signed_attributes is not None:
        expected = hashlib.new(_hash_name(sod.digest_algorithm), sod.econtent).digest()
        if _message_digest(sod.signed_attributes) != expected:
            raise InvalidSignature("messageDigest does not match the LDSSecurityObject")
        signed = sod.signed_attributes
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if sod.signature_algorithm == OID_RSA_PSS:
            pss = padding.PSS(mgf=padding.MGF1(algorithm), salt_length=padding.PSS.AUTO)
            key.verify(sod.signature, signed, pss, algorithm)
        else:
            key.verify(sod.signature, signed, padding.PKCS1v15(), algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(sod.signature, signed, ec.ECDSA(algorithm))
    else:
        raise UnsupportedAlgorithm(f"document signer key {type(key).__name__}")


def passive_authentication(
    sod_file: bytes | None, groups: Mapping[int, bytes]
) -> PassiveAuthentication:
    """Check the data groups read (``{1: DG1 bytes, 2: DG2 bytes}``) against EF.SOD."""
    if sod_file is None:
        return not_checked("芯片上没有 EF.SOD", "the chip has no EF.SOD")
    try:
        sod = parse_sod(sod_file)
    except BadCardData as exc:
        return not_checked(f"EF.SOD 格式不符（{exc.en}）", f"EF.SOD is malformed ({exc.en})")
    if sod.certificate is None:
        return not_checked(
            "EF.SOD 中没有签发者（DS）证书", "EF.SOD carries no document signer certificate"
        )
    try:
        _verify_signature(sod, sod.certificate)
    except InvalidSignature:
        return PassiveAuthentication(
            PaOutcome.SIGNATURE_INVALID,
            "EF.SOD 签名无效：芯片数据不可信，请人工核验证件。",
            "EF.SOD signature invalid: the chip data cannot be trusted; check the document by hand.",
        )
    except (UnsupportedAlgorithm, KeyError, ValueError) as exc:
        return not_checked(
            f"不支持的签名算法（{sod.signature_algorithm}）",
            f"unsupported signature algorithm {sod.signature_algorithm} ({exc})",
        )
    names = "、".join(f"DG{n}" for n in sorted(groups))
    names_en = ", ".join(f"DG{n}" for n in sorted(groups))
    if sod.dg_hash_algorithm not in HASHES:
        return not_checked(
            f"不支持的哈希算法（{sod.dg_hash_algorithm}）",
            f"unsupported hash algorithm {sod.dg_hash_algorithm}",
        )
    wrong = [
        n
        for n, raw in sorted(groups.items())
        if hashlib.new(_hash_name(sod.dg_hash_algorithm), raw).digest() != sod.dg_hashes.get(n)
    ]
    if wrong:
        listed = "、".join(f"DG{n}" for n in wrong)
        return PassiveAuthentication(
            PaOutcome.HASH_MISMATCH,
            f"哈希不一致：{listed} 与 EF.SOD 所列不符，芯片数据可能被篡改，请人工核验证件。",
            f"Hash mismatch: {', '.join(f'DG{n}' for n in wrong)} differ from EF.SOD; the chip "
            "data may have been altered, check the document by hand.",
        )
    return PassiveAuthentication(
        PaOutcome.SIGNATURE_VALID,
        f"被动认证：{names} 哈希一致，EF.SOD 签名有效；签发者证书未与签发国根证书（CSCA）核验。",
        f"Passive authentication: {names_en} hashes match, EF.SOD signature valid; "
        "signer not anchored to a CSCA.",
    )
