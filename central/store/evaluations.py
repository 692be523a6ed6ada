"""The platform's view of 好差评 (``counter-central evaluations``): each rated case's rating
and the follow-up of a bad one, as its newest version states them. A case has one follow-up,
opened at the accepting window by its first bad rating from either channel (the hall's
evaluator or the progress page); every bad rating of the case is listed with it.

The store keeps which cases' newest version carries the hall's rating (``rated_cases``,
written with every version stored), so the listing opens only those and the cases rated
online, never every case of the hall. What is overdue is derived from the deadlines the
counter computed with the hall's calendar and the steps recorded, the same way the counter
derives it.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from central.errors import OperatorError
from central.sealing import version_context
from central.store.base import CentralStore, DbCursor
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.evaluation import (
    BAD_LEVELS,
    FollowupDue,
    followup_state,
    overdue_limits,
)
from counter_app.domain.hall_time import hall_today

log = logging.getLogger("central.store")

# Where filling rated_cases on a store that had cases before it got to (meta): the last case
# id done, or BACKFILL_DONE once every case was (case ids are UUIDs, never that word).
BACKFILL_KEY = "rated_cases_backfill"
BACKFILL_DONE = "done"
# Cases opened per transaction of that backfill (their rows held meanwhile, as a push holds
# them), within one statement's parameter limit (base.chunks).
_BACKFILL_CHUNK = 400
_BACKFILL_LOG_EVERY = 100 * _BACKFILL_CHUNK


def evaluations(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every rated case's 好差评 rating and follow-up (``evaluation_row``, ``online_row``),
    oldest case first. It opens the newest version of the cases rated at the hall or online
    only."""
    select = (
        "SELECT c.case_id, c.hall, c.data_version, v.payload_sealed FROM cases c"
        " JOIN case_versions v ON v.case_id = c.case_id AND v.data_version = c.data_version"
        " WHERE c.case_id IN (SELECT case_id FROM rated_cases"
        " UNION SELECT case_id FROM online_evaluations)"
    )
    params: tuple[str, ...] = ()
    if hall is not None:
        select += " AND c.hall = ?"
        params = (hall,)
    with store.snapshot() as cur:
        rows = store._exec(cur, f"{select} ORDER BY c.received_at, c.case_no", params).fetchall()
        online = {
            r[0]: dict(zip(("channel", "level", "reason_code", "at"), r[1:], strict=True))
            for r in store._exec(
                cur, "SELECT case_id, channel, level, reason_code, at FROM online_evaluations"
            ).fetchall()
        }
    today = hall_today()
    listed = []
    for case_id, case_hall, version, sealed in rows:
        document = _opened(store, case_id, version, sealed)
        row = evaluation_row(document, hall=case_hall, today=today)
        if row is not None:
            listed.append(row)
        if case_id in online:
            listed.append(online_row(document, case_hall, today=today, **online[case_id]))
    return listed


def keep_ratings(store: CentralStore, cur: DbCursor, rated: dict[str, bool]) -> None:
    """Record in ``rated_cases`` whether each case's newest version (just stored, or opened by
    the backfill) carries the hall's rating, in the transaction that stored it."""
    store._many(
        cur,
        "DELETE FROM rated_cases WHERE case_id = ?",
        [(case_id,) for case_id, is_rated in rated.items() if not is_rated],
    )
    store._many(
        cur,
        "INSERT INTO rated_cases (case_id) VALUES (?) ON CONFLICT (case_id) DO NOTHING",
        [(case_id,) for case_id, is_rated in rated.items() if is_rated],
    )


