import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.names import MIDDLE_DOT, NAME_MAX_CHARS, normalize_name, validate_name
from counter_app.errors import InvalidName


@pytest.mark.parametrize(
    "raw",
    ["张𠮷", "𪚥", "王𪚥明", "阿依古丽·买买提", "John Smith", "Ольга", "José María", "陳大文"],
)
def test_real_names_are_kept_exactly(raw):
    assert validate_name(raw) == raw


@pytest.mark.parametrize("dot", ["・", "•", "‧", "･", "∙", "⋅", "．"])
def test_dot_variants_fold_to_the_middle_dot(dot):
    assert validate_name(f"阿依古丽{dot}买买提") == f"阿依古丽{MIDDLE_DOT}买买提"


def test_spaces_are_collapsed_and_trimmed_around_dots():
    assert normalize_name("  阿依古丽 · 买买提  ") == "阿依古丽·买买提"
    assert normalize_name("John\t \nSmith") == "John Smith"


@pytest.mark.parametrize(
    "raw",
    [
        "张\u200b三",
        "张\x00三",
        "张\u202e三",
        "\ufeff张三",
        "张\u2028三",
        "张\ue000\U000e0001",
        "a\U0010fffe",
    ],
)
def test_control_format_and_unassigned_characters_are_refused(raw):
    with pytest.raises(InvalidName) as caught:
        validate_name(raw)
    assert caught.value.field == "name"
    assert "U+" in caught.value.zh


@pytest.mark.parametrize("raw", ["", "   ", "·张三", "张三·", "张··三", "12345", "·"])
def test_empty_or_malformed_names_are_refused(raw):
    with pytest.raises(InvalidName):
        validate_name(raw)


def test_length_counts_code_points_not_utf16_units():
    assert validate_name("𠮷" * NAME_MAX_CHARS) == "𠮷" * NAME_MAX_CHARS
    with pytest.raises(InvalidName) as caught:
        validate_name("𠮷" * (NAME_MAX_CHARS + 1))
    assert "过长" in caught.value.zh and "too long" in caught.value.en


@given(st.text(max_size=100))
def test_any_text_is_either_a_clean_name_or_a_typed_error(raw):
    try:
        name = validate_name(raw, field="applicant.name")
    except InvalidName as exc:
        assert exc.field == "applicant.name" and exc.zh and exc.en
    else:
        assert name == validate_name(name)  # normalising is idempotent
        assert 0 < len(name) <= NAME_MAX_CHARS
