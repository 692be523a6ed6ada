"""Department steps that join a case's history without moving the case here: steps the
progress feed brought for a case the store lacked, held until the walk of this
workstation's own cases keeps it (``hold_step``, ``recover_held_steps``; forgotten when
the walk ends without it: ``forget_held_steps``), and a step the
window's own act got to first, or that the case had moved past (``record_step_not_applied``).

Such a step is an event with no states of its own (the case's state is the one the
platform's listing or the window's own act gave it; ``case_integrity`` reads the states of
events), its step named in the detail, at the time the department recorded it, so the
history lists it in its place: a ``progress`` event ``progress_recovered``, or a ``sync``
event ``progress_not_applied`` (with why, for the supervisor, as the other feed items the
window refuses).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.store.case_writes import insert_event

RECOVERED = "progress_recovered"
NOT_APPLIED = "progress_not_applied"


@dataclass(frozen=True)
class DepartmentStep:
    """One back-office step as the progress feed brought it: the state it moved the case
    to on the platform, when (store text) and by whom (``platform`` or
    ``department:<code>``), with a 补正's materials (codes) and applicant fields."""

    sequence: int
    state: str
    at: str
    actor: str
    note: str
    materials: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


def hold_step(db: Database, case_id: str, step: DepartmentStep) -> None:
    """Keep ``step`` of a case the store lacks until the case is kept (once per feed item)."""
    db.execute(
        "INSERT OR IGNORE INTO held_progress (sequence, case_id, step) VALUES (?, ?, ?)",
        (step.sequence, case_id, json.dumps(asdict(step), ensure_ascii=False)),
    )


def recover_held_steps(db: Database, case_id: str) -> int:
    """Record the steps held for ``case_id``, just kept from the platform, in its history,
    in the feed's order, and hold them no more; how many. The newest 补正 request among them
    is the one the case waits for when it stands in 待补正 (``open_correction_request``)."""
    rows = db.execute(
        "SELECT step FROM held_progress WHERE case_id = ? ORDER BY sequence", (case_id,)
    ).fetchall()
    for (text,) in rows:
        held = json.loads(text)
        step = DepartmentStep(
            **{**held, "materials": tuple(held["materials"]), "fields": tuple(held["fields"])}
        )
        _insert_step(db, case_id, step, "progress", {RECOVERED: step.state})
    db.execute("DELETE FROM held_progress WHERE case_id = ?", (case_id,))
    return len(rows)


def forget_held_steps(db: Database, waiting: Collection[str]) -> None:
    """A walk ended: the steps held for a case it did not keep are no case's of this
    workstation, but for the ``waiting`` cases (left on the platform for a newer program)."""
    db.execute(
        "DELETE FROM held_progress WHERE case_id NOT IN (SELECT value FROM json_each(?))",
        (json.dumps(list(waiting)),),
    )


def record_step_not_applied(
    db: Database, case_id: str, step: DepartmentStep, reason: dict[str, str]
) -> None:
    """Record ``step``, which the case's state here forbids, as a step that happened on the
    platform and was not applied here, and why (``{"zh", "en"}``), for the supervisor."""
    _insert_step(db, case_id, step, "sync", {NOT_APPLIED: step.state, "reason": reason})


def _insert_step(
    db: Database, case_id: str, step: DepartmentStep, kind: str, marked: dict[str, Any]
) -> None:
    correction: dict[str, Any] = {}
    if step.materials or step.fields:
        names = dict(
            db.execute(
                "SELECT material_code, name FROM case_materials WHERE case_id = ?", (case_id,)
            ).fetchall()
        )
        correction = {
            "materials": list(step.materials),
            "material_names": [names.get(code, code) for code in step.materials],
            "fields": list(step.fields),
        }
    insert_event(
        db,
        case_id=case_id,
        at=step.at,
        actor=step.actor,
        kind=kind,
        from_state=None,
        to_state=None,
        detail={
            **marked,
            **({"note": step.note} if step.note else {}),
            **correction,
            "sequence": step.sequence,
        },
    )
