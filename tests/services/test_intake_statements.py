"""An accept's statements read through indexes and never sort: a temporary B-tree for an
ORDER BY costs an accept about 30 µs of CPU even over an empty table (the current-ticket
lookup once did), a few percent of the whole accept."""

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
