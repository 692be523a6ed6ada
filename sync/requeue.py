"""``counter-app sync requeue CASE``: a supervisor sends a rejected or conflicting case again
after fixing it. Automatic sync never does this on its own."""

from __future__ import annotations

import json

from counter_app.errors import NotFound
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text

ACTION = "sync.requeue"


def requeue_case(store: Store, case: str, *, actor: str) -> int:
    """Put the case's rejected/conflicting outbox rows back to pending; returns how many."""
    with store.transaction() as db:
        row = db.execute(
            "SELECT case_id FROM cases WHERE case_id = ? OR case_no = ?", (case, case)
        ).fetchone()
        if row is None:
            raise NotFound(f"找不到办件“{case}”。", f"No case '{case}'.", field="case")
        case_id = str(row[0])
        at = now_text()
        updated = db.execute(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = ?"
            " WHERE case_id = ? AND state IN ('conflict', 'rejected')",
            (at, case_id),
        ).rowcount
        if not updated:
            raise NotFound(
                f"办件“{case}”没有被拒或冲突待处理的版本。",
                f"Case '{case}' has no rejected or conflicting version to requeue.",
                field="case",
            )
        db.execute("UPDATE cases SET sync_state = 'pending' WHERE case_id = ?", (case_id,))
        detail = json.dumps({"requeued_versions": updated})
        db.execute(
            "INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, 'sync', ?)",
            (case_id, at, actor, detail),
        )
        store.audit.record(actor, ACTION, case_id, {"requeued_versions": updated})
    return int(updated)
