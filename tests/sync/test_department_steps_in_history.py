"""A department's step the window's own act got to first is in the case's history where it
happened, marked as not applied here, and the history lists what happened in time order,
whichever reached the window first."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from counter_app.services import case_endings, intake
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_history import case_history
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text
from sync.feeds import apply_progress_event
from sync.wire.feeds import ProgressEvent
from tests.services.conftest import complete_marks, item_named, request_for

CLERK = User("clerk1", "窗口一", "clerk", None, False)
ACCEPTED_AT = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 09:00 in the hall
STEP_AT = datetime(2026, 12, 7, 1, 7, 59, tzinfo=UTC)
WITHDRAWN_AT = datetime(2026, 12, 7, 1, 8, 33, tzinfo=UTC)


def test_a_step_the_windows_withdrawal_got_to_first_is_listed_where_it_happened(
    store: Store,
) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    item = item_named(store, "老年综合津贴申领")
    case = intake.accept(store, request_for(item, complete_marks(item)), CLERK, now=ACCEPTED_AT)
    # Offline, the window withdrew the case at 09:08:33; the department had taken it into
    # processing at 09:07:59, which the window hears of only now.
    case_endings.withdraw(
        store, case.case_id, CLERK, "申请人不办了", applicant_confirmed=True, now=WITHDRAWN_AT
    )
    step = ProgressEvent(
        sequence=7,
        case_id=uuid.UUID(case.case_id),
        case_no=case.case_no,
        state="in_process",
        at=STEP_AT,
        note="已受理审查",
        department="310104-MZJ",
    )

    assert apply_progress_event(store, step) is False

    events = case_history(store, case.case_id).events
    [passed] = [e for e in events if "progress_not_applied" in e.detail]
    assert (passed.actor, passed.detail["progress_not_applied"], passed.detail["note"]) == (
        "department:310104-MZJ",
        "in_process",
        "已受理审查",
    )
    assert from_text(passed.at) == STEP_AT
    assert (passed.from_state, passed.to_state) == (None, None)  # the case stays withdrawn
    withdrawal = next(e for e in events if e.to_state == "withdrawn")
    assert events.index(passed) == events.index(withdrawal) - 1
    assert [e.at for e in events] == sorted(e.at for e in events)
