"""``counter-app retention [--dry-run] [--json]`` and ``case show`` of a purged case: the
purge said in both languages, the case's number, states and history still shown, what
only its documents held given as null."""

from __future__ import annotations

import json

from counter_app.services.retention import purge_expired
from counter_app.store import cases as case_rows
from tests.services.retention_cases import LATER, every_kind


def test_case_show_says_when_the_personal_data_was_purged(intake_store, clerk, run_cli):
    kinds = every_kind(intake_store, clerk)
    purge_expired(intake_store, actor="cli:it", now=LATER)
    case_no = case_rows.get_case(intake_store, kinds.refused_synced).case_no

    shown = run_cli("case", "show", case_no)
    assert shown.returncode == 0, shown.stderr
    assert "个人信息已于2028-01-01按保留期限清除（保留365天）。" in shown.stdout
    assert case_no in shown.stdout and "欧***" in shown.stdout
    in_english = run_cli("--lang", "en", "case", "show", case_no).stdout
    assert "purged on 2028-01-01 under the retention period (kept 365 days)" in in_english
    document = json.loads(run_cli("case", "show", case_no, "--json").stdout)
    assert document["personal_data_purged"] == {"purged_on": "2028-01-01", "kept_days": 365}
    assert (document["state"], document["applicant_name"], document["document_language"]) == (
        "refused",
        "欧***",
        None,
    )
    assert [e["kind"] for e in document["history"]["events"]][-1] == "retention"
    kept = json.loads(run_cli("case", "show", kinds.accepted_synced, "--json").stdout)
    assert kept["personal_data_purged"] is None and kept["document_language"] == "zh"


def test_retention_reports_what_it_purged_or_would(intake_store, clerk, run_cli):
    every_kind(intake_store, clerk)
    # The cases left can never be due, whatever the date: still going, not on the
    # platform, or owing a refund.
    purge_expired(intake_store, actor="cli:it", now=LATER)

    dry = run_cli("retention", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    reported = json.loads(dry.stdout)
    assert {k: reported[k] for k in ("dry_run", "kept_days", "cases", "first_day")} == {
        "dry_run": True,
        "kept_days": 365,
        "cases": 0,
        "first_day": None,
    }
    text = run_cli("retention").stdout
    assert text.startswith("已清除 0 件办件的个人信息：已办结、中心平台已接收，最后变更早于 ")
    assert "（保留 365 天）" in text
    in_english = run_cli("--lang", "en", "retention", "--dry-run").stdout
    assert in_english.startswith("Would purge the personal data of 0 case(s): finished")
    assert "Dry run: nothing was changed." in in_english
