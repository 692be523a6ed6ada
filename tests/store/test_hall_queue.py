"""The hall queue in the store: the newest feed item of a case wins, a page merges the hall's
cases with this workstation's backlog newest first, and a search finds a case by its
number's start, its item, window or clerk, however rare the match."""

from __future__ import annotations

from datetime import date

from counter_app.domain.hall_queue import (
    BAD_RATING,
    DEFERRAL_DUE,
    DEFERRED_MATERIALS,
    OVERDUE,
    RESULT_READY,
    UNPAID,
)
from counter_app.services.hall_queue import read_queue
from counter_app.store import payment_writes, rating_writes
from counter_app.store.database import Store
from counter_app.store.hall_queue import (
    HallCaseRow,
    QueueQuery,
    case_held_elsewhere,
    queue_page,
    upsert_hall_case,
)
from tests.sync.backlog import seed_cases

HALL = "310104-TRAIN"


def hall_row(index: int, **changes: object) -> HallCaseRow:
    values: dict[str, object] = {
        "case_id": f"00000000-0000-4000-8000-{index:012d}",
        "sequence": index,
        "case_no": f"{HALL}-W{index % 3 + 2:02d}-DEV{index % 2}-20261127-{index:06d}",
        "window_code": f"W{index % 3 + 2:02d}",
        "clerk": f"clerk{index % 4}",
        "item_code": "310104-SHEBAO-001" if index % 2 else "310104-OTHER-002",
        "item_name": "老年综合津贴申领" if index % 2 else "其他事项",
        "state": "accepted",
        "data_version": 1,
        "updated_at": f"2026-11-27T01:{index % 60:02d}:00.000000Z",
        "received_at": f"2026-11-27T01:{index % 60:02d}:00.000000Z",
        "accepted_at": None,
        "promised_date": "2026-12-08",
        "deferral_due": None,
        "flags": (),
    }
    values.update(changes)
    return HallCaseRow(**values)  # type: ignore[arg-type]


def fill(store: Store, count: int) -> None:
    with store.transaction() as db:
        for index in range(1, count + 1):
            upsert_hall_case(db.conn, hall_row(index))


def numbers(cases: list) -> list[str]:
    return [case.case_no for case in cases]


def test_the_newest_item_of_a_case_wins(store: Store) -> None:
    with store.transaction() as db:
        assert upsert_hall_case(db.conn, hall_row(1, sequence=5, state="in_process"))
        assert not upsert_hall_case(db.conn, hall_row(1, sequence=3, state="accepted"))
    (case,) = queue_page(store, QueueQuery(), limit=10)
    assert (case.state, case.sync_state, case.local) == ("in_process", "synced", False)


def test_a_page_merges_the_backlog_newest_first(store: Store) -> None:
    fill(store, 30)
    (mine,) = seed_cases(store, 1, hall=HALL)  # taken now: newer than every hall case
    page = queue_page(store, QueueQuery(), limit=10)
    assert page[0].case_no == mine.case_no and page[0].sync_state == "pending"
    assert page[0].local and page[0].clerk == "clerk1"
    received = [case.received_at for case in page]
    assert received == sorted(received, reverse=True)
    second = queue_page(store, QueueQuery(), limit=10, offset=10)
    assert not set(numbers(page)) & set(numbers(second))
    # The platform's older summary of a case still waiting here gives way to it.
    with store.transaction() as db:
        upsert_hall_case(db.conn, hall_row(99, case_id=mine.case_id, case_no=mine.case_no))
    assert numbers(queue_page(store, QueueQuery(), limit=100)).count(mine.case_no) == 1


def test_search_by_number_item_window_or_clerk(store: Store) -> None:
    fill(store, 40)
    one = hall_row(7).case_no
    assert numbers(queue_page(store, QueueQuery(text=one), limit=10)) == [one]
    assert numbers(queue_page(store, QueueQuery(text=one.lower()), limit=10)) == [one]
    prefix = f"{HALL}-W03-"
    found = queue_page(store, QueueQuery(text=prefix), limit=100)
    assert found and all(case.case_no.startswith(prefix) for case in found)
    assert len(found) == len([i for i in range(1, 41) if i % 3 == 1])
    # Part of an item's name, through the catalog's names.
    shebao = queue_page(store, QueueQuery(text="老年综合津贴"), limit=100)
    assert len(shebao) == 20 and {c.item_code for c in shebao} == {"310104-SHEBAO-001"}
    assert {c.window_code for c in queue_page(store, QueueQuery(text="w02"), limit=100)} == {"W02"}
    assert {c.clerk for c in queue_page(store, QueueQuery(text="clerk3"), limit=100)} == {"clerk3"}
    assert queue_page(store, QueueQuery(text="nothing like it"), limit=10) == []
    # Filters and a search together.
    both = queue_page(store, QueueQuery(text="clerk3", window="W02"), limit=100)
    assert both and {(c.clerk, c.window_code) for c in both} == {("clerk3", "W02")}


