"""The words of the end-of-day figures, Chinese and English: the report's (``day_report``)
and the ``eod`` command's lines say the same, figure by figure and line by line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter_app.domain.approval_kinds import APPROVAL_KINDS, APPROVAL_STATUSES
from counter_app.domain.case_states import sync_state_name
from counter_app.domain.documents import DOCUMENT_TITLES, DocumentKind
from counter_app.domain.evaluation import APPEAL_STATE_NAMES, REASON_CATEGORIES, AppealState
from counter_app.domain.fees import format_yuan
from counter_app.domain.hall_time import hall_time_text
from counter_app.services.end_of_day import BUNDLE_FIGURE, TIME_LIMIT_FIGURE, sync_error_text
from printing.texts import pick

if TYPE_CHECKING:
    from counter_app.services.end_of_day import DayReport, Reprint, WindowDay
    from counter_app.store.case_integrity import AlteredCase
    from counter_app.store.end_of_day import (
        DayApproval,
        DeferralDue,
        Rating,
        Unacknowledged,
        Void,
    )

DAY_LABELS: dict[str, tuple[str, str]] = {
    "title": ("日结报表", "End-of-day report"),
    "hall": ("大厅", "Hall"),
    "window": ("本机窗口", "This window"),
    "date": ("日期", "Date"),
    "generated": ("生成时间", "Generated"),
    "figures": ("各窗口办件情况", "Cases by window"),
    "window_col": ("窗口", "Window"),
    "accepted": ("受理", "Accepted"),
    "deferred": ("容缺", "Deferred"),
    "notified": ("告知", "Notified"),
    "refused": ("不予受理", "Refused"),
    "withdrawn": ("撤回", "Withdrawn"),
    "voided": ("作废", "Voided"),
    "documents": ("文书", "Documents"),
    "reprints": ("补打", "Reprints"),
    "due": ("容缺到期", "Deferrals due"),
    "ratings": ("评价(差评)", "Ratings (bad)"),
    "acknowledged": ("平台已确认", "Acknowledged"),
    "unsynced": ("未同步", "Unsynced"),
    "hall_total": ("全大厅", "Whole hall"),
    "bundles": ("一件事", "One-thing bundles"),
    "bundles_counted": (
        "一件事的每个办件已按其事项计入上表。",
        "Each case of a bundle is counted above under its own item.",
    ),
    "fees": ("缴费", "Fees"),
    "fees_recorded": ("应缴", "Recorded"),
    "fees_paid": ("已缴", "Paid"),
    "fees_unpaid": ("待缴", "Unpaid"),
    "fees_pos": ("其中POS刷卡", "of which by card (POS)"),
    "fees_platform": ("其中缴费平台", "of which on the payment platform"),
    "fees_twice": ("重复缴费", "Paid twice"),
    "fees_refund": ("应退费", "Refunds owed"),
    # The refund line: those still owed, then the refunds recorded that day.
    "refunded_cell": ("{}；当日已退 {}", "{}; refunded that day {}"),
    "fee_cell": ("{} 件 {} 元", "{} · {} yuan"),
    "flag": ("未同步！", "unsynced!"),
    "from_platform": (
        "其他窗口的数据来自平台的大厅队列（评价为窗口评价器所评）：其文书、补打、网上评价、"
        "作废审批人与未同步办件只在其本机可见，表中记为“—”；全大厅的这几项只计本窗口，"
        "标有“本窗口”。",
        "Other windows' figures come from the platform's hall queue (ratings: those at the "
        "hall's evaluator): their documents, reprints, online ratings, voids' approvers and "
        "unsynced cases are known only at their own workstation, shown as “—”; the whole "
        "hall's figures of these count this window alone, marked “this window”.",
    ),
    "this_window": ("{}（本窗口）", "{} (this window)"),
    "approver_elsewhere": ("审批人只在其本机可见", "approver known at its own workstation"),
    "level": ("{} 星", "level {}"),
    "reconciliation": ("对账", "Reconciliation"),
    "to_come": (
        "该日尚未到来：没有可对账的办件，也不能日结。",
        "That day has not come yet: there are no cases to reconcile, and it cannot be signed off.",
    ),
    "reconciled": (
        "本机当日受理的办件均已被平台确认。",
        "Every case taken here today is acknowledged by the platform.",
    ),
    "not_reconciled": (
        "以下办件平台尚未确认（最后一次同步结果）：",
        "Not acknowledged by the platform (last sync result):",
    ),
    "altered_list": (
        "以下办件的本机记录被改动或删除，与加密封存的版本不符（请联系信息技术人员运行 "
        "counter-app doctor）：",
        "The local record of these cases was altered or deleted and no longer matches its "
        "sealed version (call IT to run counter-app doctor):",
    ),
    "reprint_list": ("补打记录", "Reprints"),
    "void_list": ("作废记录", "Voids"),
    "due_list": (
        "容缺办件：今日到期及逾期未补齐",
        "Deferrals due today, and past due still owed",
    ),
    "low_list": ("差评（须回访）", "Bad ratings (follow up)"),
    "approvals_decided_list": (
        "本窗口请求值班长审批的事项：当日已决定",
        "This window's approval requests decided that day",
    ),
    "approvals_pending_list": (
        "本窗口请求值班长审批的事项：仍待审批",
        "This window's approval requests still pending",
    ),
    "approvals_pending_warning": (
        "注意：本窗口尚有 {} 项审批请求待值班长决定（不影响日结签署）。",
        "Note: {} approval request(s) of this window still wait for a supervisor (the day may "
        "be signed off all the same).",
    ),
    "none": ("无", "None"),
    "approved_by": ("审批", "approved by"),
    "reason": ("原因", "reason"),
    "signed": ("值班长签署", "Signed off by the supervisor"),
    "unsigned": (
        "尚未签署（counter-app eod --sign-off）",
        "Not signed off yet (counter-app eod --sign-off)",
    ),
    "page": ("第 {} 页", "Page {}"),
}


# What a request to the hall's supervisors asks (``sync.wire.approvals.ApprovalKind``) and
# what became of it, in the report's and ``eod``'s words.


# Another window's figure that only its own workstation keeps.
NOT_KNOWN = "—"
# A figure's column heading, where it is not the figure's own name.
_COUNT_HEADINGS = {"deferrals_due": "due"}
_REASONS = {category.code: (category.zh, category.en) for category in REASON_CATEGORIES}


def count_heading(name: str, lang: str) -> str:
    """The column heading of figure ``name`` (a ``DAY_COUNTS`` name)."""
    return pick(DAY_LABELS[_COUNT_HEADINGS.get(name, name)], lang)


def count_text(window: WindowDay, name: str, lang: str) -> str:
    """Figure ``name`` of a row: one its own workstation alone keeps is not known for another
    window (``NOT_KNOWN``), and the hall's total of it is this window's, said so."""
    value, this_window_only = window.figure(name)
    if value is None:
        return NOT_KNOWN
    return pick(DAY_LABELS["this_window"], lang).format(value) if this_window_only else str(value)


def fee_text(window: WindowDay, name: str, lang: str) -> str:
    """Fee figure ``name`` of a row (a ``FEE_FIGURES`` name): ``3 件 60.00 元``; how another
    window's fees were paid is not known here (``NOT_KNOWN``), and the hall's total of it is
    this window's, said so. The refund line adds the refunds recorded that day."""
    figure, this_window_only = window.fee_figure(name)
    if figure is None:
        return NOT_KNOWN
    cell = pick(DAY_LABELS["fee_cell"], lang)
    text = cell.format(figure[0], format_yuan(figure[1]))
    if name == "fees_refund" and window.fees_refunded:
        settled = cell.format(window.fees_refunded, format_yuan(window.fees_refunded_cents))
        text = pick(DAY_LABELS["refunded_cell"], lang).format(text, settled)
    return pick(DAY_LABELS["this_window"], lang).format(text) if this_window_only else text


