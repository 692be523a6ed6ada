"""The 256-byte base text for the four layouts, and fuzzing of the decoder."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.identity.basetext import decode_base_message, encode_base_text
from counter_app.identity.document import DocType
from counter_app.identity.errors import BadCardData, ReaderError, UnsupportedCard
from counter_app.identity.samples import SAMPLES_BY_KEY


def _decode(key: str):  # type: ignore[no-untyped-def]
    card = SAMPLES_BY_KEY[key]
    return decode_base_message(card.base_text, card.photo)


def test_resident_layout_long_term_and_nation() -> None:
    doc = _decode("resident")
    assert (doc.doc_type, doc.name, doc.sex, doc.nation) == (
        DocType.RESIDENT_ID,
        "王建国",
        "男",
        "汉",
    )
    assert doc.valid_to == "长期" and doc.to_json()["valid_to"] == "长期"
    assert doc.birth_date == date(1958, 3, 12)
    assert doc.checks[0].name == "gb11643" and doc.checks[0].ok
    assert doc.photo_format == "wlt" and not doc.photo_decodable
    assert doc.photo_message == "photo cannot be decoded on this workstation"


def test_rare_characters_and_dot_names_survive() -> None:
    assert _decode("resident_expired").name == "李𠮷"
    assert _decode("resident_rare").name == "陈𪚥"
    uyghur = _decode("resident_uyghur")
    assert uyghur.name == "买买提·艾力" and uyghur.nation == "维吾尔"


def test_expired_card_is_reported_expired() -> None:
    valid_to = _decode("resident_expired").valid_to
    assert isinstance(valid_to, date) and valid_to < date(2026, 11, 27)


def test_foreigner_2017_layout() -> None:
    doc = _decode("foreign_2017")
    assert doc.doc_type == DocType.FOREIGN_PERMANENT_2017
    assert (doc.english_name, doc.name, doc.nationality) == ("SMITH, JOHN MICHAEL", "史密斯", "USA")
    assert doc.id_number == "USA310087060015" and doc.checks[0].ok
    assert doc.issuer == "1500"


def test_foreigner_2023_layout() -> None:
    doc = _decode("foreign_2023")
    assert doc.doc_type == DocType.FOREIGN_PERMANENT_2023
    assert doc.id_number.startswith("9") and doc.checks[0].ok
    assert (doc.english_name, doc.nationality, doc.sex) == ("ROSSI, MARIA", "ITA", "女")


def test_hkmotw_permit_layout() -> None:
    doc = _decode("hkmotw_permit")
    assert doc.doc_type == DocType.HKMOTW_RESIDENCE_PERMIT
    assert doc.pass_number == "H12345678" and doc.id_number.startswith("81")
    assert doc.id_type.value == "990"


def test_bad_check_character_is_reported_not_hidden() -> None:
    card = SAMPLES_BY_KEY["resident"]
    fields = dict(card.base_fields)
    fields["id_number"] = fields["id_number"][:17] + (
        "0" if fields["id_number"][17] != "0" else "1"
    )
    doc = decode_base_message(encode_base_text(DocType.RESIDENT_ID, fields), b"")
    assert not doc.checks[0].ok and "check character" in doc.checks[0].detail


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("birth_date", "19581399", "date"),
        ("sex", "7", "sex"),
        ("nation", "77", "nation"),
        ("valid_from", "2015AB01", "date"),
    ],
)
def test_bad_fields_say_what_is_wrong(field: str, value: str, what: str) -> None:
    fields = dict(SAMPLES_BY_KEY["resident"].base_fields, **{field: value})
    with pytest.raises(BadCardData) as info:
        decode_base_message(encode_base_text(DocType.RESIDENT_ID, fields), b"")
    assert info.value.what == what


def test_wrong_length_and_unknown_flag() -> None:
    with pytest.raises(BadCardData) as info:
        decode_base_message(b"\x20\x00" * 100, b"")
    assert info.value.what == "length"
    text = bytearray(SAMPLES_BY_KEY["resident"].base_text)
    text[248:250] = "Q".encode("utf-16-le")
    with pytest.raises(UnsupportedCard):
        decode_base_message(bytes(text), b"")


def test_repr_never_shows_personal_data() -> None:
    doc = _decode("resident_uyghur")
    text = repr(doc) + str(doc)
    assert "买买提" not in text and doc.id_number not in text and "新疆" not in text


@pytest.mark.timeout(60)  # a hang in a parser fails here, not at the suite's limit
@settings(max_examples=300)
@given(
    st.binary(min_size=256, max_size=256),
    st.sampled_from([b"  ", b"I\x00", b"Y\x00", b"J\x00", b"\x00\x00"]),
)
def test_fuzz_decoder_never_crashes(text: bytes, flag: bytes) -> None:
    raw = text[:248] + flag + text[250:]
    try:
        decode_base_message(raw, b"")
    except ReaderError as exc:
        assert exc.zh and exc.en
