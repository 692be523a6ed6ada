"""Supervisors' reviews of the hall's cases (``counter_app.domain.review_states``): given
here on a case of any window (kept at once, sent to the platform at the next sync, which
passes it to every window), or heard from another window through the ``reviews`` feed.
Audited where it is given."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.domain.review_states import (
    NEEDS_REASON,
    REVIEW_NAMES,
    SUPERVISOR_STATES,
    review_state,
)
from counter_app.errors import NotFound, ValidationError
from counter_app.services.approval import SUPERVISOR_ROLES, require_role
from counter_app.services.auth import User
from counter_app.services.case_changes import printable_reason
from counter_app.services.intake_checks import REASON_MAX_CHARS
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now

# Not "case.…": a review changes no version of the case (the store's case writes audit those).
REVIEW_ACTION = "review.record"


@dataclass(frozen=True)
class Review:
    review_id: str
    case_id: str
    case_no: str
    data_version: int
    state: str
    reason: str
    reviewed_by: str
    reviewed_at: str
    sent: bool  # the platform holds it


def review_cases(
    store: Store, supervisor: User, cases: Sequence[str], state: str, reason: str = ""
) -> list[Review]:
    """``supervisor`` (authenticated by the caller) reviews cases of the hall (this
    workstation's or other windows', by UUID or number) as they stand now, all alike: one
    review each, in one transaction (a case not found writes none), each audited; a case
    named twice is reviewed once. MOSIP's end-of-day approval of a batch."""
    require_role(store.audit, supervisor, SUPERVISOR_ROLES, action=REVIEW_ACTION)
    text = reason.strip()
    if state not in SUPERVISOR_STATES:
        raise ValidationError(
            "审核结果应为有问题、通过或驳回。",
            "A review is has_issues, approved or rejected.",
            field="state",
        )
    if (state in NEEDS_REASON and not text) or len(text) > REASON_MAX_CHARS:
        raise ValidationError(
            f"驳回或标记有问题须填写原因（最多{REASON_MAX_CHARS}字）。",
            f"Rejecting a case or marking its issues needs a reason (at most "
            f"{REASON_MAX_CHARS} characters).",
            field="reason",
        )
    printable_reason(text)
    found = [_current_version(store, case) for case in cases]
    versions = {version[0]: version for version in found}  # by case id: named twice, once
    reviews = []
    with store.transaction():
        at = utc_now()
        for case_id, case_no, version in versions.values():
            review = record_review(
                store,
                case_id,
                case_no,
                version,
                state=state,
                reason=text,
                reviewed_by=supervisor.username,
                at=at,
            )
            store.audit.record(
                supervisor.username,
                REVIEW_ACTION,
                case_id,
                {"state": state, "data_version": version, "review_id": review.review_id},
            )
            reviews.append(review)
    return reviews


def record_review(
    store: Store,
    case_id: str,
    case_no: str,
    data_version: int,
    *,
    state: str,
    reason: str,
    reviewed_by: str,
    at: datetime,
) -> Review:
    """Keep a review given here (the resolution that resent a case as corrected approves it
    so, in its own transaction)."""
    review_id = str(uuid.uuid4())
    with store.transaction() as db:
        db.execute(
            "INSERT INTO case_reviews (review_id, case_id, case_no, data_version, state, reason,"
            " reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (review_id, case_id, case_no, data_version, state, reason, reviewed_by, to_text(at)),
        )
    return Review(
        review_id, case_id, case_no, data_version, state, reason, reviewed_by, to_text(at), False
    )


def keep_review(store: Store, review: Review, sequence: int) -> bool:
    """A review as the platform holds it (the ``reviews`` feed, or its answer to ours)."""
    with store.transaction() as db:
        done = db.execute(
            "INSERT INTO case_reviews (review_id, sequence, case_id, case_no, data_version, state,"
            " reason, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (review_id) DO UPDATE SET sequence = excluded.sequence"
            " WHERE case_reviews.sequence IS NULL",
            (
                review.review_id,
                sequence,
                review.case_id,
                review.case_no,
                review.data_version,
                review.state,
                review.reason,
                review.reviewed_by,
                review.reviewed_at,
            ),
        )
    return done.rowcount == 1


