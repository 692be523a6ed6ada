"""A payment on the payment platform recorded at the window from the applicant's voucher that
the platform has still not confirmed three working days of the hall calendar after the day
it was recorded shows in the supervisor's queue as 平台缴费未确认 (``payment_unconfirmed``)
instead of 待缴费, whether the case still waits to sync or the platform's summary holds it;
the platform's confirmation clears it, a card payment never has it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from counter_app.domain.fees import PaymentMethod
from counter_app.domain.hall_queue import PAYMENT_UNCONFIRMED, UNPAID
from counter_app.services import intake, payments
from counter_app.services.auth import User
from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, QueueQuery, upsert_hall_case
from counter_app.store.sync_writes import SyncOutcome, record_sync_outcomes
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
# Thursday 24 September 2026, 11:00 at the hall. The hall calendar then has 中秋节 from
# Friday to Sunday: the three working days after are Monday 28 to Wednesday 30, and
# 国庆节 follows from 1 to 7 October.
SHOWN = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
THIRD_WORKING_DAY = date(2026, 9, 30)
# Monday to Friday alone would have made Tuesday 29 the third.
AFTER_THE_HOLIDAY = date(2026, 10, 8)


def _recorded(store: Store, clerk: User, method: PaymentMethod, number: str) -> intake.IntakeResult:
    item = item_named(store, CARD_REPLACEMENT)
    accepted = intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    payments.pay_at_window(store, accepted.case_id, clerk, number, method=method, now=SHOWN)
    return accepted


def _flags(store: Store, case_no: str, today: date) -> tuple[str, ...]:
    (entry,) = read_queue(store, QueueQuery(text=case_no), today=today)
    return entry.flags


def test_an_unconfirmed_voucher_is_flagged_after_three_working_days_of_the_hall_calendar(
    intake_store: Store, clerk: User
) -> None:
    voucher = _recorded(intake_store, clerk, PaymentMethod.PLATFORM, "SSB-20260924-0001")
    card = _recorded(intake_store, clerk, PaymentMethod.POS, "POS-000123")

    assert UNPAID in _flags(intake_store, voucher.case_no, THIRD_WORKING_DAY)
    assert PAYMENT_UNCONFIRMED not in _flags(intake_store, voucher.case_no, THIRD_WORKING_DAY)
    late = _flags(intake_store, voucher.case_no, AFTER_THE_HOLIDAY)
    assert PAYMENT_UNCONFIRMED in late and UNPAID not in late
    assert not {UNPAID, PAYMENT_UNCONFIRMED} & set(
        _flags(intake_store, card.case_no, AFTER_THE_HOLIDAY)
    )

    assert payments.apply_platform_payment(
        intake_store, voucher.case_id, f"JF-{voucher.case_no}", 2000, SHOWN
    )
    confirmed = _flags(intake_store, voucher.case_no, AFTER_THE_HOLIDAY)
    assert not {UNPAID, PAYMENT_UNCONFIRMED} & set(confirmed)


def test_the_flag_shows_on_the_platforms_summary_of_a_synced_case(
    intake_store: Store, clerk: User
) -> None:
    voucher = _recorded(intake_store, clerk, PaymentMethod.PLATFORM, "SSB-20260924-0002")
    outbox = intake_store.db.execute(
        "SELECT outbox_id, data_version FROM outbox WHERE case_id = ?", (voucher.case_id,)
    ).fetchall()
    answers = [
        SyncOutcome(
            outbox_id, voucher.case_id, version, "stored", f"REF-{version}", None, None, "{}"
        )
        for outbox_id, version in outbox
    ]
    summary = HallCaseRow(
        case_id=voucher.case_id,
        sequence=1,
        case_no=voucher.case_no,
        window_code="W01",
        clerk=clerk.username,
        item_code="ITEM",
        item_name=CARD_REPLACEMENT,
        state="accepted",
        data_version=2,
        updated_at="2026-09-24T03:00:00.000000Z",
        received_at="2026-09-24T02:00:00.000000Z",
        accepted_at="2026-09-24T02:00:00.000000Z",
        promised_date=None,
        deferral_due=None,
        flags=(UNPAID,),  # the platform takes the fee as paid only on its own confirmation
    )
    with intake_store.transaction() as db:
        record_sync_outcomes(db, answers, "sync", "2026-09-24T03:05:00.000000Z")
        upsert_hall_case(db.conn, summary)
    (entry,) = read_queue(intake_store, QueueQuery(text=voucher.case_no), today=THIRD_WORKING_DAY)
    assert (entry.sync_state, entry.flags) == ("synced", (UNPAID,))

    assert _flags(intake_store, voucher.case_no, AFTER_THE_HOLIDAY) == (PAYMENT_UNCONFIRMED,)
    # Another window's case carries only what the platform's summary says: its payment is
    # not known here.
    elsewhere = replace(
        summary,
        case_id="00000000-0000-4000-8000-000000000001",
        case_no=voucher.case_no[:-1] + "9",
        window_code="W02",
    )
    with intake_store.transaction() as db:
        upsert_hall_case(db.conn, elsewhere)
    assert _flags(intake_store, elsewhere.case_no, AFTER_THE_HOLIDAY) == (UNPAID,)
