"""GB 11643 numbers as a clerk types them: full-width input, spaces, and the permit prefixes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.id_types import DocKind, validate_identity
from counter_app.domain.idnumber import validate_id_number
from counter_app.errors import InvalidIdNumber

TODAY = date(2026, 12, 4)
# The worked example of GB 11643-1999 (北京市朝阳区, born 1949-12-31, check character X).
STANDARD_EXAMPLE = "11010519491231002X"


def full_width(text: str) -> str:
    """What a Chinese input method in full-width mode types for ASCII letters and digits."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def mod11_2(first17: str) -> str:
    """ISO 7064 MOD 11-2 written out from its definition (weights 2^(17-i) mod 11), as an
    oracle independent of the code under test."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def test_the_standard_example_is_valid() -> None:
    assert mod11_2(STANDARD_EXAMPLE[:17]) == "X"
    info = validate_id_number(STANDARD_EXAMPLE, today=TODAY)
    assert (info.birth_date, info.sex, info.kind) == (date(1949, 12, 31), "女", "resident")


@pytest.mark.parametrize(
    "typed",
    [
        full_width(STANDARD_EXAMPLE),  # １１０１０５１９４９１２３１００２Ｘ
        full_width(STANDARD_EXAMPLE[:17]) + "ｘ",
        "110105 19491231 002x",
        "\u3000110105\u300019491231\u3000002X\u3000",  # ideographic spaces
    ],
)
def test_full_width_and_spaced_numbers_are_normalised(typed: str) -> None:
    assert validate_id_number(typed, today=TODAY).number == STANDARD_EXAMPLE
    assert validate_identity("111", typed, today=TODAY).number == STANDARD_EXAMPLE


def test_a_full_width_passport_number_is_normalised() -> None:
    assert validate_identity("414", full_width("e12345678"), today=TODAY).number == "E12345678"


resident_numbers = st.builds(
    lambda region, born, order: region + born.strftime("%Y%m%d") + f"{order:03d}",
    st.sampled_from(["110105", "310104", "440305", "650102"]),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
).map(lambda first17: first17 + mod11_2(first17))


@given(resident_numbers)
def test_any_valid_number_typed_full_width_is_the_same_number(number: str) -> None:
    half = validate_id_number(number, today=TODAY)
    assert half.number == number
    assert validate_id_number(full_width(number), today=TODAY) == half
    assert validate_id_number(full_width(number).lower(), today=TODAY) == half


@given(resident_numbers, st.integers(min_value=0, max_value=16))
def test_a_mistyped_digit_is_still_caught_in_full_width(number: str, at: int) -> None:
    # MOD 11-2 detects every single-digit substitution: normalising must not weaken that.
    typo = number[:at] + str((int(number[at]) + 1) % 10) + number[at + 1 :]
    with pytest.raises(InvalidIdNumber):
        validate_id_number(full_width(typo), today=TODAY)


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_residence_permits_start_with_their_six_digit_code(prefix: str) -> None:
    first17 = prefix + "19900101123"
    number = first17 + mod11_2(first17)
    assert validate_id_number(number, today=TODAY).kind == "hkmotw_permit"


@pytest.mark.parametrize("prefix", ["810100", "811234", "820001", "831000"])
def test_residence_permit_with_another_prefix_is_refused(prefix: str) -> None:
    first17 = prefix + "19900101123"
    number = first17 + mod11_2(first17)
    with pytest.raises(InvalidIdNumber) as caught:
        validate_id_number(number, today=TODAY)
    assert "810000" in caught.value.zh and "830000" in caught.value.en
    with pytest.raises(InvalidIdNumber):
        validate_identity("990", number, DocKind.HKMOTW_RESIDENCE_PERMIT, today=TODAY)


def test_an_18_character_number_with_a_letter_names_the_character() -> None:
    with pytest.raises(InvalidIdNumber) as refused:
        validate_id_number("31010419800101123A")
    assert refused.value.zh.startswith("证件号码第18位是“A”")
    assert "当前为18位" not in refused.value.zh
    with pytest.raises(InvalidIdNumber) as refused:
        validate_id_number("3101041980O101123X")
    assert "第11位是“O”" in refused.value.zh and "Character 11" in refused.value.en