def unsent_reviews(store: Store) -> list[Review]:
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM case_reviews WHERE sequence IS NULL ORDER BY reviewed_at"  # noqa: S608
    ).fetchall()
    keys = _COLUMNS.split(", ")
    return [Review(**dict(zip(keys, row, strict=True)), sent=False) for row in rows]


_COLUMNS = "review_id, case_id, case_no, data_version, state, reason, reviewed_by, reviewed_at"


def review_states(store: Store, cases: Iterable[tuple[str, int]]) -> dict[str, str]:
    """The review state of each ``(case_id, data_version)``: by its newest review the
    platform did not refuse for good (one it refused never took effect: ``platform_refusals``)."""
    refused = _refused(store)
    states = {}
    for case_id, version in cases:
        rows = store.db.execute(
            "SELECT review_id, state, data_version FROM case_reviews WHERE case_id = ?"
            " ORDER BY reviewed_at DESC",
            (case_id,),
        ).fetchall()
        taken = next(((row[1], int(row[2])) for row in rows if row[0] not in refused), None)
        states[case_id] = review_state(version, taken)
    return states


# Where ``sync.review_refusals`` keeps the reviews the platform refused for good: review id
# to the refused review (case id, reviewer, time) and the platform's words (zh, en).
REFUSED_REVIEWS_META = "sync.reviews_refused"


@dataclass(frozen=True)
class RefusedReview:
    """A case's newest review, refused for good by the platform: who gave it, what it said
    and why the platform refused it, in Chinese and English."""

    reviewed_by: str
    state: str
    zh: str
    en: str

    def words(self) -> tuple[str, str]:
        """What to show beside the case's review state."""
        zh_state, en_state = REVIEW_NAMES[self.state]
        return (
            f"{self.reviewed_by} 的审核（{zh_state}）未被平台接受：{self.zh}",
            f"{self.reviewed_by}'s review ({en_state}) was refused by the platform: {self.en}",
        )


def platform_refusals(store: Store, case_ids: Iterable[str]) -> dict[str, RefusedReview]:
    """The cases of ``case_ids`` whose newest review here the platform refused for good, each
    with that review and why; their review state (``review_states``) is as if it had not
    been given."""
    refused = _refused(store)
    found = {}
    for case_id in case_ids:
        row = store.db.execute(
            "SELECT review_id, state, reviewed_by FROM case_reviews WHERE case_id = ?"
            " ORDER BY reviewed_at DESC LIMIT 1",
            (case_id,),
        ).fetchone()
        if row is not None and row[0] in refused:
            why = refused[row[0]]
            found[case_id] = RefusedReview(row[2], row[1], str(why["zh"]), str(why["en"]))
    return found


def _refused(store: Store) -> dict[str, dict[str, Any]]:
    kept = store.meta(REFUSED_REVIEWS_META)
    return {} if kept is None else dict(json.loads(kept))


def current_versions(store: Store, case_ids: Iterable[str]) -> list[tuple[str, int]]:
    """``(case_id, data_version)`` of each case: this workstation's own, else the newest the
    platform holds (the hall queue)."""
    found = []
    for case_id in case_ids:
        row = store.db.execute(
            "SELECT data_version FROM cases WHERE case_id = ? UNION ALL"
            " SELECT data_version FROM hall_queue WHERE case_id = ? LIMIT 1",
            (case_id, case_id),
        ).fetchone()
        found.append((case_id, int(row[0]) if row else 1))
    return found


def _current_version(store: Store, case: str) -> tuple[str, str, int]:
    for table in ("cases", "hall_queue"):
        row = store.db.execute(
            f"SELECT case_id, case_no, data_version FROM {table}"  # noqa: S608 - constant names
            " WHERE case_id = ? OR case_no = ?",
            (case, case),
        ).fetchone()
        if row is not None:
            return str(row[0]), str(row[1]), int(row[2])
    raise NotFound(
        f"本机和大厅队列中都没有办件“{case}”（请先同步）。",
        f"Neither this workstation nor the hall queue holds a case '{case}' (sync first).",
        field="case",
    )
