"""What an author may publish as a catalog: a misspelt key, a 承诺件 promising the same day,
a required material without its standard, a fee without its legal basis, a situation
without materials and an item code not built on the credit code are refused, every one at
once and each named by item, situation and material; what windows already hold still
loads as before."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest

from counter_app.domain.catalog import (
    MaterialHolder,
    item_to_dict,
    parse_catalog_release,
    parse_item,
)
from counter_app.domain.catalog_rules import (
    PROBLEM_LIMIT,
    CatalogProblem,
    CatalogRefused,
    publishable_catalog,
)
from counter_app.errors import ValidationError

PERMIT = 0  # 上海市居住证办理（首次申领）, a 承诺件
PERMIT_CODE = "11310104002425186K001000300001"


@pytest.fixture(scope="module")
def training_document() -> dict[str, Any]:
    text = files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@pytest.fixture
def training(training_document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(training_document)


def problems_of(document: dict[str, Any]) -> tuple[CatalogProblem, ...]:
    with pytest.raises(CatalogRefused) as refused:
        publishable_catalog(document)
    return refused.value.problems


def material(document: dict[str, Any], item: int, situation: int, index: int) -> dict[str, Any]:
    found: dict[str, Any] = document["items"][item]["situations"][situation]["materials"][index]
    return found


def test_the_training_catalog_may_be_published(training: dict[str, Any]) -> None:
    release = publishable_catalog(training)
    assert release.version == 1
    by_name = {item.name: item for item in release.items}
    assert "医保" in by_name["城乡居民基本医疗保险参保登记"].aliases
    assert "准生证" in by_name["生育登记"].aliases
    assert "低保" in by_name["最低生活保障申请"].aliases
    others = {
        (item.name, situation.code, m.code)
        for item in release.items
        for situation in item.situations
        for m in situation.materials
        if m.holder is MaterialHolder.OTHER
    }
    assert {
        ("生育登记", "S01", "M01"),  # 夫妻双方居民身份证
        ("上海市居住证办理（首次申领）", "S03", "M42"),  # 被投靠人
        ("老年综合津贴申领", "S02", "M05"),  # 代办人
        ("计划生育家庭特别扶助金申请", "S02", "M07"),  # 子女残疾人证
        ("城乡居民基本医疗保险参保登记", "S02", "M01"),  # 新生儿出生医学证明
    } <= others
    # The applicant's own household register stays exempt by the card's household.
    assert ("生育登记", "S01", "M02") not in others


@pytest.mark.parametrize(
    ("misspell", "place", "meant"),
    [
        (lambda d: d["items"][PERMIT].update(fee_cent=2000), "fee_cent", "fee_cents"),
        (lambda d: material(d, PERMIT, 0, 1).update(cor=True), "cor", "core"),
        (
            lambda d: material(d, PERMIT, 0, 1).update(standerd=material(d, 0, 0, 1)["standard"]),
            "standerd",
            "standard",
        ),
        (lambda d: d["items"][PERMIT].update(serve=["person"]), "serve", "serves"),
        (lambda d: d["items"][PERMIT]["situations"][0].update(agnet="required"), "agnet", "agent"),
        (lambda d: d.update(bundle=d.pop("bundles")), "bundle", "bundles"),
        (lambda d: d["bundles"][0]["members"][0].update(situaton="S01"), "situaton", "situation"),
        (lambda d: material(d, PERMIT, 0, 1).update(holdr="other"), "holdr", "holder"),
    ],
)
def test_a_misspelt_key_is_refused_by_name_with_the_key_meant(
    training: dict[str, Any], misspell: Any, place: str, meant: str
) -> None:
    misspell(training)
    (problem,) = problems_of(training)
    assert problem.place_zh.endswith(place)
    assert problem.zh == f"没有“{place}”这一项，是否应为“{meant}”？"
    assert problem.en == f"there is no key '{place}'; did you mean '{meant}'?"


def test_a_key_like_none_known_lists_those_known(training: dict[str, Any]) -> None:
    training["items"][PERMIT]["remarks"] = "内部备注"
    (problem,) = problems_of(training)
    assert problem.zh.startswith("没有“remarks”这一项（可用：code、name、")


def test_the_authors_rules_are_refused_each_where_it_is(training: dict[str, Any]) -> None:
    permit = training["items"][PERMIT]
    permit["promised_days"] = 0  # a 承诺件 promising the same day
    permit["fee_cents"] = 5000
    permit["legal_basis"] = ""
    material(training, PERMIT, 1, 4)["standard"] = ""  # S02 M31 学生证, required
    del material(training, PERMIT, 2, 4)["standard"]  # S03 M41 亲属关系证明, required
    material(training, PERMIT, 2, 3)["standard"] = ""  # S03 M40 结婚证: not required
    training["items"][1]["situations"][0]["materials"] = []
    problems = problems_of(training)
    item = f"第1个事项 {PERMIT_CODE}「上海市居住证办理（首次申领）」"
    assert [(p.place_zh, p.zh) for p in problems] == [
        (f"{item} · promised_days", "承诺件的承诺时限至少为1个工作日（当日办结的应为即办件）。"),
        (f"{item} · legal_basis", "收费事项须写明收费依据。"),
        (
            f"{item} · 第2个情形 S02「以连续就读申领」 · 第5项材料 M31「学生证」 · standard",
            "必交材料须写明材料标准（印在一次性告知书上）。",
        ),
        (
            f"{item} · 第3个情形 S03「以投靠亲属申领（配偶、子女、父母）」 · "
            "第5项材料 M41「亲属关系证明」 · standard",
            "必交材料须写明材料标准（印在一次性告知书上）。",
        ),
        (
            "第2个事项 11310104002425186K001000300002「上海市居住证签注」 · "
            "第1个情形 S01「居住证有效期满前签注」 · materials",
            "情形没有材料：每个情形至少应列出一项材料。",
        ),
    ]
    assert problems[0].place_en == (
        f"item 1 {PERMIT_CODE} (上海市居住证办理（首次申领）), promised_days"
    )
    assert problems[0].en.startswith("a promised item promises at least 1 working day")


@pytest.mark.parametrize("code", ["11310104002425186", "11310104002425186k001000300001"])
def test_an_item_code_not_built_on_the_credit_code_is_refused(
    training: dict[str, Any], code: str
) -> None:
    training["items"][PERMIT]["code"] = code  # 17 characters; a small letter
    (problem,) = problems_of(training)
    assert problem.place_zh == f"第1个事项 {code}「上海市居住证办理（首次申领）」 · code"
    assert problem.zh.startswith("实施编码应为18至40位数字或大写字母")
    training["items"][PERMIT]["code"] = code[:17].upper() + "0"
    publishable_catalog(training)


def test_every_problem_is_told_at_once_up_to_the_limit(training: dict[str, Any]) -> None:
    count = 0
    for item in training["items"]:
        for situation in item["situations"]:
            for m in situation["materials"]:
                m["required"] = "yes"
                count += 1
    assert count > PROBLEM_LIMIT
    with pytest.raises(CatalogRefused) as refused:
        publishable_catalog(training)
    error = refused.value
    assert len(error.problems) == count
    assert error.zh.startswith(f"事项目录有 {count} 处问题，不能发布：\n1. 第1个事项 ")
    assert f"\n{PROBLEM_LIMIT}. " in error.zh and f"\n{PROBLEM_LIMIT + 1}. " not in error.zh
    assert error.zh.endswith(f"及其他{count - PROBLEM_LIMIT}处。")
    assert error.en.endswith(f"and {count - PROBLEM_LIMIT} more.")
    assert "事项目录数据有误" not in error.zh  # each says what, once, after where
    assert error.problems[0].zh == "应为 true 或 false。"


def test_a_duplicated_material_code_is_named(training: dict[str, Any]) -> None:
    material(training, PERMIT, 0, 2)["code"] = "M10"
    (problem,) = problems_of(training)
    assert problem.zh == "材料编码重复：M10"
    with pytest.raises(ValidationError, match="材料编码重复：M10"):
        parse_catalog_release(training)


def test_what_windows_already_hold_still_loads(training: dict[str, Any]) -> None:
    """The rules are the author's: a version published before them (a same-day 承诺件, a
    required material without standard) still loads at a window and on the platform."""
    training["items"][PERMIT]["promised_days"] = 0
    material(training, PERMIT, 1, 4)["standard"] = ""
    training["items"][PERMIT]["code"] = "TEST-ITEM"
    release = parse_catalog_release(training)
    assert release.items[PERMIT].promised_days == 0


def test_a_stored_definition_keeps_its_form_and_so_its_hash(training: dict[str, Any]) -> None:
    """``item_definitions`` are keyed by the hash of an item's JSON: an item without common
    names and with only the applicant's materials is written as before the fields."""
    stored = {
        "code": PERMIT_CODE,
        "name": "上海市居住证签注",
        "department": "上海市公安局徐汇分局",
        "case_type": "immediate",
        "promised_days": 0,
        "statutory_days": 0,
        "fee_cents": 0,
        "legal_basis": "",
        "pinyin": "shanghaishijuzhuzhengqianzhu",
        "pinyin_initials": "shsjzzqz",
        "situations": [
            {
                "code": "S01",
                "name": "签注",
                "materials": [
                    {
                        "code": "M01",
                        "name": "申请人居民身份证",
                        "required": True,
                        "core": True,
                        "forms": ["original"],
                        "count": 1,
                        "exempt_elicence": None,
                        "exempt_city_department": None,
                        "commitment_allowed": False,
                        "standard": "",
                    }
                ],
            }
        ],
    }
    item = parse_item(stored)
    assert item.aliases == ()
    assert item.situations[0].materials[0].holder is MaterialHolder.APPLICANT
    assert json.dumps(item_to_dict(item), sort_keys=True) == json.dumps(stored, sort_keys=True)
    # The new fields round-trip where they are set.
    training_items = parse_catalog_release(training).items
    for each in training_items:
        assert parse_item(item_to_dict(each)) == each


def test_common_names_are_texts_each_once(training: dict[str, Any]) -> None:
    training["items"][PERMIT]["aliases"] = ["居住证", "居住证"]
    (problem,) = problems_of(training)
    assert (problem.place_zh.endswith("aliases"), problem.zh) == (True, "俗称重复：居住证")
    training["items"][PERMIT]["aliases"] = "居住证"
    (problem,) = problems_of(training)
    assert problem.zh == "俗称应为文字列表。"
