"""MRZ (TD1/TD3) and TLV parsers, including fuzzing: never crash, always say what."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.identity.errors import BadCardData
from counter_app.identity.mrz import build_td3, check_digit, parse_mrz
from counter_app.identity.tlv import encode_ber, encode_simple_tlv, parse_ber_tlv, parse_simple_tlv

# ICAO 9303 Part 4/5 specimens.
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)


def test_td3_specimen() -> None:
    mrz = parse_mrz(TD3)
    assert (mrz.format, mrz.surname, mrz.given_names) == ("TD3", "ERIKSSON", "ANNA MARIA")
    assert (mrz.document_number, mrz.birth_date, mrz.expiry_date, mrz.sex) == (
        "L898902C3",
        "740812",
        "120415",
        "F",
    )
    assert mrz.check_failures == ()


def test_td1_specimen() -> None:
    mrz = parse_mrz(TD1)
    assert (mrz.format, mrz.document_number, mrz.nationality) == ("TD1", "D23145890", "UTO")
    assert mrz.check_failures == ()


def test_check_digits_and_typo_detection() -> None:
    assert check_digit("L898902C<") == "3"
    assert check_digit("690806") == "1"
    typo = TD3.replace("7408122", "7408132")
    assert "birth_date" in parse_mrz(typo).check_failures


def test_builder_round_trip() -> None:
    mrz = build_td3(
        code="P",
        state="CHN",
        surname="ZHANG",
        given="SAN",
        number="E12345678",
        nationality="CHN",
        birth="900101",
        sex="M",
        expiry="300101",
    )
    assert parse_mrz(mrz).check_failures == ()


@pytest.mark.parametrize(
    ("text", "what"),
    [("P<UTO", "mrz length"), (TD3 + "<", "mrz length"), ("Ä" * 88, "mrz character")],
)
def test_bad_mrz_says_what(text: str, what: str) -> None:
    with pytest.raises(BadCardData) as info:
        parse_mrz(text)
    assert info.value.what == what


def test_simple_tlv() -> None:
    data = encode_simple_tlv(0x08, b"abc") + encode_simple_tlv(0x09, bytes(300))
    assert parse_simple_tlv(data) == [(0x08, b"abc"), (0x09, bytes(300))]
    with pytest.raises(BadCardData, match="needs 5 bytes"):
        parse_simple_tlv(b"\x08\x05ab")


def test_ber_tlv_nested() -> None:
    data = encode_ber(
        0x75, encode_ber(0x7F61, encode_ber(0x02, b"\x01") + encode_ber(0x5F2E, b"face"))
    )
    [top] = parse_ber_tlv(data)
    found = top.find(0x5F2E)
    assert found is not None and found.value == b"face"


@pytest.mark.timeout(60)  # a hang in a parser fails here, not at the suite's limit
@settings(max_examples=400)
@given(st.binary(max_size=300))
def test_fuzz_tlv_parsers(data: bytes) -> None:
    for parser in (parse_simple_tlv, parse_ber_tlv):
        try:
            parser(data)
        except BadCardData as exc:
            assert exc.what == "tlv" and exc.en


@pytest.mark.timeout(60)  # a hang in a parser fails here, not at the suite's limit
@settings(max_examples=400)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<\n é", max_size=100))
def test_fuzz_mrz_parser(text: str) -> None:
    try:
        mrz = parse_mrz(text)
    except BadCardData as exc:
        assert exc.what.startswith("mrz") and exc.en
    else:
        assert mrz.format in ("TD1", "TD3")


@pytest.mark.timeout(60)  # a hang in a parser fails here, not at the suite's limit
@settings(max_examples=200)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=88, max_size=88))
def test_fuzz_mrz_of_right_length(text: str) -> None:
    assert parse_mrz(text).format == "TD3"
