"""The end of day (日结) on a real store: every decision counted per window and for the hall,
another window's figures from the hall queue, and the reconciliation listing each case of
the day the platform has not acknowledged, with the last thing sync heard about it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services import case_progress
from counter_app.services.auth import User
from counter_app.services.end_of_day import checked_day_report, sync_error_text
from counter_app.services.evaluations import apply_online_evaluation, record_evaluation
from counter_app.store import payment_writes
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from counter_app.store.timestamps import utc_now
from printing.document_data import DocumentKind
from printing.service import issue_document
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import DAY, REJECTION, TRANSIENT, close_day, hall_case


def test_figures_per_window_and_for_the_hall(
    store: Store, make_case: CaseFactory, clerk: User, supervisor: User
) -> None:
    closed = close_day(store, make_case, clerk, supervisor)
    report = checked_day_report(store, DAY)

    figures = report.to_dict()
    assert figures["date"] == "2026-11-26"
    mine, w02 = figures["windows"]  # W03's case was the day before in the hall
    assert {k: mine[k] for k in ("window_code", "source", "flagged")} == {
        "window_code": "W01",
        "source": "local",
        "flagged": True,
    }
    assert {
        k: mine[k]
        for k in (
            "accepted",
            "deferred",
            "notified",
            "refused",
            "withdrawn",
            "voided",
            "acknowledged",
            "unsynced",
        )
    } == {
        "accepted": 3,  # one acknowledged, one rejected, one waiting to be retried
        "deferred": 1,
        "notified": 1,
        "refused": 1,
        "withdrawn": 1,
        "voided": 1,
        "acknowledged": 5,
        "unsynced": 3,
    }
    assert {k: w02[k] for k in ("window_code", "source", "accepted", "refused")} == {
        "window_code": "W02",
        "source": "platform",
        "accepted": 2,  # 07:00 and 10:00 in the hall; the 23:00 one of the day before is not
        "refused": 1,
    }
    assert (w02["acknowledged"], w02["unsynced"], w02["flagged"]) == (3, 0, False)
    hall = figures["hall"]
    assert (hall["accepted"], hall["refused"], hall["acknowledged"], hall["unsynced"]) == (
        5,
        2,
        8,
        3,
    )
    assert figures["flagged_windows"] == ["W01"]
    assert [v["case_no"] for v in figures["voids"]] == [closed.voided]
    assert figures["voids"][0]["approved_by"] == supervisor.username


def test_reconciliation_lists_every_unacknowledged_case_with_its_last_sync_error(
    store: Store, make_case: CaseFactory, clerk: User, supervisor: User
) -> None:
    closed = close_day(store, make_case, clerk, supervisor)
    report = checked_day_report(store, DAY)

    assert report.reconciled is False
    assert report.to_dict()["unacknowledged"] == sorted(
        [closed.rejected, closed.transient, closed.voided]
    )
    said = {u.case_no: (u.sync_state, sync_error_text(u.last_error)) for u in report.unacknowledged}
    assert said[closed.rejected] == (
        "rejected",
        (REJECTION["message_zh"], REJECTION["message_en"]),
    )
    assert said[closed.transient] == ("pending", (TRANSIENT, TRANSIENT))
    assert said[closed.voided][0] == "pending"
    assert "not sent yet" in said[closed.voided][1][1]
    for number in closed.acknowledged:
        assert number not in said


def test_a_day_whose_cases_are_all_acknowledged_is_reconciled(
    store: Store, make_case: CaseFactory, clerk: User, supervisor: User
) -> None:
    close_day(store, make_case, clerk, supervisor)
    # Nothing of the day before is open: the day's own cases only are reconciled.
    report = checked_day_report(store, DAY.replace(day=25))
    assert report.reconciled is True
    assert report.unacknowledged == []
    assert [w.window_code for w in report.windows] == ["W01", "W03"]


def test_documents_and_reprints_with_their_reasons(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    supervisor: User,
) -> None:
    case = make_case("accept")
    at = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    issue_document(store, config, home, case.case_id, actor="clerk07", now=at)
    issue_document(
        store,
        config,
        home,
        case.case_id,
        kind=DocumentKind.RECEIPT,
        actor="clerk07",
        reprint_reason="申请人遗失回执",
        approved_by=supervisor,
        now=at.replace(hour=4),
    )
    report = checked_day_report(store, DAY)
    (mine,) = report.windows
    assert (mine.documents, mine.reprints) == (2, 1)
    (reprint,) = report.reprints
    assert (reprint.case_no, reprint.reason, reprint.reprint_no) == (
        case.case_no,
        "申请人遗失回执",
        1,
    )


def test_ratings_given_that_day_with_bad_ones_listed(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    good, bad, declined = make_case("accept"), make_case("accept"), make_case("accept")
    record_evaluation(store, good.case_id, 5, actor=clerk.username)
    record_evaluation(store, declined.case_id, None, actor=clerk.username)
    record_evaluation(
        store, bad.case_id, 1, reason_code="waiting", reason="等候时间过长", actor=clerk.username
    )
    report = checked_day_report(store, hall_today())  # rated today, whatever the cases' day
    (mine,) = report.windows
    assert mine.ratings == {"1": 1, "5": 1, "declined": 1}
    assert mine.rating_figures == (2, 1)  # rated, bad: declining is no rating
    assert [(r.case_no, r.level, r.reason) for r in report.low_ratings] == [
        (bad.case_no, 1, "等候时间过长")
    ]
    assert report.to_dict()["hall"]["ratings"] == {"1": 1, "5": 1, "declined": 1}


def test_online_ratings_given_that_day_are_counted_beside_the_halls(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    both, online_only = make_case("accept"), make_case("accept")
    record_evaluation(store, both.case_id, 5, actor=clerk.username)
    assert apply_online_evaluation(store, both.case_id, 4, None, utc_now())
    assert apply_online_evaluation(store, online_only.case_id, 2, "waiting", utc_now())
    report = checked_day_report(store, hall_today())
    (mine,) = report.windows
    assert (mine.ratings, mine.online_ratings) == ({"5": 1}, {"2": 1, "4": 1})
    assert mine.rating_figures == (3, 1)
    assert [(r.case_no, r.level, r.channel, r.reason_code) for r in report.low_ratings] == [
        (online_only.case_no, 2, "online", "waiting")
    ]
    hall = report.to_dict()["hall"]
    assert (hall["ratings"], hall["online_ratings"]) == ({"5": 1}, {"2": 1, "4": 1})


def test_deferrals_falling_due_that_day_at_every_window(
    store: Store, make_case: CaseFactory
) -> None:
    mine = make_case("deferral")  # its material is due on 2026-12-04
    theirs = replace(
        hall_case(7, "W02", "accepted_deferred", datetime(2026, 11, 26, 2, 0, tzinfo=UTC)),
        deferral_due="2026-12-04",
    )
    with store.transaction() as db:
        upsert_hall_case(db.conn, theirs)
    report = checked_day_report(store, date(2026, 12, 4))
    assert [(d.window_code, d.case_no) for d in report.deferrals_due] == [
        ("W01", mine.case_no),
        ("W02", theirs.case_no),
    ]
    assert [(w.window_code, w.deferrals_due) for w in report.windows] == [("W01", 1), ("W02", 1)]
    assert checked_day_report(store, date(2026, 12, 3)).deferrals_due == []


def test_a_deferral_the_department_took_into_processing_still_falls_due(
    store: Store, make_case: CaseFactory
) -> None:
    """Its material is still owed (it may be supplied at its window), so the day it falls
    due lists it, here and at the other windows."""
    mine = make_case("deferral")  # its material is due on 2026-12-04
    assert case_progress.apply_progress(store, mine.case_id, "in_process")
    theirs = replace(
        hall_case(7, "W02", "in_process", datetime(2026, 11, 26, 2, 0, tzinfo=UTC)),
        deferral_due="2026-12-04",
    )
    with store.transaction() as db:
        upsert_hall_case(db.conn, theirs)
    report = checked_day_report(store, date(2026, 12, 4))
    assert [(d.window_code, d.case_no) for d in report.deferrals_due] == [
        ("W01", mine.case_no),
        ("W02", theirs.case_no),
    ]


def test_a_case_since_handed_over_or_sent_back_for_correction_counts_as_accepted(
    store: Store,
) -> None:
    """A case accepted that day whose result is already out (出件, delivered) or which the
    department asked to correct (补正) stands for an acceptance, not a case still undecided."""
    at = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    with store.transaction() as db:
        for number, state in enumerate(("delivered", "correction_requested"), 1):
            upsert_hall_case(db.conn, hall_case(number, "W02", state, at))
    _mine, w02 = checked_day_report(store, DAY).to_dict()["windows"]  # this window's: no cases
    assert (w02["window_code"], w02["accepted"], w02["received"]) == ("W02", 2, 0)


FEES = (
    "fees_recorded",
    "fees_recorded_cents",
    "fees_paid",
    "fees_paid_cents",
    "fees_unpaid",
    "fees_unpaid_cents",
)


def test_fees_recorded_paid_and_unpaid_per_window_and_for_the_hall(
    store: Store, make_case: CaseFactory
) -> None:
    paid, owed, withdrawn = make_case("accept"), make_case("accept"), make_case("withdraw")
    at = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    with store.transaction() as db:
        for case, cents in ((paid, 2000), (owed, 1500), (withdrawn, 800)):
            payment_writes.record_payment_due(
                db, case_id=case.case_id, fee_cents=cents, reference=f"JF-{case.case_no}"
            )
        payment_writes.record_payment(
            db, case_id=paid.case_id, paid_at="2026-11-26T03:00:00Z", method="pos", receipt_no="7"
        )
        for row in (
            replace(hall_case(1, "W02", "accepted", at), fee_cents=3000, flags=("unpaid",)),
            replace(hall_case(2, "W02", "in_process", at), fee_cents=1000),
            hall_case(3, "W02", "accepted", at),  # an item without a fee
        ):
            upsert_hall_case(db.conn, row)
    figures = checked_day_report(store, DAY).to_dict()
    mine, w02 = figures["windows"]
    # The withdrawn case's fee was recorded; nobody owes it any more.
    assert [mine[k] for k in FEES] == [3, 4300, 1, 2000, 1, 1500]
    assert [w02[k] for k in FEES] == [2, 4000, 1, 1000, 1, 3000]
    assert [figures["hall"][k] for k in FEES] == [5, 8300, 2, 3000, 2, 4500]
