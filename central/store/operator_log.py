"""The platform's log of its operators (等保): which ``counter-central`` command that changed
something was run by whom, on what, when. The engines refuse to change or remove its rows
(``central.store.tables.operator_log``); ``counter-central operator-log`` lists them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from central.store.base import CentralStore, iso, utc_now
from counter_app.domain.hall_time import hall_day_span

_COLUMNS = ("seq", "at", "operator", "action", "target", "detail")


@dataclass(frozen=True)
class LogChoice:
    """Which entries a listing shows: hall days ``since`` to ``until`` (both included), one
    operator's or one action's, the newest ``limit``."""

    since: date | None = None
    until: date | None = None
    operator: str | None = None
    action: str | None = None
    limit: int = 200


@dataclass
class OperatorAction:
    """The entry an operator command's change is logged with. ``detail`` names things by
    code, number and state only, never a person's name, ID number or words they wrote: the
    log is kept for good and read by assessors. ``unchanged()`` when the store call said it
    changed nothing (a retry's replay): no entry then."""

    target: str
    detail: dict[str, Any] = field(default_factory=dict)
    changed: bool = True

    def unchanged(self) -> None:
        self.changed = False


@contextmanager
def operator_action(
    store: CentralStore,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    *,
    operator: str,
) -> Iterator[OperatorAction]:
    """Around one store call: log that ``operator`` did ``action`` to ``target`` in the
    call's own transaction, just before its COMMIT, with what the block put in the entry
    after the call returned. A failing entry rolls the change back; a change that fails or
    rolls back leaves no entry, and so does a call that opened no transaction."""
    entry = OperatorAction(target, dict(detail or {}))
    with store.held_transaction() as held:
        yield entry
        if held.cursor is not None and entry.changed and not held.broken:
            store._exec(
                held.cursor,
                "INSERT INTO operator_log (at, operator, action, target, detail) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    iso(utc_now()),
                    operator,
                    action,
                    entry.target,
                    json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
                ),
            )


def operator_log(store: CentralStore, choice: LogChoice) -> tuple[list[dict[str, Any]], bool]:
    """The entries ``choice`` picks, newest first, and whether older ones were left off."""
    where: list[str] = []
    params: list[Any] = []
    if choice.since is not None:
        where.append("at >= ?")
        params.append(iso(hall_day_span(choice.since)[0]))
    if choice.until is not None:
        where.append("at < ?")
        params.append(iso(hall_day_span(choice.until)[1]))
    if choice.operator is not None:
        where.append("operator = ?")
        params.append(choice.operator)
    if choice.action is not None:
        where.append("action = ?")
        params.append(choice.action)
    select = f"SELECT {', '.join(_COLUMNS)} FROM operator_log"  # noqa: S608
    if where:
        select += " WHERE " + " AND ".join(where)
    with store.snapshot() as cur:
        rows = store._exec(
            cur, f"{select} ORDER BY seq DESC LIMIT ?", (*params, choice.limit + 1)
        ).fetchall()
    entries = [dict(zip(_COLUMNS, row, strict=True)) for row in rows[: choice.limit]]
    for entry in entries:
        entry["detail"] = json.loads(entry["detail"])
    return entries, len(rows) > choice.limit
