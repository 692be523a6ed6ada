"""两个免于提交 by rule: which materials a city department issued for this applicant, as the
catalog states whose copy it issues (``exempt_city_scope``), and how a catalog says so."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import pytest

from counter_app.domain.catalog import CityScope, item_to_dict, parse_catalog_release, parse_item
from counter_app.domain.eligibility import ApplicantFacts
from counter_app.domain.exemptions import city_exemptions
from counter_app.domain.id_types import DocKind
from counter_app.errors import ValidationError


@pytest.fixture(scope="module")
def items():
    raw = json.loads(files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8"))
    return {item.name: item for item in parse_catalog_release(raw).items}


def card(address: str, *, from_card: bool = True) -> ApplicantFacts:
    return ApplicantFacts(
        DocKind.RESIDENT_ID, "310104195803120015", date(1958, 3, 12), address, from_card, "CHN"
    )


def test_the_senior_cards_household_register_is_not_both_required_and_exempt(items) -> None:
    situation = items["敬老卡申领"].situation("S01")  # 本市户籍65周岁以上
    register = situation.material("M02")
    assert (register.required, register.core) == (True, True)
    assert register.exempt_city_scope is CityScope.HOUSEHOLD
    # The situation is for city households only: exempt whoever applies, card or not.
    (exempt,) = city_exemptions(situation, None)
    assert (exempt.code, exempt.basis_zh) == ("M02", "本市部门核发（上海市公安局），免于提交")


def test_a_household_register_is_exempt_when_the_card_says_the_household_is_in_the_city(
    items,
) -> None:
    situation = items["生育登记"].situation("S01")  # 夫妻双方或一方为本市户籍
    assert [e.code for e in city_exemptions(situation, card("上海市徐汇区漕溪北路88弄"))] == ["M02"]
    assert city_exemptions(situation, card("江苏省南京市玄武区")) == []
    assert city_exemptions(situation, card("上海市徐汇区", from_card=False)) == []  # typed
    assert city_exemptions(situation, None) == []  # nobody known yet: the clerk decides


def test_a_material_only_a_city_department_issues_is_exempt_for_everyone(items) -> None:
    situation = items["廉租住房申请"].default_situation
    assert "M05" in [e.code for e in city_exemptions(situation, card("江苏省南京市"))]


def test_a_scope_needs_the_issuing_department_and_round_trips(items) -> None:
    raw = item_to_dict(items["敬老卡申领"])
    assert raw["situations"][0]["materials"][1]["exempt_city_scope"] == "household"
    assert "exempt_city_scope" not in raw["situations"][0]["materials"][0]  # old form kept
    assert parse_item(raw) == items["敬老卡申领"]
    raw["situations"][0]["materials"][1]["exempt_city_department"] = None
    with pytest.raises(ValidationError) as refused:
        parse_item(raw)
    assert refused.value.field == "item.situations[0].materials[1].exempt_city_scope"
