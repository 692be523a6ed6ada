"""The training hall's sample cases: a fresh hall has something to practise each later step
on: a case accepted with a deferred material due today, which the supervisor's 容缺到期 tab
lists and the clerk can complete with F8 (or see end tomorrow); a result ready for pick-up;
a case whose fee is still due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_app.config import load_config
from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.services.deferrals import open_deferrals
from counter_app.services.delivery import ready_results
from counter_app.services.training_samples import FEE_ITEM, accept_problem_case
from counter_app.store import cases as case_rows
from counter_app.store import payments as payment_rows
from counter_app.store.database import open_store
from counter_app.store.sync_writes import SyncOutcome, record_sync_outcomes
from counter_app.store.timestamps import to_text
from sync.requeue import requeue_cases
from ui.training_hall import TrainingHall


def test_a_fresh_training_hall_has_a_deferred_case_due_today(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").claim(training=True)
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


def test_a_fresh_training_hall_has_a_result_to_hand_over_and_a_fee_to_collect(
    tmp_path: Path,
) -> None:
    """出件 and 缴费 to practise as well: a result the platform reported ready (in the pick-up
    list, F10 hands it over) and an accepted 居住证卡补领 that owes its 20.00 元 (Alt+N, Alt+P)."""
    home = Home(tmp_path / "home").claim(training=True)
    hall = TrainingHall(home, start_platform=False)
    config = hall.prepare(load_config(home))
    with open_store(home, config) as store:
        hall.finish_on_worker(store)
        (ready,) = ready_results(store)
        record = case_rows.get_case(store, ready.case_id)
        assert (record.state, record.clerk, ready.method) == (
            "result_ready",
            "clerk01",
            DeliveryMethod.PICKUP,
        )
        unpaid = [
            (r.service_item_code, p.fee_cents, p.paid)
            for r in case_rows.list_cases(store)
            if (p := payment_rows.case_payment(store, r.case_id)) is not None
        ]
        assert unpaid == [(FEE_ITEM, 2000, False)]
        # A later start of the same hall adds no second one.
        hall.finish_on_worker(store)
        assert len(ready_results(store)) == 1
        assert len(case_rows.list_cases(store)) == 3


def test_an_earlier_days_problem_case_still_waiting_is_not_joined_by_another(
    tmp_path: Path,
) -> None:
    """A hall used every day keeps one sample problem case to practise on: while yesterday's
    waits for the supervisor (held in conflict), today makes none; once it no longer does
    (sent again), today's comes."""
    home = Home(tmp_path / "home").claim(training=True)
    hall = TrainingHall(home, start_platform=False)
    config = hall.prepare(load_config(home))
    today = datetime.now(UTC)
    with open_store(home, config) as store:
        hall.finish_on_worker(store)
        clerk = Accounts(store).get("clerk01")
        yesterdays = accept_problem_case(store, clerk, now=today - timedelta(days=1))
        assert yesterdays is not None
        (outbox_id,) = store.db.execute(
            "SELECT outbox_id FROM outbox WHERE case_id = ?", (yesterdays.case_id,)
        ).fetchone()
        held = SyncOutcome(
            outbox_id, yesterdays.case_id, 1, "conflict", None, "content_differs", None, "{}"
        )
        with store.transaction() as db:
            record_sync_outcomes(db, [held], "sync", to_text(today))
        assert accept_problem_case(store, clerk, now=today) is None

        requeue_cases(store, [yesterdays.case_no], actor="super01")
        todays = accept_problem_case(store, clerk, now=today)
        assert todays is not None and todays.case_id != yesterdays.case_id
