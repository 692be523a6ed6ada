"""The local retention of personal data (PIPL art. 19): which cases are due, and the purge
of one batch of them, in the caller's transaction.

A case is due when its story is over here and the platform, the system of record, holds
it: a final state (or a one-time notice the applicant never came back for), synced with
nothing waiting in the outbox, nothing still owed (a refund, a second payment, an open
follow-up of a bad rating, a pre-application's consumption to report, an e-licence check
still open), and no change since the cut-off. Its purge keeps what statistics, past days'
reports, case numbers and the audit chain need (number, item, states, dates, clerk, the
masked ID number) and clears the rest: the name (masked as a history shows it), ID number,
phone, address and photo with their blind indexes, every data version's document (the row
stays with its content hash, its ciphertext emptied), e-licence documents and numbers, a
delivery's address and proxy, the outbox rows and the sync attempts but the first answer
(which the statistics' sync delay reads). A ``retention`` event in the case's history
records when, and marks the case purged (:func:`purge_of`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.evaluation import CLOSED_STATES
from counter_app.domain.fees import NO_RESULT_SQL
from counter_app.domain.hall_time import hall_time_text
from counter_app.domain.names import mask_name
from counter_app.errors import NotFound
from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.case_writes import insert_event
from counter_app.store.database import Store
from counter_app.store.payments import NOT_REFUNDED, PAID_TWICE_EVENT

PURGE_EVENT = "retention"
PURGE_ACTION = "retention.purged"
# A one-time notice is an open question until the applicant comes back; one left a whole
# retention period without an answer is finished too.
FINISHED_STATES = TERMINAL_STATES | {CaseState.NOTIFIED}

_FINISHED_SQL = ",".join(f"'{state.value}'" for state in sorted(FINISHED_STATES))
_CLOSED_SQL = ",".join(f"'{state.value}'" for state in sorted(CLOSED_STATES))
# What a finished case may still owe the applicant or the platform (``cases c``).
_OWED = (
    f"(c.state IN ({NO_RESULT_SQL}) AND {NOT_REFUNDED} AND EXISTS"  # noqa: S608 - constants only
    " (SELECT 1 FROM case_payments p WHERE p.case_id = c.case_id AND p.paid_at IS NOT NULL))"
    f" OR ({NOT_REFUNDED} AND EXISTS"
    f" (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id AND {PAID_TWICE_EVENT}))"
    " OR EXISTS (SELECT 1 FROM rating_followups f WHERE f.case_id = c.case_id"
    f" AND f.state NOT IN ({_CLOSED_SQL}))"
    " OR EXISTS (SELECT 1 FROM preapp_consumptions pc WHERE pc.case_id = c.case_id"
    " AND pc.reported_at IS NULL AND pc.refused = 0)"
    " OR EXISTS (SELECT 1 FROM elicence_checks x WHERE x.case_id = c.case_id"
    " AND x.state != 'verified')"
)
# The cases due at a cut-off (``?``: the cut-off's timestamp text, twice), oldest first.
_DUE = (
    f"FROM cases c WHERE c.state IN ({_FINISHED_SQL}) AND c.sync_state = 'synced'"  # noqa: S608 - constants only
    " AND c.updated_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id"
    f" AND (e.at >= ? OR e.kind = '{PURGE_EVENT}'))"
    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.case_id"
    " AND o.state NOT IN ('stored', 'duplicate'))"
    f" AND NOT ({_OWED})"
)


@dataclass(frozen=True)
class DueCases:
    """How many cases are due and the hall days they were taken on (None: none due)."""

    cases: int
    first_day: str | None
    last_day: str | None


@dataclass(frozen=True)
class Purge:
    """When a case's personal data was purged (hall date) and the days it had been kept."""

    purged_on: str
    kept_days: int


class PersonalDataPurged(NotFound):
    """What the case held in clear is no longer kept here (the platform has it)."""

    code = "personal_data_purged"

    @classmethod
    def of(cls, purge: Purge) -> PersonalDataPurged:
        return cls(
            f"个人信息已于{purge.purged_on}按保留期限清除（保留{purge.kept_days}天）。",
            f"The personal data was purged on {purge.purged_on} under the retention period "
            f"(kept {purge.kept_days} days).",
            field="case",
        )


def due_cases(db: Database, cutoff: str) -> DueCases:
    """The cases whose personal data is due at ``cutoff`` (timestamp text), counted."""
    count, first_day, last_day = db.execute(
        f"SELECT count(*), min(c.day), max(c.day) {_DUE}", (cutoff, cutoff)
    ).fetchone()
    return DueCases(int(count), first_day, last_day)


