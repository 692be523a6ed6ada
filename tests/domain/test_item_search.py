"""The window's item search narrowed to what the chosen applicant type may apply for."""

from __future__ import annotations

from counter_app.domain.bundles import ServiceBundle
from counter_app.domain.catalog import ServiceItem, parse_catalog_release
from counter_app.domain.item_search import open_to, search_items
from counter_app.store.catalog import bundled_catalog


def _searched() -> tuple[list[ServiceItem | ServiceBundle], dict[str, ServiceItem]]:
    """What the window searches (the items, then the bundles) and the items by code."""
    release = parse_catalog_release(bundled_catalog())
    return [*release.items, *release.bundles], {item.code: item for item in release.items}


def test_a_person_finds_neither_enterprise_items_nor_loses_bundles() -> None:
    searched, items = _searched()
    names = [c.name for c in open_to(searched, items, "person")]
    assert "上海市居住证签注" in names and "失业一件事" in names
    assert "食品经营许可（变更）" not in names and "公共场所卫生许可（新办）" not in names
    assert search_items(open_to(searched, items, "person"), "许可") == []


def test_an_enterprise_finds_only_enterprise_items() -> None:
    searched, items = _searched()
    found = open_to(searched, items, "enterprise")
    assert [c.name for c in found] == ["公共场所卫生许可（新办）", "食品经营许可（变更）"]
    assert [c.name for c in search_items(found, "xk")] == [
        "食品经营许可（变更）",
        "公共场所卫生许可（新办）",
    ]
