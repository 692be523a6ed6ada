"""``counter-app case show`` gives the statutory date (法定办结日期) beside the promised
date, in its text and its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner
from tests.services.import_lines import line, results


def test_case_show_gives_the_statutory_date(run_cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text(line(1) + "\n", encoding="utf-8")
    [result] = results(run_cli("import", str(source), "--json").stdout)
    assert result["status"] == "accepted", result["errors"]
    case_no = str(result["case_no"])
    shown = json.loads(run_cli("case", "show", case_no, "--json").stdout)
    assert shown["statutory_date"] is not None
    assert shown["statutory_date"] >= shown["promised_date"]
    text = run_cli("case", "show", case_no).stdout.splitlines()
    promised = next(i for i, row in enumerate(text) if row.startswith("promised_date"))
    assert text[promised + 1].split() == ["statutory_date", shown["statutory_date"]]
