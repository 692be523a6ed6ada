"""The duplicate of a pre-application another window's case consumed, when neither this
store nor the hall queue holds that case yet: named by the case number and window the
platform's refusal gives, and by the platform's id only when the platform gives no number
(an older platform, or a case its window has not pushed yet)."""

from __future__ import annotations

import json
import uuid

from counter_app.services.arrivals import case_from_preapp
from counter_app.services.auth import User
from counter_app.services.refused_consumptions import hold_duplicate_case
from counter_app.store.arrivals import unreported_consumptions
from counter_app.store.database import Store
from tests.services.preapp_samples import PAPER, sample_preapp

AT = "2026-09-24T02:00:00.000000Z"
OTHER = str(uuid.uuid4())


def _held(store: Store, clerk: User, case_no: str | None, window: str | None) -> dict[str, str]:
    accepted = case_from_preapp(store, clerk, sample_preapp(store), received=PAPER)
    [consumption] = unreported_consumptions(store)
    hold_duplicate_case(
        store, consumption, other_case=OTHER, other_case_no=case_no, other_window=window, at=AT
    )
    [error] = store.db.execute(
        "SELECT last_error FROM outbox WHERE case_id = ?", (accepted["case_id"],)
    ).fetchone()
    answer: dict[str, str] = json.loads(error)
    return answer


def test_the_platforms_case_number_and_window_name_the_other_case(
    intake_store: Store, clerk: User
) -> None:
    answer = _held(intake_store, clerk, "310104-W02-0001-20260924-0007", "W02")
    assert (
        "本大厅窗口 W02 的另一个办件（办件编号 310104-W02-0001-20260924-0007）"
        in (answer["message_zh"])
    )
    assert "(case 310104-W02-0001-20260924-0007) at window W02" in answer["message_en"]
    assert OTHER not in answer["message_zh"] + answer["message_en"]


def test_without_a_number_the_window_and_the_platforms_id_name_it(
    intake_store: Store, clerk: User
) -> None:
    answer = _held(intake_store, clerk, None, "W02")
    assert f"窗口 W02 的另一个办件（平台办件标识 {OTHER}）" in answer["message_zh"]
    assert f"(the platform's case id {OTHER}) at window W02" in answer["message_en"]
