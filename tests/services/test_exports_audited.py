"""Applicants' data and the hall's reports taken away from the command line are in the audit
log (PIPL; the Cybersecurity Law's operation log): ``deferrals`` names applicants, so every
reading of it is logged; ``stats --csv`` and ``eod --out`` write the figures to a file, so
who took which period to which file is. Figures only printed log nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.cli.context import os_actor
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.services.conftest import MOMENT
from tests.services.deferral_cases import deferred_case

DAY = MOMENT.date().isoformat()


def _entries(store: Store, action: str) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT actor, target, detail FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()
    return [{"actor": a, "target": t, **json.loads(d)} for a, t, d in rows]


def test_each_reading_of_the_deferrals_is_logged_with_who_read_it(
    cli: Callable[..., CliResult], intake_store: Store, clerk, supervisor
) -> None:
    assert cli("deferrals", "--json").returncode == 0
    assert _entries(intake_store, "deferrals.view") == []  # an empty list names nobody
    deferred_case(intake_store, clerk, supervisor)
    deferred_case(intake_store, clerk, supervisor)
    assert cli("deferrals", "--json").returncode == 0
    assert cli("deferrals", "--due-within", "36500").returncode == 0
    assert _entries(intake_store, "deferrals.view") == [
        {"actor": os_actor(), "target": None, "cases": 2, "due_within": None},
        {"actor": os_actor(), "target": None, "cases": 2, "due_within": 36500},
    ]


def test_statistics_written_to_a_file_are_logged_with_period_and_file(
    cli: Callable[..., CliResult], intake_store: Store, tmp_path: Path
) -> None:
    assert cli("stats", "--from", DAY, "--to", DAY, "--json").returncode == 0
    assert _entries(intake_store, "statistics.export") == []  # printed only
    target = tmp_path / "day.csv"
    done = cli("stats", "--from", DAY, "--to", DAY, "--csv", str(target))
    assert done.returncode == 0, done.stderr
    assert _entries(intake_store, "statistics.export") == [
        {"actor": os_actor(), "target": None, "since": DAY, "until": DAY, "file": str(target)}
    ]


def test_the_day_report_written_to_a_file_is_logged(
    cli: Callable[..., CliResult], intake_store: Store, tmp_path: Path
) -> None:
    assert cli("eod", "--date", DAY, "--json").returncode == 0
    assert _entries(intake_store, "day.report_export") == []
    target = tmp_path / "eod.pdf"
    done = cli("eod", "--date", DAY, "--out", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")
    assert _entries(intake_store, "day.report_export") == [
        {"actor": os_actor(), "target": DAY, "file": str(target)}
    ]


def test_a_refused_file_is_not_logged_as_taken(
    cli: Callable[..., CliResult], intake_store: Store, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "day.csv"
    assert cli("stats", "--csv", str(missing)).returncode == 2
    assert _entries(intake_store, "statistics.export") == []
