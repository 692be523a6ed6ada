"""好差评: the applicant's rating of the service for a case, on five levels (5 best), or the
record that they declined to rate (so the rating rate is honest).

A rating is part of the synced case: each is a new data version (``evaluation``) with its
outbox row, event and audit entry. A case is rated once. A level 1–2 rating names a reason
category (``REASON_CATEGORIES``; words are optional: the evaluator is answered by touch)
and opens a follow-up due under the hall's "1·5·15" working-day limits, which a supervisor
works through step by step; every step is again a case version, so the platform sees it.
A supervisor's appeal of a mistaken or malicious rating waits for the platform's city-level
reviewer, whose decision the progress feed brings (``apply_appeal_decision``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_app.domain.case_states import Authority, CaseState
from counter_app.domain.evaluation import (
    BAD_LEVELS,
    LEVELS,
    REASON_CODES,
    AppealState,
    EvaluationChannel,
    FollowupDue,
    FollowupLimits,
    FollowupState,
    FollowupStep,
    appeal_state,
    decision_allowed,
    followup_due,
    followup_state,
    overdue_limits,
    step_allowed,
)
from counter_app.domain.hall_time import hall_today
from counter_app.domain.text import unprintable_error
from counter_app.errors import ValidationError
from counter_app.services.case_changes import PLATFORM_ACTOR, record_change
from counter_app.store import rating_writes
from counter_app.store.calendar import working_calendar
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now

REASON_MAX_CHARS = 500


class EvaluationRejected(ValidationError):
    code = "evaluation_rejected"


@dataclass(frozen=True)
class Evaluation:
    case_id: str
    level: int | None  # None: the applicant declined to rate
    reason: str | None
    at: str
    declined: bool = False
    reason_code: str | None = None


@dataclass(frozen=True)
class Followup:
    """One bad rating's follow-up as the supervisor's list shows it."""

    case_id: str
    case_no: str
    item_name: str
    window_code: str
    clerk: str
    level: int
    reason_code: str | None
    reason: str | None
    opened_at: str
    due: FollowupDue
    state: FollowupState
    overdue: list[str]  # the limits missed: contact, settle, rectify
    last_note: str | None  # the note of the latest step, None before the first
    applicant_name: str  # whom to call, as the case list shows them
    applicant_masked_phone: str | None  # None: the applicant left no phone
    appeal: AppealState | None = None  # None: the hall did not appeal the rating


def check_evaluation(
    level: int | None, reason_code: str | None, reason: str
) -> tuple[str | None, str | None]:
    """The reason category and words to store for ``level`` (None: declined);
    ``EvaluationRejected`` when the level is not one of ``LEVELS``, a bad rating has no
    known reason category, or a good one gives a reason."""
    text = reason.strip()
    if level is not None and level not in LEVELS:
        raise EvaluationRejected(
            "评价等级应为 1 至 5（5 为非常满意）。",
            "The rating must be 1 to 5 (5 is very satisfied).",
            field="level",
        )
    if level not in BAD_LEVELS:
        if reason_code or text:
            raise EvaluationRejected(
                "只有“不满意”（2）和“非常不满意”（1）需要填写原因。",
                "Only 'dissatisfied' (2) and 'very dissatisfied' (1) take a reason.",
                field="reason",
            )
        return None, None
    if reason_code not in REASON_CODES:
        raise EvaluationRejected(
            f"评价为“不满意”或“非常不满意”时请选择原因类别（{'、'.join(REASON_CODES)}）。",
            "Pick a reason category when the rating is 'dissatisfied' or 'very dissatisfied' "
            f"({', '.join(REASON_CODES)}).",
            field="reason_code",
        )
    _check_text(text, ("评价原因", "The rating's reason"), "reason")
    return reason_code, text or None


def _check_text(text: str, what: tuple[str, str], field: str) -> None:
    """A rating's reason or a follow-up's note: at most ``REASON_MAX_CHARS``, no control
    character but line breaks (the follow-up list, ``case show`` and the platform show it)."""
    if len(text) > REASON_MAX_CHARS:
        raise EvaluationRejected(
            f"内容过长（最多{REASON_MAX_CHARS}字），请精简后再提交。",
            f"The text is too long (at most {REASON_MAX_CHARS} characters); shorten it.",
            field=field,
        )
    problem = unprintable_error(text, what, field=field, lines=True)
    if problem is not None:
        raise EvaluationRejected(problem.zh, problem.en, field=field)


def record_evaluation(
    store: Store,
    case_id: str,
    level: int | None,
    *,
    reason_code: str | None = None,
    reason: str = "",
    actor: str,
    now: datetime | None = None,
) -> Evaluation:
    """Record the applicant's rating of ``case_id`` on the hall's evaluator, as ``actor``
    entered it; ``level`` None records that the applicant declined to rate. A level 1–2
    rating opens a follow-up.

    The rating is of the window and clerk that took the case (as an online rating is), not
    of whoever enters it: a supervisor or ``cli:<user>`` recording it for the applicant is
    the audit entry's and the event's actor only.

    Raises ``EvaluationRejected`` for a bad level or reason, a case already rated or a
    voided one (the platform takes no rating of a voided case either), ``NotFound`` for an
    unknown case; nothing is written then.
    """
    stored_code, stored_reason = check_evaluation(level, reason_code, reason)
    moment = now or utc_now()
    at = to_text(moment)
    due = _followup_due(store, moment)
    record: dict[str, Any] = {}  # filled from the case it rates
    opened: list[bool] = []

    def change(document: dict[str, Any]) -> dict[str, Any]:
        if document["state"] == CaseState.VOIDED.value:
            raise EvaluationRejected(
                f"办件 {document['case_no']} 已作废，不能评价。",
                f"Case {document['case_no']} was voided; a voided case is not rated.",
                field="case",
            )
        if document.get("evaluation"):
            raise EvaluationRejected(
                "本办件已评价，每件只评价一次。",
                "This case has been rated already; a case is rated once.",
                field="level",
            )
        record.update(
            channel=EvaluationChannel.HALL_EVALUATOR.value,
            level=level,
            declined=level is None,
            reason_code=stored_code,
            reason=stored_reason,
            window=document["window"],  # the window and clerk that took the case
            clerk=document["clerk"],
            at=at,
        )
        rated = {**document, "evaluation": record}
        # A bad online rating may have opened the case's one follow-up already.
        opened.append(level in BAD_LEVELS and not document.get("evaluation_followup"))
        if opened[0]:
            rated["evaluation_followup"] = _followup_record(at, due)
        return rated

    detail = {"level": level, "declined": level is None, "reason_code": stored_code}
    with store.transaction() as db:
        record_change(
            store,
            case_id,
            actor,
            Authority.COUNTER,
            None,
            change=change,
            now=moment,
            detail=detail,
            action="case.evaluation",
            event_kind="evaluation",
            after_end=True,
        )
        rating_writes.record_evaluation(
            db,
            rating_writes.EvaluationRow(
                case_id,
                level,
                level is None,
                stored_code,
                stored_reason,
                record["window"],
                record["clerk"],
                at,
            ),
        )
        if level is not None and opened[0]:
            rating_writes.open_rating_followup(
                db,
                case_id=case_id,
                level=level,
                opened_at=at,
                due=(due.contact, due.settle, due.rectify),
            )
    return Evaluation(case_id, level, stored_reason, at, level is None, stored_code)


def _followup_due(store: Store, moment: datetime) -> FollowupDue:
    """The "1·5·15" limits of a bad rating given at ``moment``, in the hall's working days."""
    limits = FollowupLimits(
        store.config.hall.followup_contact_days,
        store.config.hall.followup_settle_days,
        store.config.hall.followup_rectify_days,
    )
    return followup_due(hall_today(moment), limits, working_calendar(store))


