"""The platform's view of 好差评 (``counter-central evaluations``): each rated case's rating
and the follow-up of a bad one, as its newest version states them.

The listing opens each case's newest version and builds its rows. What is overdue is
derived from the deadlines the counter computed with the hall's calendar and the steps
recorded, the same way the counter derives it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from central.sealing import version_context
from central.store.base import CentralStore
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.evaluation import FollowupDue, followup_state, overdue_limits
from counter_app.domain.hall_time import hall_today


def evaluations(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every rated case's 好差评 rating and follow-up (``evaluation_row``, ``online_row``),
    oldest case first. An operator listing: it opens the newest version of each case of
    the hall, rated or not."""
    select = (
        "SELECT c.case_id, c.hall, c.data_version, v.payload_sealed FROM cases c"
        " JOIN case_versions v ON v.case_id = c.case_id AND v.data_version = c.data_version"
    )
    params: tuple[str, ...] = ()
    if hall is not None:
        select += " WHERE c.hall = ?"
        params = (hall,)
    with store.snapshot() as cur:
        rows = store._exec(cur, f"{select} ORDER BY c.received_at, c.case_no", params).fetchall()
        online = {
            r[0]: dict(zip(("channel", "level", "reason_code", "at"), r[1:], strict=True))
            for r in store._exec(
                cur, "SELECT case_id, channel, level, reason_code, at FROM online_evaluations"
            ).fetchall()
        }
    today = hall_today()
    listed = []
    for case_id, case_hall, version, sealed in rows:
        document = CaseDocument.from_json(
            json.loads(store.sealer.open(sealed, version_context(case_id, version)))
        )
        row = evaluation_row(document, hall=case_hall, today=today)
        if row is not None:
            listed.append(row)
        if case_id in online:
            listed.append(online_row(document, case_hall, **online[case_id]))
    return listed


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
