"""The end of day (日结) in the store: one hall day's cases by window and state (this
workstation's from its own tables, every other window's from the hall queue), its documents
and reprints (this workstation's only: the queue carries none), voids, ratings and deferrals
due, the cases the platform has not acknowledged, this window's approval requests decided
that day and those still pending, and the supervisor's sign-offs with their
delivery to the platform. No personal data. This workstation's cases count only when of the
hall it is enrolled in now: a PC moved to another hall keeps the old hall's (docs/operations.md
§3.1), which are no figures of this hall's day.

A hall day runs from 00:00 to 24:00 Shanghai time: its bounds in the store's UTC timestamps
come from ``day_bounds``; this workstation's cases of the day are found through them
(``cases_of_day``), never by scanning every case; the hall is a filter on those rows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from counter_app.domain.case_states import DEFERRAL_OWING_STATES, TERMINAL_STATES, CaseState
from counter_app.domain.evaluation import (
    BAD_LEVELS,
    EvaluationChannel,
    FollowupState,
    FollowupStep,
    appeal_state,
)
from counter_app.domain.fees import NO_RESULT_SQL, PaymentMethod
from counter_app.domain.hall_queue import PAYMENT_TWICE
from counter_app.store.cases import cases_of_day
from counter_app.store.database import Store
from counter_app.store.payments import (
    AWAITING_CONFIRMATION,
    NOT_REFUNDED,
    PAID_TWICE_EVENT,
    REFUND_EVENT,
)
from counter_app.store.rating_writes import APPEAL_STEPS, COUNTED_RATING, LATEST_APPEAL_STEP
from counter_app.store.timestamps import day_bounds


@dataclass(frozen=True)
class StateCount:
    """How many cases of one window taken that day are in ``state`` now, how many of them
    the platform acknowledged (``synced``; a hall queue row always is), and how many the
    window took with a decision their state no longer shows: accepted with deferred
    materials (容缺受理) or notified (一次性告知), whatever happened to them since."""

    window_code: str
    state: str
    cases: int
    acknowledged: int
    local: bool  # counted from this workstation's own cases
    with_deferral: int
    notified_first: int


# This workstation's cases (``cases c``) of the hall it is enrolled in now: a filter on the
# rows an index range found, never the range itself (no index leads with the hall).
THIS_HALL = "c.hall_code = ?"


def _of_day_here(store: Store, day: date) -> tuple[str, tuple[str, ...]]:
    """``cases_of_day`` narrowed to the cases of the hall this workstation is enrolled in."""
    of_day, params = cases_of_day(day)
    return f"{of_day} AND {THIS_HALL}", (*params, store.config.hall.hall_code)


def _taken_as(decision: CaseState) -> str:
    """The condition that a case of this workstation (``cases c``) was taken with
    ``decision``: its history's first step, from received, says so."""
    return (
        "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id"  # noqa: S608 - an enum value
        f" AND e.from_state = '{CaseState.RECEIVED.value}' AND e.to_state = '{decision.value}')"
    )


# The decisions a case was taken with, for this workstation's cases (``cases c``) and for
# another window's (``hall_queue h``: the platform's ``decision``; from a platform without
# it, a 容缺 acceptance is known only while its summary names a deferred material owed).
TAKEN_DEFERRED = _taken_as(CaseState.ACCEPTED_DEFERRED)
TAKEN_NOTIFIED = _taken_as(CaseState.NOTIFIED)
HALL_TAKEN_DEFERRED = (
    f"coalesce(h.decision = '{CaseState.ACCEPTED_DEFERRED.value}', h.deferral_due IS NOT NULL)"
)
HALL_TAKEN_NOTIFIED = f"h.decision = '{CaseState.NOTIFIED.value}'"


