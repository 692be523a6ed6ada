"""The supervisor's deferrals list names applicants, so who read it is in the audit log,
once per sign-in (not at each refresh); the statistics' CSV export is too, with its period and file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.hall_time import hall_today
from counter_app.services.statistics import Period
from tests.services.deferral_cases import deferred_cases_at
from tests.ui.conftest import PASSWORD, training_home
from ui.core_facade import Workstation


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    """The training hall with one more deferral, due in three days."""
    home, config = training_home(tmp_path / "home")
    deferred_cases_at(home, config, [(hall_today() + timedelta(days=3), True)])
    opened = Workstation.open(home, config)
    yield opened
    opened.close()


def _entries(workstation: Workstation, action: str) -> list[dict[str, Any]]:
    rows = workstation.store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()
    return [{"actor": actor, **json.loads(detail)} for actor, detail in rows]


def test_each_sign_in_reading_the_deferrals_names_the_supervisor(
    workstation: Workstation,
) -> None:
    workstation.login("super01", PASSWORD)
    due = len(workstation.due_deferrals(7).deferrals)
    assert due >= 1  # the training hall's samples, and the one made here
    workstation.due_deferrals(7)  # a refresh after a case change: the same reading
    workstation.login("admin01", PASSWORD)
    workstation.due_deferrals(7)
    assert _entries(workstation, "deferrals.view") == [
        {"actor": "super01", "cases": due, "due_within": 7},
        {"actor": "admin01", "cases": due, "due_within": 7},
    ]


def test_the_statistics_export_names_who_which_period_and_file(
    workstation: Workstation, tmp_path: Path
) -> None:
    workstation.login("super01", PASSWORD)
    today = hall_today()
    stats = workstation.statistics(Period(today, today))
    assert _entries(workstation, "statistics.export") == []  # figures on screen only
    target = tmp_path / "today.csv"
    workstation.export_statistics(stats, target)
    assert _entries(workstation, "statistics.export") == [
        {
            "actor": "super01",
            "since": today.isoformat(),
            "until": today.isoformat(),
            "file": str(target),
        }
    ]
