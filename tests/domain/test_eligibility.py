"""Eligibility facts a card can tell: age from the birth date at the hall's date, and the
household registration (户籍) from the card's address or, less surely, the ID number's
region code; the catalog states the rule, validated on load."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import pytest

from counter_app.domain.catalog import item_to_dict, parse_catalog_release, parse_item
from counter_app.domain.eligibility import ApplicantFacts, EligibilityRule, check_eligibility
from counter_app.domain.id_types import DocKind
from counter_app.domain.idnumber import check_character
from counter_app.errors import ValidationError

SENIOR = EligibilityRule(min_age=65, household_region="31", household_region_name="上海市")
TODAY = date(2026, 12, 4)


def resident(first17: str) -> str:
    return first17 + check_character(first17)


def facts(**kw) -> ApplicantFacts:
    values = {
        "doc_kind": DocKind.RESIDENT_ID,
        "id_number": resident("31010419580312001"),
        "birth_date": date(1958, 3, 12),
        "address": "",
        "address_from_card": False,
        "nationality": "",
    }
    values.update(kw)
    return ApplicantFacts(**values)


def test_an_eligible_shanghai_senior_raises_nothing() -> None:
    card = facts(address="上海市徐汇区漕溪北路88弄7号", address_from_card=True)
    assert check_eligibility(SENIOR, card, TODAY) == []


def test_age_is_counted_on_the_hall_date_birthday_included() -> None:
    rule = EligibilityRule(min_age=65)
    assert check_eligibility(rule, facts(birth_date=date(1961, 12, 4)), TODAY) == []
    [concern] = check_eligibility(rule, facts(birth_date=date(1961, 12, 5)), TODAY)
    assert concern.code == "age"
    assert "64" in concern.zh and "65" in concern.zh
    assert "64" in concern.en and "65" in concern.en


def test_an_upper_age_limit_is_checked_too() -> None:
    rule = EligibilityRule(min_age=60, max_age=64)
    [concern] = check_eligibility(rule, facts(), TODAY)
    assert concern.code == "age" and "68" in concern.zh


def test_an_unknown_birth_date_is_not_a_contradiction() -> None:
    assert check_eligibility(EligibilityRule(min_age=65), facts(birth_date=None), TODAY) == []


def test_the_card_address_is_the_household_address() -> None:
    card = facts(address="新疆维吾尔自治区乌鲁木齐市天山区解放南路8号", address_from_card=True)
    [concern] = check_eligibility(SENIOR, card, TODAY)
    assert concern.code == "household"
    assert "上海市" in concern.zh and "住址" in concern.zh


def test_without_a_card_address_the_region_code_is_only_a_hint() -> None:
    number = facts(id_number=resident("65010219580312005"))
    [concern] = check_eligibility(SENIOR, number, TODAY)
    assert concern.code == "household"
    assert "户口簿" in concern.zh and "household register" in concern.en
    # A typed address is not the card's: the number decides, and a Shanghai number passes.
    typed = facts(address="新疆乌鲁木齐市", address_from_card=False)
    assert check_eligibility(SENIOR, typed, TODAY) == []


@pytest.mark.parametrize(
    ("kind", "nationality"),
    [
        (DocKind.FOREIGN_PERMANENT_2017, "USA"),
        (DocKind.FOREIGN_PERMANENT_2023, "ITA"),
        (DocKind.PASSPORT, "GBR"),
        (DocKind.HKMOTW_RESIDENCE_PERMIT, ""),
        (DocKind.HK_MACAO_PERMIT, ""),
    ],
)
def test_documents_of_people_without_a_mainland_household_registration(kind, nationality) -> None:
    card = facts(doc_kind=kind, id_number="X", nationality=nationality)
    [concern] = check_eligibility(SENIOR, card, TODAY)
    assert concern.code == "household"


def test_a_chinese_passport_cannot_tell_the_household_registration() -> None:
    card = facts(doc_kind=DocKind.PASSPORT, id_number="E12345678", nationality="CHN")
    assert check_eligibility(SENIOR, card, TODAY) == []
    # A passport whose nationality was not read (typed by hand) cannot tell either.
    unknown = facts(doc_kind=DocKind.PASSPORT, id_number="E12345678", nationality="")
    assert check_eligibility(SENIOR, unknown, TODAY) == []


def _training():
    return json.loads(
        files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8")
    )


def test_the_training_catalog_states_the_senior_card_rules() -> None:
    release = parse_catalog_release(_training())
    card = next(i for i in release.items if i.name == "敬老卡申领")
    over65, sixties = card.situations
    assert over65.eligibility == SENIOR
    assert sixties.eligibility == EligibilityRule(
        min_age=60, max_age=64, household_region="31", household_region_name="上海市"
    )
    assert parse_item(item_to_dict(card)) == card  # the stored form round-trips


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"min_age": -1}, "min_age"),
        ({"min_age": 70, "max_age": 60}, "max_age"),
        ({"household_region": "3a"}, "household_region"),
        ({"household_region": "31"}, "household_region_name"),
        ({"household_region_name": "上海市"}, "household_region"),
        ({"min_age": 65, "degree": "phd"}, "eligibility"),
        ({}, "eligibility"),
    ],
)
def test_a_malformed_rule_is_refused_on_load(rule, field) -> None:
    payload = _training()
    payload["items"][0]["situations"][0]["eligibility"] = rule
    with pytest.raises(ValidationError) as caught:
        parse_catalog_release(payload)
    assert field in (caught.value.field or "")
    assert "eligibility" in (caught.value.field or "")
