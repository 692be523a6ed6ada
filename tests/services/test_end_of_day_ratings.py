"""The end of day's 好差评 agree with the statistics: a bad rating whose appeal the platform
upheld is not counted, nor is any rating of a voided case (this window's or another's), and
each bad rating listed says where the hall's appeal of it stands."""

from __future__ import annotations

from dataclasses import replace

from counter_app.domain.evaluation import FollowupStep
from counter_app.domain.hall_time import hall_today
from counter_app.services.auth import User
from counter_app.services.case_endings import void_case
from counter_app.services.end_of_day import day_report
from counter_app.services.evaluations import (
    apply_appeal_decision,
    apply_online_evaluation,
    record_evaluation,
    record_followup_step,
)
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from counter_app.store.timestamps import utc_now
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import hall_case


def _appealed(store: Store, case_id: str, upheld: bool | None) -> None:
    """The hall appeals the case's bad rating; the platform's decision comes (None: not yet)."""
    record_followup_step(store, case_id, FollowupStep.APPEAL, "误评", by="super01")
    if upheld is not None:
        apply_appeal_decision(
            store, case_id, upheld=upheld, reason="审核理由", by="reviewer1", at=utc_now()
        )


def test_an_upheld_appeal_leaves_the_days_ratings_and_every_appeal_is_shown(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    upheld, pending, rejected, online, good = (make_case("accept") for _ in range(5))
    for case, level in ((upheld, 1), (pending, 2), (rejected, 1)):
        record_evaluation(store, case.case_id, level, reason_code="other", actor=clerk.username)
    record_evaluation(store, good.case_id, 5, actor=clerk.username)
    assert apply_online_evaluation(store, online.case_id, 2, "waiting", utc_now())
    _appealed(store, upheld.case_id, upheld=True)
    _appealed(store, pending.case_id, upheld=None)
    _appealed(store, rejected.case_id, upheld=False)
    _appealed(store, online.case_id, upheld=True)

    day = hall_today()
    report = day_report(store, day)
    (mine,) = report.windows
    assert (mine.ratings, mine.online_ratings) == ({"1": 1, "2": 1, "5": 1}, {})
    assert [(r.case_no, r.appeal) for r in report.low_ratings] == [
        (pending.case_no, "pending"),
        (rejected.case_no, "rejected"),
    ]
    listed = report.to_dict()["low_ratings"]
    assert [(row["case_no"], row["level"], row["appeal"]) for row in listed] == [
        (pending.case_no, 2, "pending"),
        (rejected.case_no, 1, "rejected"),
    ]
    satisfaction = compute(store, Period(day, day)).satisfaction
    assert mine.rating_figures == (satisfaction.rated, sum(satisfaction.levels[:2])) == (3, 2)


def test_a_bad_rating_never_appealed_has_no_appeal_state(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    bad = make_case("accept")
    record_evaluation(store, bad.case_id, 2, reason_code="waiting", actor=clerk.username)
    (listed,) = day_report(store, hall_today()).to_dict()["low_ratings"]
    assert (listed["case_no"], listed["appeal"]) == (bad.case_no, None)


def test_the_ratings_of_a_voided_case_are_not_counted_at_any_window(
    store: Store, make_case: CaseFactory, clerk: User, supervisor: User
) -> None:
    voided, kept = make_case("accept"), make_case("accept")
    record_evaluation(store, voided.case_id, 1, reason_code="other", actor=clerk.username)
    assert apply_online_evaluation(store, voided.case_id, 2, "waiting", utc_now())
    record_evaluation(store, kept.case_id, 4, actor=clerk.username)
    void_case(store, voided.case_id, clerk, supervisor, "录入错误")
    now = utc_now()
    theirs = [
        replace(hall_case(1, "W02", "voided", now), rating_level=1),
        replace(hall_case(2, "W02", "accepted", now), rating_level=5),
    ]
    with store.transaction() as db:
        for row in theirs:
            upsert_hall_case(db.conn, row)

    report = day_report(store, hall_today())
    mine, w02 = report.windows
    assert (mine.ratings, mine.online_ratings, w02.ratings) == ({"4": 1}, {}, {"5": 1})
    assert report.low_ratings == []
