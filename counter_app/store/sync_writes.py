"""What talking to the platform writes to the case tables: its answers to the pushed
versions (outbox rows, sync attempts, events, each case's sync state), the rows it did not
answer, a supervisor's requeue, the re-sending after the platform was restored from a
backup, the progress it reports for a case and a conflict such a
step settles; each in the caller's transaction with its event and audit entry, under the
rules of ``case_writes``.

A transient failure (the platform not reached) is kept in ``sync_attempts`` folded: one
that repeats the case's latest attempt (same version, same reason) counts on that row
(``TransientDetail``, the row's ``detail``) instead of adding one, and a case keeps only its
newest ``KEPT_TRANSIENT_ROWS`` such rows. An outage of hours leaves each waiting case a
handful of rows, however often 立即同步 is pressed; the platform's answers are all kept."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlite_utils import Database

from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.case_writes import insert_event


@dataclass(frozen=True)
class SyncOutcome:
    """The platform's answer for one outbox row."""

    outbox_id: int
    case_id: str
    data_version: int
    status: str  # stored, duplicate, conflict, rejected
    reference: str | None
    reason: str | None
    error: str | None  # JSON of the platform's reason and messages (conflict, rejected)
    event_detail: str  # JSON for the case's history


# Answers that wait for a supervisor (``sync requeue``) instead of counting as delivered.
SUPERVISOR_STATES = ("conflict", "rejected")


# SQL: the held outbox row still waits for a supervisor, i.e. no later version of its case
# exists and the case is still held. A resolution writes one above the platform's, and the
# platform only ever needs a case's latest version: the held one is settled by it and must
# never be sent again. A platform's step that agrees with the held version settles it too
# (``settle_conflict``): the case is synced again, with no later version.
UNSETTLED = (
    "NOT EXISTS (SELECT 1 FROM outbox later WHERE later.case_id = outbox.case_id"
    " AND later.data_version > outbox.data_version)"
    " AND EXISTS (SELECT 1 FROM cases held WHERE held.case_id = outbox.case_id"
    " AND held.sync_state IN ('conflict', 'rejected'))"
)


def record_sync_outcomes(
    db: Database, outcomes: Sequence[SyncOutcome], actor: str, at: str
) -> None:
    """One batch of answers: outbox rows done or flagged, one attempt and one event per row,
    and each case's sync state. A row already answered (not pending) is left as it is."""
    conn = db.conn
    conn.executemany(
        "UPDATE outbox SET state = ?, platform_ref = ?, last_error = ?, attempts = attempts + 1,"
        " next_attempt_at = NULL, updated_at = ? WHERE outbox_id = ? AND state = 'pending'",
        [(o.status, o.reference, o.error, at, o.outbox_id) for o in outcomes],
    )
    conn.executemany(
        "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
        [(o.case_id, o.data_version, at, o.status, o.reason or "") for o in outcomes],
    )
    conn.executemany(
        "INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, 'sync', ?)",
        [(o.case_id, at, actor, o.event_detail) for o in outcomes],
    )
    # A newer version still waiting keeps the case 'pending': only what was sent is done.
    conn.executemany(
        "UPDATE cases SET sync_state = 'synced', platform_ref = COALESCE(?, platform_ref)"
        " WHERE case_id = ? AND sync_state NOT IN ('conflict', 'rejected') AND NOT EXISTS"
        " (SELECT 1 FROM outbox o WHERE o.case_id = cases.case_id AND o.state = 'pending')",
        [(o.reference, o.case_id) for o in outcomes if o.status not in SUPERVISOR_STATES],
    )
    conn.executemany(
        "UPDATE cases SET sync_state = ? WHERE case_id = ?",
        [(o.status, o.case_id) for o in outcomes if o.status in SUPERVISOR_STATES],
    )


