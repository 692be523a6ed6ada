"""服务对象: who a service item serves, as the catalog states it, and the refusal of an
applicant it does not serve (intake's ``applicant.type``)."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from counter_app.domain.catalog import (
    ApplicantType,
    CatalogRelease,
    audience_problems,
    item_to_dict,
    parse_catalog_release,
    parse_item,
)
from counter_app.errors import ValidationError

ENTERPRISE_ITEMS = ("公共场所卫生许可（新办）", "食品经营许可（变更）")


@pytest.fixture(scope="module")
def training() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8")
    )
    return document


@pytest.fixture(scope="module")
def release(training: dict[str, Any]) -> CatalogRelease:
    return parse_catalog_release(training)


def test_every_training_item_states_whom_it_serves(training: dict[str, Any]) -> None:
    for raw in training["items"]:
        expected = ["enterprise", "other"] if raw["name"] in ENTERPRISE_ITEMS else ["person"]
        assert raw["serves"] == expected, raw["name"]


def test_the_training_catalog_has_enterprise_items_to_practise_on(
    release: CatalogRelease,
) -> None:
    by_name = {item.name: item for item in release.items}
    for name in ENTERPRISE_ITEMS:
        item = by_name[name]
        assert item.serves == {ApplicantType.ENTERPRISE, ApplicantType.OTHER}
        assert item.legal_basis and item.promised_days < item.statutory_days
        for situation in item.situations:
            materials = {m.name: m for m in situation.materials}
            licence = materials["营业执照"]
            assert licence.core and licence.exempt_elicence == "营业执照电子证照"
            assert materials["法定代表人（负责人）身份证明"].required
            assert not materials["授权委托书（委托他人办理的）"].required
    assert by_name["上海市居住证签注"].serves == {ApplicantType.PERSON}


def test_the_stored_form_keeps_whom_an_item_serves(release: CatalogRelease) -> None:
    for item in release.items:
        assert parse_item(item_to_dict(item)) == item


def test_an_item_without_the_field_serves_everyone_and_is_stored_as_before(
    training: dict[str, Any],
) -> None:
    raw = {k: v for k, v in training["items"][0].items() if k != "serves"}
    item = parse_item(raw)
    assert item.serves == set(ApplicantType)
    assert "serves" not in item_to_dict(item)
    assert audience_problems(item, "enterprise") == []


@pytest.mark.parametrize("serves", [[], "person", ["robot"], [None]])
def test_whom_an_item_serves_must_be_listed_types(training: dict[str, Any], serves: object) -> None:
    item = {**training["items"][0], "serves": serves}
    with pytest.raises(ValidationError) as refused:
        parse_catalog_release({**training, "items": [item], "bundles": []})
    assert refused.value.field == "items[0].serves"
    assert "事项目录数据有误（items[0].serves）" in refused.value.zh


def test_an_enterprise_is_refused_a_person_item(release: CatalogRelease) -> None:
    permit = next(i for i in release.items if i.name == "上海市居住证签注")
    (refusal,) = audience_problems(permit, "enterprise")
    assert refusal.field == "applicant.type"
    assert refusal.zh.startswith("“上海市居住证签注”事项的服务对象为自然人，法人不能作为申请人办理")
    assert refusal.en.startswith(
        "The item '上海市居住证签注' serves applicants of type natural person only; a legal "
        "person cannot apply"
    )
    (other,) = audience_problems(permit, "other")
    assert "其他组织不能作为申请人办理" in other.zh
    assert audience_problems(permit, "person") == []


def test_a_person_is_refused_an_enterprise_item(release: CatalogRelease) -> None:
    food = next(i for i in release.items if i.name == "食品经营许可（变更）")
    (refusal,) = audience_problems(food, "person")
    assert "服务对象为法人、其他组织，自然人不能作为申请人办理" in refusal.zh
    assert "serves applicants of type legal person or other organisation only" in refusal.en
    assert audience_problems(food, "enterprise") == audience_problems(food, "other") == []


def test_no_item_or_an_unknown_type_is_left_to_intake(release: CatalogRelease) -> None:
    # Intake reports an unknown item and an applicant type that is none of the three itself.
    assert audience_problems(None, "enterprise") == []
    assert audience_problems(release.items[0], "robot") == []
