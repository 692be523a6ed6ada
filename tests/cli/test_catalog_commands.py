"""IT and hall scripts find items from the command line: ``catalog search`` as the window's
item search, ``catalog show`` one item with its situations and materials, a listing whose
long names are cut by terminal columns, and an ``import`` that names each line's item and
answers an item's name given for its code with that code."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.cli.catalog_commands import NAME_COLUMNS
from counter_app.cli.text_table import columns
from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.sample_items import ENDORSEMENT, RESIDENCE_FIRST
from tests.services.import_lines import ITEM, line

RESIDENCE_CARD = "11310104002425186K001000300003"  # 上海市居住证卡补领、换领
# A name as long as a real one, with a character outside the BMP near where it is cut.
LONG_NAME = (
    "上海市徐汇区社区事务受理服务中心关于本市户籍及非本市户籍居民最低生活保障、特困人员供养"
    "𠮷临时救助和残疾人两项补贴等社会救助事项的综合受理与审核确认（首次申请）"
)


def next_version(store: Store, change: Callable[[list[dict[str, Any]]], None]) -> None:
    """The bundled catalog's next version with ``change`` made to its items, loaded as the
    sync process loads one."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] += 1
    change(document["items"])
    load_catalog_version(store, document, source="platform:test")


def test_search_finds_items_by_name_pinyin_and_code(cli: Callable[..., CliResult]) -> None:
    def codes(*args: str) -> list[str]:
        done = cli("catalog", "search", *args, "--json")
        assert done.returncode == 0, done.stderr
        return [item["code"] for item in json.loads(done.stdout)["items"]]

    residence = {RESIDENCE_FIRST, ENDORSEMENT, RESIDENCE_CARD}
    assert set(codes("jzz")) == residence  # pinyin initials, as typed at the window
    assert set(codes("juzhuzheng")) == residence
    assert set(codes("居住证")) == residence
    assert codes("186K001000300002") == [ENDORSEMENT]  # part of a code
    assert codes(RESIDENCE_FIRST.lower())[0] == RESIDENCE_FIRST  # the exact code first
    assert codes("jzz", "--department", "民政局") == []
    assert set(codes("证", "--department", "残疾人联合会")) == {
        "51310104425013247T008000100001",
        "11310115425014033B008000200001",
    }
    found = json.loads(cli("catalog", "search", "jzz", "--limit", "1", "--json").stdout)
    assert len(found["items"]) == 1 and found["left_off"] == 2
    assert [s["code"] for s in found["items"][0]["situations"]]

    text = cli("catalog", "search", "jzz", "--limit", "2").stdout.splitlines()
    assert len(text) == 3 and text[-1] == "另有 1 项未列出（--limit 可列出更多）。"
    assert cli("--lang", "en", "catalog", "search", "zzzz").stdout == "No item matches.\n"


def test_show_gives_one_item_with_its_situations_and_materials(
    cli: Callable[..., CliResult],
) -> None:
    shown = json.loads(cli("catalog", "show", RESIDENCE_FIRST, "--json").stdout)
    (listed,) = [
        item
        for item in json.loads(cli("catalog", "--json").stdout)["items"]
        if item["code"] == RESIDENCE_FIRST
    ]
    assert shown == listed  # the object ``catalog --json`` lists
    material = shown["situations"][0]["materials"][0]
    assert {"code", "name", "required", "core", "forms", "count"} <= set(material)

    text = cli("catalog", "show", ENDORSEMENT).stdout.splitlines()
    assert text[:2] == [f"事项编码  {ENDORSEMENT}", "事项名称  上海市居住证签注"]
    assert text[4] == "情形 S01 居住证有效期满前签注"
    assert text[5].split() == ["M01", "必交", "核心", "原件", "×1", "申请人居民身份证"]
    assert text[7].split() == ["M03", "选交", "原件、复印件", "×1", "居住登记信息仍有效的证明"]
    english = cli("--lang", "en", "catalog", "show", ENDORSEMENT).stdout.splitlines()
    assert english[3] == "case type   immediate 0 working days"
    assert english[7].split() == [
        "M03",
        "optional",
        "original,",
        "copy",
        "×1",
        "居住登记信息仍有效的证明",
    ]


def test_show_answers_an_item_s_name_with_its_code(cli: Callable[..., CliResult]) -> None:
    refused = cli("catalog", "show", "上海市居住证签注")
    assert refused.returncode == 2 and refused.stdout == ""
    assert f"是否指编码为 {ENDORSEMENT} 的事项" in refused.stderr
    assert f"did you mean the item with code {ENDORSEMENT}?" in refused.stderr
    unknown = cli("catalog", "show", "NO-SUCH-CODE")
    assert unknown.returncode == 2 and "是否指" not in unknown.stderr


def test_the_listing_cuts_long_names_by_terminal_columns(
    store: Store, cli: Callable[..., CliResult]
) -> None:
    def rename(items: list[dict[str, Any]]) -> None:
        (item,) = [item for item in items if item["code"] == RESIDENCE_FIRST]
        item["name"] = LONG_NAME

    next_version(store, rename)
    for lang in ("zh", "en"):
        (row,) = [
            row
            for row in cli("--lang", lang, "catalog").stdout.splitlines()
            if row.startswith(RESIDENCE_FIRST)
        ]
        cell = row.split("  ")[1]
        assert cell.endswith("…") and columns(cell) <= NAME_COLUMNS
        assert LONG_NAME.startswith(cell[:-1])  # whole characters, 𠮷 included or not
    assert json.loads(cli("catalog", "show", RESIDENCE_FIRST, "--json").stdout)["name"] == (
        LONG_NAME
    )


def test_import_names_the_item_and_the_code_a_name_meant(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text(
        "\n".join([line(1), line(2, service_item="老年综合津贴申领"), line(3, service_item="X")])
        + "\n",
        encoding="utf-8",
    )
    done = cli("import", str(source), "--json")
    assert done.returncode == 1
    accepted, named, unknown = (json.loads(text) for text in done.stdout.splitlines())
    assert accepted["status"] == "accepted"
    assert accepted["service_item_name"] == "老年综合津贴申领"
    (error,) = named["errors"]
    assert error["field"] == "service_item" and error["did_you_mean"] == ITEM
    assert f"是否指编码为 {ITEM} 的事项" in error["message"]
    assert f"did you mean the item with code {ITEM}?" in error["message_en"]
    assert named["service_item_name"] is None
    assert "did_you_mean" not in unknown["errors"][0]

    again = cli("import", str(source)).stdout.splitlines()
    assert again[0].startswith("第 1 行：已导入过，办件 ")
    assert f"是否指编码为 {ITEM} 的事项" in again[1]
    fresh = tmp_path / "more.jsonl"
    fresh.write_text(line(4) + "\n", encoding="utf-8")
    (said,) = cli("--lang", "en", "import", str(fresh)).stdout.splitlines()
    assert said.startswith("line 1: Accepted ") and said.endswith(" 老年综合津贴申领")


def test_a_name_two_items_share_gets_no_code(
    store: Store, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    def share_a_name(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item["code"] in (ENDORSEMENT, RESIDENCE_CARD):
                item["name"] = "上海市居住证签注"

    next_version(store, share_a_name)
    source = tmp_path / "cases.jsonl"
    source.write_text(line(1, service_item="上海市居住证签注") + "\n", encoding="utf-8")
    (result,) = (
        json.loads(text) for text in cli("import", str(source), "--json").stdout.split("\n") if text
    )
    assert "did_you_mean" not in result["errors"][0]
    assert "是否指" not in cli("catalog", "show", "上海市居住证签注").stderr
