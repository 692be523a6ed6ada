"""Approval decisions a sync run learnt (m0049): kept for the clerk's wait that comes back to
the request (a case detail reopened), which acts on it once (``counter_app.store
.approval_requests.record_decision``)."""

from __future__ import annotations

from sqlite_utils import Database


def m0049_approval_decisions_learnt_at_sync(db: Database) -> None:
    # 1: decided as a sync run learnt it, not yet acted on by a wait here.
    db.execute(
        "ALTER TABLE approval_requests ADD COLUMN learnt_unwaited INTEGER NOT NULL DEFAULT 0"
    )