def next_due_batch(db: Database, cutoff: str, limit: int) -> list[tuple[str, str | None]]:
    """The oldest ``limit`` cases due at ``cutoff``: (case id, hall day)."""
    rows = db.execute(
        f"SELECT c.case_id, c.day {_DUE} ORDER BY c.created_at LIMIT ?", (cutoff, cutoff, limit)
    ).fetchall()
    return [(str(case_id), day) for case_id, day in rows]


@dataclass(frozen=True)
class PurgeBatch:
    """One batch to purge, with what its audit entry and events say."""

    case_ids: Sequence[str]
    first_day: str | None
    last_day: str | None
    cutoff_day: date
    kept_days: int
    actor: str
    at: str


def purge_batch(db: Database, audit: AuditLog, batch: PurgeBatch) -> None:
    """Clear the personal data of ``batch``'s cases (due: :func:`next_due_batch`), record a
    ``retention`` event on each and one audit entry for the batch, in the caller's
    transaction."""
    ids = list(batch.case_ids)
    marks = ",".join("?" * len(ids))
    conn = db.conn
    names = conn.execute(f"SELECT case_id, name FROM cases WHERE case_id IN ({marks})", ids)  # noqa: S608 - marks only
    conn.executemany(
        "UPDATE cases SET name = ?, name_index = '', id_number_enc = X'', id_number_index = '',"
        " phone_enc = NULL, phone_index = NULL, phone_masked = NULL, address_enc = NULL,"
        " photo_enc = NULL WHERE case_id = ?",
        [(mask_name(name), case_id) for case_id, name in names.fetchall()],
    )
    for statement in (
        "UPDATE case_versions SET content_enc = X'' WHERE case_id IN ({})",
        "DELETE FROM outbox WHERE case_id IN ({})",
        # The first answer to version 1 stays, its detail emptied: the sync delay of the
        # statistics of past days reads it.
        "DELETE FROM sync_attempts WHERE case_id IN ({0}) AND attempt_id NOT IN"
        " (SELECT min(attempt_id) FROM sync_attempts WHERE case_id IN ({0})"
        " AND data_version = 1 AND outcome IN ('stored', 'duplicate') GROUP BY case_id)",
        "UPDATE sync_attempts SET detail = '' WHERE case_id IN ({})",
        "DELETE FROM elicence_documents WHERE case_id IN ({})",
        "UPDATE elicence_checks SET licence_number = NULL, consent_code = NULL"
        " WHERE case_id IN ({})",
        "UPDATE case_deliveries SET address_enc = NULL, proxy_id_number_enc = NULL,"
        " proxy_id_number_index = NULL WHERE case_id IN ({})",
    ):
        sql = statement.format(marks)
        conn.execute(sql, ids * (sql.count("?") // len(ids)))
    proxies = conn.execute(
        f"SELECT case_id, proxy_name FROM case_deliveries WHERE case_id IN ({marks})"  # noqa: S608 - marks only
        " AND proxy_name IS NOT NULL",
        ids,
    ).fetchall()
    conn.executemany(
        "UPDATE case_deliveries SET proxy_name = ? WHERE case_id = ?",
        [(mask_name(name), case_id) for case_id, name in proxies],
    )
    for case_id in ids:
        insert_event(
            db,
            case_id=case_id,
            at=batch.at,
            actor=batch.actor,
            kind=PURGE_EVENT,
            from_state=None,
            to_state=None,
            detail={"kept_days": batch.kept_days},
        )
    detail: dict[str, object] = {
        "cases": len(ids),
        "days": batch.kept_days,
        "cutoff": batch.cutoff_day.isoformat(),
        "since": batch.first_day,
        "until": batch.last_day,
    }
    audit.append(db, None, AuditFact(batch.actor, PURGE_ACTION, detail))


def purge_of(store: Store, case_id: str) -> Purge | None:
    """When the case's personal data was purged, or None while it is kept."""
    row = store.db.execute(
        "SELECT at, detail FROM case_events WHERE case_id = ? AND kind = ?"
        " ORDER BY event_id DESC LIMIT 1",
        (case_id, PURGE_EVENT),
    ).fetchone()
    if row is None:
        return None
    return Purge(hall_time_text(row[0])[:10], int(json.loads(row[1])["kept_days"]))


@contextmanager
def deleting_securely(conn: sqlite3.Connection) -> Iterator[None]:
    """``PRAGMA secure_delete`` on ``conn`` meanwhile: the bytes a purge frees (a name
    replaced, a document emptied, rows deleted) are overwritten with zeros, not left in
    free space where a copy of the file would still show them."""
    before = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(before)}")