def backfill_rated_cases(store: CentralStore) -> None:
    """Fill ``rated_cases`` on a store that held cases before the table existed: the newest
    version of each case opened once, in case-id order, one chunk per transaction with its
    position in meta, so an interrupted start carries on where it stopped and processes
    starting together take turns at the chunks. Once done (at once for a new store) a start
    only reads the position."""
    with store.snapshot() as cur:
        row = store._exec(cur, "SELECT value FROM meta WHERE key = ?", (BACKFILL_KEY,)).fetchone()
    if row is not None and row[0] == BACKFILL_DONE:
        return
    opened = 0
    while True:
        with store.transaction() as cur:
            after = _claim_position(store, cur)
            if after == BACKFILL_DONE:
                break
            ids = [
                r[0]
                for r in store._exec(
                    cur,
                    "SELECT case_id FROM cases WHERE case_id > ? ORDER BY case_id LIMIT ?",
                    (after, _BACKFILL_CHUNK),
                ).fetchall()
            ]
            if ids:
                # Held until commit as a push holds them: a version stored after the read
                # below writes its own rated_cases row after this chunk's.
                store.lock_cases(cur, ids)
                marks = ",".join("?" * len(ids))
                rows = store._exec(
                    cur,
                    "SELECT c.case_id, c.data_version, v.payload_sealed FROM cases c"  # noqa: S608
                    " JOIN case_versions v ON v.case_id = c.case_id"
                    f" AND v.data_version = c.data_version WHERE c.case_id IN ({marks})",
                    ids,
                ).fetchall()
                keep_ratings(
                    store,
                    cur,
                    {
                        case_id: _carries_rating(store, case_id, version, sealed)
                        for case_id, version, sealed in rows
                    },
                )
            position = ids[-1] if len(ids) == _BACKFILL_CHUNK else BACKFILL_DONE
            store._exec(cur, "UPDATE meta SET value = ? WHERE key = ?", (position, BACKFILL_KEY))
        opened += len(ids)
        if position != BACKFILL_DONE and opened % _BACKFILL_LOG_EVERY == 0:
            log.info("rated cases: %d cases opened so far", opened)
    if opened:
        log.info("rated cases: learnt from the newest version of %d cases", opened)


def _claim_position(store: CentralStore, cur: DbCursor) -> str:
    """Where the backfill got to ('' at first), its meta row held until commit so that
    processes starting together never open the same chunk."""
    row = store._exec(
        cur,
        "INSERT INTO meta (key, value) VALUES (?, '')"
        " ON CONFLICT (key) DO UPDATE SET value = meta.value RETURNING value",
        (BACKFILL_KEY,),
    ).fetchone()
    return str(row[0])


def _carries_rating(store: CentralStore, case_id: str, version: int, sealed: bytes) -> bool:
    """Whether the backfill counts the case as rated. A version that cannot be opened (a
    damaged row) is logged and counted unrated: the platform still starts and serves the
    halls; only the listing lacks that case's rating until the row is restored."""
    try:
        return _opened(store, case_id, version, sealed).evaluation is not None
    except OperatorError as exc:
        log.error("rated cases: %s It is listed as unrated; restore the row from a backup.", exc.en)
        return False


def _opened(store: CentralStore, case_id: str, version: int, sealed: bytes) -> CaseDocument:
    return CaseDocument.from_json(
        json.loads(store.sealer.open(sealed, version_context(case_id, version)))
    )


def evaluation_row(document: CaseDocument, *, hall: str, today: date) -> dict[str, Any] | None:
    """The rating of one case for the listing; None when it has not been rated."""
    rating = document.evaluation
    if rating is None:
        return None
    return {
        "case_id": document.case_id,
        "case_no": document.case_no,
        "hall": hall,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "window": rating.window,
        "clerk": rating.clerk,
        "channel": rating.channel.value,
        "level": rating.level,
        "declined": rating.declined,
        "reason_code": rating.reason_code,
        "reason": rating.reason,
        "at": rating.at,
        "followup": _followup(document, rating.level, today),
    }


def online_row(
    document: CaseDocument,
    hall: str,
    *,
    channel: str,
    level: int,
    reason_code: str | None,
    at: str,
    today: date,
) -> dict[str, Any]:
    """A rating given on the progress page (``online_evaluations``), for the same listing:
    it rates the window and clerk that took the case, and a bad one is followed up there."""
    return {
        "case_id": document.case_id,
        "case_no": document.case_no,
        "hall": hall,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "window": document.window,
        "clerk": document.clerk,
        "channel": channel,
        "level": level,
        "declined": False,
        "reason_code": reason_code,
        "reason": None,
        "at": at,
        "followup": _followup(document, level, today),
    }


def _followup(document: CaseDocument, level: int | None, today: date) -> dict[str, Any] | None:
    """The case's follow-up as a rating of ``level`` shows it: only a bad rating has one."""
    followup = document.evaluation_followup
    if followup is None or level not in BAD_LEVELS:
        return None
    state = followup_state([step.step for step in followup.steps])
    due = FollowupDue(
        date.fromisoformat(followup.due_contact),
        date.fromisoformat(followup.due_settle),
        date.fromisoformat(followup.due_rectify),
    )
    return {
        **followup.model_dump(mode="json"),
        "state": state.value,
        "overdue": overdue_limits(due, state, today),
    }
