"""Login lockouts at this window (``lockouts``): each with the failed attempts that led to it
and its lifting. A lockout holds at this window only; the window's own view shows it
(``counter-app user list``), and a platform account's goes to the platform with the next
sync (``sync.lockouts``), each state once: ``version`` counts the changes the platform must
hear of, ``reported_version`` is the one it acknowledged."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.database import Store

_COLUMNS = (
    "lockout_id, username, locked_at, until, failed_attempts, lifted_at, lifted_by, version,"
    " reported_version"
)


@dataclass(frozen=True)
class Lockout:
    lockout_id: str
    username: str
    locked_at: str
    until: str
    failed_attempts: int
    lifted_at: str | None
    lifted_by: str | None
    version: int
    reported_version: int

    @property
    def reported(self) -> bool:
        """The platform holds this lockout as it now is."""
        return self.reported_version >= self.version


def record_lockout(
    db: Database, username: str, locked_at: str, until: str, failed_attempts: int
) -> None:
    db.execute(
        "INSERT INTO lockouts (lockout_id, username, locked_at, until, failed_attempts)"
        " VALUES (?, ?, ?, ?, ?)",
        (str(uuid.uuid4()), username, locked_at, until, failed_attempts),
    )


def lift_lockouts(
    db: Database, username: str, at: str, by: str, *, made_by: str | None = None
) -> int:
    """Lift ``username``'s lockouts still running at ``at`` (only those made at or before
    ``made_by``, when given); how many. A lifting by the platform (``made_by`` given: its
    unlock's time) is not reported back to it: the platform lifted them itself."""
    version = "version" if made_by is not None else "version + 1"
    return db.execute(
        f"UPDATE lockouts SET lifted_at = ?, lifted_by = ?, version = {version}"  # noqa: S608
        " WHERE username = ? AND lifted_at IS NULL AND until > ? AND locked_at <= ?",
        (at, by, username, at, made_by or at),
    ).rowcount


def forget_platform_lockouts(db: Database) -> None:
    """The hall changed (a new enrolment): the old hall's accounts' lockouts can no longer be
    reported (this device speaks for the new hall) and mean nothing for a namesake there;
    the audit chain keeps each."""
    db.execute(
        "DELETE FROM lockouts WHERE username IN (SELECT username FROM users WHERE source = 'platform')"
    )


def running_lockout(db: Database, username: str, now: str) -> Lockout | None:
    """``username``'s lockout running at ``now``, if any."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM lockouts WHERE username = ? AND lifted_at IS NULL"  # noqa: S608
        " AND until > ? ORDER BY locked_at DESC LIMIT 1",
        (username, now),
    ).fetchone()
    return None if row is None else Lockout(*row)


def unreported_lockouts(store: Store) -> list[Lockout]:
    """Lockouts of the platform's accounts whose state the platform has not acknowledged,
    oldest first. An account made on this PC is this PC's own: its lockouts stay here."""
    rows = store.db.execute(
        f"SELECT {', '.join(f'l.{c.strip()}' for c in _COLUMNS.split(','))}"  # noqa: S608
        " FROM lockouts l JOIN users u ON u.username = l.username AND u.source = 'platform'"
        " WHERE l.reported_version < l.version ORDER BY l.locked_at"
    ).fetchall()
    return [Lockout(*row) for row in rows]


def mark_lockout_reported(db: Database, lockout_id: str, version: int) -> None:
    db.execute(
        "UPDATE lockouts SET reported_version = max(reported_version, ?) WHERE lockout_id = ?",
        (version, lockout_id),
    )
