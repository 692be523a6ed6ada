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


def _names(text: str) -> list[str]:
    searched, _items = _searched()
    return [c.name for c in search_items(searched, text)]


def test_chinese_text_is_not_read_as_pinyin_initials() -> None:
    # 结婚 is "jh" and 失业金 "syj", initials inside 计划生育家庭特别扶助金申请's.
    assert _names("结婚") == []
    assert _names("失业金") == []
    assert "失业登记" not in _names("生育")
    assert _names("生育")[:2] == ["生育登记", "计划生育家庭特别扶助金申请"]


def test_latin_initials_full_pinyin_and_homophone_typos_still_find_items() -> None:
    residence = {"上海市居住证签注", "上海市居住证卡补领、换领", "上海市居住证办理（首次申领）"}
    assert set(_names("jzz")[:3]) == residence
    assert set(_names("juzhuzheng")[:3]) == residence
    assert set(_names("居住正")[:3]) == residence
    assert _names("cjrz") == ["残疾人证办理（新办）", "残疾人证换领（全市通办）"]


def test_common_names_find_their_item() -> None:
    assert _names("医保") == ["城乡居民基本医疗保险参保登记"]
    assert _names("低保") == ["最低生活保障申请"]
    assert _names("老年卡") == ["敬老卡申领"]
    assert _names("准生证") == ["生育登记"]
    assert _names("卫生许可证") == ["公共场所卫生许可（新办）"]
    assert _names("食品许可") == ["食品经营许可（变更）"]
    assert _names("残疾证")[0] == "残疾人证办理（新办）"


def test_a_common_name_ranks_after_a_name_match() -> None:
    # 老年 is in two names, and in 敬老卡申领's common name 老年卡 only.
    assert _names("老年") == [
        "老年综合津贴申领",
        "养老一件事（老年人津贴与敬老卡）",
        "敬老卡申领",
    ]


def test_a_chinese_name_one_character_off_is_found_without_flooding() -> None:
    disability = ["残疾人证办理（新办）", "残疾人证换领（全市通办）"]
    assert _names("残疾人人证") == disability  # one too many
    assert _names("残疾证办理") == ["残疾人证办理（新办）"]  # one left out
    # A short needle's remnant (申请, 登记) would list half the catalog.
    assert _names("申请书") == []
    assert _names("登记表") == []
