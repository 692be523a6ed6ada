"""A window the platform refused as cloned (``device_cloned``: its home copied to a second
PC and both started) pauses new intake, whoever approves, until a sync run succeeds."""

from __future__ import annotations

import pytest

from counter_app.services import intake, offline_policy
from counter_app.services.auth import User
from counter_app.services.offline_policy import IntakePaused
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


def _accept(store: Store, clerk: User) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def test_a_cloned_device_pauses_intake_until_a_run_succeeds(
    intake_store: Store, clerk: User
) -> None:
    offline_policy.record_failure(
        intake_store, MOMENT, offline_policy.DEVICE_CLONED, "两台电脑", "two PCs"
    )
    # A later run that did not reach the platform keeps the pause.
    offline_policy.record_failure(intake_store, MOMENT, "platform_unreachable", "离线", "offline")
    with pytest.raises(IntakePaused) as paused:
        _accept(intake_store, clerk)
    assert paused.value.limit == "enrolment"
    assert "两台电脑" in paused.value.zh and "--replaces" in paused.value.zh
    assert "copied" in paused.value.en

    offline_policy.record_success(intake_store, MOMENT)
    assert offline_policy.intake_pause(intake_store, intake_store.config) is None
    assert _accept(intake_store, clerk).case_no
