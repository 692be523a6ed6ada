"""The hall queue in the store: the platform's summaries of every case of the hall
(``hall_queue``, written by the sync feed) merged with this workstation's cases the platform
has not acknowledged yet (pending, conflicting or rejected), newest first. No personal data.

A case of this workstation waiting for sync shows as it is here, not as the platform last
saw it; every other case as the platform holds it, in conflict or rejected while the
platform's ``problems`` feed says so.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from counter_app.domain.evaluation import CLOSED_STATES
from counter_app.domain.fees import NO_RESULT_SQL
from counter_app.domain.hall_queue import (
    BAD_RATING,
    DEFERRED_MATERIALS,
    PAYMENT_TWICE,
    REFUND_OWED,
    RUNNING_STATES,
    UNPAID,
    due_soon_until,
)
from counter_app.store.calendar import working_calendar
from counter_app.store.database import Store
from counter_app.store.payments import AWAITING_CONFIRMATION, NOT_REFUNDED, PAID_TWICE_EVENT

# Sync states of this workstation's cases the platform has not acknowledged as they are.
UNSYNCED = ("pending", "conflict", "rejected")
PROBLEM_STATES = ("conflict", "rejected")
# Characters after which no case number character sorts: the end of a prefix range.
_PREFIX_END = "\uffff"


@dataclass(frozen=True)
class HallCaseRow:
    """One ``hall_queue`` row, as the feed item that wrote it (``sync.wire.feeds.HallCase``)."""

    case_id: str
    sequence: int
    case_no: str
    window_code: str
    clerk: str
    item_code: str
    item_name: str
    state: str
    data_version: int
    updated_at: str
    received_at: str
    accepted_at: str | None
    promised_date: str | None
    deferral_due: str | None
    flags: tuple[str, ...]
    # The statistics' facts (sync.wire.feeds.HallCase): the platform's first storing of the case,
    # the card read at the window, the 好差评 rating or that it was declined.
    acknowledged_at: str | None = None
    card_read_at: str | None = None
    rating_level: int | None = None
    rating_declined: bool = False
    fee_cents: int | None = None
    # The window's decision when it took the case (``HallCase.decision``; None: not known).
    decision: str | None = None
    # 高效办成一件事: the id the cases decided together share and that bundle's name (None:
    # decided alone, or a platform from before bundles).
    bundle_id: str | None = None
    bundle_name: str | None = None


_HALL_COLUMNS = (
    "case_id",
    "sequence",
    "case_no",
    "window_code",
    "clerk",
    "item_code",
    "item_name",
    "state",
    "data_version",
    "updated_at",
    "received_at",
    "accepted_at",
    "promised_date",
    "deferral_due",
    "flags",
    "acknowledged_at",
    "card_read_at",
    "rating_level",
    "rating_declined",
    "fee_cents",
    "decision",
    "bundle_id",
    "bundle_name",
)
_FLAGS = _HALL_COLUMNS.index("flags")
_UPSERT = (
    f"INSERT INTO hall_queue ({', '.join(_HALL_COLUMNS)})"  # noqa: S608 - constant names
    f" VALUES ({', '.join('?' * len(_HALL_COLUMNS))}) ON CONFLICT (case_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _HALL_COLUMNS[1:])
    + " WHERE excluded.sequence > hall_queue.sequence"
)


def upsert_hall_case(conn: sqlite3.Connection, row: HallCaseRow) -> bool:
    """Keep ``row`` unless a newer item of the case is here already; whether it was kept."""
    values = [getattr(row, name) for name in _HALL_COLUMNS]
    values[_FLAGS] = json.dumps(list(row.flags))
    kept = conn.execute(_UPSERT, values).rowcount == 1
    if kept:
        conn.execute(
            "INSERT INTO hall_queue_items (item_code, item_name) VALUES (?, ?)"
            " ON CONFLICT (item_code) DO UPDATE SET item_name = excluded.item_name",
            (row.item_code, row.item_name),
        )
        if row.bundle_name:
            conn.execute(
                "INSERT INTO hall_queue_bundles (bundle_name) VALUES (?) ON CONFLICT DO NOTHING",
                (row.bundle_name,),
            )
    return kept


def last_hall_sequence(store: Store) -> int:
    """Grows whenever the platform's summaries of the hall's cases or its problem cases
    changed: the newest item kept of each of the two feeds, summed (each only grows)."""
    return int(
        store.db.execute(
            "SELECT (SELECT coalesce(max(sequence), 0) FROM hall_queue)"
            " + (SELECT coalesce(max(sequence), 0) FROM hall_problems)"
        ).fetchone()[0]
    )


def case_held_elsewhere(store: Store, reference: str) -> HallCaseRow | None:
    """The platform's summary of the case ``reference`` (its UUID or case number, as a clerk
    types it) when the hall queue knows it and this workstation does not hold it: a case
    another window (or another PC) accepted. None otherwise."""
    text = reference.strip()
    try:
        case_id = str(uuid.UUID(text))
    except ValueError:
        case_id = ""
    row = store.db.execute(
        f"SELECT {', '.join(f'h.{name}' for name in _HALL_COLUMNS)} FROM hall_queue h"  # noqa: S608
        " WHERE (h.case_id = ? OR h.case_no = ?)"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)",
        (case_id, text.upper()),
    ).fetchone()
    if row is None:
        return None
    values = dict(zip(_HALL_COLUMNS, row, strict=True))
    values["flags"] = tuple(json.loads(values["flags"]))
    values["rating_declined"] = bool(values["rating_declined"])
    return HallCaseRow(**values)


def forget_hall_queue(conn: sqlite3.Connection) -> None:
    """Drop every summary: the workstation now belongs to another hall."""
    conn.execute("DELETE FROM hall_queue")
    conn.execute("DELETE FROM hall_queue_items")
    conn.execute("DELETE FROM hall_queue_bundles")


@dataclass(frozen=True)
class PromisedBetween:
    """Cases whose promised date's clock runs (``hall_queue.RUNNING_STATES``) and whose
    promised date is ``first`` or later (None: however early) and before ``until``: the
    overdue ones (before today) or those 临近超期 (today up to ``hall_queue.due_soon_until``)."""

    first: str | None
    until: str


@dataclass(frozen=True)
class QueueQuery:
    """Which cases a page of the queue holds. ``text``: a case number (or its beginning),
    else an item (code, or part of its name), a bundle (part of its name), a window or a
    clerk."""

    text: str = ""
    window: str | None = None
    clerk: str | None = None
    state: str | None = None
    problems_only: bool = False
    """Only this workstation's cases the platform refused or holds in conflict."""
    promised: PromisedBetween | None = None
    """Only these cases, oldest promised date first (instead of newest first)."""


