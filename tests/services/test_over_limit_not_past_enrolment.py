"""A supervisor's over-limit approval (超限受理) takes a decision past the offline policy's
hard stops, never past an enrolment left unfinished: the platform would refuse the case
whoever approved it, so nothing is written, and the pause names the way out."""

from __future__ import annotations

import pytest

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.offline_policy import IntakePaused, OverLimitApproval
from counter_app.store.database import Store
from counter_app.store.restore_guards import (
    ENROLMENT_ACTION,
    RecordedEnrolment,
    keep_enrolment,
)
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

HALF_ENROLLED = "D-HALF-ENROLLED"


def count(store: Store, sql: str) -> int:
    return int(store.db.execute(sql).fetchone()[0])


def test_an_approval_does_not_take_a_case_past_an_unfinished_enrolment(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    # The store recorded an enrolment for another window (cut off before the config).
    config = intake_store.config
    assert not config.is_training and config.hall.window_code != "W09"
    with intake_store.transaction() as db:
        intake_store.audit.record(
            "cli:it",
            ENROLMENT_ACTION,
            HALF_ENROLLED,
            {"hall": config.hall.hall_code, "window": "W09"},
        )
        keep_enrolment(db.conn, RecordedEnrolment(HALF_ENROLLED, config.hall.hall_code, "W09"))
    item = item_named(intake_store, "老年综合津贴申领")
    with pytest.raises(IntakePaused) as paused:
        intake.accept(
            intake_store,
            request_for(item, complete_marks(item)),
            clerk,
            now=MOMENT,
            over_limit=OverLimitApproval(supervisor, "申请人明日住院，当日须受理"),
        )
    assert paused.value.limit == "enrolment"
    assert HALF_ENROLLED in paused.value.zh and "counter-app enroll" in paused.value.zh
    assert count(intake_store, "SELECT count(*) FROM cases") == 0
    approved = "SELECT count(*) FROM audit_log WHERE action = 'case.over_limit_approved'"
    assert count(intake_store, approved) == 0


def test_a_store_from_another_device_on_a_workstation_never_enrolled_names_the_replacement(
    intake_store: Store, clerk: User
) -> None:
    """A replacement PC restored from the old device's backup: its config has the program's
    defaults; the pause names the replacement code for the old device, not a revocation."""
    config = intake_store.config
    assert (config.hall.hall_code, config.hall.window_code) == ("310104-TRAIN", "W01")
    with intake_store.transaction() as db:
        keep_enrolment(db.conn, RecordedEnrolment("D-OLD-PC", "310104-001", "W03"))
    item = item_named(intake_store, "老年综合津贴申领")
    with pytest.raises(IntakePaused) as paused:
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    replacement = "counter-central enroll-code --hall 310104-001 --window W03 --replaces D-OLD-PC"
    assert replacement in paused.value.zh and replacement in paused.value.en
    assert "revoke" not in paused.value.en