def hold_newest_version(
    db: Database, case_id: str, *, reason: str, error: str, actor: str, at: str
) -> int | None:
    """Hold a case's newest version as ``rejected`` for a supervisor, whatever the platform
    answered for it before (a refusal that came later, about the case as a whole: its
    pre-application consumed by another case), with ``error`` (JSON of the reason and the
    messages), one attempt and one event; a version not sent yet is not sent. Returns the
    version held, None when the store holds no version of the case."""
    row = db.execute(
        "SELECT outbox_id, data_version FROM outbox WHERE case_id = ?"
        " ORDER BY data_version DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        return None
    outbox_id, version = row
    db.execute(
        "UPDATE outbox SET state = 'rejected', last_error = ?, next_attempt_at = NULL,"
        " updated_at = ? WHERE outbox_id = ?",
        (error, at, outbox_id),
    )
    db.execute(
        "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail)"
        " VALUES (?, ?, ?, 'rejected', ?)",
        (case_id, version, at, reason),
    )
    _sync_state(db, case_id, "rejected", version=version, reason=reason, actor=actor, at=at)
    return int(version)


@dataclass(frozen=True)
class TransientFailure:
    """A row the platform did not answer: counted, and retried at ``next_attempt_at``."""

    outbox_id: int
    case_id: str
    data_version: int
    next_attempt_at: str
    error: str  # why, in English: the outbox keeps it for the sync status and the logs
    error_zh: str  # the same in Chinese, for the case's history


# Transient-failure rows a case keeps, its newest; the platform's answers are never dropped.
KEPT_TRANSIENT_ROWS = 10


@dataclass(frozen=True)
class TransientDetail:
    """What a ``transient`` row of ``sync_attempts`` keeps in ``detail`` (JSON): the reason
    in both languages, how many attempts in a row failed so, and when the last one did (the
    row's ``at`` is the first)."""

    zh: str
    en: str
    repeats: int
    last_at: str

    @classmethod
    def from_json(cls, detail: str) -> TransientDetail:
        return cls(**json.loads(detail))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def record_transient_failures(db: Database, failures: Sequence[TransientFailure], at: str) -> None:
    """Count each row's attempt and its retry time; fold each failure into the case's
    history (see the module's docstring). Work per failure: a few statements on one case's
    rows, by its index."""
    db.conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ?"
        " WHERE outbox_id = ? AND state = 'pending'",
        [(f.next_attempt_at, f.error, at, f.outbox_id) for f in failures],
    )
    added: set[str] = set()
    # One at a time: a batch may hold two versions of a case, and each reads the case's
    # latest row as the one before it left it.
    for f in failures:
        if _fold_into_latest(db, f, at):
            continue
        db.execute(
            "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail)"
            " VALUES (?, ?, ?, 'transient', ?)",
            (f.case_id, f.data_version, at, TransientDetail(f.error_zh, f.error, 1, at).to_json()),
        )
        added.add(f.case_id)
    trim_transient_attempts(db, added)


def _fold_into_latest(db: Database, failure: TransientFailure, at: str) -> bool:
    """Count ``failure`` on the case's latest attempt row when that row is the same failure
    of the same version; False (nothing written) otherwise."""
    latest = db.execute(
        "SELECT attempt_id, outcome, data_version, detail FROM sync_attempts WHERE case_id = ?"
        " ORDER BY attempt_id DESC LIMIT 1",
        (failure.case_id,),
    ).fetchone()
    if latest is None or (latest[1], latest[2]) != ("transient", failure.data_version):
        return False
    kept = TransientDetail.from_json(latest[3])
    if (kept.zh, kept.en) != (failure.error_zh, failure.error):
        return False
    folded = replace(kept, repeats=kept.repeats + 1, last_at=at)
    db.execute(
        "UPDATE sync_attempts SET detail = ? WHERE attempt_id = ?", (folded.to_json(), latest[0])
    )
    return True


def trim_transient_attempts(db: Database, case_ids: Iterable[str]) -> None:
    """Drop each case's transient-failure rows but its newest ``KEPT_TRANSIENT_ROWS``."""
    db.conn.executemany(
        "DELETE FROM sync_attempts WHERE case_id = ? AND outcome = 'transient'"
        " AND attempt_id NOT IN (SELECT attempt_id FROM sync_attempts WHERE case_id = ?"
        " AND outcome = 'transient' ORDER BY attempt_id DESC LIMIT ?)",
        [(case_id, case_id, KEPT_TRANSIENT_ROWS) for case_id in case_ids],
    )


# What goes back to pending: a named case's conflicts too, or only rejections.
_REQUEUE = {
    True: "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"  # noqa: S608
    f" updated_at = ? WHERE case_id = ? AND state IN ('conflict', 'rejected') AND {UNSETTLED}",
    False: "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"  # noqa: S608
    f" updated_at = ? WHERE case_id = ? AND state = 'rejected' AND {UNSETTLED}",
}


REQUEUE_ACTION = "sync.requeue"


def requeue(
    db: Database, audit: AuditLog, case_id: str, *, conflicts: bool, actor: str, at: str
) -> int:
    """Send a case's rejected (and, with ``conflicts``, conflicting) versions again, with an
    event and an audit entry; returns how many went back to pending (0: nothing was
    written)."""
    updated = int(db.execute(_REQUEUE[conflicts], (at, case_id)).rowcount)
    if not updated:
        return 0
    # A conflict left out keeps the case in front of the supervisor.
    db.execute(
        "UPDATE cases SET sync_state = CASE WHEN EXISTS (SELECT 1 FROM outbox WHERE case_id = ?"  # noqa: S608
        f" AND state = 'conflict' AND {UNSETTLED}) THEN 'conflict' ELSE 'pending' END"
        " WHERE case_id = ?",
        (case_id, case_id),
    )
    detail = {"requeued_versions": updated}
    db.execute(
        "INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, 'sync', ?)",
        (case_id, at, actor, json.dumps(detail)),
    )
    audit.append(db, case_id, AuditFact(actor, REQUEUE_ACTION, detail))
    return updated


