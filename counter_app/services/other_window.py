"""A case this workstation does not hold, but the hall queue knows: one another window of
the hall accepted. Only the accepting device adds versions of a case (the platform refuses
any other, ``not_case_owner``; docs/sync-protocol.md, "Device binding"), so what is asked
of it here is refused, naming the window that accepted it and what the clerk tells the
applicant, instead of "找不到办件": for every command that names a case
(``counter_app.cli.other_window``) and for the window's case search.
"""

from __future__ import annotations

from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.errors import NotFound
from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, case_held_elsewhere

_STATES = frozenset(state.value for state in CaseState)

# What the applicant (or the clerk) does at the accepting window, per command (the command
# and its ``case`` action): Chinese, English; ``{w}`` the window, ``{no}`` the case number.
AT_THAT_WINDOW: dict[tuple[str, str | None], tuple[str, str]] = {
    ("case", "handover"): (
        "办理结果须在 {w} 窗口领取，请引导申请人到 {w} 窗口。",
        "its result is handed over at window {w}: direct the applicant there.",
    ),
    ("case", "correct"): (
        "补正材料须在 {w} 窗口提交，请引导申请人到 {w} 窗口。",
        "the correction is handed in at window {w}: direct the applicant there.",
    ),
    ("case", "supply"): (
        "容缺材料须在 {w} 窗口补交，请引导申请人到 {w} 窗口。",
        "its deferred materials are supplied at window {w}: direct the applicant there.",
    ),
    ("case", "accept"): (
        "一次性告知后补齐材料的受理须在 {w} 窗口办理，请引导申请人到 {w} 窗口。",
        "the applicant's return after the one-time notice is accepted at window {w}: direct "
        "the applicant there.",
    ),
    ("case", "withdraw"): (
        "撤回须在 {w} 窗口办理，请引导申请人到 {w} 窗口。",
        "a withdrawal is recorded at window {w}: direct the applicant there.",
    ),
    ("case", "pay"): (
        "缴费须在 {w} 窗口登记，请引导申请人到 {w} 窗口。",
        "its fee is recorded at window {w}: direct the applicant there.",
    ),
    ("evaluate", None): (
        "评价须在 {w} 窗口登记，请引导申请人到 {w} 窗口（也可扫描回执上的二维码在线评价）。",
        "a rating is recorded at window {w}: direct the applicant there (or to the QR code on "
        "the receipt, to rate online).",
    ),
    ("print", None): (
        "它的文书须在 {w} 窗口出具和打印，请引导申请人到 {w} 窗口。",
        "its documents are issued and printed at window {w}: direct the applicant there.",
    ),
    ("receipt", None): (
        "它的文书须在 {w} 窗口出具和打印，请引导申请人到 {w} 窗口。",
        "its documents are issued and printed at window {w}: direct the applicant there.",
    ),
    ("case", "show"): (
        "它的详情和历史在 {w} 窗口；本厅队列可查看它的状态：counter-app queue --hall --search {no}。",
        "its details and history are at window {w}; the hall queue shows its state: "
        "counter-app queue --hall --search {no}.",
    ),
}
# Any other command.
ELSEWHERE = ("请在 {w} 窗口办理。", "do it at window {w}.")
# The window's case search that found it only in the hall queue.
SEARCHED = (
    "它的详情和历史在 {w} 窗口，请引导申请人到 {w} 窗口办理。",
    "its details and history are at window {w}: direct the applicant there.",
)


def at_another_window(store: Store, reference: str, own_window: str) -> HallCaseRow | None:
    """The hall queue's summary of the case ``reference`` (its number or UUID, as typed)
    when this workstation does not hold it and another window accepted it, as the platform
    last said; None otherwise: another PC of this very window holding it is no help
    (sending the applicant "to this window" helps nobody)."""
    found = case_held_elsewhere(store, reference)
    if found is None or found.window_code.upper() == own_window.upper():
        return None
    return found


def refusal(found: HallCaseRow, own_window: str, advice: tuple[str, str] = ELSEWHERE) -> NotFound:
    """The refusal for ``found``, another window's case, with ``advice`` (Chinese, English;
    ``{w}`` the window, ``{no}`` the case number)."""
    window, number = found.window_code, found.case_no
    state_zh, state_en = (
        STATE_NAMES[CaseState(found.state)]
        if found.state in _STATES
        else (found.state, found.state)
    )
    return NotFound(
        f"办件 {number} 由 {window} 窗口受理（{state_zh}），本窗口（{own_window}）没有这件"
        f"办件，不能在此办理：{advice[0].format(w=window, no=number)}",
        f"Case {number} was accepted at window {window} ({state_en}); this window "
        f"({own_window}) does not hold it and cannot act on it: "
        f"{advice[1].format(w=window, no=number)}",
        field="case",
    )
