"""A case this workstation does not hold, but the hall queue knows: one another window of
the hall accepted. Only the accepting device adds versions of a case (the platform refuses
any other, ``not_case_owner``; docs/sync-protocol.md, "Device binding"), so what is asked
of it here is refused, naming the window that accepted it and what the clerk tells the
applicant, instead of "找不到办件": for every command that names a case
(``counter_app.cli.other_window``) and for the window's case search.

A case of another hall (全市通办: accepted there, perhaps handled by a department here) is
in no hall queue of this one, but its number names the hall and window that accepted it
(``HALL-WINDOW-DEVICE-DATE-SEQ``): the refusal names them, and where the applicant turns.
"""

from __future__ import annotations

from counter_app.domain.case_number import (
    CaseNumber,
    looks_like_case_number,
    parse_case_number,
)
from counter_app.domain.case_states import STATE_NAMES, TERMINAL_STATES, CaseState
from counter_app.domain.hall_time import hall_minute_text
from counter_app.errors import NotFound, ValidationError
from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, case_held_elsewhere
from counter_app.store.platform_cases import numbered_here

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
# The steps an ended case (delivered, withdrawn, refused, voided, terminated) no longer
# takes at any window: sending the applicant across the hall for one helps nobody.
_NOT_ONCE_ENDED = frozenset(
    AT_THAT_WINDOW[("case", action)]
    for action in ("handover", "correct", "supply", "accept", "withdraw")
)
# Any other command.
ELSEWHERE = ("请在 {w} 窗口办理。", "do it at window {w}.")
# The window's case search that found it only in the hall queue.
SEARCHED = (
    "它的详情和历史在 {w} 窗口，请引导申请人到 {w} 窗口办理。",
    "its details and history are at window {w}: direct the applicant there.",
)


# What changes for a case of another hall: this hall's queue cannot show it, and nor can a
# search of it find it (Chinese, English; ``{w}`` the window, ``{no}`` the case number).
AT_ANOTHER_HALL: dict[tuple[str, str | None], tuple[str, str]] = {
    ("case", "show"): (
        "它的详情和历史在 {w} 窗口，本大厅的队列里没有它。",
        "its details and history are at window {w}; this hall's queue does not hold it.",
    ),
    ("queue", None): (
        "本大厅的队列里没有它，请引导申请人到 {w} 窗口办理。",
        "this hall's queue does not hold it: direct the applicant to window {w}.",
    ),
}
# Where else the applicant turns, whatever was asked.
TRACKING = (
    "申请人也可凭办件编号或扫描回执上的二维码查询办理进度。",
    "The applicant can also follow its progress with the case number or the QR code on the "
    "receipt.",
)


def at_another_window(store: Store, reference: str, own_window: str) -> HallCaseRow | None:
    """The hall queue's summary of the case ``reference`` (its number or UUID, as typed)
    when this workstation does not hold it and another window accepted it, as the platform
    last said; or this very workstation did (its number carries this workstation's own
    prefix: the store was restored from a backup older than the case, and ``refusal`` says
    to sync first). None otherwise: another PC of this very window holding it is no help
    (sending the applicant "to this window" helps nobody)."""
    found = case_held_elsewhere(store, reference)
    if found is None or (
        found.window_code.upper() == own_window.upper() and not numbered_here(store, found.case_no)
    ):
        return None
    return found


def _restored_before(found: HallCaseRow) -> NotFound:
    """The refusal for ``found``, a case this workstation accepted that its store, restored
    from an older backup, lacks until a sync fetches it back (``sync.own_cases``)."""
    number = found.case_no
    return NotFound(
        f"办件 {number}：该办件由本窗口受理，但本机数据是从较早的备份恢复的：请先同步"
        "（counter-app sync --once）取回，再办理。",
        f"Case {number} was accepted at this window, but this workstation's data was restored "
        "from an older backup that lacks it: sync first (counter-app sync --once) to fetch it "
        "back from the platform, then try again.",
        field="case",
    )


