"""Reading the audit log back (``counter-app audit list``): who did what, when, to which case,
for an auditor or IT. 等保 and the Cybersecurity Law want operation logs kept (six months at
least) and reviewable; the hash chain (``counter_app.store.audit``) shows they are intact,
this finds the entries that answer a question: the newest matching ones, in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.store.database import Store
from counter_app.store.timestamps import day_bounds


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; every part given narrows it. Days are the hall's, both included."""

    since: date | None = None
    until: date | None = None
    actor: str | None = None
    # An action or its family: ``login`` finds ``login.success`` and ``login.failure`` too.
    action: str | None = None
    target: str | None = None
    limit: int = 100


@dataclass(frozen=True)
class AuditPage:
    entries: list[dict[str, Any]]  # oldest first
    earlier: int  # matching entries older than the first shown (left out by the limit)


def search_audit(store: Store, query: AuditQuery) -> AuditPage:
    """The newest ``query.limit`` entries matching ``query``, oldest first, and how many
    older ones match too."""
    where, params = _conditions(query)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.db.execute(
        "SELECT seq, at, actor, hall_code, window_code, action, target, detail FROM audit_log"  # noqa: S608 - fixed clauses
        f"{clause} ORDER BY seq DESC LIMIT ?",
        (*params, query.limit),
    )
    columns = [c[0] for c in rows.description]
    entries = [dict(zip(columns, row, strict=True)) for row in rows][::-1]
    total = store.db.execute(
        f"SELECT count(*) FROM audit_log{clause}",  # noqa: S608 - fixed clauses
        params,
    ).fetchone()[0]
    return AuditPage(entries, total - len(entries))


def _conditions(query: AuditQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.since is not None:
        where.append("at >= ?")
        params.append(day_bounds(query.since)[0])
    if query.until is not None:
        where.append("at < ?")
        params.append(day_bounds(query.until)[1])
    if query.actor is not None:
        where.append("actor = ?")
        params.append(query.actor)
    if query.action is not None:
        where.append("(action = ? OR substr(action, 1, ?) = ?)")
        params += [query.action, len(query.action) + 1, query.action + "."]
    if query.target is not None:
        where.append("target = ?")
        params.append(query.target)
    return where, params
