"""The training hall's sample cases: a fresh hall has something to practise each later step
on. Here the deferral flow: a case accepted with a deferred material due today, which the
supervisor's 容缺到期 tab lists and the clerk can complete with F8 (or see end tomorrow)."""

from __future__ import annotations

from pathlib import Path

from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services.deferrals import open_deferrals
from counter_app.store import cases as case_rows
from counter_app.store.database import open_store
from ui.training_hall import TrainingHall


def test_a_fresh_training_hall_has_a_deferred_case_due_today(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    hall = TrainingHall(home, start_platform=False)
    config = hall.prepare(load_config(home))
    with open_store(home, config) as store:
        hall.finish_on_worker(store)
        due = open_deferrals(store, today=hall_today(), due_within=0)
        assert [(d.deadline, d.overdue) for d in due] == [(hall_today(), False)]
        record = case_rows.get_case(store, due[0].case_id)
        assert record.state == "accepted_deferred"
        assert record.clerk == "clerk01"  # a sample clerk's case, approved by the supervisor
        # A later start of the same hall adds no second one.
        hall.finish_on_worker(store)
        assert len(open_deferrals(store, today=hall_today(), due_within=0)) == 1
