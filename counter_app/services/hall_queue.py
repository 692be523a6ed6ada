"""The supervisor's hall queue: every case of the hall (``counter_app.store.hall_queue``) with
the day's flags, the days left to its promised date while its clock runs and, for a case the
platform refused or holds in conflict (this workstation's or another window's), the
platform's reason and what to do about it, worded for the window and for the command line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.hall_queue import (
    ELICENCE_UNVERIFIED,
    PAYMENT_UNCONFIRMED,
    UNPAID,
    approaching_flags,
    confirmation_overdue,
    queue_flags,
    working_days_left,
)
from counter_app.domain.hall_time import hall_today
from counter_app.store.calendar import working_calendar
from counter_app.store.database import Store
from counter_app.store.elicence_checks import unverified_cases
from counter_app.store.hall_queue import PROBLEM_STATES, QueueCase, QueueQuery, queue_page
from counter_app.store.payments import awaiting_confirmation_since
from counter_app.store.timestamps import from_text

PAGE_SIZE = 100

# Refusals about who the device is, not about the case: the enrolment or the hall and window
# settings need IT before a resend can succeed.
_DEVICE_REFUSALS = frozenset({"case_no_foreign", "case_no_invalid", "not_case_owner", "wrong_hall"})

# What to do about a problem, worded once (Chinese, English). Each ``{way}`` is how the place
# where it is shown acts on the case: the window with its problem dialog's buttons, the
# command line with its commands (``_WAYS``).
_WHAT_TO_DO: dict[str, tuple[str, str]] = {
    # An e-licence the register did not confirm after the window marked it 待核验 offline.
    "elicence_not_confirmed": ("{settle_elicence}。", "{settle_elicence}."),
    "conflict": (
        "平台已留存另一个版本待核对：请逐项对照本机与平台的版本{compare}，然后{choose}。",
        "The platform kept another version for review: compare this workstation's version "
        "with the platform's field by field{compare}, then {choose}.",
    ),
    "rejected": (
        "按平台说明更正该办件后，{send_again}。",
        "Correct the case as the platform says, then {send_again}.",
    ),
    "preapp_consumed_elsewhere": (
        "同一网上申报不能受理为两个办件：请按上面写明的办件编号和窗口核对另一个办件；"
        "本办件是重复的，请{void}；申请人的申报按另一个办件办理。",
        "One pre-application cannot become two cases: check the other case, by the case number "
        "and window named above; this one is the duplicate: {void}; the applicant's "
        "pre-application is handled as the other case.",
    ),
    "withdrawn_after_step": (
        "实施部门已将该办件接入办理，此后只有中心平台能撤回它，本窗口的撤回未生效：请{adopt}，"
        "并请中心平台撤回该办件（counter-central progress 办件编号 --to withdrawn），留存申请人的"
        "书面撤回申请；平台撤回后，状态会同步回本窗口。",
        "The department already took this case into processing; from then on only the central "
        "platform can withdraw it, and this window's withdrawal did not take effect: {adopt}, "
        "ask the platform to withdraw it ('counter-central progress CASE --to withdrawn'), and "
        "keep the applicant's written withdrawal; the platform's withdrawal then reaches this "
        "window.",
    ),
    "ended_after_step": (
        "实施部门已将该办件接入办理，本窗口的作废、不予受理、终止受理或当面领取未生效：请{adopt}，"
        "并与实施部门联系，由中心平台处理该办件。",
        "The department already took this case into processing, and this window's void, "
        "refusal, termination or hand-over in person did not take effect: {adopt}, and contact "
        "the department so that the central platform deals with the case.",
    ),
    "changed_after_end": (
        "中心平台已结束该办件，本窗口在此之后的修改未生效：请{adopt}，并告知申请人；"
        "如需继续办理请联系中心平台。",
        "The central platform had already ended this case and this window's later change did "
        "not take effect: {adopt}, and tell the applicant; contact the central platform if the "
        "case is to go on.",
    ),
    "illegal_transition": (
        "本机版本的状态是窗口不能作出的变更（如办结、出证，或回到较早的状态），平台未采用："
        "请{adopt}；如确有差错，请联系信息科。",
        "This workstation's version makes a change of state only the platform may make (a "
        "completion, a result, or a step back), and the platform did not take it: {adopt}; "
        "if something is wrong, ask IT.",
    ),
    "version_gap": (
        "本机版本号跳过了平台没有收到的版本：请逐项对照本机与平台的版本{compare}，然后{choose}。",
        "This workstation's version skips versions the platform never received: compare this "
        "workstation's version with the platform's field by field{compare}, then {choose}.",
    ),
    "device": (
        "这是本机登记或大厅、窗口设置的问题：请信息科核对（counter-app doctor），处理后"
        "{send_again}。",
        "This is about this workstation's enrolment or its hall and window settings: ask IT "
        "to check them (counter-app doctor), then {send_again}.",
    ),
}

# How each place names the ways to act on a problem case (Chinese, English): the window by
# the problem dialog's buttons (``ui.problems.ProblemDialog``), the command line by commands.
_WAYS: dict[str, dict[str, tuple[str, str]]] = {
    "window": {
        "compare": ("", ""),
        "choose": (
            "填写处理原因，再按“按本机版本重新提交”“采用平台版本”或“作废”",
            'give a reason and choose "Resend as corrected", "Adopt the platform\'s version" '
            'or "Void"',
        ),
        "send_again": (
            "填写处理原因，再按“按本机版本重新提交”",
            'give a reason and choose "Resend as corrected"',
        ),
        "adopt": (
            "填写处理原因，再按“采用平台版本”",
            'give a reason and choose "Adopt the platform\'s version"',
        ),
        "void": ("填写处理原因，再按“作废”", 'give a reason and choose "Void"'),
        "settle_elicence": (
            "在“电子证照核验”页（Ctrl+9）收取纸质材料或重新核验",
            "In the e-licence tab (Ctrl+9), take the paper material or look it up again",
        ),
    },
    "command_line": {
        "compare": (
            "（counter-app problems show 办件编号）",
            " ('counter-app problems show CASE')",
        ),
        "choose": (
            "选择按本机版本重新提交、采用平台版本或作废（counter-app problems resolve 办件编号）",
            "resend this one as corrected, adopt the platform's, or void the case "
            "('counter-app problems resolve CASE')",
        ),
        "send_again": (
            "按本机版本重新提交（counter-app problems resolve 办件编号 --resend --reason 原因），"
            "或用“counter-app sync requeue 办件编号”原样重新提交",
            "resend it as corrected ('counter-app problems resolve CASE --resend --reason "
            "WHY'), or send it unchanged with 'counter-app sync requeue CASE'",
        ),
        "adopt": (
            "采用平台版本（counter-app problems resolve 办件编号 --adopt --reason 原因）",
            "adopt the platform's version ('counter-app problems resolve CASE --adopt "
            "--reason WHY')",
        ),
        "void": (
            "作废（counter-app problems resolve 办件编号 --void --reason 原因）",
            "void it ('counter-app problems resolve CASE --void --reason WHY')",
        ),
        "settle_elicence": (
            "请申请人交纸质材料（counter-app elicence resolve 办件编号 --material 材料编码 --paper），"
            "或凭其新的授权码重新核验（--recheck --consent CODE）",
            "Take the paper material (counter-app elicence resolve CASE_NUMBER --material CODE "
            "--paper), or look it up again with the applicant's new authorisation code (--recheck "
            "--consent CODE)",
        ),
    },
}


def _what_to_do(key: str, where: str) -> tuple[str, str]:
    """The advice ``key`` as ``where`` (``window`` or ``command_line``) says it."""
    zh, en = _WHAT_TO_DO[key]
    ways = _WAYS[where]
    return (
        zh.format(**{name: words[0] for name, words in ways.items()}),
        en.format(**{name: words[1] for name, words in ways.items()}),
    )


@dataclass(frozen=True)
class SyncProblem:
    """Why the platform did not take a case, and what to do: ``todo_*`` with the command
    line's commands, ``window_todo_*`` with the window's problem dialog's buttons."""

    status: str  # conflict | rejected
    reason: str  # the platform's reason code
    message_zh: str
    message_en: str
    todo_zh: str
    todo_en: str
    window_todo_zh: str
    window_todo_en: str