def state_counts(store: Store, day: date) -> list[StateCount]:
    """This workstation's cases taken on ``day`` (by the day in their number), then every
    other case of the hall the hall queue holds for that day."""
    of_day, params = _of_day_here(store, day)
    local_rows = store.db.execute(
        "SELECT c.window_code, c.state, count(*), sum(c.sync_state = 'synced'),"  # noqa: S608
        f" sum({TAKEN_DEFERRED}), sum({TAKEN_NOTIFIED})"
        f" FROM cases c WHERE {of_day} GROUP BY c.window_code, c.state",
        params,
    ).fetchall()
    start, end = day_bounds(day)
    hall_rows = store.db.execute(
        "SELECT h.window_code, h.state, count(*), count(*),"  # noqa: S608 - constant clauses
        f" sum({HALL_TAKEN_DEFERRED}), sum({HALL_TAKEN_NOTIFIED}) FROM hall_queue h"
        " WHERE h.received_at >= ? AND h.received_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)"
        " GROUP BY h.window_code, h.state",
        (start, end),
    ).fetchall()
    return [
        StateCount(w, s, n, int(a or 0), local, int(d or 0), int(t or 0))
        for rows, local in ((local_rows, True), (hall_rows, False))
        for w, s, n, a, d, t in rows
    ]


@dataclass(frozen=True)
class WindowFees:
    """The fees of one window's cases taken that day, integer cents: recorded (every case
    with a fee), paid, and still owed (unpaid by a case whose story goes on); then second
    payments (``twice``: a fee paid by card the payment platform confirmed as well) and, of
    this workstation's own window only, the payments by how they were made (``pos`` at the
    window's terminal, ``platform`` confirmed by the payment platform, a second payment
    included), those owed back (``refund``: a case that ended without a result, not refunded
    yet) and the refunds recorded that day (``refunded``, of the day's cases or earlier
    ones). Of another window the hall queue tells only its second payments (its flags),
    neither how its fees were paid nor whether an ended case had paid or was refunded.

    A payment on the payment platform the window recorded from the applicant's voucher counts
    as paid only once the platform confirmed it, as the hall queue and the platform hold it:
    until then its fee is unpaid (or, the case ended without a result, owed nothing) and
    owes no refund."""

    window_code: str
    recorded: int
    recorded_cents: int
    paid: int
    paid_cents: int
    unpaid: int
    unpaid_cents: int
    twice: int
    twice_cents: int
    pos: int = 0
    pos_cents: int = 0
    platform: int = 0
    platform_cents: int = 0
    refund: int = 0
    refund_cents: int = 0
    refunded: int = 0
    refunded_cents: int = 0


def _tally(condition: str, fee: str) -> str:
    """The SQL sums of how many rows meet ``condition`` and of their fees (``fee``)."""
    return f"sum({condition}), sum(CASE WHEN {condition} THEN {fee} END)"


