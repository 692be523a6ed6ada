"""Social security cards and passports on a REAL pcscd + vsmartcard-vpcd, the cards played by vicc."""

from __future__ import annotations

import pytest

from counter_app.identity.pcsc import PcscReader, PcscTransport, list_pcsc_readers
from counter_app.identity.sscard import read_social_security_card

pytestmark = pytest.mark.integration


def test_vpcd_readers_listed(pcscd) -> None:
    assert "Virtual PCD 00 00" in list_pcsc_readers()


def test_read_social_security_card_over_pcsc(vicc_sscard: str) -> None:
    transport = PcscTransport(vicc_sscard)
    try:
        document = read_social_security_card(transport)
    finally:
        transport.close()
    assert document.doc_type == "social_security_card"
    assert document.name == "赵𠮷敏"
    assert document.card_number == "A12345678"
    assert document.to_json()["valid_to"] == "2031-03-15"
    assert document.checks[0].ok


def test_pcsc_backend_reads_card(vicc_sscard: str) -> None:
    with PcscReader(vicc_sscard) as reader:
        reader.wait_for_card(5)
        document = reader.read()
    assert document.id_number.startswith("3101101976")


def _read_sample_passport(reader_name: str):  # type: ignore[no-untyped-def]
    from counter_app.identity.mrz import parse_mrz
    from counter_app.identity.samples import SAMPLES_BY_KEY

    passport = SAMPLES_BY_KEY["passport"].passport
    assert passport is not None
    with PcscReader(reader_name) as reader:
        return reader.read(bac_key=parse_mrz(passport.mrz).bac_key)


def test_passport_over_pcsc_with_bac(vicc_passport: str) -> None:
    document = _read_sample_passport(vicc_passport)
    assert (document.doc_type, document.id_number, document.photo_format) == (
        "passport",
        "EA1234567",
        "jpeg",
    )
    assert document.chip_auth is not None
    assert document.chip_auth.outcome == "signature_valid_not_anchored"


def test_passport_altered_after_signing_fails_passive_authentication(
    vicc_passport_dg1_altered: str,
) -> None:
    document = _read_sample_passport(vicc_passport_dg1_altered)
    assert document.chip_auth.outcome == "hash_mismatch"
    assert "DG1" in document.chip_auth.en
    [check] = [c for c in document.checks if c.name == "passive_authentication"]
    assert not check.ok


def test_passport_without_signer_certificate_is_not_checked(
    vicc_passport_without_certificate: str,
) -> None:
    document = _read_sample_passport(vicc_passport_without_certificate)
    assert document.chip_auth.outcome == "not_checked"


def test_passport_without_mrz_key_says_so(vicc_passport: str) -> None:
    from counter_app.identity.errors import UnsupportedCard

    with PcscReader(vicc_passport) as reader, pytest.raises(UnsupportedCard) as info:
        reader.read()
    assert "MRZ" in info.value.en