@dataclass(frozen=True)
class QueueEntry:
    """A case of the hall queue (no personal data)."""

    case_id: str
    case_no: str
    window_code: str
    clerk: str
    item_code: str
    item_name: str
    state: str
    sync_state: str
    received_at: str
    accepted_at: str | None
    promised_date: str | None
    days_left: int | None  # working days (the hall's calendar); negative: overdue
    flags: tuple[str, ...]
    local: bool  # taken at this workstation: its full history is in this store
    problem: SyncProblem | None
    # 高效办成一件事: the id its bundle's cases share and the bundle's name (None: decided
    # alone).
    bundle_id: str | None
    bundle_name: str | None


def read_queue(
    store: Store, query: QueueQuery, *, today: date, limit: int = PAGE_SIZE, offset: int = 0
) -> list[QueueEntry]:
    """One page of the queue, newest first, as the supervisor sees it on ``today``."""
    unverified = unverified_cases(store)
    cases = queue_page(store, query, limit=limit, offset=offset)
    calendar = working_calendar(store)
    unconfirmed = _unconfirmed_payments(
        [case for case in cases if case.local], store, today, calendar
    )
    limits = _TimeLimits(today, calendar, store.config.hall.due_soon_working_days)
    return [_entry(case, limits, unverified, unconfirmed) for case in cases]


