"""A platform store whose operator log cannot be written: each entry's INSERT fails inside
its transaction as an outage does (SQLite: a statement's error; PostgreSQL: the server
shutting the connection down), so a test sees what a command's change becomes then."""

from __future__ import annotations

from central.store import CentralStore
from central.store.sqlite import SqliteStore

_SQLITE = (
    "CREATE TRIGGER operator_log_down BEFORE INSERT ON operator_log"
    " BEGIN INSERT INTO operator_log_unreachable VALUES (1); END"
)
_POSTGRES = (
    "CREATE FUNCTION operator_log_down() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'operator log down' USING ERRCODE = 'admin_shutdown'; END $$",
    "CREATE TRIGGER operator_log_down BEFORE INSERT ON operator_log"
    " FOR EACH ROW EXECUTE FUNCTION operator_log_down()",
)


def break_operator_log(store: CentralStore) -> None:
    """From now on every INSERT into ``operator_log`` fails."""
    with store.transaction() as cur:
        for statement in (_SQLITE,) if isinstance(store, SqliteStore) else _POSTGRES:
            cur.execute(statement)
