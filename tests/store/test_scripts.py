"""``counter_app.store.scripts``: a migration's script split into its statements, run inside
the migration's transaction."""

from __future__ import annotations

import sqlite3

import pytest

from counter_app.store.scripts import StoreDatabase, statements

SCRIPT = """
CREATE TABLE t (a TEXT NOT NULL DEFAULT 'x;y'); -- a comment; with a semicolon
CREATE TRIGGER t_guard BEFORE DELETE ON t BEGIN
    SELECT RAISE(ABORT, 'no; never');
END;
/* a block comment; too */
INSERT INTO t (a) VALUES ('1;2');
INSERT INTO t (a) VALUES ('last')
"""


def test_a_semicolon_in_a_string_a_comment_or_a_trigger_body_ends_no_statement() -> None:
    found = list(statements(SCRIPT))
    assert len(found) == 4
    assert found[0] == "CREATE TABLE t (a TEXT NOT NULL DEFAULT 'x;y');"
    assert "CREATE TRIGGER" in found[1] and found[1].endswith("END;")
    assert found[2].endswith("VALUES ('1;2');")
    assert "('last')" in found[3]
    assert list(statements("  \n")) == [] and list(statements("SELECT 1;  \n")) == ["SELECT 1;"]


def test_a_script_runs_inside_the_open_transaction_and_rolls_back_with_it() -> None:
    db = StoreDatabase(sqlite3.connect(":memory:", isolation_level=None))
    db.conn.execute("BEGIN")
    db.executescript(SCRIPT)
    assert [row[0] for row in db.conn.execute("SELECT a FROM t")] == ["1;2", "last"]
    with pytest.raises(sqlite3.IntegrityError, match="no; never"):
        db.conn.execute("DELETE FROM t")
    db.conn.execute("ROLLBACK")
    assert "t" not in db.table_names()
