"""特别程序: the time limit stands still while a case is suspended; when the platform reports
it back in process, the window moves the promised and statutory dates on by the working
days it waited, in a new data version the platform receives like a 补正's."""

from __future__ import annotations

from datetime import UTC, datetime

from counter_app.services import case_progress, intake
from counter_app.services.auth import User
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
# Monday 28 Sep 2026 and Wednesday 30 Sep 2026, 10:00 in Shanghai.
SUSPENDED = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)
RESUMED = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)


def _suspended(store: Store, clerk: User) -> str:
    item = item_named(store, ALLOWANCE)
    accepted = intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert case_progress.apply_progress(store, accepted.case_id, "in_process", at=SUSPENDED)
    assert case_progress.apply_progress(
        store, accepted.case_id, "suspended", note="需现场核查", at=SUSPENDED
    )
    return accepted.case_id


def _outbox(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    )
    return [row[0] for row in rows]


def test_a_resumed_case_has_its_dates_moved_by_the_days_waited(
    intake_store: Store, clerk: User
) -> None:
    case_id = _suspended(intake_store, clerk)
    assert case_rows.get_case(intake_store, case_id).promised_date == "2026-10-15"

    assert case_progress.apply_progress(intake_store, case_id, "in_process", at=RESUMED)

    # Suspended Monday, resumed Wednesday: two working days waited.
    after = case_rows.get_case(intake_store, case_id)
    assert (after.state, after.promised_date, after.sync_state) == (
        "in_process",
        "2026-10-19",
        "pending",
    )
    document = case_plaintext.case_document(intake_store, case_id)
    assert (document["promised_date"], document["statutory_date"]) == ("2026-10-19", "2026-11-02")
    assert document["state"] == "in_process"
    assert _outbox(intake_store, case_id) == [1, 2]
    edit = history_rows.case_history(intake_store, case_id).events[-1]
    assert (edit.actor, edit.kind) == (case_progress.CLOCK_ACTOR, "edit")
    assert edit.detail["waited_working_days"] == 2
    assert edit.detail["promised_before"] == "2026-10-15"

    # The feed repeating itself moves nothing again.
    assert not case_progress.apply_progress(intake_store, case_id, "in_process", at=RESUMED)
    assert case_rows.get_case(intake_store, case_id).promised_date == "2026-10-19"


def test_a_suspension_lifted_the_same_day_writes_no_version(
    intake_store: Store, clerk: User
) -> None:
    case_id = _suspended(intake_store, clerk)

    assert case_progress.apply_progress(intake_store, case_id, "in_process", at=SUSPENDED)

    assert case_rows.get_case(intake_store, case_id).promised_date == "2026-10-15"
    assert _outbox(intake_store, case_id) == [1]
