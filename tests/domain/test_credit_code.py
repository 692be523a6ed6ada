"""An organisation's number is its unified social credit code (GB 32100): every number given
for an enterprise or other organisation is held to it, and each way it is wrong is said;
a credit code under a person's document type is named as one; an organisation's code shows
in full, a person's number masked."""

from __future__ import annotations

import pytest

from counter_app.domain.id_types import DocKind, IdType, validate_identity
from counter_app.domain.idnumber import (
    check_character,
    credit_check_character,
    mask_id_number,
    shown_applicant_number,
)
from counter_app.errors import InvalidIdNumber

CREDIT_CODE = "91310104MA1FL5LX0" + credit_check_character("91310104MA1FL5LX0")
WRONG_CHECK = CREDIT_CODE[:17] + ("8" if CREDIT_CODE[17] != "8" else "7")
RESIDENT = "31010419800101123" + check_character("31010419800101123")


def _refusal(
    number: str, id_type: str = "990", doc_kind: str | None = None, *, organisation: bool = False
) -> str:
    """The refusal's Chinese sentence."""
    with pytest.raises(InvalidIdNumber) as refused:
        validate_identity(id_type, number, doc_kind, organisation=organisation)
    assert refused.value.field == "id_number"
    return refused.value.zh


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("ABC", "统一社会信用代码应为18位，当前3位"),
        (CREDIT_CODE[:17], "统一社会信用代码应为18位，当前17位"),
        (CREDIT_CODE + "1", "统一社会信用代码应为18位，当前19位"),
        (
            CREDIT_CODE[:16] + "O" + CREDIT_CODE[17],
            "第17位是字母O：I、O、S、V、Z 不会出现在统一社会信用代码中，可能是数字0",
        ),
        ("310104000123456", "旧版工商注册号，请填写营业执照上的18位统一社会信用代码"),
        (WRONG_CHECK, f"统一社会信用代码校验位不符（应为{CREDIT_CODE[17]}）"),
        (RESIDENT, "这是个人的居民身份证号码"),
        ("9131-0104MA1FL5LX", "只由数字和大写字母组成"),
    ],
)
def test_an_organisations_number_is_held_to_the_credit_code(number: str, said: str) -> None:
    assert said in _refusal(number, organisation=True)
    assert said in _refusal(number, "990", "other", organisation=True)


def test_an_organisations_code_is_taken_as_typed_from_the_licence() -> None:
    grouped = " ".join(CREDIT_CODE[at : at + 4] for at in range(0, 18, 4))
    for typed in (CREDIT_CODE, CREDIT_CODE.lower(), grouped):
        taken = validate_identity(IdType.OTHER, typed, organisation=True)
        assert (taken.id_type, taken.doc_kind, taken.number) == (
            IdType.OTHER,
            DocKind.OTHER,
            CREDIT_CODE,
        )


def test_refusals_name_the_problem_in_english_too() -> None:
    with pytest.raises(InvalidIdNumber) as refused:
        validate_identity("990", "91310104MA1FL5LXO9", organisation=True)
    assert "I, O, S, V and Z never occur" in refused.value.en
    assert "the digit 0" in refused.value.en


def test_a_persons_other_document_keeps_its_own_rules() -> None:
    """Under 990 a person's document (a Taiwan compatriot permit, …) is no credit code."""
    assert validate_identity("990", "12345678").number == "12345678"
    assert validate_identity("990", "310104000123456").number == "310104000123456"


def test_a_credit_code_under_the_resident_id_type_is_named_as_one() -> None:
    said = _refusal(CREDIT_CODE, "111")
    assert "统一社会信用代码" in said and "法人或其他组织" in said
    assert "当前为18位" not in said


def test_an_organisations_code_shows_in_full_and_a_persons_number_masked() -> None:
    assert shown_applicant_number(CREDIT_CODE, organisation=True, id_type="990") == CREDIT_CODE
    masked = shown_applicant_number(RESIDENT, organisation=False, id_type="111")
    assert masked == mask_id_number(RESIDENT) and RESIDENT[4:14] not in masked
    # An older release's organisation with a person's number, or with no credit code: masked.
    assert shown_applicant_number(RESIDENT, organisation=True, id_type="111") == masked
    assert shown_applicant_number("ABC", organisation=True, id_type="990") == mask_id_number("ABC")
