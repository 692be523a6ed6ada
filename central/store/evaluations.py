"""The platform's view of 好差评 (``counter-central evaluations``): each rated case's rating
and the follow-up of a bad one, as its newest version states them.

Pure: the store opens the versions, these functions build the rows. What is overdue is
derived from the deadlines the counter computed with the hall's calendar and the steps
recorded, the same way the counter derives it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.evaluation import FollowupDue, followup_state, overdue_limits


def evaluation_row(document: CaseDocument, *, hall: str, today: date) -> dict[str, Any] | None:
    """The rating of one case for the listing; None when it has not been rated."""
    rating = document.evaluation
    if rating is None:
        return None
    return {
        "case_id": document.case_id,
        "case_no": document.case_no,
        "hall": hall,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "window": rating.window,
        "clerk": rating.clerk,
        "channel": rating.channel.value,
        "level": rating.level,
        "declined": rating.declined,
        "reason_code": rating.reason_code,
        "reason": rating.reason,
        "at": rating.at,
        "followup": _followup(document, today),
    }


def online_row(
    document: CaseDocument,
    hall: str,
    *,
    channel: str,
    level: int,
    reason_code: str | None,
    at: str,
) -> dict[str, Any]:
    """A rating given on the progress page (``online_evaluations``), for the same listing:
    it rates the window and clerk that took the case."""
    return {
        "case_id": document.case_id,
        "case_no": document.case_no,
        "hall": hall,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "window": document.window,
        "clerk": document.clerk,
        "channel": channel,
        "level": level,
        "declined": False,
        "reason_code": reason_code,
        "reason": None,
        "at": at,
        "followup": None,
    }


def _followup(document: CaseDocument, today: date) -> dict[str, Any] | None:
    followup = document.evaluation_followup
    if followup is None:
        return None
    state = followup_state([step.step for step in followup.steps])
    due = FollowupDue(
        date.fromisoformat(followup.due_contact),
        date.fromisoformat(followup.due_settle),
        date.fromisoformat(followup.due_rectify),
    )
    return {
        **followup.model_dump(mode="json"),
        "state": state.value,
        "overdue": overdue_limits(due, state, today),
    }