def fees(store: Store, day: date) -> list[WindowFees]:
    """This workstation's fees from its own payments, every other window's from the fees
    and ``unpaid`` and ``payment_twice`` flags the hall queue holds for that day."""
    ended = ",".join(f"'{state.value}'" for state in TERMINAL_STATES)
    of_day, params = _of_day_here(store, day)
    # Each fee case of the day once, with whether it is paid (a window's record of a platform
    # payment once the platform confirmed it), paid twice (its second payment's event: by
    # card, so confirmed) and, ended without a result, not refunded: materialized, so each
    # EXISTS runs once a case however many tallies read its column.
    local = store.db.execute(
        "WITH f AS MATERIALIZED (SELECT c.window_code, c.state, p.fee_cents, p.method,"  # noqa: S608 - enum values only
        f" p.paid_at IS NOT NULL AND NOT ({AWAITING_CONFIRMATION}) AS paid,"
        " p.paid_at IS NOT NULL AND EXISTS (SELECT 1 FROM case_events e"
        f" WHERE e.case_id = c.case_id AND {PAID_TWICE_EVENT}) AS twice,"
        f" c.state IN ({NO_RESULT_SQL}) AND {NOT_REFUNDED} AS not_refunded"
        f" FROM cases c JOIN case_payments p ON p.case_id = c.case_id WHERE {of_day})"
        " SELECT window_code, count(*), sum(fee_cents), "
        + ", ".join(
            _tally(condition, "fee_cents")
            for condition in (
                "paid",
                f"NOT paid AND state NOT IN ({ended})",
                "twice",
                f"method = '{PaymentMethod.POS.value}'",
                f"paid AND method = '{PaymentMethod.PLATFORM.value}' OR twice",
                "paid AND not_refunded",
            )
        )
        + " FROM f GROUP BY window_code",
        params,
    ).fetchall()
    start, end = day_bounds(day)
    owed = "instr(h.flags, '\"unpaid\"') > 0"
    hall = store.db.execute(
        "SELECT h.window_code, count(*), sum(h.fee_cents), "  # noqa: S608 - enum values only
        + ", ".join(
            _tally(condition, "h.fee_cents")
            for condition in (
                f"NOT {owed}",
                f"{owed} AND h.state NOT IN ({ended})",
                f"instr(h.flags, '\"{PAYMENT_TWICE}\"') > 0",
            )
        )
        + " FROM hall_queue h WHERE h.received_at >= ? AND h.received_at < ?"
        " AND h.fee_cents IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)"
        " GROUP BY h.window_code",
        (start, end),
    ).fetchall()
    own = {row[0]: WindowFees(row[0], *(int(n or 0) for n in row[1:])) for row in local}
    # The paid fees' events, then their case (CROSS JOIN keeps that order): no index
    # leads with an event's time, and fee cases are a few of all.
    for window, count, cents in store.db.execute(
        "SELECT c.window_code, count(*), sum(p.fee_cents) FROM case_payments p"  # noqa: S608 - a constant clause
        " CROSS JOIN case_events e ON e.case_id = p.case_id CROSS JOIN cases c ON c.case_id = p.case_id"
        f" WHERE p.paid_at IS NOT NULL AND e.at >= ? AND e.at < ? AND {REFUND_EVENT}"
        f" AND {THIS_HALL} GROUP BY c.window_code",
        (start, end, store.config.hall.hall_code),
    ):
        # A refund of an earlier day's case gives its window a row of its own.
        row = own.get(window, WindowFees(window, *[0] * 8))
        own[window] = replace(row, refunded=count, refunded_cents=int(cents or 0))
    return [*own.values(), *(WindowFees(row[0], *(int(n or 0) for n in row[1:])) for row in hall)]


@dataclass(frozen=True)
class IssuedDocument:
    """A document this workstation issued that day (a reprint has ``reprint_no`` > 0)."""

    window_code: str
    case_no: str
    serial: str
    kind: str
    issued_at: str
    issued_by: str
    reprint_no: int
    reprint_reason: str | None


