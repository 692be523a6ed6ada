"""The separator of a two-part name and the apostrophe of a Latin one, however a card
reader, an input method or a phone writes them, are stored as one character, so the name
is found and printed whichever way it came; a private-use code point is no character."""

from __future__ import annotations

import pytest

from counter_app.domain.names import MIDDLE_DOT, normalize_name, validate_name
from counter_app.errors import InvalidName


@pytest.mark.parametrize(
    "typed",
    [
        "买买提\u2e31艾力",  # word separator middle dot, which no printing font draws
        "买买提.艾力",
        "买买提。艾力",
        "买买提\uff61艾力",  # half-width ideographic full stop
        "买买提．艾力",  # full-width full stop
        "买买提 . 艾力",
        "买买提　。　艾力",
        "买买提・艾力",
    ],
)
def test_a_dot_or_full_stop_between_two_chinese_parts_is_the_middle_dot(typed):
    assert validate_name(typed) == f"买买提{MIDDLE_DOT}艾力"
    assert normalize_name(f"买买提{MIDDLE_DOT}艾力") == f"买买提{MIDDLE_DOT}艾力"


def test_every_separator_of_a_three_part_name_is_folded():
    assert validate_name("阿依古丽.买买提 。 艾力") == "阿依古丽·买买提·艾力"
    assert normalize_name("阿依古丽·买买提·艾力") == "阿依古丽·买买提·艾力"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SMITH JR.", "SMITH JR."),
        ("ＳＭＩＴＨ ＪＲ．", "SMITH JR."),  # typed in full-width mode
        ("J. R. R. TOLKIEN", "J. R. R. TOLKIEN"),
        ("St.John", "St.John"),
        ("王.Smith", "王.Smith"),  # only between two Chinese characters
    ],
)
def test_a_full_stop_in_a_latin_name_stays_a_full_stop(typed, stored):
    assert validate_name(typed) == stored == normalize_name(stored)


@pytest.mark.parametrize("typed", ["O’BRIEN", "O‘BRIEN", "Ｏ’ＢＲＩＥＮ", "O'BRIEN"])
def test_curly_apostrophes_are_the_ascii_apostrophe(typed):
    assert validate_name(typed) == "O'BRIEN"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("王\ue000明", "U+E000"),  # a card reader vendor's code for a 生僻字
        ("\uf8ff", "U+F8FF"),
        ("李\U000f0001", "U+F0001"),  # the supplementary private-use planes too
    ],
)
def test_a_private_use_code_point_is_refused_with_what_to_do(raw, code):
    with pytest.raises(InvalidName) as caught:
        validate_name(raw, field="applicant.name")
    refused = caught.value
    assert refused.field == "applicant.name"
    assert code in refused.zh and "不是该字本身" in refused.zh and "输入法输入该字" in refused.zh
    assert code in refused.en and "type the real character" in refused.en