def test_flags_and_days_left_on_the_day(store: Store) -> None:
    with store.transaction() as db:
        upsert_hall_case(db.conn, hall_row(1, promised_date="2026-12-01"))
        upsert_hall_case(
            db.conn,
            hall_row(
                2,
                state="accepted_deferred",
                deferral_due="2026-12-02",
                flags=(DEFERRED_MATERIALS,),
            ),
        )
    today = date(2026, 12, 2)
    entries = {e.case_id[-1]: e for e in read_queue(store, QueueQuery(), today=today)}
    assert (entries["1"].flags, entries["1"].days_left) == ((OVERDUE,), -1)
    assert entries["2"].flags == (DEFERRAL_DUE, DEFERRED_MATERIALS)
    assert entries["2"].days_left == 4  # working days: 12-03, 12-04, 12-07, 12-08


def test_unpaid_fees_and_ready_results_are_flagged(store: Store) -> None:
    with store.transaction() as db:
        upsert_hall_case(db.conn, hall_row(1, flags=(UNPAID,)))
        upsert_hall_case(db.conn, hall_row(2, state="result_ready", promised_date="2026-12-01"))
        # A fee left unpaid by a case whose story is over is owed by nobody.
        upsert_hall_case(db.conn, hall_row(3, state="withdrawn", flags=(UNPAID,)))
    unpaid, paid = seed_cases(store, 2, hall=HALL)  # this workstation's, not synced yet
    with store.transaction() as db:
        for case in (unpaid, paid):
            payment_writes.record_payment_due(
                db, case_id=case.case_id, fee_cents=2000, reference=f"JF-{case.case_no}"
            )
        payment_writes.record_payment(
            db, case_id=paid.case_id, paid_at="2026-12-02T01:00:00Z", method="pos", receipt_no="1"
        )
    today = date(2026, 12, 2)
    flags = {e.case_no: e.flags for e in read_queue(store, QueueQuery(), today=today)}
    assert flags[hall_row(1).case_no] == (UNPAID,)
    assert flags[hall_row(2).case_no] == (RESULT_READY,)  # waiting for the applicant: not overdue
    assert flags[hall_row(3).case_no] == ()
    assert (flags[unpaid.case_no], flags[paid.case_no]) == ((UNPAID,), ())


def test_an_open_follow_up_of_a_bad_rating_here_is_flagged_before_it_syncs(store: Store) -> None:
    rated, settled = seed_cases(store, 2, hall=HALL)
    due = (date(2026, 12, 3), date(2026, 12, 9), date(2026, 12, 17))
    with store.transaction() as db:
        for case in (rated, settled):
            rating_writes.open_rating_followup(
                db, case_id=case.case_id, level=1, opened_at="2026-12-02T01:00:00Z", due=due
            )
        rating_writes.record_followup_step(
            db,
            case_id=settled.case_id,
            step="appeal_upheld",
            note="误评",
            by="reviewer1",
            at="2026-12-02T02:00:00Z",
            state="appealed",
        )
    flags = {e.case_no: e.flags for e in read_queue(store, QueueQuery(), today=date(2026, 12, 2))}
    assert (flags[rated.case_no], flags[settled.case_no]) == ((BAD_RATING,), ())


def test_a_case_held_elsewhere_is_found_by_number_or_id_unless_held_here(store: Store) -> None:
    fill(store, 2)
    (mine,) = seed_cases(store, 1, hall=HALL)
    with store.transaction() as db:
        upsert_hall_case(db.conn, hall_row(9, case_id=mine.case_id, case_no=mine.case_no))
    theirs = hall_row(1)
    typed = f"  {theirs.case_no.lower()} "  # as a clerk may type it
    assert case_held_elsewhere(store, typed) == theirs
    assert case_held_elsewhere(store, theirs.case_id.upper()) == theirs
    assert case_held_elsewhere(store, mine.case_no) is None  # held here
    assert case_held_elsewhere(store, mine.case_id) is None
    assert case_held_elsewhere(store, "no-such-case") is None
