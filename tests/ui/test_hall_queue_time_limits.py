"""The window's hall queue chooses the overdue and the 临近超期 cases, oldest promised date
first, as ``counter-app queue --overdue`` and ``--due-soon`` do; the case detail has the
statutory date beside the promised one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.domain.hall_time import hall_today
from tests.store.hall_summaries import hall_summary, keep_summaries
from tests.ui.conftest import PASSWORD, training_home
from tests.ui.stored_cases import accept_case
from ui.core_facade import Workstation
from ui.facade_types import QueueFilter


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    opened = Workstation.open(*training_home(tmp_path / "home"))
    yield opened
    opened.close()


def test_the_queue_filters_by_time_limit(workstation: Workstation) -> None:
    today = hall_today()
    for index, days in ((1, -3), (2, -40), (3, 0), (4, 30)):
        promised = (today + timedelta(days=days)).isoformat()
        keep_summaries(workstation.store, replace(hall_summary(index), promised_date=promised))
    workstation.login("super01", PASSWORD)

    ours = hall_summary(1).case_no[:-4]  # the training hall's own samples aside

    def shown(time_limit: str | None) -> list[str]:
        rows = workstation.hall_queue(QueueFilter(time_limit=time_limit), limit=100)
        return [entry.case_no[-1] for entry in rows if entry.case_no.startswith(ours)]

    assert shown("overdue") == ["2", "1"]
    assert shown("due_soon") == ["3"]
    assert shown(None) == ["4", "3", "2", "1"]


def test_the_case_detail_has_the_statutory_date(workstation: Workstation) -> None:
    workstation.login("clerk01", PASSWORD)
    case = accept_case(workstation, "clerk01")
    detail = workstation.case_detail(case.case_id)
    assert detail.promised_date is not None and detail.statutory_date is not None
    assert detail.statutory_date >= detail.promised_date
