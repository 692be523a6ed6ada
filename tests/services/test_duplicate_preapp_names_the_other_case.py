"""A case that took a pre-application another case had taken is held for a supervisor with a
message naming that other case by its case number, as clerks know it: from this store, or
from the hall queue for another window's; only a case neither holds is named by the
platform's id, said to be the platform's."""

from __future__ import annotations

import json
import uuid

from counter_app.services import intake
from counter_app.services.arrivals import case_from_preapp
from counter_app.services.auth import User
from counter_app.services.refused_consumptions import hold_duplicate_case
from counter_app.store.arrivals import unreported_consumptions
from counter_app.store.database import Store
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.preapp_samples import PAPER, sample_preapp
from tests.store.hall_summaries import hall_summary, keep_summaries

AT = "2026-09-24T02:00:00.000000Z"


def _held_message(store: Store, clerk: User, other_case: str) -> dict[str, str]:
    """Hold the duplicate of a pre-application ``other_case`` consumed; its stored answer."""
    preapp_id = sample_preapp(store)
    accepted = case_from_preapp(store, clerk, preapp_id, received=PAPER)
    [consumption] = unreported_consumptions(store)
    hold_duplicate_case(store, consumption, other_case=other_case, at=AT)
    [error] = store.db.execute(
        "SELECT last_error FROM outbox WHERE case_id = ?", (accepted["case_id"],)
    ).fetchone()
    answer: dict[str, str] = json.loads(error)
    return answer


def test_a_case_of_this_window_is_named_by_its_case_number(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    first = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk)
    answer = _held_message(intake_store, clerk, first.case_id)
    assert f"办件编号 {first.case_no}" in answer["message_zh"]
    assert f"(case {first.case_no})" in answer["message_en"]
    assert first.case_id not in answer["message_zh"] + answer["message_en"]


def test_a_case_of_another_pc_is_named_by_its_number_from_the_hall_queue(
    intake_store: Store, clerk: User
) -> None:
    other = hall_summary(7)  # W01's on another PC: a case this store does not hold
    keep_summaries(intake_store, other)
    answer = _held_message(intake_store, clerk, other.case_id)
    assert f"办件编号 {other.case_no}" in answer["message_zh"]
    assert other.case_id not in answer["message_zh"]


def test_a_case_nobody_here_holds_keeps_the_platforms_id_said_to_be_its(
    intake_store: Store, clerk: User
) -> None:
    other = str(uuid.uuid4())
    answer = _held_message(intake_store, clerk, other)
    assert f"平台办件标识 {other}" in answer["message_zh"]
    assert f"the platform's case id {other}" in answer["message_en"]
