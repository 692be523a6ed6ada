"""``counter-app catalog bundles`` lists the 一件事 of the current catalog with their members;
``counter-app import`` takes a bundle line beside ordinary ones, its result keeping every
field of an ordinary line's."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.services.import_lines import line, number

UNEMPLOYMENT = "11310104002425223R005002200001"  # 失业登记
HARDSHIP = "11310104002425223R005002300001"  # 就业困难人员认定


def test_catalog_bundles_lists_each_bundle_with_its_members(
    cli: Callable[..., CliResult],
) -> None:
    listed = json.loads(cli("catalog", "bundles", "--json").stdout)["bundles"]
    assert [b["code"] for b in listed] == ["YJS-0003", "YJS-0001", "YJS-0002"]
    unemployment = listed[1]
    assert unemployment["name"] == "失业一件事" and unemployment["description"]
    assert [(m["item"], m["item_name"], m["situation"]) for m in unemployment["members"]] == [
        (UNEMPLOYMENT, "失业登记", "S01"),
        (HARDSHIP, "就业困难人员认定", "S01"),
    ]
    assert unemployment["members"][0]["situation_name"] == "本市户籍失业人员"
    text = cli("catalog", "bundles").stdout
    assert "YJS-0001  失业一件事" in text and f"{HARDSHIP}  就业困难人员认定  [S01" in text
    # The items' own listing is as it was.
    assert "items" in json.loads(cli("catalog", "--json").stdout)


def test_import_takes_a_bundle_line_beside_ordinary_ones(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    received = {"status": "received", "form": "original", "count": 1}
    bundle = {
        "bundle": "YJS-0001",
        "applicant": {"id_type": "111", "id_number": number(5), "name": "李𠮷"},
        "materials": {
            name: {**received, "form": form}
            for name, form in (
                ("申请人居民身份证", "original"),
                ("申请人居民户口簿", "original"),
                ("解除或终止劳动合同证明", "copy"),
                ("失业登记表", "electronic"),
                ("就业困难人员认定申请表", "electronic"),
                ("失业登记证明", "original"),
                ("困难情形证明（残疾证、低保证明或年龄等）", "copy"),
            )
        },
    }
    source = tmp_path / "cases.jsonl"
    source.write_text(
        line(1) + "\n" + json.dumps(bundle, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    done = cli("import", str(source), "--json")
    assert done.returncode == 0, done.stderr
    ordinary, bundled = (json.loads(text) for text in done.stdout.splitlines())
    assert set(ordinary) <= set(bundled)  # every field of an ordinary line's result
    assert bundled["status"] == "accepted" and bundled["bundle"]["code"] == "YJS-0001"
    assert [c["item"] for c in bundled["cases"]] == [UNEMPLOYMENT, HARDSHIP]
    listed = json.loads(cli("cases", "--json").stdout)["cases"]
    assert {c["case_no"] for c in bundled["cases"]} <= {c["case_no"] for c in listed}
    words = cli("import", str(source)).stdout.splitlines()  # again: nothing new
    assert words[1].startswith("第 2 行：失业一件事 " + UNEMPLOYMENT)
    assert words[2].endswith("（已导入过，未新建办件）")
