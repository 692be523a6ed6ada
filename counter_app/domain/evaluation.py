"""好差评: the applicant's rating of a case (levels 1–5, or declined), the fixed reason
categories a bad rating names, and the supervisor's follow-up of a bad rating under
Shanghai's "1·5·15" working-day limits.

Pure: the follow-up's state and what is overdue are derived from its recorded steps, the
same way on the counter and on the platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_app.domain.calendar import WorkingCalendar

LEVELS = (5, 4, 3, 2, 1)
# 1 非常不满意 and 2 不满意 are 差评: they name a reason category and open a follow-up.
BAD_LEVELS = (1, 2)


class EvaluationChannel(StrEnum):
    """The national 好差评 system's channel a rating came through."""

    HALL_EVALUATOR = "hall_evaluator"  # 窗口评价器
    ONLINE = "online"  # the receipt QR's progress page (一事一评, the platform's)


@dataclass(frozen=True)
class ReasonCategory:
    code: str
    zh: str
    en: str


# The fixed list a bad rating picks from (docs/operations.md, "好差评"); codes are stored
# and synced, the words are for people.
REASON_CATEGORIES = (
    ReasonCategory("attitude", "服务态度差", "Unfriendly or impolite service"),
    ReasonCategory("waiting", "等候时间过长", "Waited too long"),
    ReasonCategory("requirements", "材料要求不清、多次跑腿", "Unclear requirements, extra trips"),
    ReasonCategory("efficiency", "办理效率低", "Slow handling"),
    ReasonCategory("outcome", "对办理结果不满意", "Dissatisfied with the outcome"),
    ReasonCategory("facilities", "大厅环境或设施不便", "Hall facilities or environment"),
    ReasonCategory("other", "其他", "Other"),
)
REASON_CODES = tuple(category.code for category in REASON_CATEGORIES)


class FollowupStep(StrEnum):
    CONTACTED = "contacted"  # the applicant was reached
    UNREACHABLE = "unreachable"  # tried, not reachable (the attempt meets the contact limit)
    FINDING = "finding"  # what was found, the simple matter settled
    RECTIFIED = "rectified"  # the rectification made; closes the follow-up
    # The hall appeals the rating as mistaken or malicious (国办发〔2019〕51号): the appeal
    # waits for the platform's city-level reviewer, the follow-up stays open meanwhile and
    # its limits keep running, so an appeal never clears a missed deadline by itself.
    APPEAL = "appeal"
    # The reviewer's decision, recorded on the platform and brought to the window by the
    # progress feed: upheld closes the follow-up and takes the bad rating out of the
    # figures; rejected leaves the follow-up where it stood. Never recorded at the window.
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REJECTED = "appeal_rejected"


CONTACT_STEPS = frozenset({FollowupStep.CONTACTED, FollowupStep.UNREACHABLE})
APPEAL_DECISIONS = frozenset({FollowupStep.APPEAL_UPHELD, FollowupStep.APPEAL_REJECTED})
# The steps a supervisor records at the window (``counter-app followups record``).
HALL_STEPS = tuple(step for step in FollowupStep if step not in APPEAL_DECISIONS)


class AppealState(StrEnum):
    """Where the hall's appeal of a bad rating stands."""

    PENDING = "pending"  # filed at the hall, not decided by the platform yet
    UPHELD = "upheld"
    REJECTED = "rejected"


APPEAL_STATE_NAMES = {
    AppealState.PENDING: ("申诉待审", "appeal pending"),
    AppealState.UPHELD: ("申诉成立", "appeal upheld"),
    AppealState.REJECTED: ("申诉驳回", "appeal rejected"),
}


class FollowupState(StrEnum):
    OPEN = "open"  # nobody has tried to reach the applicant yet
    CONTACTED = "contacted"  # reached, or tried
    FOUND = "found"  # finding recorded, rectification to come
    RECTIFIED = "rectified"
    APPEALED = "appealed"  # closed: the platform upheld the hall's appeal


CLOSED_STATES = frozenset({FollowupState.RECTIFIED, FollowupState.APPEALED})
# For the command line (the window's words are in its Linguist files).
FOLLOWUP_STATE_NAMES = {
    FollowupState.OPEN: ("待联系", "to contact"),
    FollowupState.CONTACTED: ("已联系", "contacted"),
    FollowupState.FOUND: ("已核实", "finding recorded"),
    FollowupState.RECTIFIED: ("已整改", "rectified"),
    FollowupState.APPEALED: APPEAL_STATE_NAMES[AppealState.UPHELD],
}
OVERDUE_NAMES = {
    "contact": ("联系超期", "contact overdue"),
    "settle": ("办结超期", "settling overdue"),
    "rectify": ("整改超期", "rectification overdue"),
}


