"""EF.SOD written as an issuing state writes it, for the passport chip SIMULATOR: a CMS
SignedData over an LDSSecurityObject (SHA-256 data-group hashes), signed (ECDSA, or RSA
PKCS #1 v1.5) by a document signer whose self-signed certificate travels in the SignedData.

The training document signer is made afresh for each simulator (a P-256 key unless asked
for RSA, and a certificate named "Training Document Signer"): it proves the chip's data was not changed
since it was signed, never that a state issued it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from .sod import (
    CONTEXT_0,
    EF_SOD_TAG,
    INTEGER,
    OCTET_STRING,
    OID,
    OID_LDS_SECURITY_OBJECT,
    OID_MESSAGE_DIGEST,
    OID_SIGNED_DATA,
    SEQUENCE,
    SET,
)
from .tlv import encode_ber

OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
OID_RSA_SHA256 = "1.2.840.113549.1.1.11"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"


def encode_oid(dotted: str) -> bytes:
    arcs = [int(part) for part in dotted.split(".")]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        # Base 128, most significant group first, the high bit set on all but the last.
        groups = [arc & 0x7F]
        rest = arc >> 7
        while rest:
            groups.append(0x80 | (rest & 0x7F))
            rest >>= 7
        body += bytes(reversed(groups))
    return encode_ber(OID, body)


def _integer(value: int) -> bytes:
    return encode_ber(INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _algorithm(oid: str) -> bytes:
    return encode_ber(SEQUENCE, encode_oid(oid))


@dataclass(frozen=True)
class DocumentSigner:
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate

    def sign(self, data: bytes) -> tuple[bytes, str]:
        """The signature over ``data`` and its algorithm's OID."""
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256()), OID_RSA_SHA256
        return self.key.sign(data, ec.ECDSA(hashes.SHA256())), OID_ECDSA_SHA256

    @classmethod
    def training(cls, *, rsa_bits: int = 0) -> DocumentSigner:
        key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
            rsa.generate_private_key(65537, rsa_bits)
            if rsa_bits
            else ec.generate_private_key(ec.SECP256R1())
        )
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(NameOID.COMMON_NAME, "Training Document Signer"),
            ]
        )
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)


def security_object(groups: Mapping[int, bytes]) -> bytes:
    """The DER LDSSecurityObject (version 0) with the SHA-256 hash of each data group."""
    hashes_der = b"".join(
        encode_ber(
            SEQUENCE,
            _integer(number) + encode_ber(OCTET_STRING, hashlib.sha256(raw).digest()),
        )
        for number, raw in sorted(groups.items())
    )
    return encode_ber(
        SEQUENCE, _integer(0) + _algorithm(OID_SHA256) + encode_ber(SEQUENCE, hashes_der)
    )


def build_sod(
    groups: Mapping[int, bytes], signer: DocumentSigner, *, include_certificate: bool = True
) -> bytes:
    """EF.SOD (tag 77) over ``groups`` (``{1: DG1, 2: DG2}``), signed by ``signer``."""
    econtent = security_object(groups)
    attributes = encode_ber(
        SEQUENCE,
        encode_oid(OID_CONTENT_TYPE) + encode_ber(SET, encode_oid(OID_LDS_SECURITY_OBJECT)),
    ) + encode_ber(
        SEQUENCE,
        encode_oid(OID_MESSAGE_DIGEST)
        + encode_ber(SET, encode_ber(OCTET_STRING, hashlib.sha256(econtent).digest())),
    )
    signature, signature_algorithm = signer.sign(encode_ber(SET, attributes))
    issuer = signer.certificate.issuer.public_bytes()
    signer_info = encode_ber(
        SEQUENCE,
        _integer(1)
        + encode_ber(SEQUENCE, issuer + _integer(signer.certificate.serial_number))
        + _algorithm(OID_SHA256)
        + encode_ber(CONTEXT_0, attributes)  # signedAttrs, [0] IMPLICIT SET OF
        + _algorithm(signature_algorithm)
        + encode_ber(OCTET_STRING, signature),
    )
    certificates = (
        encode_ber(CONTEXT_0, signer.certificate.public_bytes(serialization.Encoding.DER))
        if include_certificate
        else b""
    )
    signed_data = encode_ber(
        SEQUENCE,
        _integer(3)
        + encode_ber(SET, _algorithm(OID_SHA256))
        + encode_ber(
            SEQUENCE,
            encode_oid(OID_LDS_SECURITY_OBJECT)
            + encode_ber(CONTEXT_0, encode_ber(OCTET_STRING, econtent)),
        )
        + certificates
        + encode_ber(SET, signer_info),
    )
    content_info = encode_ber(
        SEQUENCE, encode_oid(OID_SIGNED_DATA) + encode_ber(CONTEXT_0, signed_data)
    )
    return encode_ber(EF_SOD_TAG, content_info)
