"""The "1·5·15" follow-up limits are the hall's to set (hall.followup_*_days)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counter_app.config import Config
from counter_app.services import intake
from counter_app.services.evaluations import list_followups, record_evaluation
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for


@pytest.fixture
def config(config: Config) -> Config:
    """A hall that gives itself two working days to contact the applicant."""
    return replace(config, hall=replace(config.hall, followup_contact_days=2))


def test_the_limits_come_from_the_hall_config(intake_store: Store, clerk) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    case_id = intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    ).case_id
    record_evaluation(intake_store, case_id, 2, reason_code="waiting", actor="c1", now=MOMENT)
    # Thursday 24 September 2026, Friday 25 is 中秋节: the second working day is Tuesday 29.
    assert list_followups(intake_store)[0].due.contact == date(2026, 9, 29)
