"""``stats``' 本机待确认 and the end-of-day report's 未同步 count the same cases: every case
taken here in the period that the platform does not hold as it stands here (its newest
version pending, in conflict or refused), not only those whose first version is unanswered.
Two withdrawals held in conflict once read 本机待确认 0 beside 未同步 2."""

from __future__ import annotations

from counter_app.services import case_endings, end_of_day, intake
from counter_app.services.auth import User
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number
from tests.services.end_of_day_cases import answer

DAY = MOMENT.date()


def test_cases_held_in_conflict_count_as_waiting_in_both(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    for seq in (1, 2):
        number = resident_number(f"310104198001011{seq:02d}")
        case = intake.accept(
            intake_store, request_for(item, complete_marks(item), number=number), clerk, now=MOMENT
        )
        answer(intake_store, case.case_id, "stored")
        case_endings.withdraw(
            intake_store, case.case_id, clerk, "不再需要", applicant_confirmed=True, now=MOMENT
        )
        answer(intake_store, case.case_id, "conflict", '{"reason": "withdrawn_after_step"}')

    stats = compute(intake_store, Period(DAY, DAY))
    report = end_of_day.day_report(intake_store, DAY)

    (window,) = [w for w in report.windows if w.window_code == report.window_code]
    assert window.unsynced == 2
    assert stats.sync_waiting == 2