def bundle_text(window: WindowDay, lang: str) -> str:
    """The 一件事 a row's window decided that day and the cases they made: ``2 件（含办件 5 件）``."""
    return pick(BUNDLE_FIGURE, lang).format(window.bundles, window.bundle_cases)


def bundle_line(report: DayReport, lang: str) -> str | None:
    """The day's 一件事 of each window that decided any, then the hall's: ``一件事：W01 2 件
    （含办件 5 件）；全大厅 2 件（含办件 5 件）``; None on a day without."""
    if not report.hall.bundles:
        return None
    rows = [(w.window_code, w) for w in report.windows if w.bundles]
    rows.append((pick(DAY_LABELS["hall_total"], lang), report.hall))
    figures = ("; " if lang == "en" else "；").join(
        f"{name} {bundle_text(window, lang)}" for name, window in rows
    )
    return f"{pick(DAY_LABELS['bundles'], lang)}{': ' if lang == 'en' else '：'}{figures}"


def _in(lang: str, window_code: str) -> str:
    return f" ({window_code})" if lang == "en" else f"（{window_code}）"


def reprint_line(reprint: Reprint, lang: str) -> str:
    """A reprint: its case, the document's number and title, which copy, why and by whom."""
    sep = ": " if lang == "en" else "："
    title = pick(DOCUMENT_TITLES[DocumentKind(reprint.kind)], lang)
    return (
        f"{reprint.case_no}{_in(lang, reprint.window_code)} {reprint.serial} {title}"
        f" #{reprint.reprint_no} · {pick(DAY_LABELS['reason'], lang)}{sep}"
        f"{reprint.reason or NOT_KNOWN} · {reprint.issued_by}"
    )


def void_line(void: Void, lang: str) -> str:
    """A void: its case, when, the clerk and the approving supervisor (another window's:
    known at its own workstation only)."""
    approver = (
        f"{pick(DAY_LABELS['approved_by'], lang)} {void.approved_by}"
        if void.approved_by
        else pick(DAY_LABELS["approver_elsewhere"], lang)
    )
    return (
        f"{void.case_no}{_in(lang, void.window_code)} {hall_time_text(void.at)} {void.clerk}"
        f" · {approver}"
    )


