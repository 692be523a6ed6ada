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
    store: Store, consumption: Consumption, *, other_case: str | None, at: str
) -> None:
    """The platform refused ``consumption`` because ``other_case`` (its id, when the
    platform named it) consumed the pre-application: the report is not sent again and the
    case waits for a supervisor, with why and what to do, in one transaction. The other
    case is named by its case number, as clerks know it, when this store or the hall
    queue holds it."""
    other_zh, other_en = _other_case_named(store, other_case)
    answer = {
        "reason": CONSUMED_ELSEWHERE,
        "message_zh": f"网上申报 {consumption.preapp_id} 已由本大厅另一个办件{other_zh}受理，"
        "本办件是同一申报的重复受理。",
        "message_en": f"Pre-application {consumption.preapp_id} was already accepted as "
        f"another case of this hall{other_en}; this case accepted it a second time.",
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


def _other_case_named(store: Store, case_id: str | None) -> tuple[str, str]:
    """How the messages name the case that consumed the pre-application: its case number
    from this store or the hall queue; else the id the platform gave (its 409 carries no
    number), said to be the platform's; nothing when the platform named none."""
    if case_id is None:
        return "", ""
    try:
        case_no: str | None = get_case(store, case_id).case_no
    except NotFound:
        held = case_held_elsewhere(store, case_id)
        case_no = None if held is None else held.case_no
    if case_no is not None:
        return f"（办件编号 {case_no}）", f" (case {case_no})"
    return f"（平台办件标识 {case_id}）", f" (the platform's case id {case_id})"
