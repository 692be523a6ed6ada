"""An accept's statements read through indexes and never sort: a temporary B-tree for an
ORDER BY costs an accept about 30 µs of CPU even over an empty table (the current-ticket
lookup once did), a few percent of the whole accept."""

import uuid

import pytest

from counter_app.services import intake
from counter_app.services.intake_checks import IntakeRejected
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for


def test_no_statement_of_an_accept_sorts(intake_store, clerk):
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    statements: list[str] = []
    conn = intake_store.db.conn
    conn.set_trace_callback(statements.append)
    try:
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    finally:
        conn.set_trace_callback(None)
    planned = [s for s in statements if s.split()[0].upper() in {"SELECT", "INSERT", "UPDATE"}]
    assert len(planned) > 10  # the accept's reads and writes were seen
    sorting = [
        statement
        for statement in planned
        if any("TEMP B-TREE" in row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}"))
    ]
    assert sorting == []


def traced_accept(store, request, clerk) -> list[str]:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        intake.accept(store, request, clerk, now=MOMENT)
    finally:
        store.db.conn.set_trace_callback(None)
    return statements


def test_a_new_request_is_looked_up_once_under_the_write_lock(intake_store, clerk):
    """Before BEGIN each statement is its own read transaction (a few µs of locking): the
    request id is looked up once, under the write lock, where the answer counts."""
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    statements = traced_accept(intake_store, request, clerk)
    begin = next(i for i, s in enumerate(statements) if s.startswith("BEGIN"))
    lookups = [
        i for i, s in enumerate(statements) if s.startswith("SELECT") and "WHERE request_id =" in s
    ]
    assert len(lookups) == 1 and lookups[0] > begin


def test_an_accept_reads_nothing_before_its_transaction(intake_store, clerk):
    """The request is checked under the write lock, in the transaction that writes it: a
    statement before BEGIN would be a read transaction of its own (a few µs of locking)."""
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    statements = traced_accept(intake_store, request, clerk)
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"


def test_a_rejected_accept_reads_under_the_lock_and_leaves_nothing(intake_store, clerk):
    item = item_named(intake_store, "老年综合津贴申领")
    counts = _case_table_counts(intake_store)
    request = request_for(item, [], request_id=str(uuid.uuid4()))  # no materials at all
    statements: list[str] = []
    intake_store.db.conn.set_trace_callback(statements.append)
    try:
        with pytest.raises(IntakeRejected):
            intake.accept(intake_store, request, clerk, now=MOMENT)
    finally:
        intake_store.db.conn.set_trace_callback(None)
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "ROLLBACK"
    assert not intake_store.db.conn.in_transaction
    assert _case_table_counts(intake_store) == counts


CASE_TABLES = (
    "cases",
    "case_materials",
    "case_number_sequence",
    "case_versions",
    "outbox",
    "case_events",
    "audit_log",
)


def _case_table_counts(store) -> dict[str, int]:
    return {
        table: store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in CASE_TABLES
    }


def test_no_statement_of_an_accept_returns_rows_from_a_write(intake_store, clerk):
    """RETURNING collects its rows in a temporary table: about 10 µs of CPU where an
    UPDATE and a SELECT of the same row cost 5 (the case number's sequence once did)."""
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    statements = traced_accept(intake_store, request_for(item, complete_marks(item)), clerk)
    assert [s for s in statements if " RETURNING " in s.upper()] == []
