"""Department steps held for a case the store lacks (m0051): the progress feed names a case of
this workstation before the walk of its own cases fetches it back (a replacement PC, a store
restored from an older backup); the steps wait here and join the case's history once it is
kept (``counter_app.store.platform_steps``)."""

from __future__ import annotations

from sqlite_utils import Database


def m0051_held_progress(db: Database) -> None:
    # sequence: the progress feed's, so a feed read again holds a step once.
    db.executescript(
        """
        CREATE TABLE held_progress (
            sequence INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            step TEXT NOT NULL
        );
        CREATE INDEX held_progress_case ON held_progress(case_id);
        """
    )
