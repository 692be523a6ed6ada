"""Social security card reading against the in-process card simulator (status-word cases)."""

from __future__ import annotations

import pytest

from counter_app.identity.apdu import transceive
from counter_app.identity.errors import BadCardData, CardRemoved, UnsupportedCard
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.sscard import read_social_security_card
from counter_app.identity.sscard_simulator import SocialSecurityCardSimulator

DATA = SAMPLES_BY_KEY["social_security"].social_security
assert DATA is not None


@pytest.mark.parametrize("t0_style", [False, True])
def test_reads_records_including_61xx(t0_style: bool) -> None:
    document = read_social_security_card(SocialSecurityCardSimulator(DATA, t0_style=t0_style))
    assert (document.name, document.card_number, document.sex, document.nation) == (
        "赵𠮷敏",
        "A12345678",
        "女",
        "汉",
    )
    assert document.to_json()["birth_date"] == "1976-08-30"
    assert document.id_type.value == "111"


def test_6cxx_resends_with_the_right_le() -> None:
    card = SocialSecurityCardSimulator(DATA)
    card.transmit(bytes.fromhex("00A4040C0F") + "sx1.sh.社会保障".encode("gbk"))
    data, sw = transceive(card, bytes.fromhex("00B2013405"))  # EF06 record 1 has 20 bytes, not 5
    assert sw == 0x9000 and data[:2] == b"\x08\x12" and len(data) == 20


def test_not_a_social_security_card() -> None:
    class OtherCard:
        def transmit(self, apdu: bytes) -> tuple[bytes, int]:
            return b"", 0x6A82

    with pytest.raises(UnsupportedCard):
        read_social_security_card(OtherCard())


def test_card_pulled_out() -> None:
    card = SocialSecurityCardSimulator(DATA)
    card.present = False
    with pytest.raises(CardRemoved):
        read_social_security_card(card)


def test_bad_bcd_date_says_bcd() -> None:
    class Corrupt(SocialSecurityCardSimulator):
        def transmit(self, apdu: bytes) -> tuple[bytes, int]:
            data, sw = super().transmit(apdu)
            if data[:1] == b"\x0d":
                data = b"\x0d\x04\x19\x7a\x08\x30"
            return data, sw

    with pytest.raises(BadCardData) as info:
        read_social_security_card(Corrupt(DATA))
    assert info.value.what == "bcd"
