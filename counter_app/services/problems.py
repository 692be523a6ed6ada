"""Problem cases resolved from the supervisor's seat: each resolution of one of this
workstation's cases is kept once, by its id, in the transaction that wrote the case's new
version (``case_review.resolve_problem``). The same resolution again (an instruction carried
twice, a command retried) finds it and writes nothing: a resent case never duplicates.

A resolution the case cannot take (its state forbids it) is kept as refused, with why, so
the window that issued it learns that too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.errors import CounterError, NotFound
from counter_app.services.case_review import resolve_problem
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now


@dataclass(frozen=True)
class Resolution:
    """What became of a resolution: ``done`` (``data_version`` written) or ``refused``
    (``outcome_zh``/``outcome_en`` say why)."""

    resolution_id: str
    case_id: str
    case_no: str
    action: str
    state: str
    data_version: int | None
    outcome_zh: str
    outcome_en: str
    repeated: bool  # it was kept before: nothing was written this time


def local_case(store: Store, case: str) -> tuple[str, str] | None:
    """``(case_id, case_no)`` of a case of this workstation named by UUID or number."""
    row = store.db.execute(
        "SELECT case_id, case_no FROM cases WHERE case_id = ? OR case_no = ?", (case, case)
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def resolve_once(
    store: Store,
    resolution_id: str,
    case_id: str,
    action: str,
    *,
    supervisor: str,
    reason: str,
    platform_version: int,
    platform_document: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Resolution:
    """Resolve a problem case of this workstation once per ``resolution_id``."""
    with store.transaction() as db:
        held = _held(store, resolution_id)
        if held is not None:
            return held
        row = db.execute("SELECT case_no FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFound(
                f"本机没有办件“{case_id}”。",
                f"This workstation has no case '{case_id}'.",
                field="case",
            )
        outcome: dict[str, object]
        try:
            with store.transaction():  # a savepoint: a refusal leaves nothing of the change
                version = resolve_problem(
                    store,
                    case_id,
                    action,
                    supervisor=supervisor,
                    reason=reason,
                    platform_version=platform_version,
                    platform_document=platform_document,
                    now=now,
                )
            state, outcome = "done", {"data_version": version}
        except CounterError as exc:
            state, outcome = "refused", {"zh": exc.zh, "en": exc.en}
        db.execute(
            "INSERT INTO case_resolutions (resolution_id, case_id, action, reason, resolved_by,"
            " state, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                resolution_id,
                case_id,
                action,
                reason,
                supervisor,
                state,
                json.dumps(outcome, ensure_ascii=False),
                to_text(now or utc_now()),
            ),
        )
        kept = _held(store, resolution_id)
    assert kept is not None  # written just above, in this transaction
    return Resolution(**{**kept.__dict__, "repeated": False})


def _held(store: Store, resolution_id: str) -> Resolution | None:
    row = store.db.execute(
        "SELECT r.case_id, c.case_no, r.action, r.state, r.outcome FROM case_resolutions r"
        " JOIN cases c ON c.case_id = r.case_id WHERE r.resolution_id = ?",
        (resolution_id,),
    ).fetchone()
    if row is None:
        return None
    outcome = json.loads(row[4])
    version = outcome.get("data_version")
    return Resolution(
        resolution_id=resolution_id,
        case_id=str(row[0]),
        case_no=str(row[1]),
        action=str(row[2]),
        state=str(row[3]),
        data_version=version,
        outcome_zh=outcome.get("zh") or f"已写入第 {version} 版。",
        outcome_en=outcome.get("en") or f"Version {version} written.",
        repeated=True,
    )


def unanswered(store: Store) -> list[Resolution]:
    """Resolutions made for an instruction of the platform whose answer has not reached it."""
    rows = store.db.execute(
        "SELECT r.resolution_id FROM case_resolutions r JOIN instructions i"
        " ON i.instruction_id = r.resolution_id WHERE r.answered_at IS NULL"
    ).fetchall()
    return [held for (rid,) in rows if (held := _held(store, str(rid))) is not None]


def mark_answered(store: Store, resolution_id: str, at: str) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE case_resolutions SET answered_at = ? WHERE resolution_id = ?",
            (at, resolution_id),
        )
