"""好差评 as it is written: the applicant's rating at the window or on the progress page, and
a bad rating's follow-up with its steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from counter_app.domain.evaluation import APPEAL_DECISIONS, BAD_LEVELS, FollowupStep
from counter_app.store.case_writes import columns_of

# How the rating figures read the follow-ups (``f``, ``rating_followups``), the same for the
# statistics, the end of day and the follow-up list.
_BAD = ", ".join(str(level) for level in BAD_LEVELS)
# The latest step of a case's appeal: filed, upheld or rejected; NULL: none. Its parameters
# are ``APPEAL_STEPS``.
LATEST_APPEAL_STEP = (
    "(SELECT st.step FROM rating_followup_steps st WHERE st.case_id = f.case_id"
    " AND st.step IN (?, ?, ?) ORDER BY st.step_id DESC LIMIT 1)"
)
APPEAL_STEPS = (FollowupStep.APPEAL.value, *sorted(s.value for s in APPEAL_DECISIONS))
# A rating's ``{level}``, or NULL for a bad one whose appeal the platform upheld (its one
# parameter: the follow-up state that says so, ``FollowupState.APPEALED``).
LEVEL_UNLESS_UPHELD = (
    f"CASE WHEN f.state = ? AND {{level}} IN ({_BAD}) THEN NULL ELSE {{level}} END"
)
# A rating of ``{level}`` that counts (the same rule as a condition; one parameter as above).
COUNTED_RATING = f"NOT ({{level}} IN ({_BAD}) AND f.state IS ?)"


@dataclass(frozen=True)
class EvaluationRow:
    case_id: str
    level: int | None  # None: declined
    declined: bool
    reason_code: str | None
    reason: str | None
    window_code: str
    clerk: str
    at: str


def record_evaluation(db: Database, evaluation: EvaluationRow) -> None:
    """The applicant's rating (or refusal to rate), beside the case version that carries it."""
    db.execute(
        "INSERT INTO evaluations (case_id, level, declined, reason_code, reason, window_code,"
        " clerk, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        columns_of(EvaluationRow)(evaluation),
    )


@dataclass(frozen=True)
class OnlineRatingRow:
    case_id: str
    level: int
    reason_code: str | None
    window_code: str
    clerk: str
    at: str


def record_online_rating(db: Database, rating: OnlineRatingRow) -> None:
    """The applicant's rating from the progress page, beside the case version carrying it."""
    db.execute(
        "INSERT INTO online_ratings (case_id, level, reason_code, window_code, clerk, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        columns_of(OnlineRatingRow)(rating),
    )


def open_rating_followup(
    db: Database, *, case_id: str, level: int, opened_at: str, due: tuple[date, date, date]
) -> None:
    """A bad rating's follow-up, due (contact, settle, rectify)."""
    db.execute(
        "INSERT INTO rating_followups (case_id, level, opened_at, due_contact, due_settle,"
        " due_rectify) VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, level, opened_at, *(day.isoformat() for day in due)),
    )


def record_followup_step(
    db: Database, *, case_id: str, step: str, note: str, by: str, at: str, state: str
) -> None:
    """One step of a follow-up, and the state it leaves the follow-up in."""
    db.execute(
        "INSERT INTO rating_followup_steps (case_id, step, note, by_user, at) VALUES (?, ?, ?, ?, ?)",
        (case_id, step, note, by, at),
    )
    db.execute("UPDATE rating_followups SET state = ? WHERE case_id = ?", (state, case_id))
