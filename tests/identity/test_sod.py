"""Passive authentication: EF.SOD built as an issuing state writes it (a test document
signer, a DER SignedData), read back from the passport chip simulator after BAC."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from counter_app.identity.mrz import parse_mrz
from counter_app.identity.passport import EF_DG1, EF_DG2, EF_SOD, read_passport
from counter_app.identity.passport_simulator import PassportChipSimulator, build_files
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.sod import PaOutcome, parse_sod, passive_authentication
from counter_app.identity.sod_signer import DocumentSigner, build_sod, security_object
from counter_app.identity.tlv import encode_ber, parse_der_level

PASSPORT = SAMPLES_BY_KEY["passport"].passport
assert PASSPORT is not None


def read_chip(sod: str) -> object:
    chip = PassportChipSimulator(PASSPORT, sod=sod)  # type: ignore[arg-type]
    return read_passport(chip, parse_mrz(PASSPORT.mrz).bac_key)


def test_signed_chip_passes_and_says_the_signer_is_not_anchored() -> None:
    document = read_chip("signed")
    auth = document.chip_auth  # type: ignore[attr-defined]
    assert auth.outcome == PaOutcome.SIGNATURE_VALID
    assert "DG1, DG2 hashes match" in auth.en and "not anchored to a CSCA" in auth.en
    assert "未与签发国根证书（CSCA）核验" in auth.zh
    assert document.to_json()["passive_authentication"]["outcome"] == (  # type: ignore[attr-defined]
        "signature_valid_not_anchored"
    )


def test_dg1_altered_after_signing_is_a_hash_mismatch() -> None:
    auth = read_chip("dg1_altered").chip_auth  # type: ignore[attr-defined]
    assert auth.outcome == PaOutcome.HASH_MISMATCH
    assert "DG1" in auth.en and "DG2" not in auth.en


def test_sod_without_signer_certificate_is_not_checked() -> None:
    auth = read_chip("without_certificate").chip_auth  # type: ignore[attr-defined]
    assert auth.outcome == PaOutcome.NOT_CHECKED
    assert "no document signer certificate" in auth.en
    assert not auth.ok


def test_chip_without_sod_is_not_checked() -> None:
    document = read_chip("absent")
    assert document.chip_auth.outcome == PaOutcome.NOT_CHECKED  # type: ignore[attr-defined]
    assert "no EF.SOD" in document.chip_auth.en  # type: ignore[attr-defined]
    assert document.name == "MAIMAITI AILI"  # the chip was still read


def test_signature_by_another_key_is_invalid() -> None:
    files = build_files(PASSPORT)
    groups = {1: files[EF_DG1], 2: files[EF_DG2]}
    honest, forger = DocumentSigner.training(), DocumentSigner.training()
    forged = build_sod(groups, DocumentSigner(forger.key, honest.certificate))
    assert passive_authentication(forged, groups).outcome == PaOutcome.SIGNATURE_INVALID


def test_rsa_document_signer_verifies() -> None:
    groups = {1: b"\x61\x03\x5f\x1f\x00"}
    sod = build_sod(groups, DocumentSigner.training(rsa_bits=2048))
    assert passive_authentication(sod, groups).outcome == PaOutcome.SIGNATURE_VALID


def test_garbage_sod_is_not_checked_not_a_crash() -> None:
    sod = build_sod({1: b"x"}, DocumentSigner.training())
    for broken in (sod[:40], b"\x77\x02\x30\x00", b"\x30\x00"):
        assert passive_authentication(broken, {1: b"x"}).outcome == PaOutcome.NOT_CHECKED


def test_openssl_verifies_the_sod_the_simulator_writes(tmp_path: Path) -> None:
    """An independent CMS implementation agrees the structure and signature are sound."""
    files = build_files(PASSPORT)
    (content_info,) = parse_der_level(parse_der_level(files[EF_SOD])[0].value)
    der = tmp_path / "sod.der"
    der.write_bytes(encode_ber(content_info.tag, content_info.value))
    out = tmp_path / "content.der"
    result = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-noverify",
            "-inform",
            "DER",
            "-in",
            str(der),
            "-binary",
            "-out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == security_object({1: files[EF_DG1], 2: files[EF_DG2]})
    assert parse_sod(files[EF_SOD]).certificate is not None


@pytest.mark.parametrize("oid", ["2.23.136.1.1.1", "1.2.840.113549.1.7.2", "1.3.14.3.2.26"])
def test_object_identifiers_round_trip(oid: str) -> None:
    from counter_app.identity.sod import decode_oid
    from counter_app.identity.sod_signer import encode_oid

    assert decode_oid(encode_oid(oid)[2:]) == oid