def _followup_record(at: str, due: FollowupDue) -> dict[str, Any]:
    return {
        "opened_at": at,
        "due_contact": due.contact.isoformat(),
        "due_settle": due.settle.isoformat(),
        "due_rectify": due.rectify.isoformat(),
        "steps": [],
    }


def apply_online_evaluation(
    store: Store, case_id: str, level: int, reason_code: str | None, at: datetime
) -> bool:
    """The applicant's 一事一评 from the progress page, as the platform's progress feed
    brought it: a new version of the case carries it (``online_evaluation``), rating the
    window and clerk that took the case; a level 1–2 one opens the case's follow-up like the
    hall's unless the case has one already (open or closed), due from the day the applicant
    rated (``at``), not the day the feed brought it. False when the case has it already (a feed may repeat
    itself); ``EvaluationRejected`` for a level or reason the hall would refuse."""
    stored_code, _ = check_evaluation(level, reason_code, "")
    stored = case_document(store, case_id)
    if stored.get("online_evaluation"):
        return False
    moment = utc_now()
    opened_at = to_text(moment)
    due = _followup_due(store, at)
    record = {
        "channel": EvaluationChannel.ONLINE.value,
        "level": level,
        "declined": False,
        "reason_code": stored_code,
        "reason": None,
        "window": stored["window"],  # the window and clerk that took the case: never change
        "clerk": stored["clerk"],
        "at": to_text(at),
    }
    opened: list[bool] = []

    def change(document: dict[str, Any]) -> dict[str, Any]:
        changed = {**document, "online_evaluation": record}
        opened.append(level in BAD_LEVELS and not document.get("evaluation_followup"))
        if opened[0]:
            changed["evaluation_followup"] = _followup_record(opened_at, due)
        return changed

    with store.transaction() as db:
        _record_platform_rating_change(
            store,
            case_id,
            change,
            now=moment,
            detail={"level": level, "reason_code": stored_code, "channel": "online"},
            action="case.evaluation_online",
        )
        rating_writes.record_online_rating(
            db,
            rating_writes.OnlineRatingRow(
                case_id, level, stored_code, record["window"], record["clerk"], record["at"]
            ),
        )
        if opened[0]:
            rating_writes.open_rating_followup(
                db,
                case_id=case_id,
                level=level,
                opened_at=opened_at,
                due=(due.contact, due.settle, due.rectify),
            )
    return True


