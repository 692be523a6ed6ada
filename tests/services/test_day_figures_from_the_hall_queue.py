"""The end of day and the statistics of one hall day on the same PC say the same: another
window's ratings, bad ratings and voids come from the hall queue as its decisions do, a case
accepted with deferred materials (容缺) stays one whatever the back office or the applicant
did since, and what only another window's own PC knows is named as such, never added into a
hall total as if it were one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from counter_app.domain.checklist import MaterialStatus
from counter_app.services import case_progress, deferrals
from counter_app.services.auth import User
from counter_app.services.end_of_day import OWN_RECORDS_ONLY, day_report
from counter_app.services.evaluations import record_evaluation
from counter_app.services.statistics import Period, compute
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from tests.printing.fixtures import CASE_TIME, CaseFactory
from tests.services.end_of_day_cases import DAY, hall_case

RATED_AT = CASE_TIME + timedelta(minutes=30)  # 10:30 in the hall, the day the cases were taken
TAKEN = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def _w02_day(store: Store) -> dict[str, str]:
    """W02's day as the hall queue brought it: an acceptance rated 1 (差评待整改), a 容缺
    acceptance the department since took on, a refusal whose applicant declined to rate, and
    a void. Their case numbers, by what they are."""
    rows = {
        "bad": replace(
            hall_case(1, "W02", "accepted", TAKEN), rating_level=1, flags=("bad_rating",)
        ),
        "deferred": replace(
            hall_case(2, "W02", "in_process", TAKEN),
            deferral_due="2026-12-04",
            flags=("deferred_materials",),
        ),
        "declined": replace(hall_case(3, "W02", "refused", TAKEN), rating_declined=True),
        "voided": hall_case(4, "W02", "voided", TAKEN),
    }
    with store.transaction() as db:
        for row in rows.values():
            upsert_hall_case(db.conn, row)
    return {name: row.case_no for name, row in rows.items()}


def test_another_windows_ratings_bad_ratings_and_voids_come_from_the_hall_queue(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    mine = make_case("accept")
    record_evaluation(
        store, mine.case_id, 2, reason_code="waiting", actor=clerk.username, now=RATED_AT
    )
    theirs = _w02_day(store)

    report = day_report(store, DAY)
    w01, w02 = report.windows
    assert (w01.ratings, w02.ratings) == ({"2": 1}, {"1": 1, "declined": 1})
    assert report.hall.ratings == {"1": 1, "2": 1, "declined": 1}
    assert report.hall.rating_figures == (2, 2)
    assert [(r.case_no, r.level, r.source) for r in report.low_ratings] == [
        (mine.case_no, 2, "local"),
        (theirs["bad"], 1, "platform"),
    ]
    (void,) = report.voids
    assert (void.case_no, void.window_code, void.approved_by, void.source) == (
        theirs["voided"],
        "W02",
        None,  # known at W02's own PC only
        "platform",
    )
    # The statistics of the same day count the same ratings.
    satisfaction = compute(store, Period(DAY, DAY)).satisfaction
    hall_evaluator = satisfaction.channels[0]
    assert hall_evaluator.levels == (1, 1, 0, 0, 0)
    assert hall_evaluator.declined == report.hall.ratings["declined"] == 1


def test_a_case_accepted_with_deferred_materials_stays_so_in_the_days_figures(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    """Here: one the department took on, one whose material came since; at W02: one the
    department took on. Each still counts as 容缺, in the end of day and the statistics."""
    taken_on, supplied = make_case("deferral"), make_case("deferral")
    make_case()  # accepted outright
    assert case_progress.apply_progress(store, taken_on.case_id, "in_process")
    owed = [
        m.code
        for m in case_rows.get_case(store, supplied.case_id).materials
        if m.status == MaterialStatus.DEFERRED.value
    ]
    assert deferrals.supply(store, supplied.case_id, clerk, owed).state == "accepted"
    _w02_day(store)

    report = day_report(store, DAY)
    w01, w02 = report.windows
    assert (w01.deferred, w01.accepted) == (2, 1)
    assert (w02.deferred, w02.accepted) == (1, 1)
    decisions = dict(compute(store, Period(DAY, DAY)).decisions)
    assert (decisions["deferred"], decisions["accepted"]) == (3, 2)
    assert (report.hall.deferred, report.hall.accepted) == (3, 2)


def test_what_only_another_windows_pc_knows_is_named_in_its_row_and_the_halls(
    store: Store, make_case: CaseFactory
) -> None:
    make_case()
    alone = day_report(store, DAY)
    assert alone.hall.own_records_only == []  # this window alone: its total is the hall's
    _w02_day(store)

    figures = day_report(store, DAY).to_dict()
    w01, w02 = figures["windows"]
    assert w01["own_records_only"] == []
    assert w02["own_records_only"] == list(OWN_RECORDS_ONLY)
    assert figures["hall"]["own_records_only"] == list(OWN_RECORDS_ONLY)
    assert set(OWN_RECORDS_ONLY) == {"documents", "reprints", "online_ratings", "unsynced"}
