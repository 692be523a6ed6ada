"""A case accepted from a pre-application the platform says another case already consumed
(``preapp_consumed_elsewhere``: two windows took the same pre-application) is a duplicate
for a supervisor: its newest version is held as rejected with the platform's reason, so it
is listed among the problem cases (``queue --problems``, the 问题办件 tab) until a
supervisor voids it (or resends it after checking), and a version not yet sent is not sent.
"""

from __future__ import annotations

import json

from counter_app.errors import NotFound
from counter_app.store.arrivals import Consumption, mark_consumption_failed
from counter_app.store.cases import get_case
from counter_app.store.database import Store
from counter_app.store.hall_queue import case_held_elsewhere
from counter_app.store.sync_writes import hold_newest_version

CONSUMED_ELSEWHERE = "preapp_consumed_elsewhere"
ACTOR = "sync"


def hold_duplicate_case(
    store: Store,
    consumption: Consumption,
    *,
    other_case: str | None,
    other_case_no: str | None = None,
    other_window: str | None = None,
    at: str,
) -> None:
    """The platform refused ``consumption`` because ``other_case`` (its id, when the
    platform named it) consumed the pre-application: the report is not sent again and the
    case waits for a supervisor, with why and what to do, in one transaction. The other
    case is named by its case number, as clerks know it, and its window: this store's or
    the hall queue's, else ``other_case_no`` and ``other_window`` as the platform gave them
    (an older platform gives neither, and no platform knows the number of a case its window
    has not pushed yet)."""
    other_zh, other_en = _other_case_named(store, other_case, other_case_no, other_window)
    answer = {
        "reason": CONSUMED_ELSEWHERE,
        "message_zh": f"网上申报 {consumption.preapp_id} 已由{other_zh}受理，"
        "本办件是同一申报的重复受理。",
        "message_en": f"Pre-application {consumption.preapp_id} was already accepted as "
        f"{other_en}; this case accepted it a second time.",
    }
    with store.transaction() as db:
        mark_consumption_failed(store, consumption.preapp_id, CONSUMED_ELSEWHERE, refused=True)
        hold_newest_version(
            db,
            consumption.case_id,
            reason=CONSUMED_ELSEWHERE,
            error=json.dumps(answer, ensure_ascii=False),
            actor=ACTOR,
            at=at,
        )


def _other_case_named(
    store: Store, case_id: str | None, case_no: str | None, window: str | None
) -> tuple[str, str]:
    """How the messages name the case that consumed the pre-application: another case of
    this hall, of its window when known, by its case number; else (an older platform's 409,
    and a case nobody here holds) by the id the platform gave, said to be the platform's."""
    if case_id is None:
        return "本大厅另一个办件", "another case of this hall"
    try:
        record = get_case(store, case_id)
        case_no, window = record.case_no, record.window_code
    except NotFound:
        held = case_held_elsewhere(store, case_id)
        if held is not None:
            case_no, window = held.case_no, held.window_code
    at_zh, at_en = (f"窗口 {window} 的", f" at window {window}") if window else ("", "")
    named_zh, named_en = (
        (f"办件编号 {case_no}", f"case {case_no}")
        if case_no is not None
        else (f"平台办件标识 {case_id}", f"the platform's case id {case_id}")
    )
    return (
        f"本大厅{at_zh}另一个办件（{named_zh}）",
        f"another case of this hall ({named_en}){at_en}",
    )
