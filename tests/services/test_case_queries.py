"""Read queries the counter window shows: a case's whole history and the clerk's recent items."""

from __future__ import annotations

from datetime import timedelta

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store import case_history as history_rows
from counter_app.store import cases as case_rows
from counter_app.store.catalog import list_items, recent_items
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"


def _accept(store: Store, clerk: User, item_name: str, minutes: int) -> str:
    item = item_named(store, item_name)
    result = intake.accept(
        store,
        request_for(item, complete_marks(item)),
        clerk,
        now=MOMENT + timedelta(minutes=minutes),
    )
    return result.case_id


def test_history_lists_events_versions_pushes_and_documents_in_order(
    intake_store: Store, clerk: User
) -> None:
    case_id = _accept(intake_store, clerk, ALLOWANCE, 0)
    history = history_rows.case_history(intake_store, case_id)
    assert history.sync_attempts == () and history.documents == ()
    # The rows as sync's push and the printing service write them.
    with intake_store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail)"
            " VALUES (?, 1, ?, ?, ?)",
            [
                (case_id, "2026-09-24T02:01:00.000000Z", "transient", "timeout"),
                (case_id, "2026-09-24T02:02:00.000000Z", "accepted", ""),
            ],
        )
        db.conn.executemany(
            "INSERT INTO documents (serial, case_id, kind, format, lang, issued_at, issued_by,"
            " reprint_no, print_status) VALUES (?, ?, ?, 'a4', 'zh', ?, ?, ?, ?)",
            [
                ("R-1", case_id, "receipt", "2026-09-24T02:00:30.000000Z", "clerk1", 0, "printed"),
                ("R-2", case_id, "receipt", "2026-09-24T03:00:00.000000Z", "clerk1", 1, "failed"),
            ],
        )
    history = history_rows.case_history(intake_store, case_id)
    assert [a.outcome for a in history.sync_attempts] == ["transient", "accepted"]
    assert history.sync_attempts[0] == history_rows.SyncAttempt(
        "2026-09-24T02:01:00.000000Z", 1, "transient", "timeout"
    )
    assert [(d.reprint_no, d.print_status) for d in history.documents] == [
        (0, "printed"),
        (1, "failed"),
    ]
    assert history.documents[0].issued_by == "clerk1"
    assert [v.data_version for v in history.versions] == [1]
    assert history.events[0].to_state == "accepted"


def test_recent_items_are_the_clerks_own_newest_first(intake_store: Store, clerk: User) -> None:
    assert recent_items(intake_store, clerk.username) == []
    names = [item.name for item in list_items(intake_store)]
    other = next(name for name in names if name != ALLOWANCE)
    _accept(intake_store, clerk, ALLOWANCE, 0)
    _accept(intake_store, clerk, other, 10)
    _accept(intake_store, clerk, ALLOWANCE, 20)
    colleague = User("clerk2", "窗口二", "clerk", None, False)
    third = next(name for name in names if name not in (ALLOWANCE, other))
    _accept(intake_store, colleague, third, 30)
    assert [i.name for i in recent_items(intake_store, clerk.username)] == [ALLOWANCE, other]
    assert [i.name for i in recent_items(intake_store, clerk.username, limit=1)] == [ALLOWANCE]
    assert [i.name for i in recent_items(intake_store, "clerk2")] == [third]


def test_search_finds_a_case_by_number_phone_or_id_number(intake_store: Store, clerk: User) -> None:
    case_id = _accept(intake_store, clerk, ALLOWANCE, 0)
    record = case_rows.get_case(intake_store, case_id)
    assert [
        r.case_id for r in case_rows.search_cases(intake_store, record.case_no.lower()).records
    ] == [case_id]
    assert [r.case_id for r in case_rows.search_cases(intake_store, "139 0000 0000").records] == [
        case_id
    ]
    spaced = " ".join(resident_number()[i : i + 6] for i in range(0, 18, 6)).lower()
    assert [r.case_id for r in case_rows.search_cases(intake_store, spaced).records] == [case_id]
    assert case_rows.search_cases(intake_store, "13800000000").records == []


def test_search_finds_a_case_by_the_applicants_exact_name(intake_store: Store, clerk: User) -> None:
    case_id = _accept(intake_store, clerk, ALLOWANCE, 0)
    assert [r.case_id for r in case_rows.search_cases(intake_store, " 张𠮷 ").records] == [case_id]
    assert case_rows.search_cases(intake_store, "张").records == []  # exact, never a prefix
    # Only the keyed index is searched: the stored index is no plain hash of the name.
    stored = intake_store.db.execute("SELECT name_index FROM cases").fetchone()[0]
    assert stored == intake_store.pii.blind_index("张𠮷", "name") and "张" not in stored
