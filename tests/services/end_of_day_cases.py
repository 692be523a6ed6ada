"""A hall day to close (2026-11-26, the day of the printing fixtures' cases): this window's
cases of every decision with every sync outcome, a void, and another window's cases as the
hall queue feed brought them."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from counter_app.services import case_endings
from counter_app.services.auth import User
from counter_app.store import sync_writes
from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, upsert_hall_case
from counter_app.store.timestamps import to_text
from tests.printing.fixtures import CaseFactory

DAY = date(2026, 11, 26)
SYNCED_AT = "2026-11-26T03:00:00.000000Z"
REJECTION = {
    "reason": "item_unknown",
    "message_zh": "平台没有这个事项。",
    "message_en": "The platform has no such item.",
}
TRANSIENT = "The platform did not answer in time; retrying later."


@dataclass(frozen=True)
class ClosedDay:
    acknowledged: list[str]  # case numbers
    rejected: str
    transient: str
    voided: str
    other_window: list[str]


def _outbox(store: Store, case_id: str) -> list[tuple[int, int]]:
    return store.db.execute(
        "SELECT outbox_id, data_version FROM outbox WHERE case_id = ? ORDER BY data_version",
        (case_id,),
    ).fetchall()


def answer(
    store: Store, case_id: str, status: str, error: str | None = None, *, at: str = SYNCED_AT
) -> None:
    """The platform's answer ``status`` to every version of the case, recorded by sync."""
    outcomes = [
        sync_writes.SyncOutcome(
            outbox_id,
            case_id,
            version,
            status,
            f"REF-{case_id[:8]}",
            None,
            error,
            "{}",
        )
        for outbox_id, version in _outbox(store, case_id)
    ]
    with store.transaction() as db:
        sync_writes.record_sync_outcomes(db, outcomes, "sync", at)


def _transient(store: Store, case_id: str) -> None:
    failures = [
        sync_writes.TransientFailure(outbox_id, case_id, version, SYNCED_AT, TRANSIENT, TRANSIENT)
        for outbox_id, version in _outbox(store, case_id)
    ]
    with store.transaction() as db:
        sync_writes.record_transient_failures(db, failures, SYNCED_AT)


def hall_case(number: int, window: str, state: str, received: datetime) -> HallCaseRow:
    return HallCaseRow(
        case_id=f"00000000-0000-4000-8000-{number:012d}",
        sequence=number,
        case_no=f"310104-TRAIN-{window}-D{number}-20261126-{number:06d}",
        window_code=window,
        clerk="clerk09",
        item_code="ITEM-1",
        item_name="模拟事项",
        state=state,
        data_version=1,
        updated_at=to_text(received),
        received_at=to_text(received),
        accepted_at=to_text(received) if state == "accepted" else None,
        promised_date=None,
        deferral_due=None,
        flags=(),
    )


def close_day(store: Store, make_case: CaseFactory, clerk: User, supervisor: User) -> ClosedDay:
    acknowledged = [make_case("accept"), make_case("deferral"), make_case("notify")]
    acknowledged += [make_case("refuse"), make_case("withdraw")]
    for case in acknowledged:
        answer(store, case.case_id, "stored")
    rejected, transient, voided = make_case("accept"), make_case("accept"), make_case("accept")
    answer(store, rejected.case_id, "rejected", json.dumps(REJECTION))
    _transient(store, transient.case_id)
    case_endings.void_case(
        store,
        voided.case_id,
        clerk,
        supervisor,
        "录入错误",
        now=datetime(2026, 11, 26, 5, 0, tzinfo=UTC),
    )
    # W02's day through the hall queue (02:00 UTC is 10:00 in the hall); W03's case was the
    # day before in the hall (23:00 UTC on the 25th is 07:00 on the 26th: counted; 15:00
    # UTC on the 25th is 23:00 on the 25th: not).
    other = [
        hall_case(1, "W02", "accepted", datetime(2026, 11, 26, 2, 0, tzinfo=UTC)),
        hall_case(2, "W02", "accepted", datetime(2026, 11, 25, 23, 0, tzinfo=UTC)),
        hall_case(3, "W02", "refused", datetime(2026, 11, 26, 8, 0, tzinfo=UTC)),
        hall_case(4, "W03", "accepted", datetime(2026, 11, 25, 15, 0, tzinfo=UTC)),
    ]
    # This window's acknowledged case came back in the feed too: counted once, as local.
    mine = acknowledged[0]
    echo = replace(
        hall_case(5, "W01", "accepted", datetime(2026, 11, 26, 2, 0, tzinfo=UTC)),
        case_id=mine.case_id,
        case_no=mine.case_no,
    )
    with store.transaction() as db:
        for row in [*other, echo]:
            upsert_hall_case(db.conn, row)
    return ClosedDay(
        acknowledged=[c.case_no for c in acknowledged],
        rejected=rejected.case_no,
        transient=transient.case_no,
        voided=voided.case_no,
        other_window=[r.case_no for r in other[:3]],
    )