def documents_issued(store: Store, day: date) -> list[IssuedDocument]:
    start, end = day_bounds(day)
    rows = store.db.execute(
        "SELECT c.window_code, c.case_no, d.serial, d.kind, d.issued_at, d.issued_by,"  # noqa: S608 - a constant clause
        " d.reprint_no, d.reprint_reason FROM documents d JOIN cases c ON c.case_id = d.case_id"
        f" WHERE d.issued_at >= ? AND d.issued_at < ? AND {THIS_HALL}"
        " ORDER BY d.issued_at, d.document_id",
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    return [IssuedDocument(*row) for row in rows]


@dataclass(frozen=True)
class Void:
    """A case voided that day: this workstation's with the supervisor who approved it
    (``source`` ``local``); another window's from the hall queue (``platform``: a case of
    the day voided, ``at`` when the platform recorded it, its approver known only at its own
    workstation)."""

    window_code: str
    case_no: str
    at: str
    clerk: str
    approved_by: str | None
    source: str


def voids(store: Store, day: date) -> list[Void]:
    # From the voided cases (few, through the state index) to their events: the events
    # table has no index by time and grows with every case.
    start, end = day_bounds(day)
    rows = store.db.execute(
        "SELECT c.window_code, c.case_no, e.at, e.actor, e.detail"  # noqa: S608 - a constant clause
        " FROM cases c INDEXED BY cases_state_created JOIN case_events e ON e.case_id = c.case_id"
        " WHERE c.state = 'voided' AND e.to_state = 'voided' AND e.at >= ? AND e.at < ?"
        f" AND {THIS_HALL} ORDER BY e.at",
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    hall = store.db.execute(
        "SELECT h.window_code, h.case_no, h.updated_at, h.clerk"
        " FROM hall_queue h INDEXED BY hall_queue_state"
        " WHERE h.state = 'voided' AND h.received_at >= ? AND h.received_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)"
        " ORDER BY h.updated_at",
        (start, end),
    ).fetchall()
    return [
        Void(w, n, at, actor, json.loads(detail or "{}").get("approved_by"), "local")
        for w, n, at, actor, detail in rows
    ] + [Void(w, n, at, clerk, None, "platform") for w, n, at, clerk in hall]


@dataclass(frozen=True)
class Rating:
    """A 好差评 rating: of a case taken at this workstation, given that day at the hall's
    evaluator or on the progress page (``channel``, ``EvaluationChannel``; ``source``
    ``local``); or of another window's case taken that day, at the hall's evaluator, as the
    hall queue holds it (``platform``: without the applicant's words or reason category,
    and without the online ratings, which the queue does not carry). ``appeal``: where the
    hall's appeal of a bad rating of this workstation's stands (an ``AppealState`` value;
    None: not appealed, not a bad rating, or another window's)."""

    window_code: str
    case_no: str
    level: int | None  # None: the applicant declined to rate (at the hall only)
    reason: str | None  # the applicant's words (the progress page takes none)
    channel: str
    reason_code: str | None
    source: str
    appeal: str | None = None


def ratings(store: Store, day: date) -> list[Rating]:
    """Every rating given on ``day`` at this workstation's window, by when it was given: the
    hall's through its time index, the online ones (one per case, far fewer) by their time;
    then the hall ratings of the other windows' cases of the day (the queue keeps no time).
    As the statistics count them: a voided case is not rated, and a bad rating whose appeal
    the platform upheld is not counted (the hall queue carries no level for it)."""
    start, end = day_bounds(day)
    hall, online = EvaluationChannel.HALL_EVALUATOR.value, EvaluationChannel.ONLINE.value
    here, voided = store.config.hall.hall_code, CaseState.VOIDED.value
    upheld = FollowupState.APPEALED.value
    appeal_steps = APPEAL_STEPS
    rows = store.db.execute(
        "SELECT window_code, case_no, level, reason, channel, reason_code, 'local', appeal"  # noqa: S608 - constant clauses
        " FROM (SELECT c.window_code, c.case_no, v.level, v.reason, ? AS channel,"
        f" v.reason_code, v.at, {LATEST_APPEAL_STEP} AS appeal"
        " FROM evaluations v JOIN cases c ON c.case_id = v.case_id"
        " LEFT JOIN rating_followups f ON f.case_id = c.case_id WHERE v.at >= ? AND v.at < ?"
        f" AND {THIS_HALL} AND c.state != ? AND {COUNTED_RATING.format(level='v.level')}"
        " UNION ALL SELECT c.window_code, c.case_no, o.level, NULL, ?, o.reason_code, o.at,"
        f" {LATEST_APPEAL_STEP} FROM online_ratings o JOIN cases c ON c.case_id = o.case_id"
        " LEFT JOIN rating_followups f ON f.case_id = c.case_id"
        f" WHERE o.at >= ? AND o.at < ? AND {THIS_HALL} AND c.state != ?"
        f" AND {COUNTED_RATING.format(level='o.level')}) ORDER BY at, channel",
        (
            *(hall, *appeal_steps, start, end, here, voided, upheld),
            *(online, *appeal_steps, start, end, here, voided, upheld),
        ),
    ).fetchall()
    others = store.db.execute(
        "SELECT h.window_code, h.case_no, h.rating_level FROM hall_queue h"
        " INDEXED BY hall_queue_received WHERE h.received_at >= ? AND h.received_at < ?"
        " AND (h.rating_level IS NOT NULL OR h.rating_declined) AND h.state != ?"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)"
        " ORDER BY h.received_at",
        (start, end, voided),
    ).fetchall()
    return [
        Rating(w, n, level, reason, channel, code, source, _appeal(step, level))
        for w, n, level, reason, channel, code, source, step in rows
    ] + [Rating(w, n, level, None, hall, None, "platform") for w, n, level in others]


def _appeal(step: str | None, level: int | None) -> str | None:
    """Where the appeal whose latest step is ``step`` stands, for a bad rating (``level``)."""
    if step is None or level not in BAD_LEVELS:
        return None
    state = appeal_state([FollowupStep(step)])
    return None if state is None else state.value


@dataclass(frozen=True)
class DeferralDue:
    """A 容缺 case still owing a deferred material on the report's day, and the earliest
    deadline it owes one by: that day, or an earlier one (past due, ``overdue``)."""

    window_code: str
    case_no: str
    due: str
    overdue: bool


def deferrals_due(store: Store, day: date) -> list[DeferralDue]:
    """Every 容缺 case whose deferred material falls due on ``day`` or fell due before and is
    still owed, the longest past due first: this workstation's from its materials, the other
    windows' from the hall queue."""
    # From the cases that may still owe a 容缺 material (few, through the state index; one
    # the department took into processing before it came among them) to their materials.
    owing = ", ".join("?" for _ in DEFERRAL_OWING_STATES)
    local = store.db.execute(
        "SELECT window_code, case_no, due FROM (SELECT c.window_code, c.case_no,"  # noqa: S608 - placeholders only
        " (SELECT min(m.deadline) FROM case_materials m"
        "  WHERE m.case_id = c.case_id AND m.status = 'deferred') AS due"
        f" FROM cases c INDEXED BY cases_state_created WHERE c.state IN ({owing})"
        f" AND {THIS_HALL}) WHERE due <= ?",
        (*(s.value for s in DEFERRAL_OWING_STATES), store.config.hall.hall_code, day.isoformat()),
    ).fetchall()
    hall = store.db.execute(
        "SELECT h.window_code, h.case_no, h.deferral_due FROM hall_queue h"  # noqa: S608 - placeholders only
        f" WHERE h.deferral_due <= ? AND h.state IN ({owing})"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)",
        (day.isoformat(), *(s.value for s in DEFERRAL_OWING_STATES)),
    ).fetchall()
    today = day.isoformat()
    return sorted(
        (DeferralDue(w, n, due, due < today) for w, n, due in [*local, *hall]),
        key=lambda d: (d.due, d.case_no),
    )