def low_rating_line(rating: Rating, lang: str) -> str:
    """A bad rating: its case, level, the applicant's words or reason category, and where
    its appeal stands, if the hall appealed it."""
    reason = rating.reason or (
        pick(_REASONS[rating.reason_code], lang) if rating.reason_code in _REASONS else NOT_KNOWN
    )
    level = pick(DAY_LABELS["level"], lang).format(rating.level)
    appeal = (
        ""
        if rating.appeal is None
        else f" · {pick(APPEAL_STATE_NAMES[AppealState(rating.appeal)], lang)}"
    )
    return f"{rating.case_no}{_in(lang, rating.window_code)} {level} · {reason}{appeal}"


def due_line(deferral: DeferralDue, lang: str) -> str:
    """A 容缺 case whose deferred material falls due that day, or fell due earlier (said so,
    with the day) and is still owed."""
    if not deferral.overdue:
        return f"{deferral.case_no}{_in(lang, deferral.window_code)}"
    if lang == "en":
        return f"{deferral.case_no} ({deferral.window_code}, past due since {deferral.due})"
    return f"{deferral.case_no}（{deferral.window_code}，已逾期，应于 {deferral.due} 补齐）"


def approval_line(request: DayApproval, lang: str) -> str:
    """A request of this window to the hall's supervisors: when it was sent, by whom, what it
    asks, and, once decided, what became of it, when and by whom."""
    kind = (
        pick(APPROVAL_KINDS[request.kind], lang) if request.kind in APPROVAL_KINDS else request.kind
    )
    sep = ": " if lang == "en" else "："
    line = (
        f"{hall_time_text(request.requested_at)} {request.requested_by} · {kind}{sep}"
        f"{request.summary}"
    )
    if request.status == "pending" or request.decided_at is None:
        return line
    outcome = APPROVAL_STATUSES.get(request.status)
    said = pick(outcome, lang) if outcome is not None else request.status
    who = f" {request.decided_by}" if request.decided_by else ""
    return f"{line} → {said}{who} {hall_time_text(request.decided_at)}"


def approvals_pending_warning(report: DayReport, lang: str) -> str | None:
    """The sign-off's warning of this window's requests still waiting; None when none wait."""
    if not report.approvals_pending:
        return None
    return pick(DAY_LABELS["approvals_pending_warning"], lang).format(len(report.approvals_pending))


def time_limit_text(report: DayReport, lang: str) -> str:
    """The queue's cases overdue and 临近超期 on the report's day."""
    return pick(TIME_LIMIT_FIGURE, lang).format(
        day=report.day.isoformat(),
        overdue=report.time_limits.overdue,
        due_soon=report.time_limits.due_soon,
    )


def unacknowledged_line(case: Unacknowledged, lang: str) -> str:
    """A case of the day the platform has not acknowledged: its sync state in people's words
    and the last thing sync heard about it."""
    state = sync_state_name(case.sync_state, lang)
    where = (
        f" ({case.window_code}, {state}) " if lang == "en" else f"（{case.window_code}，{state}）"
    )
    return f"{case.case_no}{where}{pick(sync_error_text(case.last_error), lang)}"


def reconciliation_parts(report: DayReport, lang: str) -> list[tuple[str, list[str]]]:
    """What the report says under 对账 (a day still to come aside): each sentence's key and
    the cases it lists. Not reconciled: the cases the platform has not acknowledged, and
    those whose local record was altered or deleted."""
    if report.reconciled:
        return [("reconciled", [])]
    parts = []
    if report.unacknowledged or not report.altered:
        parts.append(
            ("not_reconciled", [unacknowledged_line(c, lang) for c in report.unacknowledged])
        )
    if report.altered:
        parts.append(("altered_list", [altered_line(a, lang) for a in report.altered]))
    return parts


def altered_line(case: AlteredCase, lang: str) -> str:
    """A case of the day whose local record cannot be trusted: its number and what differs
    (the fields' names, never their values)."""
    what = ", ".join(case.fields) if case.fields else case.problem
    return f"{case.case_no} ({what})" if lang == "en" else f"{case.case_no}（{what}）"


def report_lists(report: DayReport, lang: str) -> list[tuple[str, list[str]]]:
    """The report's lists after the reconciliation, in its order: each heading's key and
    its lines (none: the report says ``none``)."""
    return [
        ("reprint_list", [reprint_line(r, lang) for r in report.reprints]),
        ("void_list", [void_line(v, lang) for v in report.voids]),
        ("due_list", [due_line(d, lang) for d in report.deferrals_due]),
        ("low_list", [low_rating_line(r, lang) for r in report.low_ratings]),
        ("approvals_decided_list", [approval_line(a, lang) for a in report.approvals_decided]),
        ("approvals_pending_list", [approval_line(a, lang) for a in report.approvals_pending]),
    ]
