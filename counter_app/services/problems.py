"""The supervisor's problem cases: this workstation's cases the platform refused or holds in
conflict, and those of the hall's other windows (the platform's ``problems`` feed) until the
platform stores a newer version of them, each with the newest instruction about it.

Resolved from the supervisor's seat: each resolution of one of this workstation's cases is
kept once, by its id, in the transaction that wrote the case's new
version (``problem_resolution.resolve_problem``). The same resolution again (an instruction carried
twice, a command retried) finds it and writes nothing: a resent case never duplicates.

A resolution the case cannot take (its state forbids it) is kept as refused, with why, so
the window that issued it learns that too. One about a case no longer refused or in conflict
(settled meanwhile, e.g. by the platform's own withdrawal) is kept as done with nothing
written: a new version would only conflict again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_app.domain.hall_queue import ELICENCE_UNVERIFIED
from counter_app.domain.review_states import APPROVED
from counter_app.errors import CounterError, NotFound
from counter_app.services.hall_queue import SyncProblem, read_queue, sync_problem
from counter_app.services.problem_resolution import resolve_problem
from counter_app.services.reviews import record_review
from counter_app.store.database import Store
from counter_app.store.elicence_checks import detail_in
from counter_app.store.hall_queue import PROBLEM_STATES, QueueQuery
from counter_app.store.timestamps import to_text, utc_now


@dataclass(frozen=True)
class InstructionStatus:
    """The newest instruction about a case: ``issued`` (waiting for ``target_window``),
    ``done`` or ``refused`` (``outcome`` says what the window did or why it could not)."""

    instruction_id: str
    action: str
    target_window: str
    issued_by: str
    state: str
    outcome: str


@dataclass(frozen=True)
class ProblemCase:
    """A problem case of the hall (no personal data); ``local``: this workstation's."""

    case_id: str
    case_no: str
    window_code: str
    clerk: str | None
    item_name: str | None
    state: str | None  # None: the platform never stored the case
    sync_state: str  # conflict | rejected
    promised_date: str | None
    local: bool
    problem: SyncProblem
    instruction: InstructionStatus | None


def problem_cases(
    store: Store, *, today: date, window: str | None = None, limit: int = 200
) -> list[ProblemCase]:
    """This workstation's problem cases, then the other windows', newest first."""
    local = read_queue(
        store, QueueQuery(window=window, problems_only=True), today=today, limit=limit
    )
    cases = [
        ProblemCase(
            case_id=e.case_id,
            case_no=e.case_no,
            window_code=e.window_code,
            clerk=e.clerk,
            item_name=e.item_name,
            state=e.state,
            sync_state=e.sync_state,
            promised_date=e.promised_date,
            local=True,
            problem=e.problem,
            instruction=_instruction(store, e.case_id),
        )
        for e in local
        if e.problem is not None
    ]
    # Another window's problem stands until the platform holds a newer version of the case
    # or settles it itself.
    rows = store.db.execute(
        "SELECT p.case_id, p.case_no, p.window_code, h.clerk, h.item_name, h.state, p.status,"
        " h.promised_date, p.reason, p.message_zh, p.message_en FROM hall_problems p"
        " LEFT JOIN hall_queue h ON h.case_id = p.case_id"
        " WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = p.case_id)"
        " AND coalesce(h.data_version, 0) <= p.data_version AND p.status <> 'settled'"
        " AND (? IS NULL OR p.window_code = ?) ORDER BY p.sequence DESC LIMIT ?",
        (window, window, limit),
    ).fetchall()
    cases += [
        ProblemCase(
            case_id=row[0],
            case_no=row[1],
            window_code=row[2],
            clerk=row[3],
            item_name=row[4],
            state=row[5],
            sync_state=row[6],
            promised_date=row[7],
            local=False,
            problem=sync_problem(row[6], row[8], row[9], row[10]),
            instruction=_instruction(store, row[0]),
        )
        for row in rows
    ]
    return cases[:limit]


ACTION_NAMES = {
    "resend": ("按本机版本重新提交", "resend as corrected"),
    "adopt": ("采用平台版本", "adopt the platform's version"),
    "void": ("作废", "void"),
}


def instruction_text(status: InstructionStatus) -> tuple[str, str]:
    """Where an instruction stands, in words (Chinese, English)."""
    zh_action, en_action = ACTION_NAMES.get(status.action, (status.action, status.action))
    window = status.target_window
    if status.state == "issued":
        return f"等待 {window} 执行（{zh_action}）", f"waiting for {window} ({en_action})"
    if status.state == "done":
        return f"{window} 已执行（{zh_action}）", f"done by {window} ({en_action})"
    return (
        f"{window} 未能执行（{zh_action}）：{status.outcome}",
        f"{window} could not {en_action}: {status.outcome}",
    )


