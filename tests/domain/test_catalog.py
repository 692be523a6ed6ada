import json
from importlib.resources import files

import pytest

from counter_app.domain.catalog import (
    CaseType,
    item_to_dict,
    parse_catalog_release,
    parse_item,
)
from counter_app.domain.pinyin import pinyin_keys
from counter_app.errors import ValidationError


@pytest.fixture(scope="module")
def training():
    return json.loads(
        files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8")
    )


def test_training_catalog_has_real_community_centre_services(training):
    release = parse_catalog_release(training)
    names = {item.name for item in release.items}
    assert len(release.items) >= 12
    for expected in (
        "上海市居住证签注",
        "来沪人员居住登记",
        "生育登记",
        "城乡居民基本医疗保险参保登记",
        "老年综合津贴申领",
        "灵活就业登记",
        "失业登记",
        "就业困难人员认定",
        "最低生活保障申请",
        "敬老卡申领",
        "廉租住房申请",
        "计划生育家庭特别扶助金申请",
    ):
        assert expected in names
    for item in release.items:
        assert len(item.code) >= 28
        assert item.promised_days <= item.statutory_days
        assert (item.case_type == CaseType.IMMEDIATE) == (item.promised_days == 0)
        for situation in item.situations:
            assert any(m.core for m in situation.materials), (item.name, situation.name)
    assert any(m.exempt_elicence for i in release.items for s in i.situations for m in s.materials)
    assert any(
        m.commitment_allowed for i in release.items for s in i.situations for m in s.materials
    )
    assert any(i.fee_cents for i in release.items)


def test_pinyin_is_precomputed_for_search(training):
    release = parse_catalog_release(training)
    permit = next(i for i in release.items if i.name == "上海市居住证签注")
    assert "jzz" in permit.pinyin_initials and "juzhuzheng" in permit.pinyin
    # Stored form round-trips without recomputing.
    assert parse_item(item_to_dict(permit)) == permit


@pytest.mark.parametrize(
    ("text", "full", "initials"),
    [
        # Place names whose reading differs from the same characters elsewhere.
        ("长宁区", "changningqu", "cnq"),
        ("上海市长宁区居住证", "shanghaishichangningqujuzhuzheng", "shscnqjzz"),  # not 市长
        ("徐汇区长桥街道", "xuhuiquchangqiaojiedao", "xhqcqjd"),
        ("闵行区", "minhangqu", "mhq"),
        ("宝山区杨行镇", "baoshanquyanghangzhen", "bsqyhz"),
        ("青浦区重固镇", "qingpuquchongguzhen", "qpqcgz"),
        # Read right without the table; kept here so a change of pypinyin cannot undo them.
        ("六安", "luan", "la"),
        ("重庆", "chongqing", "cq"),
        ("厦门", "xiamen", "xm"),
        ("蚌埠", "bengbu", "bb"),
        ("徐汇区行政服务中心", "xuhuiquxingzhengfuwuzhongxin", "xhqxzfwzx"),
        # The same characters outside a place name keep their ordinary reading.
        ("长期居住", "changqijuzhu", "cqjz"),
        ("银行借记卡", "yinhangjiejika", "yhjjk"),
        ("成长", "chengzhang", "cz"),
        ("60至64周岁", "60zhi64zhousui", "60z64zs"),
    ],
)
def test_pinyin_keys_read_place_names_as_places(text, full, initials):
    assert pinyin_keys(text) == (full, initials)


def test_a_changning_item_is_found_by_cnq(training):
    raw = dict(training["items"][0], name="长宁区居住证办理", pinyin=None, pinyin_initials=None)
    item = parse_item(raw)
    assert item.pinyin_initials.startswith("cnq") and item.pinyin.startswith("changning")


@pytest.mark.parametrize(
    ("mutate", "field_part"),
    [
        (lambda i: i.update(case_type="sometimes"), "case_type"),
        (lambda i: i.update(promised_days=99, statutory_days=1), "promised_days"),
        (lambda i: i.update(situations=[]), "situations"),
        (lambda i: i["situations"][0]["materials"][0].update(forms=["fax"]), "forms"),
        (lambda i: i["situations"][0]["materials"][0].update(required=False), "core"),
        (lambda i: i.update(code="代码"), "code"),
    ],
)
def test_bad_items_name_the_field(training, mutate, field_part):
    item = json.loads(json.dumps(training["items"][0]))
    mutate(item)
    with pytest.raises(ValidationError) as caught:
        parse_catalog_release({**training, "items": [item]})
    assert field_part in caught.value.field


@pytest.mark.parametrize("version", [0, 2**31, 10**30, True, "3"])
def test_a_version_a_store_cannot_keep_is_refused(training, version):
    """10**30 was an OverflowError in the platform's store; 2**31 would not fit PostgreSQL's
    INTEGER."""
    with pytest.raises(ValidationError) as caught:
        parse_catalog_release({**training, "version": version})
    assert caught.value.field == "version"
    assert "1 至 2147483647 之间的整数" in caught.value.zh and "1 to 2147483647" in caught.value.en
    assert parse_catalog_release({**training, "version": 2**31 - 1}).version == 2**31 - 1


@pytest.mark.parametrize(
    ("where", "text", "shown"),
    [
        ("name", "\ud800事项", "U+D800"),  # a lone surrogate: UnicodeEncodeError in the store
        ("name", "事\x07项", "U+0007"),
        ("department", "民政\n科", "U+000A"),
        ("legal_basis", "第一条\x00", "U+0000"),
    ],
)
def test_a_control_character_or_a_lone_surrogate_is_refused_naming_the_item(
    training, where, text, shown
):
    item = json.loads(json.dumps(training["items"][0]))
    item[where] = text
    with pytest.raises(ValidationError) as caught:
        parse_catalog_release({**training, "items": [item]})
    assert caught.value.field == f"items[0].{where}"
    assert caught.value.zh == (
        f"事项目录数据有误（items[0].{where}）：含有不可见的控制字符或无效字符 {shown}，"
        "请删去后重新发布。"
    )
    assert f"holds a control or invalid character {shown}" in caught.value.en


def test_line_breaks_stay_where_text_runs_to_lines(training):
    item = json.loads(json.dumps(training["items"][0]))
    item["legal_basis"] = "第一条\r\n第二条\t（略）"
    item["name"] = item["name"] + "\n"  # a line end at the end is trimmed, as before
    parsed = parse_catalog_release({**training, "items": [item], "bundles": []}).items[0]
    assert parsed.legal_basis == "第一条\r\n第二条\t（略）"
    assert parsed.name == training["items"][0]["name"]
