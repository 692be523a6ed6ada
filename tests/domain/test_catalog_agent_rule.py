"""A situation's optional rule on a 代办人 (``agent``: required | forbidden): parsed where the
window and the platform parse a catalog, kept in an item's stored form only when set."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest

from counter_app.domain.catalog import AgentRule, item_to_dict, parse_catalog_release, parse_item
from counter_app.errors import ValidationError

ALLOWANCE = "11310104002425207D006001100001"  # 老年综合津贴申领


@pytest.fixture(scope="module")
def training() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8")
    )
    return document


def test_the_training_catalogs_proxy_situation_requires_an_agent(
    training: dict[str, Any],
) -> None:
    release = parse_catalog_release(training)
    allowance = next(item for item in release.items if item.code == ALLOWANCE)
    assert [(s.name, s.agent) for s in allowance.situations] == [
        ("本人申领", None),
        ("委托他人代办", AgentRule.REQUIRED),
    ]
    assert parse_item(item_to_dict(allowance)) == allowance
    stored = item_to_dict(allowance)["situations"]
    assert stored[1]["agent"] == "required"
    assert "agent" not in stored[0]  # a situation without the rule keeps its stored form


def test_a_forbidden_rule_is_read(training: dict[str, Any]) -> None:
    document = copy.deepcopy(training)
    allowance = next(item for item in document["items"] if item["code"] == ALLOWANCE)
    allowance["situations"][0]["agent"] = "forbidden"
    release = parse_catalog_release(document)
    parsed = next(item for item in release.items if item.code == ALLOWANCE)
    assert parsed.situations[0].agent is AgentRule.FORBIDDEN


@pytest.mark.parametrize("value", ["optional", "", True, 1, ["required"]])
def test_an_unknown_rule_is_refused_naming_its_field(
    training: dict[str, Any], value: object
) -> None:
    document = copy.deepcopy(training)
    document["items"][0]["situations"][1]["agent"] = value
    with pytest.raises(ValidationError) as caught:
        parse_catalog_release(document)
    assert caught.value.field == "items[0].situations[1].agent"
    assert caught.value.zh == (
        "事项目录数据有误（items[0].situations[1].agent）：取值应为required、forbidden之一。"
    )
    assert "must be one of required, forbidden" in caught.value.en