def _record_platform_rating_change(
    store: Store,
    case_id: str,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    now: datetime,
    detail: dict[str, Any],
    action: str,
) -> None:
    """A new version of the rated case that the platform's progress feed brought (an online
    rating, a decision on an appeal), written by the platform: after the case's end too."""
    record_change(
        store,
        case_id,
        PLATFORM_ACTOR,
        Authority.PLATFORM,
        None,
        change=change,
        now=now,
        detail=detail,
        action=action,
        event_kind="evaluation",
        after_end=True,
    )


def get_evaluation(store: Store, case_id: str) -> Evaluation | None:
    """The case's rating, or None when it has not been rated (nor declined)."""
    row = store.db.execute(
        "SELECT case_id, level, reason, at, declined, reason_code FROM evaluations"
        " WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        return None
    case, level, reason, at, declined, reason_code = row
    return Evaluation(case, level, reason, at, bool(declined), reason_code)


def record_followup_step(
    store: Store,
    case_id: str,
    step: FollowupStep,
    note: str,
    *,
    by: str,
    now: datetime | None = None,
) -> FollowupState:
    """A supervisor's step in the follow-up of ``case_id``'s bad rating; the state it leaves
    the follow-up in. ``EvaluationRejected`` without a note, for a case without a follow-up
    or a step out of order (a finding before any contact, a rectification before a finding,
    anything after it was closed)."""
    text = note.strip()
    if not text:
        raise EvaluationRejected(
            "请写明本步骤的情况（联系结果、核实情况、整改措施或申诉理由）。",
            "Write what this step was (contact result, finding, rectification or grounds "
            "of appeal).",
            field="note",
        )
    _check_text(text, ("回访记录", "The follow-up note"), "note")
    moment = now or utc_now()
    at = to_text(moment)
    outcome: list[FollowupState] = []

    def change(document: dict[str, Any]) -> dict[str, Any]:
        followup = document.get("evaluation_followup")
        if not followup:
            raise EvaluationRejected(
                f"办件 {document['case_no']} 没有待回访的差评。",
                f"Case {document['case_no']} has no bad rating to follow up.",
                field="case",
            )
        done = [FollowupStep(s["step"]) for s in followup["steps"]]
        refused = step_allowed(done, step)
        if refused is not None:
            raise EvaluationRejected(*refused, field="step")
        outcome.append(followup_state([*done, step]))
        steps = [*followup["steps"], {"step": step.value, "note": text, "by": by, "at": at}]
        return {**document, "evaluation_followup": {**followup, "steps": steps}}

    with store.transaction() as db:
        record_change(
            store,
            case_id,
            by,
            Authority.COUNTER,
            None,
            change=change,
            now=moment,
            detail={"followup_step": step.value},
            action="case.evaluation_followup",
            event_kind="evaluation",
            after_end=True,
        )
        rating_writes.record_followup_step(
            db, case_id=case_id, step=step.value, note=text, by=by, at=at, state=outcome[0]
        )
    return outcome[0]


def apply_appeal_decision(
    store: Store, case_id: str, *, upheld: bool, reason: str, by: str, at: datetime
) -> bool:
    """The platform's reviewer ``by`` decided the hall's appeal of ``case_id``'s bad rating,
    as the progress feed brought it: a new version of the case records the decision as a
    step of its follow-up (upheld closes it, and its bad rating is no longer counted;
    rejected leaves it where it stood, its limits running). False when the case has the
    decision already (a feed may repeat itself); ``EvaluationRejected`` when no appeal of
    the case waits for one here."""
    step = FollowupStep.APPEAL_UPHELD if upheld else FollowupStep.APPEAL_REJECTED
    stored = case_document(store, case_id).get("evaluation_followup") or {}
    if step.value in (s["step"] for s in stored.get("steps", [])):
        return False
    when = to_text(at)
    outcome: list[FollowupState] = []

    def change(document: dict[str, Any]) -> dict[str, Any]:
        followup = document.get("evaluation_followup")
        done = [FollowupStep(s["step"]) for s in followup["steps"]] if followup else []
        refused = decision_allowed(done)
        if followup is None or refused is not None:
            raise EvaluationRejected(
                *(refused or ("该办件没有差评回访。", "The case has no follow-up.")),
                field="appeal",
            )
        outcome.append(followup_state([*done, step]))
        record = {"step": step.value, "note": reason, "by": by, "at": when}
        return {
            **document,
            "evaluation_followup": {**followup, "steps": [*followup["steps"], record]},
        }

    with store.transaction() as db:
        _record_platform_rating_change(
            store,
            case_id,
            change,
            now=utc_now(),
            detail={"followup_step": step.value, "by": by},
            action="case.evaluation_followup",
        )
        rating_writes.record_followup_step(
            db, case_id=case_id, step=step.value, note=reason, by=by, at=when, state=outcome[0]
        )
    return True


def list_followups(store: Store, *, today: date | None = None) -> list[Followup]:
    """Every bad rating's follow-up, the overdue ones first, then by contact deadline, with
    the applicant's name and masked phone (whom the supervisor calls)."""
    day = today or hall_today(utc_now())
    rows = store.db.execute(
        # The rating that opened the follow-up: the hall's (given when it opened), else the
        # one from the progress page.
        "SELECT f.case_id, c.case_no, COALESCE(s.name, c.service_item_code), c.window_code,"  # noqa: S608 - constant clauses
        " CASE WHEN e.at = f.opened_at THEN e.clerk ELSE o.clerk END, f.level,"
        " CASE WHEN e.at = f.opened_at THEN e.reason_code ELSE o.reason_code END,"
        " CASE WHEN e.at = f.opened_at THEN e.reason END, f.opened_at, f.due_contact,"
        " f.due_settle, f.due_rectify, f.state, (SELECT st.note FROM rating_followup_steps st"
        " WHERE st.case_id = f.case_id ORDER BY st.step_id DESC LIMIT 1), c.name, c.phone_masked,"
        # The latest of the appeal's steps says where it stands.
        f" {rating_writes.LATEST_APPEAL_STEP}"
        " FROM rating_followups f JOIN cases c ON c.case_id = f.case_id"
        " LEFT JOIN evaluations e ON e.case_id = f.case_id"
        " LEFT JOIN online_ratings o ON o.case_id = f.case_id"
        " LEFT JOIN service_items s ON s.catalog_version = c.catalog_version"
        " AND s.code = c.service_item_code ORDER BY f.due_contact, c.case_no",
        rating_writes.APPEAL_STEPS,
    ).fetchall()
    followups = []
    for row in rows:
        case_id, case_no, item, window, clerk, level, code, reason, opened = row[:9]
        *due_days, state_value, last_note, name, masked_phone, appeal_step = row[9:]
        due = FollowupDue(*(date.fromisoformat(d) for d in due_days))
        state = FollowupState(state_value)
        followups.append(
            Followup(
                case_id,
                case_no,
                item,
                window,
                clerk,
                level,
                code,
                reason,
                opened,
                due,
                state,
                overdue_limits(due, state, day),
                last_note,
                name,
                masked_phone,
                appeal_state([FollowupStep(appeal_step)]) if appeal_step else None,
            )
        )
    return sorted(followups, key=lambda f: not f.overdue)