@dataclass(frozen=True)
class Unacknowledged:
    """A case of this workstation taken that day the platform has not acknowledged as it
    is, with the last thing sync heard about it (None: never tried yet)."""

    window_code: str
    case_no: str
    sync_state: str  # pending | conflict | rejected
    last_error: str | None


def unacknowledged(store: Store, day: date) -> list[Unacknowledged]:
    of_day, params = _of_day_here(store, day)
    rows = store.db.execute(
        "SELECT c.window_code, c.case_no, c.sync_state,"  # noqa: S608 - a constant clause
        " (SELECT o.last_error FROM outbox o WHERE o.case_id = c.case_id"
        "  AND o.state NOT IN ('stored', 'duplicate') ORDER BY o.data_version DESC LIMIT 1)"
        f" FROM cases c WHERE {of_day} AND c.sync_state != 'synced' ORDER BY c.case_no",
        params,
    ).fetchall()
    return [Unacknowledged(*row) for row in rows]


@dataclass(frozen=True)
class DayApproval:
    """A request this window's clerks sent to the hall's supervisors through the platform
    (``approval_requests``): decided that day (``status`` approved, refused, cancelled or
    expired, by ``decided_by``), or still pending."""

    request_id: str
    kind: str
    summary: str
    requested_by: str
    requested_at: str
    status: str
    decided_by: str | None
    decided_at: str | None


