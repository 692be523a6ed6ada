"""Reading the audit log back (``counter-app audit list``): who did what, when, to which case,
for an auditor or IT. 等保 and the Cybersecurity Law want operation logs kept (six months at
least) and reviewable; the hash chain (``counter_app.store.audit``) shows they are intact,
this finds the entries that answer a question: the newest matching ones, in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.errors import ValidationError
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
    # Oldest first; ``case_no`` beside the target when the target is a case of this store.
    entries: list[dict[str, Any]]
    earlier: int  # matching entries older than the first shown (left out by the limit)


def search_audit(store: Store, query: AuditQuery) -> AuditPage:
    """The newest ``query.limit`` entries matching ``query``, oldest first, and how many
    older ones match too; ``ValidationError`` for days the wrong way round."""
    if query.since is not None and query.until is not None and query.since > query.until:
        raise ValidationError(
            f"开始日期 {query.since} 晚于结束日期 {query.until}：请交换两个日期。",
            f"The first day {query.since} is after the last day {query.until}: swap them.",
            field="since",
        )
    where, params = _conditions(query)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    # ``matching`` counts every entry the conditions match, before the limit cuts the page.
    rows = store.db.execute(
        "SELECT a.seq, a.at, a.actor, a.hall_code, a.window_code, a.action, a.target, a.detail,"  # noqa: S608 - fixed clauses
        " c.case_no, count(*) OVER () AS matching"
        " FROM audit_log a LEFT JOIN cases c ON c.case_id = a.target"
        f"{clause} ORDER BY a.seq DESC LIMIT ?",
        (*params, query.limit),
    )
    columns = [c[0] for c in rows.description][:-1]
    found = rows.fetchall()
    matching = found[0][-1] if found else 0
    entries = [dict(zip(columns, row[:-1], strict=True)) for row in reversed(found)]
    return AuditPage(entries, matching - len(entries))


def _conditions(query: AuditQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.since is not None:
        where.append("a.at >= ?")
        params.append(day_bounds(query.since)[0])
    if query.until is not None:
        where.append("a.at < ?")
        params.append(day_bounds(query.until)[1])
    if query.actor is not None:
        where.append("a.actor = ?")
        params.append(query.actor)
    if query.action is not None:
        where.append("(a.action = ? OR substr(a.action, 1, ?) = ?)")
        params += [query.action, len(query.action) + 1, query.action + "."]
    if query.target is not None:
        where.append("a.target = ?")
        params.append(query.target)
    return where, params
