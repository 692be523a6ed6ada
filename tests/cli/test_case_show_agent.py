"""``counter-app case show`` names the 代办人 / 经办人 who came for the applicant, their number
and phone masked, in its text and its JSON; a case without one shows null."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.domain.idnumber import mask_id_number
from tests.conftest import CliRunner
from tests.services.import_lines import line, number, results

AGENT = {
    "name": "李四",
    "id_type": "111",
    "id_number": number(41),
    "relation": "配偶",
    "phone": "13800000041",
}


def _imported_case(run_cli: CliRunner, tmp_path: Path, text: str) -> str:
    source = tmp_path / "cases.jsonl"
    source.write_text(text + "\n", encoding="utf-8")
    [result] = results(run_cli("import", str(source), "--json").stdout)
    assert result["status"] == "accepted", result["errors"]
    return str(result["case_no"])


def test_case_show_gives_the_agent_masked(run_cli: CliRunner, tmp_path: Path) -> None:
    case_no = _imported_case(run_cli, tmp_path, line(1, agent=AGENT))
    shown = json.loads(run_cli("case", "show", case_no, "--json").stdout)
    assert shown["agent"] == {
        "role": "代办人",
        "role_en": "Agent",
        "name": "李四",
        "id_type": "111",
        "doc_kind": "resident_id",
        "masked_id_number": mask_id_number(AGENT["id_number"]),
        "masked_phone": "138****0041",
        "relation": "配偶",
        "authorization": "power_of_attorney",
    }
    text = run_cli("case", "show", case_no).stdout
    masked = mask_id_number(AGENT["id_number"])
    assert f"代办人 李四（配偶） {masked} 授权委托书" in text
    assert AGENT["id_number"] not in text and AGENT["id_number"] not in json.dumps(shown)
    english = run_cli("--lang", "en", "case", "show", case_no).stdout
    assert f"Agent 李四 (配偶) {masked} Power of attorney" in english


def test_case_show_of_a_case_without_an_agent(run_cli: CliRunner, tmp_path: Path) -> None:
    case_no = _imported_case(run_cli, tmp_path, line(2))
    assert json.loads(run_cli("case", "show", case_no, "--json").stdout)["agent"] is None
    assert "代办人" not in run_cli("case", "show", case_no).stdout