def _instruction(store: Store, case_id: str) -> InstructionStatus | None:
    row = store.db.execute(
        "SELECT instruction_id, action, target_window, issued_by, state, outcome"
        " FROM instructions WHERE case_id = ? ORDER BY sequence DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    return None if row is None else InstructionStatus(*(str(value) for value in row))


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
    """Resolve a problem case of this workstation once per ``resolution_id``. A case no
    longer refused or in conflict is not resolved again: kept as done, nothing written."""
    with store.transaction() as db:
        held = _held(store, resolution_id)
        if held is not None:
            return held
        row = db.execute(
            "SELECT case_no, sync_state FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise NotFound(
                f"本机没有办件“{case_id}”。",
                f"This workstation has no case '{case_id}'.",
                field="case",
            )
        outcome: dict[str, object]
        if row[1] not in PROBLEM_STATES:  # settled meanwhile: a new version would conflict
            state, outcome = "done", _already_settled(str(row[0]))
        else:
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
                    if action == "resend":  # resent as corrected: approved on that version
                        record_review(
                            store,
                            case_id,
                            str(row[0]),
                            version,
                            state=APPROVED,
                            reason=reason,
                            reviewed_by=supervisor,
                            at=now or utc_now(),
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
    return kept


def _already_settled(case_no: str) -> dict[str, object]:
    """The outcome of a resolution of a case that is no longer a problem here."""
    return {
        "zh": f"办件 {case_no} 已不再被平台退回或与平台冲突（问题已了结），未再处理，"
        "未写入新版本。",
        "en": f"Case {case_no} is no longer refused by the platform or in conflict with it "
        "(the problem was already settled); nothing was done and no version was written.",
    }


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
    )


def unanswered(store: Store) -> list[Resolution]:
    """Resolutions made for an instruction of the platform whose answer has not reached it."""
    rows = store.db.execute(
        "SELECT r.resolution_id FROM case_resolutions r JOIN instructions i"
        " ON i.instruction_id = r.resolution_id WHERE r.answered_at IS NULL"
    ).fetchall()
    return [held for (rid,) in rows if (held := _held(store, str(rid))) is not None]


def forget_hall_problems(store: Store) -> None:
    """This workstation now belongs to another hall: the old hall's problems and
    instructions go (its own resolutions stay, with their cases)."""
    with store.transaction() as db:
        db.execute("DELETE FROM hall_problems")
        db.execute("DELETE FROM instructions")


def mark_answered(store: Store, resolution_id: str, at: str) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE case_resolutions SET answered_at = ? WHERE resolution_id = ?",
            (at, resolution_id),
        )


def elicence_problem_cases(store: Store, *, window: str | None = None) -> list[ProblemCase]:
    """This workstation's cases with an e-licence the register did not confirm after the
    window marked it 待核验 offline (a ``failed`` check, one entry per material), oldest
    first: the material is not in the case until the clerk closes the task. The problem's
    ``status`` is ``elicence_unverified``; the case's sync state is its own."""
    rows = store.db.execute(
        "SELECT c.case_id, c.case_no, c.window_code, c.clerk,"
        " coalesce(s.name, c.service_item_code), c.state, c.sync_state, c.promised_date,"
        " k.material_code, k.licence_type, k.detail"
        " FROM elicence_checks k JOIN cases c ON c.case_id = k.case_id"
        " LEFT JOIN service_items s"
        " ON s.catalog_version = c.catalog_version AND s.code = c.service_item_code"
        " WHERE k.state = 'failed' AND (? IS NULL OR c.window_code = ?)"
        " ORDER BY k.created_at, c.case_id, k.material_code",
        (window, window),
    ).fetchall()
    return [
        ProblemCase(
            case_id=str(row[0]),
            case_no=str(row[1]),
            window_code=str(row[2]),
            clerk=row[3],
            item_name=row[4],
            state=row[5],
            sync_state=str(row[6]),
            promised_date=row[7],
            local=True,
            problem=sync_problem(
                ELICENCE_UNVERIFIED,
                "elicence_not_confirmed",
                f"材料 {row[8]}（{row[9]}）未经电子证照库核实：{detail_in(row[10], 'zh')}",
                f"Material {row[8]} ({row[9]}) was not confirmed by the "
                f"e-licence register: {detail_in(row[10], 'en')}",
            ),
            instruction=None,
        )
        for row in rows
    ]
