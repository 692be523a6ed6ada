"""Documents of applicants who are not mainland residents: their numbers masked in
proportion, an ID type code that contradicts the document kind refused, a credit code's
typo named as one, the household concern for every document that proves no mainland 户籍,
and a long transliterated name taken."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.eligibility import ApplicantFacts, EligibilityRule, check_eligibility
from counter_app.domain.id_types import DocKind, validate_identity
from counter_app.domain.idnumber import check_character, credit_check_character, mask_id_number
from counter_app.domain.names import validate_name
from counter_app.errors import InvalidIdNumber, ValidationError

TODAY = date(2026, 12, 4)
SENIOR = EligibilityRule(min_age=65, household_region="31", household_region_name="上海市")
CREDIT_CODE = "91310000MA1FL8XQ3" + credit_check_character("91310000MA1FL8XQ3")


def test_an_18_character_number_is_masked_as_it_always_was() -> None:
    first17 = "31010119900101123"
    assert mask_id_number(first17 + "X") == "3101**********123X"
    assert mask_id_number(CREDIT_CODE) == CREDIT_CODE[:4] + "*" * 10 + CREDIT_CODE[-4:]


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("H12345678", "H******78"),  # 港澳居民来往内地通行证
        ("H1234567801", "H********01"),  # the same, issued before 2013
        ("EA1234567", "E******67"),  # passport
        ("X7654321", "X******1"),  # passport
        ("A123456(7)", "A*******7)"),  # Hong Kong identity card under 990
        ("18AB12345", "1******45"),
        ("12345678", "1******8"),  # 台胞证
        ("USA310087060015", "US**********015"),  # foreigner card (2017)
        ("AB123", "****3"),  # the shortest passport
        ("12", "**"),
    ],
)
def test_a_shorter_number_shows_about_a_third(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@pytest.mark.parametrize("length", range(1, 31))
def test_no_length_shows_more_than_half_nor_below_18_more_than_a_third(length: int) -> None:
    number = "".join(str(i % 10) for i in range(length))
    shown = sum(c != "*" for c in mask_id_number(number))
    assert len(mask_id_number(number)) == length
    assert shown <= length // 2
    if length < 18:
        assert shown <= length // 3


@pytest.mark.parametrize(
    ("id_type", "doc_kind", "number", "named"),
    [
        ("111", "passport", "X7654321", ("111", "居民身份证", "护照", "414")),
        ("414", "resident_id", "310101199001011234", ("414", "护照", "居民身份证", "111")),
        ("513", "foreign_permanent_2017", "USA310087060015", ("513", "外国人永久居留", "990")),
        ("990", "passport", "X7654321", ("990", "其他证件", "护照", "414")),
    ],
)
def test_an_id_type_that_contradicts_the_document_kind_is_refused(
    id_type: str, doc_kind: str, number: str, named: tuple[str, ...]
) -> None:
    with pytest.raises(InvalidIdNumber) as refused:
        validate_identity(id_type, number, doc_kind, today=TODAY)
    assert refused.value.field == "doc_kind"
    assert all(word in refused.value.zh for word in named)
    assert id_type in refused.value.en


@pytest.mark.parametrize(
    ("id_type", "doc_kind"),
    [("414", "passport"), ("990", "other"), ("990", "foreign_permanent_2017")],
)
def test_matching_pairs_still_pass(id_type: str, doc_kind: str) -> None:
    number = "USA310087060015" if doc_kind == "foreign_permanent_2017" else "X7654321"
    assert validate_identity(id_type, number, doc_kind, today=TODAY).number == number


def test_a_typo_in_a_credit_code_is_named_as_one() -> None:
    typo = CREDIT_CODE[:17] + ("8" if CREDIT_CODE[17] != "8" else "7")
    with pytest.raises(InvalidIdNumber) as refused:
        validate_identity("990", typo, today=TODAY)
    assert refused.value.zh.startswith("统一社会信用代码校验位不符")
    assert f"应为{CREDIT_CODE[17]}" in refused.value.zh
    assert validate_identity("990", CREDIT_CODE, today=TODAY).doc_kind is DocKind.OTHER


def test_a_typo_in_a_2023_foreigner_card_is_still_its_check_character() -> None:
    first17 = "93115619920714012"
    wrong = "0" if check_character(first17) != "0" else "1"
    with pytest.raises(InvalidIdNumber) as refused:
        validate_identity("990", first17 + wrong, today=TODAY)
    assert refused.value.zh.startswith("证件号码校验位不符")


def _facts(kind: DocKind, number: str, applicant_type: str = "person") -> ApplicantFacts:
    return ApplicantFacts(kind, number, date(1940, 1, 1), "", False, "", applicant_type)


def test_a_taiwan_compatriot_permit_proves_no_mainland_household() -> None:
    [concern] = check_eligibility(SENIOR, _facts(DocKind.OTHER, "12345678"), TODAY)
    assert concern.code == "household"
    assert "没有内地户籍" in concern.zh and "台湾居民来往大陆通行证" in concern.zh


@pytest.mark.parametrize("applicant_type", ["enterprise", "other"])
def test_an_organisation_applying_for_a_persons_item_is_a_concern(applicant_type: str) -> None:
    facts = _facts(DocKind.OTHER, CREDIT_CODE, applicant_type)
    [concern] = check_eligibility(SENIOR, facts, TODAY)
    assert concern.code == "applicant_type"
    assert concern.zh.startswith("申请人为法人或其他组织")
    assert check_eligibility(EligibilityRule(), facts, TODAY) == []


def test_a_long_latin_name_is_taken_and_a_longer_one_refused() -> None:
    name = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF, HUBERT BLAINE ALEXANDER CHRISTIANO"
    assert len(name) == 71
    assert validate_name(name) == name
    with pytest.raises(ValidationError, match="最多100个"):
        validate_name("A" * 101)
