"""``stats``' 好差评 counts a rating in the period it was given, as the end-of-day report
does, so a closed period's figures stay put when a case taken in it is rated later (a late
online rating once changed a past month); a voided case is not counted (neither channel
rates one)."""

from __future__ import annotations

from datetime import date, timedelta

from counter_app.services import case_endings, end_of_day, intake
from counter_app.services.auth import User
from counter_app.services.evaluations import apply_online_evaluation, record_evaluation
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

TAKEN = MOMENT.date()  # Thursday 24 September 2026, 10:00 in the hall


def _accepted(store: Store, clerk: User, seq: int) -> str:
    item = item_named(store, "老年综合津贴申领")
    number = resident_number(f"310104198001011{seq:02d}")
    request = request_for(item, complete_marks(item), number=number)
    return intake.accept(store, request, clerk, now=MOMENT).case_id


def _levels(store: Store, day: date) -> tuple[tuple[int, ...], tuple[int, ...]]:
    hall, online = compute(store, Period(day, day)).satisfaction.channels
    return hall.levels, online.levels


def _window_day(store: Store, day: date) -> end_of_day.WindowDay:
    report = end_of_day.day_report(store, day)
    (window,) = [w for w in report.windows if w.window_code == report.window_code]
    return window


def test_a_rating_counts_on_the_day_it_was_given_in_stats_and_eod(
    intake_store: Store, clerk: User
) -> None:
    case_id = _accepted(intake_store, clerk, 1)
    taken_day = compute(intake_store, Period(TAKEN, TAKEN)).satisfaction
    assert (taken_day.cases, taken_day.rated, taken_day.not_rated) == (1, 0, 1)

    hall_at = MOMENT + timedelta(days=1)
    online_at = MOMENT + timedelta(days=3)
    record_evaluation(intake_store, case_id, 4, actor="clerk1", now=hall_at)
    assert apply_online_evaluation(intake_store, case_id, 5, None, online_at)

    # The day the case was taken reads as it read when it closed.
    assert compute(intake_store, Period(TAKEN, TAKEN)).satisfaction == taken_day
    assert _levels(intake_store, hall_at.date()) == ((0, 0, 0, 1, 0), (0, 0, 0, 0, 0))
    assert _levels(intake_store, online_at.date()) == ((0, 0, 0, 0, 0), (0, 0, 0, 0, 1))
    rated_day = compute(intake_store, Period(hall_at.date(), hall_at.date())).satisfaction
    assert (rated_day.cases, rated_day.rated) == (1, 1)
    # The end-of-day report of each day counts the same rating on the same day.
    assert _window_day(intake_store, hall_at.date()).ratings == {"4": 1}
    assert _window_day(intake_store, online_at.date()).online_ratings == {"5": 1}
    whole = compute(intake_store, Period(TAKEN, online_at.date())).satisfaction
    assert (whole.cases, whole.rated, whole.levels) == (1, 1, (0, 0, 0, 1, 1))


def test_a_voided_case_is_not_counted(intake_store: Store, clerk: User, supervisor: User) -> None:
    kept, voided = _accepted(intake_store, clerk, 1), _accepted(intake_store, clerk, 2)
    record_evaluation(intake_store, kept, 5, actor="clerk1", now=MOMENT)
    # Rated before the voiding (a rating of a voided case is refused).
    record_evaluation(intake_store, voided, 1, reason_code="other", actor="clerk1", now=MOMENT)
    case_endings.void_case(intake_store, voided, clerk, supervisor, "录入错误", now=MOMENT)

    satisfaction = compute(intake_store, Period(TAKEN, TAKEN)).satisfaction
    assert (satisfaction.cases, satisfaction.rated, satisfaction.levels) == (
        1,
        1,
        (0, 0, 0, 0, 1),
    )
