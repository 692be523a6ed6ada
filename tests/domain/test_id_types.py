from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.id_types import DocKind, IdType, validate_identity
from counter_app.domain.idnumber import check_character, is_credit_code
from counter_app.errors import InvalidIdNumber

TODAY = date(2026, 11, 27)


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


def test_resident_number_with_x_check_character():
    number = with_check("11010519491231002")
    assert number.endswith("X")
    result = validate_identity("111", number.lower(), today=TODAY)
    assert result.number == number and result.doc_kind == DocKind.RESIDENT_ID
    assert result.birth_date == date(1949, 12, 31)


def test_household_register_carries_the_citizen_number():
    result = validate_identity(
        IdType.HOUSEHOLD_REGISTER, with_check("31010419800101123"), today=TODAY
    )
    assert result.doc_kind == DocKind.HOUSEHOLD_REGISTER


@pytest.mark.parametrize(
    ("doc_kind", "first17"),
    [
        (DocKind.FOREIGN_PERMANENT_2023, "93310019800101123"),
        (DocKind.HKMOTW_RESIDENCE_PERMIT, "81000019900101123"),
        (DocKind.HKMOTW_RESIDENCE_PERMIT, "83000019900101123"),
    ],
)
def test_gb11643_cards_for_foreigners_and_permit_holders(doc_kind, first17):
    assert validate_identity("990", with_check(first17), doc_kind, today=TODAY).doc_kind == doc_kind
    # Under "other" the number's shape alone picks the same rules.
    assert validate_identity("990", with_check(first17), today=TODAY).doc_kind == doc_kind
    wrong = first17 + ("0" if with_check(first17)[-1] != "0" else "1")
    with pytest.raises(InvalidIdNumber):
        validate_identity("990", wrong, today=TODAY)


def test_a_resident_type_refuses_a_permit_number():
    with pytest.raises(InvalidIdNumber) as caught:
        validate_identity("111", with_check("81000019900101123"), today=TODAY)
    assert "证件类型" in caught.value.zh


def test_foreign_permanent_2017_shape():
    assert (
        validate_identity("990", "usa310079010101", today=TODAY).doc_kind
        == DocKind.FOREIGN_PERMANENT_2017
    )
    for bad in ("US3100790101011", "USA31007901010", "USA3100790101011"):
        with pytest.raises(InvalidIdNumber):
            validate_identity("990", bad, DocKind.FOREIGN_PERMANENT_2017, today=TODAY)


@pytest.mark.parametrize("number", ["E12345678", "G1234", "AB12345678901234567Z"])
def test_passports_are_bounded_free_text(number):
    assert validate_identity("414", number.lower(), today=TODAY).number == number


@pytest.mark.parametrize("number", ["E123", "E12345678901234567890X", "E1234-678", "护照12345"])
def test_bad_passports(number):
    with pytest.raises(InvalidIdNumber) as caught:
        validate_identity("414", number, today=TODAY)
    assert caught.value.field == "id_number"


@pytest.mark.parametrize("number", ["H12345678", "M1234567801"])
def test_hk_macao_permits(number):
    assert validate_identity("513", number, today=TODAY).number == number


def test_unknown_codes_are_typed_errors():
    with pytest.raises(InvalidIdNumber) as caught:
        validate_identity("999", "X")
    assert caught.value.field == "id_type"
    with pytest.raises(InvalidIdNumber) as caught:
        validate_identity("990", "X", "martian_card")
    assert caught.value.field == "doc_kind"


@given(
    st.sampled_from(["111", "113", "414", "513", "990", "", "12", "xyz"]),
    st.one_of(st.text(max_size=40), st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True)),
    st.sampled_from([None, *DocKind]),
)
def test_fuzz_validator_never_crashes(id_type, number, doc_kind):
    try:
        result = validate_identity(id_type, number, doc_kind, today=TODAY)
    except InvalidIdNumber as exc:
        assert exc.zh and exc.en and exc.field
    else:
        assert result.number == result.number.strip().upper()
        assert 1 <= len(result.number) <= 30


@pytest.mark.parametrize("code", ["91310000MA1FL3LR9K", "91350100M000100Y43", "811100005000000008"])
def test_a_credit_code_under_other_is_no_foreigner_card_nor_permit(code):
    """An enterprise's or a trade union's unified social credit code (GB 32100) starts with 9
    or 8 like a 2023 foreigner card or a residence permit, and is taken as it is."""
    assert is_credit_code(code)
    assert validate_identity("990", code, today=TODAY).doc_kind == DocKind.OTHER
