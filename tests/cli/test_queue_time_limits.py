"""``counter-app queue --overdue`` and ``--due-soon`` list the hall's cases past or near their
promised date, oldest promised first, and ``stats`` and ``eod`` give the same two counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from counter_app.domain.hall_time import hall_today
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.store.hall_summaries import hall_summary, keep_summaries


def test_overdue_and_due_soon_cases_and_their_counts(
    cli: Callable[..., CliResult], store: Store
) -> None:
    # The command reads the hall's clock: the cases are dated from it, far enough from the
    # edges of the due-soon window (2 working days) that a weekend does not move them.
    today = hall_today()
    for index, state, days in (
        (1, "accepted", -3),
        (2, "in_process", -40),
        (3, "accepted", 0),
        (4, "accepted", 30),
        (5, "voided", -40),
    ):
        promised = (today + timedelta(days=days)).isoformat()
        keep_summaries(store, replace(hall_summary(index, state=state), promised_date=promised))

    def shown(*options: str) -> list[str]:
        result = cli("queue", "--hall", "--json", *options)
        assert result.returncode == 0, result.stderr
        return [case["case_no"][-1] for case in json.loads(result.stdout)["cases"]]

    assert shown("--overdue") == ["2", "1"]
    assert shown("--due-soon") == ["3"]
    assert shown() == ["5", "4", "3", "2", "1"]
    both = cli("queue", "--overdue", "--due-soon")
    assert both.returncode != 0 and "not allowed with" in both.stderr

    stats = json.loads(cli("stats", "--json").stdout)
    eod = json.loads(cli("eod", "--json").stdout)
    assert (stats["overdue"], stats["due_soon"]) == (eod["overdue"], eod["due_soon"]) == (2, 1)
    figure = f"{today.isoformat()} 当日：已超期 2 件，临近超期 1 件"
    assert figure in cli("stats").stdout
    assert figure in cli("eod").stdout
