"""好差评: the applicant's rating of the service for a case, on five levels (5 best).

A rating below ``REASON_REQUIRED_BELOW`` ("不满意", "非常不满意") is followed up by a
supervisor, so it must say why. Rating again replaces the earlier rating; every rating is
also a case event and an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.errors import ValidationError
from counter_app.store import case_writes
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text

LEVELS = (5, 4, 3, 2, 1)
REASON_REQUIRED_BELOW = 3
REASON_MAX_CHARS = 500


class EvaluationRejected(ValidationError):
    code = "evaluation_rejected"


@dataclass(frozen=True)
class Evaluation:
    case_id: str
    level: int
    reason: str | None
    at: str


def check_evaluation(level: int, reason: str) -> str | None:
    """The reason to store (None when the level needs none); ``EvaluationRejected`` when the
    level is not one of ``LEVELS`` or a low rating has no reason."""
    if level not in LEVELS:
        raise EvaluationRejected(
            "评价等级应为 1 至 5（5 为非常满意）。",
            "The rating must be 1 to 5 (5 is very satisfied).",
            field="level",
        )
    text = reason.strip()
    if level >= REASON_REQUIRED_BELOW:
        return None
    if not text:
        raise EvaluationRejected(
            "评价为“不满意”或“非常不满意”时请填写原因。",
            "Say why when the rating is 'dissatisfied' or 'very dissatisfied'.",
            field="reason",
        )
    if len(text) > REASON_MAX_CHARS:
        raise EvaluationRejected(
            f"原因过长（最多{REASON_MAX_CHARS}字），请精简后再提交。",
            f"The reason is too long (at most {REASON_MAX_CHARS} characters); shorten it.",
            field="reason",
        )
    return text


def record_evaluation(
    store: Store, case_id: str, level: int, reason: str = "", *, actor: str
) -> Evaluation:
    """Record the applicant's rating of ``case_id`` (entered at ``actor``'s counter).

    Raises ``EvaluationRejected`` for a bad level or a missing reason, ``NotFound`` for an
    unknown case; nothing is written then.
    """
    stored_reason = check_evaluation(level, reason)
    case_rows.get_case(store, case_id)
    evaluation = Evaluation(case_id, level, stored_reason, now_text())
    with store.transaction() as db:
        case_writes.record_evaluation(
            db,
            store.audit,
            case_id=case_id,
            level=level,
            reason=stored_reason,
            actor=actor,
            at=evaluation.at,
        )
    return evaluation


def get_evaluation(store: Store, case_id: str) -> Evaluation | None:
    """The case's current rating, or None when the applicant has not rated it."""
    row = store.db.execute(
        "SELECT case_id, level, reason, at FROM evaluations WHERE case_id = ?", (case_id,)
    ).fetchone()
    return None if row is None else Evaluation(*row)
