"""Case states and the transitions between them (DOMAIN.md §3), with who may make each.

The counter decides the first step (accept, 容缺, notify, refuse); the central platform
drives processing (in process, suspended for a special procedure, completed, result
ready, a correction asked for); a supervisor voids. Every other move raises ``IllegalTransition``.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.errors import IllegalTransition


class CaseState(StrEnum):
    """A case's state; its names for people are ``STATE_NAMES``."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    ACCEPTED_DEFERRED = "accepted_deferred"
    NOTIFIED = "notified"
    REFUSED = "refused"
    IN_PROCESS = "in_process"
    SUSPENDED = "suspended"
    COMPLETED_APPROVED = "completed_approved"
    COMPLETED_DENIED = "completed_denied"
    RESULT_READY = "result_ready"
    WITHDRAWN = "withdrawn"
    VOIDED = "voided"
    DEFERRED_TERMINATED = "deferred_terminated"
    DELIVERED = "delivered"
    CORRECTION_REQUESTED = "correction_requested"


class Authority(StrEnum):
    """Who may make a transition: a window clerk (or the system acting for the counter),
    a supervisor, or the central platform."""

    COUNTER = "counter"
    SUPERVISOR = "supervisor"
    PLATFORM = "platform"


# A case's sync state (``cases.sync_state``) in words, (Chinese, English): what the command
# line prints; the window's Linguist strings are the same (``ui.case_labels.sync_labels``).
SYNC_STATE_NAMES: dict[str, tuple[str, str]] = {
    "pending": ("待上传", "Waiting"),
    "synced": ("已上传", "Uploaded"),
    "conflict": ("冲突，待处理", "Conflict, to resolve"),
    "rejected": ("被拒，待处理", "Rejected, to resolve"),
}


def sync_state_name(sync_state: str, lang: str) -> str:
    """A sync state's name for people (``lang`` ``en`` or ``zh``), as the window, the
    commands and the end-of-day report say it; an unknown code as it is."""
    zh, en = SYNC_STATE_NAMES.get(sync_state, (sync_state, sync_state))
    return en if lang == "en" else zh


# The kinds of a case's history events in people's words (the command line; the window's
# case history says the same in its Linguist strings, tested against this table).
EVENT_KIND_NAMES: dict[str, tuple[str, str]] = {
    "transition": ("状态变更", "State change"),
    "edit": ("修改", "Edit"),
    "print": ("文书", "Document"),
    "sync": ("同步", "Sync"),
    "progress": ("平台进度", "Platform progress"),
    "evaluation": ("评价", "Evaluation"),
    "elicence": ("电子证照核验", "E-licence check"),
    "retention": ("个人信息按保留期限清除", "Personal data purged (retention)"),
}

# What an ``edit`` event did, by the key of its detail that says so (the first key found in
# this order names it); an edit whose detail has none of them is a plain 修改.
EDIT_NAMES: dict[str, tuple[str, str]] = {
    "posted": ("结果已邮寄", "Result posted"),
    "returned_waybill": ("邮件退回大厅", "Parcel returned to the hall"),
    "old_method": ("更改领取方式或地址", "Delivery method or address changed"),
    "paid": ("已缴费", "Fee paid"),
    "resumed": ("特别程序结束，承诺日期顺延", "Special procedure over, dates moved on"),
    "supplied": ("补齐容缺材料", "Deferred materials supplied"),
    "field": ("更正申请人信息", "Applicant's data corrected"),
    "resolution": ("值班长处理问题办件", "Problem case resolved by a supervisor"),
}


def edit_name(detail: dict[str, object], lang: str) -> str:
    """An ``edit`` event's name for people (``lang`` ``en`` or ``zh``) from its ``detail``."""
    zh, en = next(
        (names for key, names in EDIT_NAMES.items() if key in detail), EVENT_KIND_NAMES["edit"]
    )
    return en if lang == "en" else zh


