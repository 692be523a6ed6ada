"""Walking every case's newest version once, for what a store learns from the cases it held
before a table or column existed (``rated_cases``, the time-limit dates): in case-id order,
one chunk per transaction with its position in meta, so an interrupted start carries on
where it stopped and processes starting together take turns at the chunks. Once done (at
once for a new store) a start only reads the position."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from central.store.base import CentralStore, DbCursor

log = logging.getLogger("central.store")

# A walk's position in meta once every case was done (case ids are UUIDs, never that word).
BACKFILL_DONE = "done"
# Cases opened per transaction (their rows held meanwhile, as a push holds them), within one
# statement's parameter limit (base.chunks).
_CHUNK = 400
_LOG_EVERY = 100 * _CHUNK

# A case's newest version as the walk reads it: case id, data version, sealed payload.
NewestVersion = tuple[str, int, bytes]
# What a walk does with a chunk of cases, inside the chunk's transaction.
LearnFrom = Callable[[DbCursor, Sequence[NewestVersion]], None]


def backfill_newest_versions(store: CentralStore, key: str, what: str, learn: LearnFrom) -> None:
    """Hand every case's newest version to ``learn``, a chunk at a time, keeping the position
    under ``key`` in meta; ``what`` names the walk in the log."""
    with store.snapshot() as cur:
        row = store._exec(cur, "SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is not None and row[0] == BACKFILL_DONE:
        return
    opened = 0
    while True:
        with store.transaction() as cur:
            after = _claim_position(store, cur, key)
            if after == BACKFILL_DONE:
                break
            ids = [
                r[0]
                for r in store._exec(
                    cur,
                    "SELECT case_id FROM cases WHERE case_id > ? ORDER BY case_id LIMIT ?",
                    (after, _CHUNK),
                ).fetchall()
            ]
            if ids:
                # Held until commit as a push holds them: a version stored after the read
                # below writes what it carries after this chunk's.
                store.lock_cases(cur, ids)
                marks = ",".join("?" * len(ids))
                rows = store._exec(
                    cur,
                    "SELECT c.case_id, c.data_version, v.payload_sealed FROM cases c"  # noqa: S608
                    " JOIN case_versions v ON v.case_id = c.case_id"
                    f" AND v.data_version = c.data_version WHERE c.case_id IN ({marks})",
                    ids,
                ).fetchall()
                learn(cur, [(str(r[0]), int(r[1]), bytes(r[2])) for r in rows])
            position = ids[-1] if len(ids) == _CHUNK else BACKFILL_DONE
            store._exec(cur, "UPDATE meta SET value = ? WHERE key = ?", (position, key))
        opened += len(ids)
        if position != BACKFILL_DONE and opened % _LOG_EVERY == 0:
            log.info("%s: %d cases opened so far", what, opened)
    if opened:
        log.info("%s: learnt from the newest version of %d cases", what, opened)


def _claim_position(store: CentralStore, cur: DbCursor, key: str) -> str:
    """Where the walk got to ('' at first), its meta row held until commit so that
    processes starting together never open the same chunk."""
    row = store._exec(
        cur,
        "INSERT INTO meta (key, value) VALUES (?, '')"
        " ON CONFLICT (key) DO UPDATE SET value = meta.value RETURNING value",
        (key,),
    ).fetchone()
    return str(row[0])