_APPROVAL_COLUMNS = (
    "request_id, kind, summary, requested_by, requested_at, status, decided_by, decided_at"
)


def approvals_decided(store: Store, day: date) -> list[DayApproval]:
    """This window's requests whose decision (or expiry) was recorded on ``day``."""
    start, end = day_bounds(day)
    rows = store.db.execute(
        f"SELECT {_APPROVAL_COLUMNS} FROM approval_requests"  # noqa: S608 - constant columns
        " WHERE status != 'pending' AND decided_at >= ? AND decided_at < ?"
        " ORDER BY decided_at, request_id",
        (start, end),
    ).fetchall()
    return [DayApproval(*row) for row in rows]


def approvals_pending(store: Store, day: date) -> list[DayApproval]:
    """This window's requests sent by the end of ``day`` that still wait for a decision."""
    _start, end = day_bounds(day)
    rows = store.db.execute(
        f"SELECT {_APPROVAL_COLUMNS} FROM approval_requests"  # noqa: S608 - constant columns
        " WHERE status = 'pending' AND requested_at < ? ORDER BY requested_at, request_id",
        (end,),
    ).fetchall()
    return [DayApproval(*row) for row in rows]


# ----------------------------------------------------------------------------- sign-offs


@dataclass(frozen=True)
class SignOffRow:
    """A supervisor's sign-off of a day, as kept until (and after) the platform has it."""

    sign_off_id: str
    day: str
    hall_code: str
    window_code: str
    signed_by: str
    signed_at: str
    reconciled: bool
    summary: str  # JSON: the report as signed
    pdf_path: str


def insert_sign_off(conn: sqlite3.Connection, row: SignOffRow) -> None:
    conn.execute(
        "INSERT INTO day_sign_offs (sign_off_id, day, hall_code, window_code, signed_by,"
        " signed_at, reconciled, summary, pdf_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row.sign_off_id,
            row.day,
            row.hall_code,
            row.window_code,
            row.signed_by,
            row.signed_at,
            int(row.reconciled),
            row.summary,
            row.pdf_path,
        ),
    )


_SIGN_OFF_COLUMNS = (
    "sign_off_id, day, hall_code, window_code, signed_by, signed_at, reconciled, summary, pdf_path"
)


def _sign_off(row: tuple[Any, ...]) -> SignOffRow:
    values = list(row)
    values[6] = bool(values[6])
    return SignOffRow(*values)


def undelivered_sign_offs(store: Store) -> list[SignOffRow]:
    """Sign-offs the platform has not confirmed yet, oldest first."""
    rows = store.db.execute(
        f"SELECT {_SIGN_OFF_COLUMNS} FROM day_sign_offs"  # noqa: S608 - constant names
        " WHERE delivered_at IS NULL ORDER BY signed_at"
    ).fetchall()
    return [_sign_off(row) for row in rows]


def sign_offs_of(store: Store, day: date) -> list[tuple[SignOffRow, str | None]]:
    """Every sign-off of ``day``, oldest first, with when the platform confirmed it."""
    rows = store.db.execute(
        f"SELECT {_SIGN_OFF_COLUMNS}, delivered_at FROM day_sign_offs"  # noqa: S608
        " WHERE day = ? ORDER BY signed_at",
        (day.isoformat(),),
    ).fetchall()
    return [(_sign_off(row[:-1]), row[-1]) for row in rows]


def mark_sign_off_delivered(conn: sqlite3.Connection, sign_off_id: str, at: str) -> None:
    conn.execute(
        "UPDATE day_sign_offs SET delivered_at = ?, attempts = attempts + 1, last_error = NULL"
        " WHERE sign_off_id = ? AND delivered_at IS NULL",
        (at, sign_off_id),
    )


def mark_sign_off_failed(conn: sqlite3.Connection, sign_off_id: str, error: str) -> None:
    conn.execute(
        "UPDATE day_sign_offs SET attempts = attempts + 1, last_error = ?"
        " WHERE sign_off_id = ? AND delivered_at IS NULL",
        (error, sign_off_id),
    )