def refusal(found: HallCaseRow, own_window: str, advice: tuple[str, str] = ELSEWHERE) -> NotFound:
    """The refusal for ``found``, another window's case, with ``advice`` (Chinese, English;
    ``{w}`` the window, ``{no}`` the case number); for one this workstation accepted and its
    restored store lacks, to sync first."""
    window, number = found.window_code, found.case_no
    if window.upper() == own_window.upper():  # this workstation's own (``at_another_window``)
        return _restored_before(found)
    state_zh, state_en = (
        STATE_NAMES[CaseState(found.state)]
        if found.state in _STATES
        else (found.state, found.state)
    )
    if advice in _NOT_ONCE_ENDED and found.state in TERMINAL_STATES:
        return _ended(found, own_window, (state_zh, state_en))
    return NotFound(
        f"办件 {number} 由 {window} 窗口受理（{state_zh}），本窗口（{own_window}）没有这件"
        f"办件，不能在此办理：{advice[0].format(w=window, no=number)}",
        f"Case {number} was accepted at window {window} ({state_en}); this window "
        f"({own_window}) does not hold it and cannot act on it: "
        f"{advice[1].format(w=window, no=number)}",
        field="case",
    )


def _ended(found: HallCaseRow, own_window: str, state: tuple[str, str]) -> NotFound:
    """The refusal for ``found``, another window's case that has ended (``state`` its name,
    Chinese and English): what became of it, and that no window has a step left for it."""
    window, number = found.window_code, found.case_no
    at = hall_minute_text(found.updated_at)
    if found.state == CaseState.DELIVERED:
        what_zh, what_en = f"办理结果{state[0]}", f"its result is delivered ({state[1]})"
    else:
        what_zh, what_en = f"已结束（{state[0]}）", f"it has ended ({state[1]})"
    what_zh, what_en = f"{what_zh}，平台于 {at} 记录", f"{what_en}, recorded {at}"
    return NotFound(
        f"办件 {number} 由 {window} 窗口受理，{what_zh}，本窗口（{own_window}）和 {window} 窗口"
        f"都无需再办理，不必引导申请人到 {window} 窗口。{TRACKING[0]}",
        f"Case {number} was accepted at window {window}; {what_en}: neither this window "
        f"({own_window}) nor window {window} has anything left to do for it, so do not send "
        f"the applicant there. {TRACKING[1]}",
        field="case",
    )


def in_another_hall(reference: str, own_hall: str) -> CaseNumber | None:
    """The case number ``reference`` (as typed) when it names another hall than
    ``own_hall``; None for anything else (this hall's number, a UUID, a number with a day
    that does not exist)."""
    if not looks_like_case_number(reference):
        return None
    try:
        number = parse_case_number(reference)
    except ValidationError:
        return None
    return None if number.hall == own_hall.strip().upper() else number


def another_hall_advice(command: str, action: str | None) -> tuple[str, str]:
    """What the applicant is told for ``command`` (and its ``case`` action) about a case of
    another hall: as for another window's (``AT_THAT_WINDOW``), but what this hall's queue
    would show."""
    key = (command, action)
    return AT_ANOTHER_HALL.get(key) or AT_THAT_WINDOW.get(key, ELSEWHERE)


def another_hall_refusal_for(
    reference: str, own_hall: str, command: str, action: str | None
) -> NotFound | None:
    """The refusal of ``command`` (and its ``case`` action) for ``reference`` when it is the
    number of a case of another hall than ``own_hall`` (:func:`in_another_hall`); None
    otherwise."""
    number = in_another_hall(reference, own_hall)
    if number is None:
        return None
    return another_hall_refusal(number, own_hall, another_hall_advice(command, action))


def another_hall_refusal(number: CaseNumber, own_hall: str, advice: tuple[str, str]) -> NotFound:
    """The refusal for the case ``number`` of another hall, with ``advice`` (Chinese,
    English; ``{w}`` the window, ``{no}`` the case number). The hall is named by its code:
    this workstation knows the name of its own hall only."""
    hall, window, case_no = number.hall, number.window, str(number)
    where_zh, where_en = f"大厅 {hall} 的 {window}", f"{window} of hall {hall}"
    return NotFound(
        f"办件 {case_no} 由大厅 {hall} 的 {window} 窗口受理，不是本大厅（{own_hall}）的办件，"
        f"本机没有它，不能在此办理：{advice[0].format(w=where_zh, no=case_no)}{TRACKING[0]}",
        f"Case {case_no} was accepted at window {window} of hall {hall}, not at this hall "
        f"({own_hall}); this workstation does not hold it and cannot act on it: "
        f"{advice[1].format(w=where_en, no=case_no)} {TRACKING[1]}",
        field="case",
    )