@dataclass(frozen=True)
class QueueCase:
    """A case of the queue as stored; ``sync_error`` is the platform's answer (JSON with
    ``reason``, ``message_zh``, ``message_en``) to a conflicting or rejected version, of
    this workstation or of another window."""

    case_id: str
    case_no: str
    window_code: str
    clerk: str
    item_code: str
    item_name: str
    state: str
    sync_state: str
    received_at: str
    accepted_at: str | None
    promised_date: str | None
    deferral_due: str | None
    flags: tuple[str, ...]
    local: bool  # a case of this workstation (its full history is here)
    sync_error: str | None
    # 高效办成一件事: the id its bundle's cases share and the bundle's name (None: decided
    # alone).
    bundle_id: str | None
    bundle_name: str | None


def queue_page(store: Store, query: QueueQuery, *, limit: int, offset: int = 0) -> list[QueueCase]:
    """One page of the queue, newest (by when the window took the case) first, or with
    ``query.promised`` oldest promised date first."""
    wanted = offset + limit
    local = _local_cases(store, query, wanted)
    hall = [] if query.problems_only else _hall_cases(store, query, wanted)
    return list(_merged(query, local, hall))[offset:wanted]


def _merged(query: QueueQuery, *pages: list[QueueCase]) -> Iterator[QueueCase]:
    """Pages each in the query's order, merged in it."""
    if query.promised is None:
        return heapq.merge(*pages, key=lambda case: case.received_at, reverse=True)
    return heapq.merge(*pages, key=lambda case: (case.promised_date or "", case.received_at))


def _sorted(query: QueueQuery, cases: Iterable[QueueCase]) -> list[QueueCase]:
    if query.promised is None:
        return sorted(cases, key=lambda case: case.received_at, reverse=True)
    return sorted(cases, key=lambda case: (case.promised_date or "", case.received_at))