@dataclass(frozen=True)
class FollowupLimits:
    """Working days after the rating: contact the applicant, settle, rectify ("1·5·15")."""

    contact: int = 1
    settle: int = 5
    rectify: int = 15


@dataclass(frozen=True)
class FollowupDue:
    contact: date
    settle: date
    rectify: date


def followup_due(rated_on: date, limits: FollowupLimits, calendar: WorkingCalendar) -> FollowupDue:
    """The three deadlines, counted in the hall's working days from the rating's day."""
    return FollowupDue(
        calendar.add_working_days(rated_on, limits.contact),
        calendar.add_working_days(rated_on, limits.settle),
        calendar.add_working_days(rated_on, limits.rectify),
    )


def followup_state(steps: Sequence[FollowupStep]) -> FollowupState:
    """Where a follow-up stands after ``steps`` (oldest first). An appeal closes it only once
    the platform upheld it; pending or rejected, the follow-up stands where its other steps
    left it."""
    if FollowupStep.APPEAL_UPHELD in steps:
        return FollowupState.APPEALED
    if FollowupStep.RECTIFIED in steps:
        return FollowupState.RECTIFIED
    if FollowupStep.FINDING in steps:
        return FollowupState.FOUND
    if CONTACT_STEPS.intersection(steps):
        return FollowupState.CONTACTED
    return FollowupState.OPEN


def appeal_state(steps: Sequence[FollowupStep]) -> AppealState | None:
    """Where the hall's appeal stands after ``steps``; None when the hall did not appeal."""
    if FollowupStep.APPEAL_UPHELD in steps:
        return AppealState.UPHELD
    if FollowupStep.APPEAL_REJECTED in steps:
        return AppealState.REJECTED
    if FollowupStep.APPEAL in steps:
        return AppealState.PENDING
    return None


def overdue_limits(due: FollowupDue, state: FollowupState, today: date) -> list[str]:
    """The limits (``contact``, ``settle``, ``rectify``) passed on ``today`` without their
    step: a limit is met on its due day, missed the day after."""
    if state in CLOSED_STATES:
        return []
    missed = []
    if today > due.contact and state == FollowupState.OPEN:
        missed.append("contact")
    if today > due.settle and state in (FollowupState.OPEN, FollowupState.CONTACTED):
        missed.append("settle")
    if today > due.rectify:
        missed.append("rectify")
    return missed


def step_allowed(steps: Sequence[FollowupStep], step: FollowupStep) -> tuple[str, str] | None:
    """Why a supervisor's ``step`` cannot follow ``steps`` (Chinese, English), or None when
    it can. An appeal may come once, at any time before the follow-up is closed; a finding
    needs a contact attempt first and a rectification a finding. The appeal's decision is
    the platform's (:func:`decision_allowed`), never a step at the window."""
    state = followup_state(steps)
    if state in CLOSED_STATES:
        return (
            "该差评回访已办结，不能再记录。",
            "This follow-up is closed; nothing more can be added.",
        )
    if step in APPEAL_DECISIONS:
        return (
            "申诉由市级平台的好差评审核人员决定，窗口不能记录申诉结果。",
            "An appeal is decided by the platform's city-level reviewer; the window cannot "
            "record its outcome.",
        )
    appeal = appeal_state(steps)
    if step == FollowupStep.APPEAL and appeal is AppealState.PENDING:
        return (
            "已提出申诉，正等待平台审核，不能重复申诉。",
            "An appeal is waiting for the platform's decision already; it is filed once.",
        )
    if step == FollowupStep.APPEAL and appeal is not None:
        return (
            "平台已对本差评的申诉作出决定，不能再次申诉；请继续回访整改。",
            "The platform has decided this rating's appeal; it cannot be appealed again. "
            "Go on with the follow-up.",
        )
    if step == FollowupStep.FINDING and state == FollowupState.OPEN:
        return (
            "请先记录联系申请人的结果（已联系或无法联系）。",
            "Record the contact with the applicant (contacted or unreachable) first.",
        )
    if step == FollowupStep.RECTIFIED and state != FollowupState.FOUND:
        return ("请先记录核实情况，再记录整改。", "Record the finding before the rectification.")
    return None


def decision_allowed(steps: Sequence[FollowupStep]) -> tuple[str, str] | None:
    """Why the platform's reviewer cannot decide an appeal of a follow-up with ``steps``
    (Chinese, English), or None when an appeal waits for the decision."""
    appeal = appeal_state(steps)
    if appeal is None:
        return (
            "该办件的差评回访中没有申诉。",
            "The follow-up of this case's bad rating holds no appeal.",
        )
    if appeal is not AppealState.PENDING:
        return ("该申诉已审核过，每件只审核一次。", "This appeal has been decided already.")
    return None
