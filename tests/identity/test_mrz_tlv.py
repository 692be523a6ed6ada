"""MRZ (TD1/TD3) and TLV parsers, including fuzzing: never crash, always say what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.errors import ValidationError
from counter_app.identity.errors import (
    BadCardData,
    MrzCharacterNotAllowed,
    MrzCheckDigitWrong,
    MrzLineCountWrong,
    MrzLineLengthWrong,
)
from counter_app.identity.mrz import build_td3, check_digit, mrz_date, parse_mrz, parse_typed_mrz
from counter_app.identity.tlv import encode_ber, encode_simple_tlv, parse_ber_tlv, parse_simple_tlv

# ICAO 9303 Part 4/5 specimens.
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
# German specimens (BSI): the one-letter state code "D" is padded to three with fillers.
GERMAN_TD3 = (
    "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"
)
GERMAN_TD1 = (
    "IDD<<T220001293<<<<<<<<<<<<<<<\n6408125<2010315D<<<<<<<<<<<<<4\nMUSTERMANN<<ERIKA<<<<<<<<<<<<<"
)
# ICAO 9303 Part 6 specimen (2 x 36).
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


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


@pytest.mark.parametrize("text", [GERMAN_TD3, GERMAN_TD1])
def test_state_codes_lose_their_fillers(text: str) -> None:
    mrz = parse_mrz(text)
    assert mrz.check_failures == ()
    assert (mrz.issuing_state, mrz.nationality) == ("D", "D")


def test_typed_mrz_with_good_check_digits_is_accepted() -> None:
    assert parse_typed_mrz(TD3).document_number == "L898902C3"
    assert parse_typed_mrz(GERMAN_TD1).document_number == "T22000129"


@pytest.mark.parametrize(
    ("text", "field", "zh", "en"),
    [
        # One digit of the document number mistyped (2 -> 3): its own digit and the
        # composite fail; the clerk is pointed at the document number only.
        (
            TD3.replace("L898902C3", "L898903C3"),
            "mrz.document_number",
            "证件号码",
            "document number",
        ),
        (TD3.replace("7408122", "7408132"), "mrz.birth_date", "出生日期", "birth date"),
        (TD3.replace("1204159", "1204169"), "mrz.expiry_date", "有效期", "expiry date"),
        (TD3[:-1] + "1", "mrz.composite", "总校验位", "Composite check digit"),
        (
            TD1.replace("D23145890", "D23145899"),
            "mrz.document_number",
            "证件号码",
            "document number",
        ),
    ],
)
def test_typed_mrz_with_a_wrong_check_digit_is_refused_naming_the_field(
    text: str, field: str, zh: str, en: str
) -> None:
    with pytest.raises(MrzCheckDigitWrong) as caught:
        parse_typed_mrz(text)
    assert caught.value.field == field
    assert caught.value.zh.startswith(zh) and "校验位错误" in caught.value.zh
    assert en in caught.value.en and "check digit wrong" in caught.value.en.lower()


def test_td2_specimen() -> None:
    for mrz in (parse_mrz(TD2), parse_typed_mrz(TD2), parse_mrz(TD2.replace("\n", ""))):
        assert (mrz.format, mrz.document_code, mrz.issuing_state) == ("TD2", "I", "UTO")
        assert (mrz.surname, mrz.given_names, mrz.document_number) == (
            "ERIKSSON",
            "ANNA MARIA",
            "D23145890",
        )
        assert (mrz.birth_date, mrz.sex, mrz.expiry_date) == ("740812", "F", "120415")
        assert mrz.check_failures == ()
    with pytest.raises(MrzCheckDigitWrong) as caught:
        parse_typed_mrz(TD2.replace("7408122", "7408132"))
    assert caught.value.field == "mrz.birth_date" and "第2行" in caught.value.zh


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        # The last character of line 2 left out.
        (TD3[:-1], "第2行应为44个字符，实际43个", "line 2 should have 44 characters but has 43"),
        (
            TD1 + "<",
            "第3行应为30个字符，实际31个",
            "line 3 should have 30 characters but has 31",
        ),
        (
            TD2.replace("ANNA<MARIA<<", "ANNA<MARIA<"),
            "第1行应为36个字符，实际35个",
            "line 1 should have 36 characters but has 35",
        ),
        # Only line 1 typed: not a whole MRZ.
        (TD3.splitlines()[0], "实际输入了1行（44个字符）", "1 line (44 characters) was typed"),
        (
            TD1 + "\n<<<",
            "实际输入了4行（30、30、30、3个字符）",
            "4 lines (30, 30, 30, 3 characters)",
        ),
        (" \n\u3000", "实际没有输入", "nothing was typed"),
    ],
)
def test_a_typed_mrz_of_the_wrong_length_says_which_line_and_how_long(
    text: str, zh: str, en: str
) -> None:
    with pytest.raises((MrzLineLengthWrong, MrzLineCountWrong)) as caught:
        parse_typed_mrz(text)
    error = caught.value
    assert zh in error.zh and en in error.en
    # Typed input is not a card read: the clerk is told what to type, not to read again.
    assert "读卡" not in error.zh and "read the card" not in error.en
    assert "TD3 2行×44" in error.zh and "TD1 3 × 30" in error.en


@pytest.mark.parametrize(
    ("text", "line", "position", "zh", "en"),
    [
        (TD3.replace("ANNA<MARIA", "ANNA MARIA"), 1, 20, "（空格）", "a space"),
        (TD3.replace("ERIKSSON", "ERIKSSÖN"), 1, 12, "“Ö”", "'Ö'"),
        # A full-width "！" becomes "!", which is still not allowed.
        (TD1.replace("F1204159", "F！204159"), 2, 9, "“!”", "'!'"),
        # Not silently rewritten: a Roman numeral, a German sharp s, a guillemet.
        (TD3.replace("L898902C3", "L89890ⅡC3"), 2, 7, "“Ⅱ”", "'Ⅱ'"),
        (TD3.replace("MARIA", "MARIß"), 1, 25, "“ß”", "'ß'"),
        (TD3.replace("P<UTO", "P«UTO"), 1, 2, "“«”", "'«'"),
    ],
)
def test_a_typed_mrz_with_a_bad_character_says_which_and_where(
    text: str, line: int, position: int, zh: str, en: str
) -> None:
    with pytest.raises(MrzCharacterNotAllowed) as caught:
        parse_typed_mrz(text)
    error = caught.value
    assert f"第{line}行第{position}个字符{zh}" in error.zh
    assert f"line {line}, position {position}: {en} is not allowed" in error.en
    assert "A–Z、0–9 和 <" in error.zh and "A–Z, 0–9 and <" in error.en
    assert "读卡" not in error.zh and error.field == f"mrz.line{line}"


def _as_chinese_input_method_types(text: str) -> str:
    """Chinese punctuation mode: "<" comes out as 《; full-width letters and digits."""
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)
    return wide.replace("<", "《")


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        (_as_chinese_input_method_types(TD3), TD3),
        (TD3.replace("<", "＜"), TD3),
        (TD3.lower(), TD3),
        # Surrounding spaces (ASCII and ideographic), a trailing space, Windows line ends,
        # a blank line between.
        ("  " + TD3.replace("\n", " \r\n\r\n\u3000") + " ", TD3),
        (_as_chinese_input_method_types(TD1).lower(), TD1),
        # A wedge scanner that sends the whole MRZ as one run.
        (TD3.replace("\n", ""), TD3),
        (TD2.replace("\n", "") + " ", TD2),
    ],
)
def test_what_a_chinese_input_method_types_is_read_as_the_mrz(typed: str, plain: str) -> None:
    assert parse_typed_mrz(typed) == parse_mrz(plain)


def test_birth_date_is_never_in_the_future_by_full_date() -> None:
    # 31 Dec 2026 has not happened on 4 Dec 2026: the holder was born in 1926.
    today = date(2026, 12, 4)
    assert mrz_date("261231", field="birth_date", expiry=False, today=today) == date(1926, 12, 31)
    assert mrz_date("261204", field="birth_date", expiry=False, today=today) == date(2026, 12, 4)
    assert mrz_date("000229", field="birth_date", expiry=False, today=today) == date(2000, 2, 29)


def test_expiry_date_window_is_by_full_date() -> None:
    today = date(2026, 12, 4)
    assert mrz_date("761204", field="expiry_date", expiry=True, today=today) == date(2076, 12, 4)
    assert mrz_date("761205", field="expiry_date", expiry=True, today=today) == date(1976, 12, 5)
    assert mrz_date("270228", field="expiry_date", expiry=True, today=today) == date(2027, 2, 28)


@settings(max_examples=300, deadline=1000)
@given(
    today=st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)),
    age_days=st.integers(min_value=0, max_value=36_000),
)
def test_any_birth_date_within_a_century_round_trips(today: date, age_days: int) -> None:
    born = today - timedelta(days=age_days)
    read = mrz_date(born.strftime("%y%m%d"), field="birth_date", expiry=False, today=today)
    assert read == born and read <= today


@settings(max_examples=300, deadline=1000)
@given(
    today=st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)),
    offset_days=st.integers(min_value=-18_000, max_value=18_000),
)
def test_any_expiry_within_fifty_years_round_trips(today: date, offset_days: int) -> None:
    expiry = today + timedelta(days=offset_days)
    assert (
        mrz_date(expiry.strftime("%y%m%d"), field="expiry_date", expiry=True, today=today) == expiry
    )


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


@pytest.mark.timeout(60)  # a hang in a parser fails here, not at the suite's limit
@settings(max_examples=300, deadline=1000)
@given(st.text(alphabet="ABCD0123456789<《＜ａＢ１ \u3000\né", max_size=100))
def test_fuzz_typed_mrz(text: str) -> None:
    """Typed input is never answered with the card reader's error: always what to type."""
    try:
        mrz = parse_typed_mrz(text)
    except ValidationError as exc:
        assert exc.zh and exc.en and (exc.field or "").startswith("mrz")
    else:
        assert mrz.format in ("TD1", "TD2", "TD3")