def _order(query: QueueQuery, prefix: str, received: str) -> str:
    """The ORDER BY of a page of ``query`` (``prefix``: the table's alias and dot)."""
    if query.promised is None:
        return f"{prefix}{received} DESC"
    return f"{prefix}promised_date, {prefix}{received}"


def overdue_on(day: date) -> PromisedBetween:
    """The cases overdue on hall day ``day``: promised for an earlier day, still open."""
    return PromisedBetween(None, day.isoformat())


def due_soon_on(store: Store, day: date) -> PromisedBetween:
    """The cases 临近超期 on hall day ``day``: promised for it or a day at most
    ``hall.due_soon_working_days`` working days on (the hall's working calendar)."""
    until = due_soon_until(day, working_calendar(store), store.config.hall.due_soon_working_days)
    return PromisedBetween(day.isoformat(), until.isoformat())


@dataclass(frozen=True)
class TimeLimitCounts:
    """The statistics' and the end-of-day report's figures of a hall day: the queue's cases
    overdue then, and those 临近超期."""

    overdue: int
    due_soon: int


def time_limit_counts(store: Store, day: date) -> TimeLimitCounts:
    """:class:`TimeLimitCounts` of hall day ``day`` (the cases' states as stored now): the
    one count of overdue and 临近超期 cases the statistics and the end-of-day report give, so
    that they agree with each other and with the queue. The queue (the hall's cases, and
    this workstation's not synced yet, as it shows them) is read once for both: the cases
    promised before the end of the 临近超期 span, split at ``day``."""
    soon = due_soon_on(store, day)
    marks = ",".join("?" * len(RUNNING_STATES))
    row = store.db.execute(
        "SELECT coalesce(sum(promised_date < ?), 0), coalesce(sum(promised_date >= ?), 0) FROM ("  # noqa: S608 - marks
        # A local case waiting for sync counts as it is here, as the queue shows it.
        f" SELECT c.promised_date FROM cases c WHERE c.sync_state IN ({_UNSYNCED_MARKS})"
        f" AND c.state IN ({marks}) AND c.promised_date < ?"
        f" UNION ALL SELECT h.promised_date FROM hall_queue h WHERE h.state IN ({marks})"
        " AND h.promised_date < ? AND NOT EXISTS (SELECT 1 FROM cases c WHERE"
        f" c.case_id = h.case_id AND c.sync_state IN ({_UNSYNCED_MARKS})))",
        (
            soon.first,
            soon.first,
            *UNSYNCED,
            *RUNNING_STATES,
            soon.until,
            *RUNNING_STATES,
            soon.until,
            *UNSYNCED,
        ),
    ).fetchone()
    return TimeLimitCounts(overdue=int(row[0]), due_soon=int(row[1]))