PLATFORM_RESTORED_ACTION = "sync.platform_restored"
# The last such restore, kept beside its audit entry (JSON ``{"at", "requeued"}``, ``at`` the entry's): the sync
# status tells of it with every update, where a search of the audit log would grow with it.
LAST_RESTORE_META = "sync.platform_restored"


def requeue_acknowledged(db: Database, audit: AuditLog, *, epoch: str, actor: str, at: str) -> int:
    """The platform's store was restored from a backup (its epoch changed to ``epoch``): every
    version it had acknowledged (``stored``, ``duplicate``) goes back to pending, in version
    order as the outbox keeps them, and each case it took as synced shows pending again until
    its versions are answered anew; what the platform still holds answers ``duplicate``. One
    audit entry says how many; returns that number (0: nothing was written)."""
    updated = int(
        db.execute(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"
            " updated_at = ? WHERE state IN ('stored', 'duplicate')",
            (at,),
        ).rowcount
    )
    if not updated:
        return 0
    db.execute(
        "UPDATE cases SET sync_state = 'pending' WHERE sync_state = 'synced' AND EXISTS"
        " (SELECT 1 FROM outbox o WHERE o.case_id = cases.case_id AND o.state = 'pending')"
    )
    seq = audit.append(
        db, None, AuditFact(actor, PLATFORM_RESTORED_ACTION, {"epoch": epoch, "requeued": updated})
    )
    db.execute(
        "INSERT INTO meta (key, value) SELECT ?, json_object('at', at, 'requeued', ?)"
        " FROM audit_log WHERE seq = ?"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (LAST_RESTORE_META, updated, seq),
    )
    return updated


def record_platform_progress(
    db: Database,
    audit: AuditLog,
    *,
    case_id: str,
    from_state: str,
    to_state: str,
    note: str,
    actor: str,
    at: str,
    correction: dict[str, Any] | None = None,
) -> None:
    """The platform moved the case (no data version: the change came from the platform);
    an event and an audit entry ``case.<state>``. ``correction`` (materials and fields a 补正
    asks for) is kept in the event: the request the window shows and the correction answers
    is the newest such event."""
    db.execute(
        "UPDATE cases SET state = ?, updated_at = ? WHERE case_id = ?", (to_state, at, case_id)
    )
    insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=actor,
        kind="progress",
        from_state=from_state,
        to_state=to_state,
        detail={**({"note": note} if note else {}), **(correction or {})},
    )
    audit.append(db, case_id, AuditFact(actor, f"case.{to_state}", {"from": from_state}))


def settle_conflict(
    db: Database,
    audit: AuditLog,
    *,
    case_id: str,
    state: str,
    reason: str,
    note: str,
    actor: str,
    at: str,
) -> int | None:
    """The platform's own step to ``state`` (its ``note``) reached the state of the case's
    newest version, which the platform keeps in conflict for ``reason``, a conflict about
    that state alone (the window withdrew the case, then the platform did): the step is
    recorded as the platform's (``actor``, as in ``record_platform_progress``) and the
    conflict is settled, with an event saying which version it settles. The case is synced
    again; its held version waits for nobody (``UNSETTLED``) and is never sent again: the
    platform would keep it in conflict once more. Returns that version; None (nothing
    written) when the case holds no such conflict."""
    row = db.execute(
        "SELECT o.data_version FROM outbox o JOIN cases c ON c.case_id = o.case_id"
        " AND c.data_version = o.data_version WHERE o.case_id = ? AND o.state = 'conflict'"
        " AND c.sync_state = 'conflict' AND c.state = ?"
        " AND json_extract(o.last_error, '$.reason') = ?",
        (case_id, state, reason),
    ).fetchone()
    if row is None:
        return None
    version = int(row[0])
    record_platform_progress(
        db,
        audit,
        case_id=case_id,
        from_state=state,
        to_state=state,
        note=note,
        actor=actor,
        at=at,
    )
    _sync_state(
        db, case_id, "synced", version=version, reason=reason, actor=actor, at=at, outcome="settled"
    )
    return version


def _sync_state(
    db: Database,
    case_id: str,
    sync_state: str,
    *,
    version: int,
    reason: str,
    actor: str,
    at: str,
    outcome: str | None = None,
) -> None:
    """The case's new sync state and the ``sync`` event saying what became of ``version``
    (``outcome``, by default the state) and why."""
    db.execute("UPDATE cases SET sync_state = ? WHERE case_id = ?", (sync_state, case_id))
    insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=actor,
        kind="sync",
        from_state=None,
        to_state=None,
        detail={"data_version": version, "outcome": outcome or sync_state, "reason": reason},
    )
