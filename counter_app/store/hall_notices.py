"""Hall notices in the store: the platform's notices to this hall (``hall_notices``, written
as the ``notices`` feed brings them or as this window publishes one) and which of them each
user of this workstation has read (``hall_notice_reads``)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.errors import NotFound
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text


@dataclass(frozen=True)
class HallNotice:
    """A notice to the hall, and whether the user it was read for has read it."""

    notice_id: str
    title: str
    body: str
    published_at: str  # ISO 8601, as the platform stamped it
    read: bool
    # The supervisor who published it from a window (user name), None: the platform's own.
    published_by: str | None = None
    # Their name as this PC's accounts know it; else the user name (None with published_by).
    publisher_name: str | None = None


def store_notice(
    store: Store,
    notice_id: str,
    published_at: str,
    title: str,
    body: str,
    *,
    published_by: str | None = None,
) -> None:
    """Keep a notice (a notice already held takes the platform's newer text);
    ``published_by``: the supervisor who published it from a window, None: the platform."""
    with store.transaction() as db:
        db.execute(
            "INSERT INTO hall_notices (notice_id, published_at, title, body, published_by)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (notice_id) DO UPDATE SET published_at = excluded.published_at,"
            " title = excluded.title, body = excluded.body,"
            " published_by = excluded.published_by",
            (notice_id, published_at, title, body, published_by),
        )


# Each notice, read or not by the user named first, with its publisher's name as this PC's
# accounts know it (else the user name; NULL for the platform's own).
_NOTICES = (
    "SELECT n.notice_id, n.title, n.body, n.published_at, r.notice_id IS NOT NULL,"
    " n.published_by, COALESCE(NULLIF(u.display_name, ''), n.published_by)"
    " FROM hall_notices n LEFT JOIN hall_notice_reads r"
    " ON r.notice_id = n.notice_id AND r.username = ?"
    " LEFT JOIN users u ON u.username = n.published_by"
)


def _notice(row: tuple[str, str, str, str, int, str | None, str | None]) -> HallNotice:
    notice_id, title, body, published_at, read, published_by, publisher_name = row
    return HallNotice(
        notice_id,
        title,
        body,
        published_at,
        read=bool(read),
        published_by=published_by,
        publisher_name=publisher_name,
    )


def hall_notices(store: Store, username: str, *, unread_only: bool = False) -> list[HallNotice]:
    """Every notice, newest first, each marked read or not for ``username``."""
    rows = store.db.execute(
        _NOTICES + " WHERE NOT (? AND r.notice_id IS NOT NULL)"
        " ORDER BY n.published_at DESC, n.notice_id",
        (username, unread_only),
    ).fetchall()
    return [_notice(row) for row in rows]


def hall_notice(store: Store, username: str, notice_id: str) -> HallNotice:
    """The notice kept under ``notice_id``, marked read or not for ``username``."""
    row = store.db.execute(_NOTICES + " WHERE n.notice_id = ?", (username, notice_id)).fetchone()
    if row is None:
        raise _not_found(notice_id)
    return _notice(row)


def mark_read(store: Store, username: str, notice_id: str) -> None:
    """``username`` has read the notice (again: nothing changes)."""
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM hall_notices WHERE notice_id = ?", (notice_id,)).fetchone():
            db.execute(
                "INSERT INTO hall_notice_reads (notice_id, username, read_at) VALUES (?, ?, ?)"
                " ON CONFLICT (notice_id, username) DO NOTHING",
                (notice_id, username, now_text()),
            )
            return
    raise _not_found(notice_id)


def _not_found(notice_id: str) -> NotFound:
    return NotFound(
        f"没有编号为 {notice_id} 的大厅通知。",
        f"There is no hall notice {notice_id}.",
        field="notice_id",
    )


def forget_hall_notices(store: Store) -> None:
    """Drop every notice and who read it: the workstation now belongs to another hall."""
    with store.transaction() as db:
        db.execute("DELETE FROM hall_notice_reads")
        db.execute("DELETE FROM hall_notices")
