"""What happened to a case, as the window shows it: its events, data versions, pushes to the
platform and documents issued (``case_history``), the newest event of all (``last_case_event``)
and the correction the department asked for (``open_correction_request``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from counter_app.store.database import Store
from counter_app.store.platform_steps import RECOVERED


@dataclass(frozen=True)
class CaseEvent:
    event_id: int
    at: str
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class CaseVersion:
    data_version: int
    content_hash: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class SyncAttempt:
    """One push of a data version to the platform and what came of it."""

    at: str
    data_version: int
    outcome: str
    detail: str


@dataclass(frozen=True)
class IssuedDocumentEntry:
    """A document issued for the case (receipt, notice, ...; a reprint has ``reprint_no`` > 0)."""

    issued_at: str
    kind: str
    reprint_no: int
    print_status: str
    issued_by: str


@dataclass(frozen=True)
class CaseHistory:
    """Everything that happened to a case, oldest first: events, data versions, pushes to the
    platform and documents issued. Events by when they happened (a department's step at
    the platform's time, an act made offline at the window's), those of one moment in the
    order they reached the store."""

    events: tuple[CaseEvent, ...]
    versions: tuple[CaseVersion, ...]
    sync_attempts: tuple[SyncAttempt, ...]
    documents: tuple[IssuedDocumentEntry, ...]


def case_history(store: Store, case_id: str) -> CaseHistory:
    def select(query: str) -> list[Any]:
        return store.db.execute(query, (case_id,)).fetchall()

    return CaseHistory(
        events=tuple(
            CaseEvent(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]))
            for row in select(
                "SELECT event_id, at, actor, kind, from_state, to_state, detail FROM case_events"
                " WHERE case_id = ? ORDER BY at, event_id"
            )
        ),
        versions=tuple(
            CaseVersion(*row)
            for row in select(
                "SELECT data_version, content_hash, created_at, created_by FROM case_versions"
                " WHERE case_id = ? ORDER BY data_version"
            )
        ),
        sync_attempts=tuple(
            SyncAttempt(*row)
            for row in select(
                "SELECT at, data_version, outcome, detail FROM sync_attempts WHERE case_id = ?"
                " ORDER BY attempt_id"
            )
        ),
        documents=tuple(
            IssuedDocumentEntry(*row)
            for row in select(
                "SELECT issued_at, kind, reprint_no, print_status, issued_by FROM documents"
                " WHERE case_id = ? ORDER BY document_id"
            )
        ),
    )


@dataclass(frozen=True)
class CorrectionRequest:
    """What the department asked to correct (补正), as the progress feed brought it."""

    requested_at: str
    materials: tuple[str, ...]  # material codes
    fields: tuple[str, ...]  # applicant fields: name, phone, address
    note: str


def open_correction_request(store: Store, case_id: str) -> CorrectionRequest | None:
    """The correction a ``correction_requested`` case waits for (its newest request), or
    None when the case waits for none. The request is the step that moved the case here, or
    one kept with the case when it was fetched back from the platform (``platform_steps``)."""
    row = store.db.execute(
        "SELECT e.at, e.detail FROM cases c JOIN case_events e ON e.case_id = c.case_id"
        " WHERE c.case_id = ? AND c.state = 'correction_requested' AND e.kind = 'progress'"
        " AND coalesce(e.to_state, json_extract(e.detail, ?)) = 'correction_requested'"
        " ORDER BY e.event_id DESC LIMIT 1",
        (case_id, f"$.{RECOVERED}"),
    ).fetchone()
    if row is None:
        return None
    detail = json.loads(row[1])
    return CorrectionRequest(
        requested_at=row[0],
        materials=tuple(detail.get("materials", ())),
        fields=tuple(detail.get("fields", ())),
        note=detail.get("note", ""),
    )


def last_case_event(store: Store) -> int:
    """The newest case event's id: every change to a case (decision, print, sync outcome,
    platform progress) writes an event, so a list read at this id is current until it grows."""
    return int(store.db.execute("SELECT coalesce(max(event_id), 0) FROM case_events").fetchone()[0])
