"""The back office's steps on a case (``counter-central progress``, ``delivery``), the
applicant's withdrawal of a case in process among them: each one checked against the case's
state machine and put in its hall's ``progress`` feed, with the hall queue's summary (a
withdrawal also settles the window's withdrawal kept in conflict, for the whole hall); and
全市通办, the cases routed to a handling department (``counter-central routed``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from central.errors import OperatorError
from central.store import case_summaries, instructions, payments
from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.cases import case_state, hall_day_bounds, latest_document
from central.store.departments import check_known_department
from central.store.progress_events import insert_progress_event
from counter_app.domain.case_document import DeliveryPart
from counter_app.domain.case_states import (
    STATE_NAMES,
    TERMINAL_STATES,
    Authority,
    CaseState,
    check_transition,
    parse_state,
)
from counter_app.domain.result_posting import check_posted_delivery
from counter_app.errors import IllegalTransition, ValidationError

log = logging.getLogger("central.store")


def record_progress(
    store: CentralStore,
    case: str,
    state: str,
    note: str,
    *,
    materials: Sequence[str] = (),
    fields: Sequence[str] = (),
    department: str | None = None,
) -> dict[str, Any]:
    """Record a back-office step for a case (given by UUID or case number); a correction
    request (补正) names the ``materials`` (codes of the case's materials) and applicant
    ``fields`` to correct, at least one of them; a withdrawal (the applicant's, of a case in
    process or suspended) gives its reason in ``note``. ``department`` (全市通办): the handling
    department recording it, refused unless the case was routed to it; the step goes
    back to the accepting hall like any other."""
    now = iso(utc_now())
    if state == CaseState.WITHDRAWN.value and not note.strip():
        raise OperatorError(
            "撤回办件须写明申请人撤回的原因：--note 原因。",
            "A withdrawal needs the applicant's reason for it: --note REASON.",
        )
    correcting = state == CaseState.CORRECTION_REQUESTED.value
    if (materials or fields) and not correcting:
        raise OperatorError(
            "只有要求补正（--to correction_requested）时才能指定补正材料或字段。",
            "Materials and fields to correct go only with --to correction_requested.",
        )
    if correcting and not (materials or fields):
        raise OperatorError(
            "要求补正时须指明补正的材料（--material 编码）或字段（--field）。",
            "A correction request names the materials (--material CODE) or fields "
            "(--field) to correct.",
        )
    with store.transaction() as cur:
        store.lock_feed_table(cur, "progress_events")
        row = _operator_case(store, cur, case)
        if department is not None:
            _check_route(store, cur, row[0], row[2], department)
        current = case_state(store, cur, row[0])
        try:
            check_transition(current, parse_state(state), Authority.PLATFORM)
        except IllegalTransition as exc:
            raise OperatorError(f"办件 {row[2]}：{exc.zh}", f"Case {row[2]}: {exc.en}") from None
        if correcting:
            _check_materials(store, cur, row[0], row[2], materials)
        payments.refuse_unpaid(store, cur, row[0], row[2], state)
        seq = insert_progress_event(
            store, cur, case_id=row[0], hall=row[1], state=state, note=note, at=now
        )
        if correcting:
            store._exec(
                cur,
                "INSERT INTO correction_requests (seq, materials, fields) VALUES (?, ?, ?)",
                (seq, json.dumps(list(materials)), json.dumps(list(fields))),
            )
        # After the insert above, whose key check waits for a push holding the case.
        store.lock_hall_feed(cur, "case_summaries", row[1])
        actor = _PLATFORM if department is None else _department_actor(department)
        _summarise_step(store, cur, row[0], CaseState(state), note=note, at=now, actor=actor)
        if state == CaseState.WITHDRAWN.value:
            _settle_withdrawal_problem(store, cur, row[0], row[1], row[2], at=now)
    log.info("progress case %s -> %s", row[0], state)
    return {
        "sequence": seq,
        "case_id": row[0],
        "case_no": row[2],
        "hall": row[1],
        "state": state,
        "at": now,
        "note": note,
        "correction_materials": list(materials),
        "correction_fields": list(fields),
        "department": department,
    }


def _operator_case(store: CentralStore, cur: DbCursor, case: str) -> Any:
    """``(case_id, hall, case_no)`` of the case an operator named by UUID or number."""
    row = store._exec(
        cur,
        "SELECT case_id, hall, case_no FROM cases WHERE case_id = ? OR case_no = ?",
        (case.lower(), case),
    ).fetchone()
    if row is None:
        raise OperatorError(f"平台上没有办件 {case}。", f"The platform holds no case {case}.")
    return row


def _posted_waybill(
    store: CentralStore, cur: DbCursor, case_id: str, delivery: DeliveryPart | None
) -> str | None:
    """The waybill a case's result went out with: the window's newest version's
    (``delivery``: it scanned the label), else the platform's own earlier report of the
    posting; None before either."""
    if delivery is not None and delivery.waybill:
        return delivery.waybill
    reported = store._exec(
        cur,
        "SELECT d.waybill FROM delivery_events d JOIN progress_events p ON p.seq = d.seq"
        " WHERE p.case_id = ? ORDER BY d.seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    return reported[0] if reported else None


def _check_route(
    store: CentralStore, cur: DbCursor, case_id: str, case_no: str, department: str
) -> None:
    routed = store._exec(
        cur, "SELECT department FROM case_routes WHERE case_id = ?", (case_id,)
    ).fetchone()
    if routed is None or routed[0] != department:
        raise OperatorError(
            f"办件 {case_no} 未流转至部门 {department}，该部门不能登记其办理进度。",
            f"Case {case_no} was not routed to department {department}; that department "
            "cannot record its progress.",
        )


# The actor of a step the platform's own operator recorded (and of a carrier's report).
_PLATFORM = "platform"


def _summarise_step(
    store: CentralStore,
    cur: DbCursor,
    case_id: str,
    state: CaseState,
    *,
    note: str,
    at: str,
    actor: str = _PLATFORM,
) -> None:
    """The hall queue's summary of a back-office step: the case's latest, in ``state``,
    taken by ``actor`` (the platform, or the handling department that recorded it: the
    hall's case history and the ``hall_queue`` feed show who decided); one that ends the
    case waits for no deferred material and no fee any more."""
    ended = state in TERMINAL_STATES
    flags = None
    if ended:
        latest = store._exec(cur, case_summaries.LATEST_FLAGS, (case_id,)).fetchone()
        flags = case_summaries.ended_flags(latest[0]) if latest else None
    store._exec(
        cur, case_summaries.INSERT_PROGRESS, (state.value, actor, note, at, ended, flags, case_id)
    )


# What the actor of a step a handling department recorded (全市通办) starts with, in the
# ``kind:who`` form of the windows' own non-staff actors: the accepting hall sees who decided.
DEPARTMENT_ACTOR = "department:"

# SQL: the handling department that recorded the progress event ``p``, else NULL (the
# platform's own operator). Its hall-queue summary names it as the actor, and is written in
# the step's transaction with the step's case, state and moment, by which it is found.
# (No LIKE: a ``%`` is the PostgreSQL driver's placeholder character.)
STEP_DEPARTMENT = (
    f"(SELECT substr(s.actor, {len(DEPARTMENT_ACTOR) + 1}) FROM case_summaries s"  # noqa: S608
    " WHERE s.case_id = p.case_id AND s.kind = 'progress' AND s.state = p.state AND s.at = p.at"
    f" AND substr(s.actor, 1, {len(DEPARTMENT_ACTOR)}) = '{DEPARTMENT_ACTOR}'"
    " ORDER BY s.seq LIMIT 1)"
)


def _department_actor(department: str) -> str:
    return f"{DEPARTMENT_ACTOR}{department}"


def _settle_withdrawal_problem(
    store: CentralStore, cur: DbCursor, case_id: str, hall: str, case_no: str, *, at: str
) -> None:
    """The platform withdrew the case: a window's withdrawal of it kept in conflict because
    the department had taken it into processing (``withdrawn_after_step``) now agrees with
    the platform. Without this no newer version would ever come to solve that problem, and
    every window of the hall would list it for ever: the ``problems`` feed says it is
    settled (the owning window settles its own on the withdrawal step, ``sync.feeds``)."""
    store.lock_hall_feed(cur, "case_problems", hall)
    settled = store._exec(
        cur,
        instructions.SETTLE_PROBLEM,
        (
            "中心平台已撤回该办件，与窗口的撤回一致，该问题已了结，无需处理。",
            "The central platform withdrew the case, as the window had: the problem is "
            "settled and needs nothing more.",
            at,
            hall,
            case_id,
            "withdrawn_after_step",
        ),
    ).rowcount
    if settled:
        log.info("case %s: the withdrawal kept in conflict is settled", case_no)


def record_delivery(store: CentralStore, case: str, waybill: str, status: str) -> dict[str, Any]:
    """A result posted by EMS (``status`` posted, with its waybill) or delivered by the
    carrier (the case becomes delivered): a progress event carrying the waybill. Only of a
    result its applicant chose to have posted, by the window's own rule
    (``counter_app.domain.result_posting``): an ``OperatorError`` otherwise."""
    now = iso(utc_now())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "progress_events")
        row = _operator_case(store, cur, case)
        # The counter's newest version counts when it came after the last step: a result
        # handed over at the window stands.
        current = case_state(store, cur, row[0])
        if current is CaseState.DELIVERED:
            raise OperatorError(
                f"办件 {row[2]} 的结果已送达或已在窗口交付领取人，不能再登记邮寄或妥投。",
                f"Case {row[2]}: the result was already delivered or handed over at the "
                "window; a posting or delivery cannot be recorded.",
            )
        if current is not CaseState.RESULT_READY:
            zh_state, en_state = STATE_NAMES[current]
            raise OperatorError(
                f"办件 {row[2]} 的结果不是待领取状态（当前：{zh_state}），不能登记邮寄或妥投。",
                f"Case {row[2]}: the result is not ready to send (it is '{en_state}'); "
                "a posting or delivery cannot be recorded.",
            )
        state = CaseState.DELIVERED if status == "delivered" else CaseState.RESULT_READY
        if state is not current:  # the carrier's delivery: the domain's own rule
            check_transition(current, state, Authority.PLATFORM)
        # The window's rule (``case post``): only a result its applicant chose to have posted.
        delivery = latest_document(store, cur, row[0]).delivery
        try:
            check_posted_delivery(row[2], None if delivery is None else delivery.method)
        except ValidationError as exc:
            raise OperatorError(exc.zh, exc.en) from None
        posted = _posted_waybill(store, cur, row[0], delivery)
        if posted is not None and posted != waybill:
            raise OperatorError(
                f"办件 {row[2]} 已按运单号 {posted} 邮寄，与所报运单号 {waybill} 不符，未登记。"
                "请核对运单号后重报。",
                f"Case {row[2]} was posted with waybill {posted}, not {waybill}; nothing was "
                "recorded. Check the waybill and report again.",
            )
        seq = insert_progress_event(
            store,
            cur,
            case_id=row[0],
            hall=row[1],
            state=state.value,
            note=f"EMS {waybill}",
            at=now,
        )
        store._exec(
            cur,
            "INSERT INTO delivery_events (seq, waybill, status) VALUES (?, ?, ?)",
            (seq, waybill, status),
        )
        store.lock_hall_feed(cur, "case_summaries", row[1])
        _summarise_step(store, cur, row[0], state, note=f"EMS {waybill}", at=now)
    log.info("delivery case %s %s (%s)", row[0], status, waybill)
    return {
        "sequence": seq,
        "case_id": row[0],
        "case_no": row[2],
        "hall": row[1],
        "state": state.value,
        "waybill": waybill,
        "delivery_status": status,
        "at": now,
    }


def _check_materials(
    store: CentralStore, cur: DbCursor, case_id: str, case_no: str, materials: Sequence[str]
) -> None:
    """Every code must be one of the case's materials in the newest version sent."""
    known = {m.code for m in latest_document(store, cur, case_id).materials}
    unknown = [code for code in materials if code not in known]
    if unknown:
        raise OperatorError(
            f"办件 {case_no} 没有材料 {'、'.join(unknown)}；可选：{'、'.join(sorted(known))}。",
            f"Case {case_no} has no material {', '.join(unknown)}; its materials are "
            f"{', '.join(sorted(known))}.",
        )


# ``counter-central routed`` shows a person at most this many cases unless asked for more: a
# city's department has cases routed to it for years. Its ``--json`` lists every one unless
# asked for fewer: a department's script reads them all, as it always did.
ROUTED_LIMIT = 200


@dataclass(frozen=True)
class RoutedChoice:
    """Which cases routed to ``department`` the listing asks for: standing in ``state``
    (as the hall queue's latest summary says), routed on hall day ``day`` or on ``since``
    and after; the newest ``limit`` of them (every one when None)."""

    department: str
    state: CaseState | None = None
    day: date | None = None
    since: date | None = None
    limit: int | None = None


def routed_cases(store: CentralStore, choice: RoutedChoice) -> tuple[list[dict[str, Any]], int]:
    """全市通办: the cases routed to ``choice.department`` that ``choice`` asks for, oldest
    first, with the accepting hall and where each stands (no personal data), and how many
    older ones matched beyond its ``limit``; only those listed are opened. An
    ``OperatorError`` for a department the platform does not know
    (``departments.check_known_department``)."""
    where, params = _routed_where(choice)
    with store.snapshot() as cur:
        check_known_department(store, cur, choice.department)
        count = store._exec(
            cur,
            f"SELECT count(*) FROM case_routes r WHERE {where}",  # noqa: S608 - constant text
            params,
        ).fetchone()[0]
        limit, limit_params = ("", ()) if choice.limit is None else (" LIMIT ?", (choice.limit,))
        rows = store._exec(
            cur,
            "SELECT r.case_id, c.case_no, r.hall, c.window_code, r.routed_at"  # noqa: S608
            f" FROM case_routes r JOIN cases c ON c.case_id = r.case_id WHERE {where}"
            f" ORDER BY r.routed_at DESC, c.case_no DESC{limit}",
            (*params, *limit_params),
        ).fetchall()
        listed = []
        for case_id, case_no, hall, window, routed_at in reversed(rows):
            document = latest_document(store, cur, case_id)
            listed.append(
                {
                    "case_id": case_id,
                    "case_no": case_no,
                    "department": choice.department,
                    "accepting_hall": hall,
                    # The hall's name as its counter sent it; null from a counter before it.
                    "accepting_hall_name": document.hall_name,
                    "accepting_window": window,
                    "item_code": document.service_item.code,
                    "item_name": document.service_item.name,
                    "state": case_state(store, cur, case_id, document.state).value,
                    "promised_date": document.promised_date,
                    "routed_at": routed_at,
                }
            )
    return listed, int(count) - len(listed)


def _routed_where(choice: RoutedChoice) -> tuple[str, tuple[str, ...]]:
    """``choice`` as a WHERE clause on ``case_routes r`` and its values: by the routes'
    index on department and time; the state from each case's latest summary, which the
    platform writes with every version and step (a case stored before the hall queue has
    none and is not listed under ``state``)."""
    clauses = ["r.department = ?"]
    params = [choice.department]
    if choice.day is not None:
        start, end = hall_day_bounds(choice.day)
        clauses.append("r.routed_at >= ? AND r.routed_at < ?")
        params += [start, end]
    if choice.since is not None:
        clauses.append("r.routed_at >= ?")
        params.append(hall_day_bounds(choice.since)[0])
    if choice.state is not None:
        clauses.append(
            "(SELECT s.state FROM case_summaries s WHERE s.case_id = r.case_id"
            " ORDER BY s.seq DESC LIMIT 1) = ?"
        )
        params.append(choice.state.value)
    return " AND ".join(clauses), tuple(params)
