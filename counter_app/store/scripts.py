"""SQL scripts run inside the open transaction, as the migrations do.

``sqlite3``'s own ``executescript`` COMMITs first, so sqlite-utils runs a script inside a
transaction one statement at a time. It finds the statements by testing the text after
every character with ``sqlite3.complete_statement``: quadratic in a statement's length,
a quarter of a second of the first start's migrations. ``statements`` tests only where a
statement can end, at a semicolon; ``StoreDatabase`` runs scripts with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database


def statements(sql: str) -> Iterator[str]:
    """The statements of ``sql`` in order, each whole: a semicolon inside a string, a comment
    or a trigger's body does not end one (``sqlite3.complete_statement`` decides)."""
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            statement = pending.strip()
            if statement != ";":
                yield statement
            pending = ""
    rest = pending[:-1].strip()  # the last piece's own ";" was added above
    if rest:
        yield rest


class StoreDatabase(Database):
    """The store's sqlite-utils ``Database``, running scripts by ``statements``."""

    def executescript(self, sql: str) -> sqlite3.Cursor:
        if not self.conn.in_transaction:
            return self.conn.executescript(sql)
        cursor = self.conn.cursor()
        for statement in statements(sql):
            cursor.execute(statement)
        return cursor