STATE_NAMES: dict[CaseState, tuple[str, str]] = {
    CaseState.RECEIVED: ("已接件", "Received"),
    CaseState.ACCEPTED: ("已受理", "Accepted"),
    CaseState.ACCEPTED_DEFERRED: ("容缺受理", "Accepted, materials deferred"),
    CaseState.NOTIFIED: ("一次性告知（待补齐补正）", "Notified to supplement"),
    CaseState.REFUSED: ("不予受理", "Refused"),
    CaseState.IN_PROCESS: ("办理中", "In process"),
    CaseState.SUSPENDED: ("特别程序（暂停计时）", "Suspended (special procedure)"),
    CaseState.COMPLETED_APPROVED: ("办结（准予）", "Completed, approved"),
    CaseState.COMPLETED_DENIED: ("办结（不予）", "Completed, denied"),
    CaseState.RESULT_READY: ("结果待领取", "Result ready"),
    CaseState.WITHDRAWN: ("已撤回", "Withdrawn"),
    CaseState.VOIDED: ("已作废", "Voided"),
    CaseState.DEFERRED_TERMINATED: (
        "容缺终止（逾期未补齐）",
        "Deferral terminated (deadline missed)",
    ),
    CaseState.DELIVERED: ("已送达（已领取）", "Result delivered"),
    CaseState.CORRECTION_REQUESTED: ("待补正", "Correction requested"),
}

_S = CaseState
_C, _SV, _P = Authority.COUNTER, Authority.SUPERVISOR, Authority.PLATFORM

TRANSITIONS: dict[tuple[CaseState, CaseState], Authority] = {
    # The counter's decision on a received application.
    (_S.RECEIVED, _S.ACCEPTED): _C,
    (_S.RECEIVED, _S.ACCEPTED_DEFERRED): _SV,
    (_S.RECEIVED, _S.NOTIFIED): _C,
    (_S.RECEIVED, _S.REFUSED): _C,
    (_S.RECEIVED, _S.WITHDRAWN): _C,
    (_S.RECEIVED, _S.VOIDED): _SV,
    # The applicant comes back with what the one-time notice listed.
    (_S.NOTIFIED, _S.ACCEPTED): _C,
    (_S.NOTIFIED, _S.ACCEPTED_DEFERRED): _SV,
    (_S.NOTIFIED, _S.REFUSED): _C,
    (_S.NOTIFIED, _S.WITHDRAWN): _C,
    (_S.NOTIFIED, _S.VOIDED): _SV,
    # 容缺: the deferred materials arrive in time, or the deadline passes.
    (_S.ACCEPTED_DEFERRED, _S.ACCEPTED): _C,
    (_S.ACCEPTED_DEFERRED, _S.DEFERRED_TERMINATED): _C,
    (_S.ACCEPTED_DEFERRED, _S.IN_PROCESS): _P,
    (_S.ACCEPTED_DEFERRED, _S.WITHDRAWN): _C,
    (_S.ACCEPTED_DEFERRED, _S.VOIDED): _SV,
    # Processing at the back office (收受分离).
    (_S.ACCEPTED, _S.IN_PROCESS): _P,
    (_S.ACCEPTED, _S.SUSPENDED): _P,
    (_S.ACCEPTED, _S.COMPLETED_APPROVED): _P,
    (_S.ACCEPTED, _S.COMPLETED_DENIED): _P,
    (_S.ACCEPTED, _S.WITHDRAWN): _C,
    (_S.ACCEPTED, _S.VOIDED): _SV,
    (_S.IN_PROCESS, _S.SUSPENDED): _P,
    (_S.IN_PROCESS, _S.COMPLETED_APPROVED): _P,
    (_S.IN_PROCESS, _S.COMPLETED_DENIED): _P,
    (_S.IN_PROCESS, _S.WITHDRAWN): _P,
    (_S.SUSPENDED, _S.IN_PROCESS): _P,
    (_S.SUSPENDED, _S.COMPLETED_APPROVED): _P,
    (_S.SUSPENDED, _S.COMPLETED_DENIED): _P,
    (_S.SUSPENDED, _S.WITHDRAWN): _P,
    (_S.COMPLETED_APPROVED, _S.RESULT_READY): _P,
    (_S.COMPLETED_DENIED, _S.RESULT_READY): _P,
    # 出件: the result handed over at the window (a postal delivery: PLATFORM_ALSO).
    (_S.RESULT_READY, _S.DELIVERED): _C,
    # 补正: the department asks for a correction; the applicant brings it to a window, and
    # the case goes back into processing (the clock stood still meanwhile), or it is denied.
    (_S.ACCEPTED, _S.CORRECTION_REQUESTED): _P,
    (_S.IN_PROCESS, _S.CORRECTION_REQUESTED): _P,
    (_S.CORRECTION_REQUESTED, _S.IN_PROCESS): _C,
    (_S.CORRECTION_REQUESTED, _S.COMPLETED_DENIED): _P,
    (_S.CORRECTION_REQUESTED, _S.WITHDRAWN): _C,
}

