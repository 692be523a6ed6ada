"""What the platform flags when a case's item changed after it was taken: a material whose
code now stands for another paper (renamed, or another standard) is a material added."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.resources import files

import pytest

from counter_app.domain.catalog import ServiceItem, parse_catalog_release
from counter_app.domain.hall_queue import MATERIALS_ADDED, catalog_changes


@pytest.fixture(scope="module")
def permit() -> ServiceItem:
    raw = json.loads(files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8"))
    return parse_catalog_release(raw).items[0]  # 上海市居住证办理（首次申领）


def with_material(item: ServiceItem, code: str, **changes: object) -> ServiceItem:
    first = item.situations[0]
    materials = tuple(replace(m, **changes) if m.code == code else m for m in first.materials)
    return replace(item, situations=(replace(first, materials=materials), *item.situations[1:]))


def test_a_required_material_renamed_under_its_code_is_a_material_added(permit) -> None:
    renamed = with_material(permit, "M20", name="婚姻状况证明")
    assert catalog_changes(permit, renamed, "S01") == (MATERIALS_ADDED,)


def test_a_required_materials_new_standard_is_a_material_added(permit) -> None:
    stricter = with_material(permit, "M20", standard="劳动合同原件，须经人社部门备案。")
    assert catalog_changes(permit, stricter, "S01") == (MATERIALS_ADDED,)


def test_an_optional_material_renamed_binds_nobody(permit) -> None:
    optional = with_material(permit, "M20", required=False, core=False)
    renamed = with_material(optional, "M20", name="婚姻状况证明")
    assert catalog_changes(optional, renamed, "S01") == ()
    assert catalog_changes(permit, permit, "S01") == ()
