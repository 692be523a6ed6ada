"""``counter-app sync requeue``: a supervisor sends rejected or conflicting cases again after
fixing them, one by one or every rejected case at once. Automatic sync never does this on
its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from counter_app.errors import NotFound
from counter_app.store.database import Store
from counter_app.store.sync_writes import REQUEUE_ACTION, UNSETTLED, requeue
from counter_app.store.timestamps import now_text, to_text

ACTION = REQUEUE_ACTION  # also what a supervisor's approval of it is named


@dataclass(frozen=True)
class Requeued:
    case_id: str
    case_no: str
    versions: int  # how many of its versions went back to pending


def requeue_cases(store: Store, cases: Sequence[str], *, actor: str) -> list[Requeued]:
    """Requeue each named case (UUID or case number), all or none: a case that is unknown or
    has nothing rejected or conflicting refuses the whole request."""
    with store.transaction() as db:
        done = []
        for case in cases:
            row = db.execute(
                "SELECT case_id, case_no FROM cases WHERE case_id = ? OR case_no = ?", (case, case)
            ).fetchone()
            if row is None:
                raise NotFound(f"找不到办件“{case}”。", f"No case '{case}'.", field="case")
            requeued = _requeue(store, db, str(row[0]), str(row[1]), conflicts=True, actor=actor)
            if requeued is None:
                raise NotFound(
                    f"办件“{case}”没有被拒或冲突待处理的版本。",
                    f"Case '{case}' has no rejected or conflicting version to requeue.",
                    field="case",
                )
            done.append(requeued)
    return done


def requeue_rejected(store: Store, *, actor: str, since: datetime | None = None) -> list[Requeued]:
    """Requeue every case with a version the platform rejected (at or after ``since``).
    Conflicts are left out: each needs a look at which version is right, case by case."""
    query = (
        "SELECT DISTINCT c.case_id, c.case_no FROM outbox JOIN cases c USING (case_id)"  # noqa: S608
        # The IN term is the partial index outbox_held's own: SQLite then reads only it.
        " WHERE outbox.state IN ('conflict', 'rejected') AND outbox.state = 'rejected'"
        f" AND {UNSETTLED}"
    )
    params: tuple[str, ...] = ()
    if since is not None:  # the row's updated_at is when the platform's refusal was recorded
        query, params = query + " AND outbox.updated_at >= ?", (to_text(since),)
    with store.transaction() as db:
        rows = db.execute(query + " ORDER BY c.case_no", params).fetchall()
        done = [
            _requeue(store, db, str(case_id), str(case_no), conflicts=False, actor=actor)
            for case_id, case_no in rows
        ]
    return [requeued for requeued in done if requeued is not None]


def _requeue(
    store: Store, db: Database, case_id: str, case_no: str, *, conflicts: bool, actor: str
) -> Requeued | None:
    updated = requeue(db, store.audit, case_id, conflicts=conflicts, actor=actor, at=now_text())
    if not updated:
        return None
    return Requeued(case_id, case_no, updated)
