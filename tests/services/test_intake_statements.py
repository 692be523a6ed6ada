"""An accept's statements read through indexes and never sort: a temporary B-tree for an
ORDER BY costs an accept about 30 µs of CPU even over an empty table (the current-ticket
lookup once did), a few percent of the whole accept."""

import uuid

from counter_app.services import intake
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


def test_an_accept_reads_the_store_once_before_its_transaction(intake_store, clerk):
    """The catalog's and the calendar's current versions come in one statement."""
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    statements = traced_accept(intake_store, request, clerk)
    begin = next(i for i, s in enumerate(statements) if s.startswith("BEGIN"))
    assert len(statements[:begin]) == 1
