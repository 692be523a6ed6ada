"""Another window's case counts in the end of day and the statistics under the decision the
platform's summary says its window took when it took it: a 容缺 acceptance stays 容缺 once
its material came (the summary no longer names a deferral due), a notice stays a notice on
its day once the applicant came back and the case was accepted on a later day. This
workstation counts its own such cases the same way, from their history; a summary from a
platform without the decision is counted by its state, as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from counter_app.services import later_materials
from counter_app.services.auth import User
from counter_app.services.end_of_day import day_report
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from counter_app.store.timestamps import to_text
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import DAY, hall_case

TAKEN = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
# The applicant of the notice comes back two days later: the case is accepted then.
RETURNED = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
RETURN_DAY = date(2026, 11, 28)


def _w02_day(store: Store, *, decisions: bool = True) -> None:
    """W02's cases of the day, as a platform with (or without) ``decision`` sent them: a
    容缺 acceptance whose material came since, a notice accepted on the applicant's return,
    and an acceptance."""
    supplied = replace(
        hall_case(1, "W02", "accepted", TAKEN), decision="accepted_deferred"
    )  # no deferral due: the material was supplied
    returned = replace(
        hall_case(2, "W02", "in_process", TAKEN),
        accepted_at=to_text(RETURNED),
        decision="notified",
    )
    accepted = replace(hall_case(3, "W02", "accepted", TAKEN), decision="accepted")
    with store.transaction() as db:
        for row in (supplied, returned, accepted):
            upsert_hall_case(db.conn, row if decisions else replace(row, decision=None))


def test_another_windows_cases_count_by_the_decision_the_platform_carries(
    store: Store, make_case: CaseFactory
) -> None:
    make_case()  # this window's day is not empty
    _w02_day(store)

    _, w02 = day_report(store, DAY).windows
    assert (w02.accepted, w02.deferred, w02.notified) == (1, 1, 1)
    decisions = dict(compute(store, Period(DAY, DAY)).decisions)
    assert (decisions["accepted"], decisions["deferred"], decisions["notified"]) == (2, 1, 1)
    # The acceptance on the applicant's return is not a case of the later day.
    (later,) = day_report(store, RETURN_DAY).windows
    assert later.window_code == "W01" and later.accepted == later.notified == 0
    assert dict(compute(store, Period(RETURN_DAY, RETURN_DAY)).decisions)["accepted"] == 0


def test_this_windows_notice_accepted_later_counts_as_a_notice_of_its_day(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    notified = make_case("notify")
    later_materials.accept_returned(store, notified.case_id, clerk, ["M03", "M04"], now=RETURNED)

    (w01,) = day_report(store, DAY).windows
    assert (w01.notified, w01.accepted) == (1, 0)
    decisions = dict(compute(store, Period(DAY, DAY)).decisions)
    assert (decisions["notified"], decisions["accepted"]) == (1, 0)


def test_a_summary_without_a_decision_counts_by_its_state(
    store: Store, make_case: CaseFactory
) -> None:
    make_case()
    _w02_day(store, decisions=False)

    _, w02 = day_report(store, DAY).windows
    assert (w02.accepted, w02.deferred, w02.notified) == (3, 0, 0)