@dataclass(frozen=True)
class _TimeLimits:
    """How a page counts the promised dates: on ``today``, in the hall's working days."""

    today: date
    calendar: WorkingCalendar
    due_soon_days: int


def _unconfirmed_payments(
    cases: list[QueueCase], store: Store, today: date, calendar: WorkingCalendar
) -> frozenset[str]:
    """Of this workstation's ``cases``, those whose payment the window recorded from the
    applicant's voucher the payment platform has not confirmed within its working days
    (``PAYMENT_UNCONFIRMED``): the payment is known here only."""
    recorded = awaiting_confirmation_since(store, [case.case_id for case in cases])
    if not recorded:
        return frozenset()
    return frozenset(
        case_id
        for case_id, paid_at in recorded.items()
        if confirmation_overdue(hall_today(from_text(paid_at)), today, calendar)
    )


def _entry(
    case: QueueCase, limits: _TimeLimits, unverified: frozenset[str], unconfirmed: frozenset[str]
) -> QueueEntry:
    today = limits.today
    stored = (*case.flags, ELICENCE_UNVERIFIED) if case.case_id in unverified else case.flags
    if case.case_id in unconfirmed:
        stored = (*(flag for flag in stored if flag != UNPAID), PAYMENT_UNCONFIRMED)
    # 临近超期 and 即办未结 come first among those the day does not fix itself.
    accepted_on = hall_today(from_text(case.accepted_at)) if case.accepted_at else None
    approaching = approaching_flags(
        case.state,
        case.promised_date,
        accepted_on,
        today,
        calendar=limits.calendar,
        due_soon_days=limits.due_soon_days,
    )
    return QueueEntry(
        case_id=case.case_id,
        case_no=case.case_no,
        window_code=case.window_code,
        clerk=case.clerk,
        item_code=case.item_code,
        item_name=case.item_name,
        state=case.state,
        sync_state=case.sync_state,
        received_at=case.received_at,
        accepted_at=case.accepted_at,
        promised_date=case.promised_date,
        days_left=working_days_left(case.state, case.promised_date, today, limits.calendar),
        flags=queue_flags(
            case.state, case.promised_date, case.deferral_due, today, (*approaching, *stored)
        ),
        local=case.local,
        problem=_problem(case),
        bundle_id=case.bundle_id,
        bundle_name=case.bundle_name,
    )


def _problem(case: QueueCase) -> SyncProblem | None:
    if case.sync_state not in PROBLEM_STATES:
        return None
    answer = json.loads(case.sync_error) if case.sync_error else {}
    return sync_problem(
        case.sync_state,
        str(answer.get("reason") or case.sync_state),
        str(answer.get("message_zh") or ""),
        str(answer.get("message_en") or ""),
    )


def sync_problem(status: str, reason: str, message_zh: str, message_en: str) -> SyncProblem:
    """The platform's answer (``conflict`` or ``rejected``, its reason code and words) with
    what to do about it."""
    key = "device" if reason in _DEVICE_REFUSALS else reason if reason in _WHAT_TO_DO else status
    todo_zh, todo_en = _what_to_do(key, "command_line")
    window_todo_zh, window_todo_en = _what_to_do(key, "window")
    return SyncProblem(
        status=status,
        reason=reason,
        message_zh=message_zh or "平台未说明原因。",
        message_en=message_en or "The platform gave no reason.",
        todo_zh=todo_zh,
        todo_en=todo_en,
        window_todo_zh=window_todo_zh,
        window_todo_en=window_todo_en,
    )
