"""一件事 bundles in the catalog: parsed and checked against the release's items, and the
merged checklist where a material several members need is marked once."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest

from counter_app.domain.bundles import (
    BundleMember,
    bundle_to_dict,
    member_marks,
    parse_bundle,
    shared_checklist,
)
from counter_app.domain.catalog import ServiceItem, parse_catalog_release
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.errors import ValidationError

UNEMPLOYMENT = "11310104002425223R005002200001"  # 失业登记
HARDSHIP = "11310104002425223R005002300001"  # 就业困难人员认定


@pytest.fixture(scope="module")
def training() -> dict[str, Any]:
    return json.loads(
        files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8")
    )


def _items(release_items: tuple[ServiceItem, ...], *codes: str) -> list[ServiceItem]:
    by_code = {item.code: item for item in release_items}
    return [by_code[code] for code in codes]


def test_the_training_catalog_has_three_bundles_of_its_own_items(training):
    release = parse_catalog_release(training)
    assert [(b.code, b.name) for b in release.bundles] == [
        ("YJS-0001", "失业一件事"),
        ("YJS-0002", "养老一件事（老年人津贴与敬老卡）"),
        ("YJS-0003", "困难群众救助一件事"),
    ]
    unemployment = release.bundles[0]
    assert unemployment.members == (
        BundleMember(UNEMPLOYMENT, "S01"),
        BundleMember(HARDSHIP, "S01"),
    )
    assert unemployment.pinyin_initials == "syyjs"


def test_a_catalog_without_bundles_has_none(training):
    plain = {key: value for key, value in training.items() if key != "bundles"}
    assert parse_catalog_release(plain).bundles == ()


def test_a_bundle_round_trips_through_its_dict(training):
    bundle = parse_catalog_release(training).bundles[2]
    assert parse_bundle(bundle_to_dict(bundle), "bundle") == bundle


def _with_bundle(training: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(training)
    doc["bundles"][1] = {**doc["bundles"][1], **change}
    return doc


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"members": [{"item": "NOPE-1"}, {"item": HARDSHIP}]},
            "bundles[1].members[0].item",
            "目录中没有事项 NOPE-1",
        ),
        (
            {"members": [{"item": UNEMPLOYMENT, "situation": "S09"}, {"item": HARDSHIP}]},
            "bundles[1].members[0].situation",
            "没有情形 S09",
        ),
        ({"members": [{"item": UNEMPLOYMENT}]}, "bundles[1].members", "至少应包含两个事项"),
        (
            {"members": [{"item": HARDSHIP}, {"item": HARDSHIP}]},
            "bundles[1].members",
            "事项重复",
        ),
        ({"code": "YJS-0001"}, "bundles", "一件事编码重复：YJS-0001"),
        ({"name": ""}, "bundles[1].name", "文字"),
    ],
)
def test_a_bad_bundle_is_refused_naming_its_field(training, change, field, words):
    with pytest.raises(ValidationError) as raised:
        parse_catalog_release(_with_bundle(training, change))
    assert raised.value.field == field
    assert words in raised.value.zh


def test_bundles_must_be_a_list(training):
    with pytest.raises(ValidationError) as raised:
        parse_catalog_release({**training, "bundles": {"code": "YJS-0001"}})
    assert raised.value.field == "bundles"


def test_the_shared_checklist_merges_materials_of_the_same_name(training):
    release = parse_catalog_release(training)
    members = [
        (item, item.default_situation) for item in _items(release.items, UNEMPLOYMENT, HARDSHIP)
    ]
    rows = shared_checklist(members)
    assert [row.name for row in rows] == [
        "申请人居民身份证",
        "申请人居民户口簿",
        "解除或终止劳动合同证明",
        "失业登记表",
        "就业困难人员认定申请表",
        "失业登记证明",
        "困难情形证明（残疾证、低保证明或年龄等）",
    ]
    id_card, household = rows[0], rows[1]
    assert id_card.uses == ((UNEMPLOYMENT, "M01"), (HARDSHIP, "M01"))
    assert household.uses == ((UNEMPLOYMENT, "M02"), (HARDSHIP, "M02"))
    # 失业登记 does not require the 户口簿, 就业困难人员认定 does, as a core material: the row
    # asks for it as the stricter member does.
    assert household.requirement.required and household.requirement.core
    assert rows[2].uses == ((UNEMPLOYMENT, "M03"),)


def test_the_shared_row_asks_for_the_largest_count(training):
    release = parse_catalog_release(training)
    first, second = _items(release.items, UNEMPLOYMENT, HARDSHIP)
    situation = second.default_situation
    more = situation.materials[0].__class__(**{**situation.materials[0].__dict__, "count": 2})
    second_situation = situation.__class__(situation.code, situation.name, (more,))
    rows = shared_checklist([(first, first.default_situation), (second, second_situation)])
    assert rows[0].requirement.count == 2


def test_member_marks_recode_one_mark_for_every_member_using_it(training):
    release = parse_catalog_release(training)
    bundle = release.bundles[2]  # 低保 + 廉租住房: 授权书 is M04 in both, 收入 M05 / M07
    items = _items(release.items, *(m.item for m in bundle.members))
    rows = shared_checklist([(item, item.default_situation) for item in items])
    received = SubmittedMaterial("x", MaterialStatus.RECEIVED, count=1)
    marks = {"申请人居民身份证": received, "住房状况证明": received}
    per_item = member_marks(rows, marks)
    low_income, housing = (item.code for item in items)
    assert [m.code for m in per_item[low_income]] == ["M01"]
    assert [m.code for m in per_item[housing]] == ["M01", "M05"]
    assert all(m.status == MaterialStatus.RECEIVED for m in per_item[housing])
