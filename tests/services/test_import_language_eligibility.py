"""The import path (``counter-app import``) states the applicant's document language, the
English name on the card, and the reason for accepting against a situation's eligibility
rule, with optional fields of a line; ``case show`` tells all three."""

from __future__ import annotations

import json

from tests.services.import_lines import SENIOR_CARD, SENIOR_MATERIALS, line, number

FOREIGNER = {
    "type": "person",
    "id_type": "990",
    "doc_kind": "foreign_permanent_2017",
    "id_number": "USA310087060015",
    "name": "史密斯",
    "english_name": "SMITH, JOHN MICHAEL",
    "birth_date": "1987-06-04",
    "nationality": "USA",
}


def _results(stdout: str) -> list[dict]:
    return [json.loads(text) for text in stdout.splitlines() if text.strip()]


def _young(i: int) -> dict:
    # number(30) is born 1980: far from 65 on any date this test runs.
    return {"type": "person", "id_type": "111", "id_number": number(30), "name": f"青年{i}"}


def test_import_states_language_english_name_and_the_eligibility_reason(run_cli, tmp_path):
    senior = {"service_item": SENIOR_CARD, "materials": SENIOR_MATERIALS}
    lines = [
        line(1, applicant=FOREIGNER),
        line(2, applicant=FOREIGNER, document_language="zh"),
        line(3, document_language="en-GB"),
        line(4, **senior, applicant=_young(4)),
        line(5, **senior, applicant=_young(5), eligibility_reason="户口簿出生日期已更正"),
        line(6, eligibility_reason=7),
        line(7, decision="notify", materials=[], eligibility_reason="只有受理才需要"),
    ]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _results(run_cli("import", str(source), "--json").stdout)
    assert [r["status"] for r in out] == [
        "accepted",
        "accepted",
        "error",
        "error",
        "accepted",
        "error",
        "error",
    ]
    assert [e["field"] for e in out[2]["errors"]] == ["document_language"]
    assert [e["field"] for e in out[3]["errors"]] == ["eligibility_reason"]
    assert "65" in out[3]["errors"][0]["message"]
    assert [e["field"] for e in out[5]["errors"]] == ["eligibility_reason"]
    assert [e["field"] for e in out[6]["errors"]] == ["eligibility_reason"]

    def show(result: dict) -> dict:
        return json.loads(run_cli("case", "show", result["case_no"], "--json").stdout)

    foreign, chosen, overridden = show(out[0]), show(out[1]), show(out[4])
    assert (foreign["document_language"], foreign["english_name"]) == (
        "zh-en",
        "SMITH, JOHN MICHAEL",
    )
    assert chosen["document_language"] == "zh"
    assert overridden["eligibility_override"]["reason"] == "户口簿出生日期已更正"
    assert [c["code"] for c in overridden["eligibility_override"]["concerns"]] == ["age"]
    text = run_cli("case", "show", out[4]["case_no"]).stdout
    assert "户口簿出生日期已更正" in text
    assert "SMITH, JOHN MICHAEL" in run_cli("case", "show", out[0]["case_no"]).stdout


def test_a_birth_date_that_is_no_day_or_still_to_come_is_refused(run_cli, tmp_path):
    """An age rule rests on it: a malformed one was dropped, and the rule with it."""
    lines = [
        line(1, applicant={**FOREIGNER, "birth_date": "2000-13-45"}),
        line(2, applicant={**FOREIGNER, "birth_date": "26/11/2026"}),
        line(3, applicant={**FOREIGNER, "birth_date": "2999-01-01"}),
    ]
    source = tmp_path / "births.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _results(run_cli("import", str(source), "--json").stdout)
    assert [r["status"] for r in out] == ["error", "error", "error"]
    assert all([e["field"] for e in r["errors"]] == ["applicant.birth_date"] for r in out)