def _filters(query: QueueQuery, columns: dict[str, str]) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters for ``query`` over a table whose columns are named in
    ``columns`` (window, clerk, state, promised_date; for a text also item_code, item_name,
    bundle_name, case_no: used so only on this workstation's backlog, which is small)."""
    clauses: list[str] = []
    params: list[Any] = []
    for key, value in (("window", query.window), ("clerk", query.clerk), ("state", query.state)):
        if value:
            clauses.append(f"{columns[key]} = ?")
            params.append(value)
    if query.promised is not None:
        clauses.append(
            f"{columns['state']} IN ({','.join('?' * len(RUNNING_STATES))})"
            f" AND {columns['promised_date']} >= ? AND {columns['promised_date']} < ?"
        )
        params += [*RUNNING_STATES, query.promised.first or "", query.promised.until]
    text = query.text.strip()
    if text:
        number = text.upper()
        clauses.append(
            f"(({columns['case_no']} >= ? AND {columns['case_no']} < ?)"
            f" OR {columns['item_code']} = ? OR instr({columns['item_name']}, ?) > 0"
            f" OR instr({columns['bundle_name']}, ?) > 0"
            f" OR {columns['window']} = ? OR {columns['clerk']} = ?)"
        )
        params += [number, number + _PREFIX_END, text, text, text, number, text]
    return clauses, params


_HALL = {
    "window": "h.window_code",
    "clerk": "h.clerk",
    "state": "h.state",
    "promised_date": "h.promised_date",
}
_LOCAL = {
    "window": "c.window_code",
    "clerk": "c.clerk",
    "state": "c.state",
    "promised_date": "c.promised_date",
    "item_code": "c.service_item_code",
    "item_name": "coalesce(s.name, c.service_item_code)",
    "bundle_name": "coalesce(c.bundle_name, '')",
    "case_no": "c.case_no",
}
_UNSYNCED_MARKS = ",".join("?" * len(UNSYNCED))
# The flags a version of a local case carries, as the platform would set them (JSON): a fee
# not paid (of a case still going), a second payment and a fee paid for a case that ended
# without its result until a refund is recorded, a bad rating whose follow-up is open. A
# payment on the payment platform the window recorded from the applicant's voucher is not
# paid for the platform until it confirms it: its fee stays unpaid, and owes no refund.
_CLOSED = ",".join(f"'{state.value}'" for state in sorted(CLOSED_STATES))
_LOCAL_FLAGS = (
    "(SELECT json_group_array(flag) FROM ("  # noqa: S608 - constants and enum values only
    f"SELECT '{UNPAID}' AS flag WHERE c.state NOT IN ({NO_RESULT_SQL}) AND EXISTS"
    " (SELECT 1 FROM case_payments p WHERE p.case_id = c.case_id"
    f" AND (p.paid_at IS NULL OR {AWAITING_CONFIRMATION}))"
    f" UNION ALL SELECT '{PAYMENT_TWICE}' WHERE {NOT_REFUNDED} AND EXISTS"
    f" (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id AND {PAID_TWICE_EVENT})"
    f" UNION ALL SELECT '{REFUND_OWED}' WHERE c.state IN ({NO_RESULT_SQL}) AND {NOT_REFUNDED}"
    " AND EXISTS"
    " (SELECT 1 FROM case_payments p WHERE p.case_id = c.case_id AND p.paid_at IS NOT NULL"
    f" AND NOT ({AWAITING_CONFIRMATION}))"
    f" UNION ALL SELECT '{BAD_RATING}' WHERE EXISTS (SELECT 1 FROM rating_followups f"
    f" WHERE f.case_id = c.case_id AND f.state NOT IN ({_CLOSED}))))"
)


def _hall_cases(store: Store, query: QueueQuery, wanted: int) -> list[QueueCase]:
    """In the query's order (``_order``). A search is one indexed query per thing the text
    may be (a case number's start, an item's code or name, a bundle's name, a window, a
    clerk), merged: a single query OR-ing them would walk the whole queue for a text that
    matches little."""
    clauses, params = _filters(replace(query, text=""), _HALL)
    text = query.text.strip()
    order = _order(query, "h.", "received_at")
    if not text:
        return _hall_select(store, clauses, params, order, wanted)
    found: dict[str, QueueCase] = {}
    for clause, values in _hall_text_alternatives(store, text):
        for case in _hall_select(store, [*clauses, clause], [*params, *values], order, wanted):
            found[case.case_id] = case
    return _sorted(query, found.values())[:wanted]


# A case-number start matching fewer cases than this is read through the case-number index
# and sorted here; one matching more is common enough that walking the queue newest first
# meets a page of them soon.
_NUMBER_MATCHES_SORTED_HERE = 5000


def _hall_text_alternatives(store: Store, text: str) -> list[tuple[str, list[Any]]]:
    number = text.upper()
    numbers = store.db.execute(
        # The row ids only: the index holds them, no table page is read.
        "SELECT rowid FROM hall_queue INDEXED BY hall_queue_case_no"
        " WHERE case_no >= ? AND case_no < ? LIMIT ?",
        (number, number + _PREFIX_END, _NUMBER_MATCHES_SORTED_HERE),
    ).fetchall()
    if len(numbers) < _NUMBER_MATCHES_SORTED_HERE:
        ids = [row[0] for row in numbers]
        by_number: list[tuple[str, list[Any]]] = [
            (f"h.rowid IN ({','.join('?' * len(chunk))})", list(chunk)) for chunk in _chunks(ids)
        ]
    else:
        # Unary + keeps SQLite off the case-number index here: newest first, by the order's.
        by_number = [("+h.case_no >= ? AND +h.case_no < ?", [number, number + _PREFIX_END])]
    # Items by name through the queue's own list of them (small), then each through its
    # own index.
    codes = {text} | {
        row[0]
        for row in store.db.execute(
            "SELECT item_code FROM hall_queue_items WHERE instr(item_name, ?) > 0", (text,)
        )
    }
    # Bundles by name the same way, through the queue's list of their names.
    bundles = [
        row[0]
        for row in store.db.execute(
            "SELECT bundle_name FROM hall_queue_bundles WHERE instr(bundle_name, ?) > 0", (text,)
        )
    ]
    return [
        *by_number,
        *(("h.item_code = ?", [code]) for code in sorted(codes)),
        *(("h.bundle_name = ?", [name]) for name in bundles),
        ("h.window_code = ?", [number]),
        ("h.clerk = ?", [text]),
    ]


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


# Another window's problem the platform holds (the ``problems`` feed) stands until the
# platform stores a newer version of the case or settles it itself (``settled``); this
# workstation's own come from its outbox.
_STANDING_PROBLEM = (
    "p.case_id = h.case_id AND p.data_version >= h.data_version AND p.status <> 'settled'"
    " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)"
)


def _hall_select(
    store: Store, clauses: list[str], params: list[Any], order: str, wanted: int
) -> list[QueueCase]:
    # This workstation's unsynced cases come from its own tables instead (one primary-key
    # probe per row read: the page never waits for a scan of the local cases).
    where = [
        *clauses,
        "NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id"  # noqa: S608 - marks
        f" AND c.sync_state IN ({_UNSYNCED_MARKS}))",
    ]
    rows = store.db.execute(
        "SELECT h.case_id, h.case_no, h.window_code, h.clerk, h.item_code, h.item_name,"  # noqa: S608
        " h.state, coalesce(p.status, 'synced'), h.received_at, h.accepted_at,"
        " h.promised_date, h.deferral_due, h.flags,"
        " EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id),"
        " CASE WHEN p.case_id IS NOT NULL THEN json_object('reason', p.reason,"
        " 'message_zh', p.message_zh, 'message_en', p.message_en) END,"
        " h.bundle_id, h.bundle_name"
        f" FROM hall_queue h LEFT JOIN hall_problems p ON {_STANDING_PROBLEM}"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?",
        (*params, *UNSYNCED, wanted),
    ).fetchall()
    return [_queue_case(row) for row in rows]


def _local_cases(store: Store, query: QueueQuery, wanted: int) -> list[QueueCase]:
    """In the query's order, one sync state at a time: each is read through the
    (sync_state, created_at) index, so only the backlog is looked at, however many cases
    are synced."""
    states = PROBLEM_STATES if query.problems_only else UNSYNCED
    per_state = [_local_cases_in(store, query, state, wanted) for state in states]
    return list(_merged(query, *per_state))[:wanted]


def _local_cases_in(
    store: Store, query: QueueQuery, sync_state: str, wanted: int
) -> list[QueueCase]:
    clauses, params = _filters(query, _LOCAL)
    rows = store.db.execute(
        "SELECT c.case_id, c.case_no, c.window_code, c.clerk, c.service_item_code,"  # noqa: S608
        " coalesce(s.name, c.service_item_code), c.state, c.sync_state, c.created_at,"
        " c.accepted_at, c.promised_date,"
        " (SELECT min(m.deadline) FROM case_materials m"
        "  WHERE m.case_id = c.case_id AND m.status = 'deferred'),"
        f" {_LOCAL_FLAGS}, 1,"
        " (SELECT o.last_error FROM outbox o WHERE o.case_id = c.case_id"
        "  AND o.state IN ('conflict', 'rejected') ORDER BY o.data_version DESC LIMIT 1),"
        " c.bundle_id, c.bundle_name"
        " FROM cases c INDEXED BY cases_sync_state_created LEFT JOIN service_items s"
        " ON s.catalog_version = c.catalog_version AND s.code = c.service_item_code"
        f" WHERE {' AND '.join(['c.sync_state = ?', *clauses])}"
        f" ORDER BY {_order(query, 'c.', 'created_at')} LIMIT ?",
        (sync_state, *params, wanted),
    ).fetchall()
    return [_queue_case(row) for row in rows]


_QUEUE_FIELDS = tuple(f.name for f in fields(QueueCase))


def _queue_case(row: Any) -> QueueCase:
    values = dict(zip(_QUEUE_FIELDS, row, strict=True))
    flags = json.loads(values["flags"])
    if values["deferral_due"] and DEFERRED_MATERIALS not in flags:
        flags.append(DEFERRED_MATERIALS)  # a local case: what the platform would mark
    values["flags"], values["local"] = tuple(flags), bool(values["local"])
    return QueueCase(**values)
