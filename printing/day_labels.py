"""The words of the end-of-day figures, Chinese and English: the report's (``day_report``)
and the ``eod`` command's lines say the same."""

from __future__ import annotations

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
    "fees": ("缴费", "Fees"),
    "fees_recorded": ("应缴", "Recorded"),
    "fees_paid": ("已缴", "Paid"),
    "fees_unpaid": ("待缴", "Unpaid"),
    "fee_cell": ("{} 件 {} 元", "{} · {} yuan"),
    "flag": ("未同步！", "unsynced!"),
    "from_platform": (
        "其他窗口的数据来自平台的大厅队列：其补打、评价与未同步办件只在其本机可见。",
        "Other windows' figures come from the platform's hall queue: their reprints, ratings "
        "and unsynced cases are known only at their own workstation.",
    ),
    "reconciliation": ("对账", "Reconciliation"),
    "reconciled": (
        "本机当日受理的办件均已被平台确认。",
        "Every case taken here today is acknowledged by the platform.",
    ),
    "not_reconciled": (
        "以下办件平台尚未确认（最后一次同步结果）：",
        "The platform has not acknowledged these cases (last sync result):",
    ),
    "reprint_list": ("补打记录", "Reprints"),
    "void_list": ("作废记录", "Voids"),
    "due_list": ("今日到期的容缺办件", "Deferrals due today"),
    "low_list": ("差评（须回访）", "Bad ratings (follow up)"),
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