# Moves the platform may report as well as the counter make: a result sent by post is
# delivered by the carrier, which tells the platform, not the window.
PLATFORM_ALSO = frozenset({(_S.RESULT_READY, _S.DELIVERED)})

# The states of a case that may still owe deferred (容缺) materials: accepted with them, or
# taken into processing by the department before they came, not decided yet.
DEFERRAL_OWING_STATES = (
    CaseState.ACCEPTED_DEFERRED,
    CaseState.IN_PROCESS,
    CaseState.SUSPENDED,
    CaseState.CORRECTION_REQUESTED,
)
# States from which nothing moves on: the case's story is over.
TERMINAL_STATES = frozenset(s for s in CaseState if not any(a == s for a, _ in TRANSITIONS))


def parse_state(raw: str, *, field: str = "state") -> CaseState:
    try:
        return CaseState(raw)
    except ValueError:
        raise IllegalTransition(
            f"未知的办件状态“{raw}”。",
            f"Unknown case state '{raw}'; expected one of {', '.join(CaseState)}.",
            field=field,
        ) from None


def transition_authority(from_state: CaseState, to_state: CaseState) -> Authority:
    """Who may move a case from ``from_state`` to ``to_state``; raise if nobody may."""
    authority = TRANSITIONS.get((from_state, to_state))
    if authority is None and from_state is to_state:
        # What a clerk meets acting on a case someone already moved (another window, the
        # command line): its state in plain words, not a move from a state to itself.
        zh_state, en_state = STATE_NAMES[from_state]
        raise IllegalTransition(
            f"本办件已是“{zh_state}”状态。",
            f"The case is already '{en_state}' ({from_state}).",
            field="state",
        )
    if authority is None:
        zh_from, en_from = STATE_NAMES[from_state]
        zh_to, en_to = STATE_NAMES[to_state]
        raise IllegalTransition(
            f"办件不能从“{zh_from}”变为“{zh_to}”。",
            f"A case cannot go from '{en_from}' ({from_state}) to '{en_to}' ({to_state}).",
            field="state",
        )
    return authority


def window_may_move(from_state: CaseState, to_state: CaseState) -> bool:
    """Whether a window (its clerk, or its supervisor) may move a case between the states."""
    return TRANSITIONS.get((from_state, to_state)) in (Authority.COUNTER, Authority.SUPERVISOR)


def check_transition(from_state: CaseState, to_state: CaseState, by: Authority) -> None:
    """Raise ``IllegalTransition`` unless ``by`` may move a case from one state to the other.

    A supervisor may do everything a counter clerk may; the platform only its own moves.
    """
    needed = transition_authority(from_state, to_state)
    allowed = (
        needed == by
        or (needed == Authority.COUNTER and by == Authority.SUPERVISOR)
        or (by == Authority.PLATFORM and (from_state, to_state) in PLATFORM_ALSO)
    )
    if not allowed:
        who = {
            Authority.COUNTER: ("窗口人员", "a window clerk"),
            Authority.SUPERVISOR: ("值班长（主管）审批", "a supervisor's approval"),
            Authority.PLATFORM: ("中心平台", "the central platform"),
        }[needed]
        zh_from, en_from = STATE_NAMES[from_state]
        zh_to, en_to = STATE_NAMES[to_state]
        # Every move only the platform makes is a back-office step its operator records.
        how = (
            (
                f"（由中心平台操作员执行 counter-central progress 办件编号 --to {to_state.value}）",
                f" (the platform operator runs counter-central progress CASE --to {to_state.value})",
            )
            if needed == Authority.PLATFORM
            else ("", "")
        )
        raise IllegalTransition(
            f"办件从“{zh_from}”变为“{zh_to}”需要{who[0]}{how[0]}。",
            f"Moving a case from '{en_from}' to '{en_to}' needs {who[1]}{how[1]}.",
            field="state",
        )
