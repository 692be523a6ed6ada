"""A name typed with a space inside a Chinese name or in full-width Latin letters is stored
as it is printed: 张三, John Smith; a Chinese character is never changed, a compatibility
ideograph included; the blind index of the stored form is that of every typed form."""

from __future__ import annotations

import pytest

from counter_app.domain.names import normalize_name, validate_name
from counter_app.store.pii import normalize_for_index


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("张　三", "张三"),
        ("张 三", "张三"),
        (" 李　四 ", "李四"),
        ("王 五", "王五"),
        ("𠮷田 太郎", "𠮷田太郎"),
        ("金 智秀", "金智秀"),
        ("山田 さくら", "山田さくら"),
        ("Ｊｏｈｎ　Ｓｍｉｔｈ", "John Smith"),
        ("John  Smith", "John Smith"),
        ("ＭＡＲＩＡ ＬＯＰＥＺ２", "MARIA LOPEZ2"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("张 Smith", "张 Smith"),  # a space between scripts stays
    ],
)
def test_spaces_inside_chinese_names_go_and_full_width_latin_becomes_ascii(typed, stored):
    assert validate_name(typed) == stored


@pytest.mark.parametrize(
    "name",
    [
        "𠮷",
        "陳大文",
        "\uf900\uf901",  # CJK compatibility ideographs: NFC would make them U+8C48 U+66F4
        "王\U0002f800",  # from the compatibility supplement
    ],
)
def test_chinese_characters_stay_exactly_as_typed(name):
    assert validate_name(name) == name


def test_a_compatibility_ideograph_beside_a_space_loses_only_the_space():
    assert normalize_name("\uf900 \uf901") == "\uf900\uf901"


@pytest.mark.parametrize(
    ("earlier", "typed"),
    [
        ("张 三", "张　三"),  # stored before spaces inside Chinese names went
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),  # stored before full-width became ASCII
        ("\u8c48", "\uf900"),  # stored before compatibility ideographs were kept
    ],
)
def test_names_stored_earlier_have_the_index_of_the_form_stored_now(earlier, typed):
    assert normalize_for_index(earlier) == normalize_for_index(normalize_name(typed))
