"""Where each change feed ends: the highest sequence its rows hold, every hall's.

A feed cursor is signed with a secret the store keeps, and issued only up to a row the feed
held: a validly signed cursor past that end proves the store went backwards, put back to a
backup without ``counter-central restored`` (which draws a new secret). Every hall's rows,
not the asking hall's: a sequence is numbered once for the whole table, so the end only
moves forward, whichever hall a row is of.
"""

from __future__ import annotations

from central.store.base import CentralStore

# The table each feed's sequence numbers rows of (``central.store.feeds``).
_FEED_TABLES = {
    "progress": "progress_events",
    "notices": "notices",
    "hall_queue": "case_summaries",
    "staff": "staff_changes",
    "instructions": "instruction_events",
    "problems": "case_problems",
    "reviews": "case_reviews",
}


def feed_end(store: CentralStore, feed: str) -> int:
    """The highest sequence ``feed`` has issued a row at (0: none yet)."""
    params: tuple[str, ...] = ()
    if feed in ("catalog", "calendar"):
        sql, params = "SELECT MAX(seq) FROM feed_documents WHERE feed = ?", (feed,)
    else:
        sql = f"SELECT MAX(seq) FROM {_FEED_TABLES[feed]}"  # noqa: S608 - constants
    with store.snapshot() as cur:
        row = store._exec(cur, sql, params).fetchone()
    return int(row[0] or 0)
