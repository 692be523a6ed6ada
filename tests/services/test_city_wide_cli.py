"""全市通办 on the command line: a case of an item another district's department handles is
accepted like any other, and ``case show --json`` names the department it is routed to."""

from __future__ import annotations

import json

from tests.services.import_lines import line

CITY_WIDE = "11310115425014033B008000200001"  # 残疾人证换领（全市通办）
MATERIALS = [
    {"code": "M01", "status": "received", "form": "original", "count": 1},
    {"code": "M02", "status": "received", "form": "original", "count": 1},
    {"code": "M03", "status": "received", "form": "original", "count": 2},
]


def test_case_show_names_the_handling_department(run_cli, tmp_path) -> None:
    source = tmp_path / "cases.jsonl"
    lines = [line(1, service_item=CITY_WIDE, materials=MATERIALS), line(2)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = [
        json.loads(row) for row in run_cli("import", str(source), "--json").stdout.splitlines()
    ]
    routed, local = (
        json.loads(run_cli("case", "show", r["case_no"], "--json").stdout) for r in results
    )
    assert routed["routing"] == {
        "department": "310115-CLF",
        "department_name": "浦东新区残疾人联合会",
    }
    assert routed["online_evaluation"] is None
    assert local["routing"] is None
