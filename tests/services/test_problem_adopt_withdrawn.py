"""Adopting the platform's version of a case the window withdrew while the department took it
into processing (``withdrawn_after_step``): the case takes the state it stands in on the
platform, recorded as the supervisor's adoption; and which states adopting may lead from and
to (never back where the platform's own steps do not lead)."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.case_states import CaseState
from counter_app.errors import IllegalTransition
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.case_endings import withdraw
from counter_app.services.problem_resolution import check_adoption
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import get_case
from counter_app.store.database import Store
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.platform_versions import ALLOWANCE, adopt_platform_version, platform_summary

S = CaseState


@pytest.mark.parametrize(
    ("local", "platform"),
    [
        (S.WITHDRAWN, S.IN_PROCESS),  # withdrawn here, taken into processing there
        (S.WITHDRAWN, S.RESULT_READY),  # ... and decided there since
        (S.DEFERRED_TERMINATED, S.IN_PROCESS),  # a 容缺 ended here the department had taken
        (S.ACCEPTED, S.SUSPENDED),  # steps this window had not pulled
        (S.IN_PROCESS, S.COMPLETED_DENIED),  # a correction handed in here, denied there
        (S.RECEIVED, S.ACCEPTED),  # a move a supervisor may make anyway
    ],
)
def test_adopting_takes_the_platforms_steps_in_place_of_the_windows(
    local: CaseState, platform: CaseState
) -> None:
    check_adoption(local, platform)


@pytest.mark.parametrize(
    ("local", "platform"),
    [
        (S.DELIVERED, S.RESULT_READY),  # a result handed over here stays handed over
        (S.WITHDRAWN, S.ACCEPTED),  # no step of the platform's leads to 已受理
        (S.IN_PROCESS, S.ACCEPTED),
        (S.REFUSED, S.ACCEPTED),
        (S.VOIDED, S.RECEIVED),
    ],
)
def test_adopting_never_goes_where_the_platforms_steps_do_not_lead(
    local: CaseState, platform: CaseState
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_adoption(local, platform)
    assert refused.value.zh.startswith("不能采用平台版本")
    assert "resend this workstation's version or void" in refused.value.en


def _withdrawn_case(store: Store, clerk: User) -> tuple[str, dict]:
    """A case accepted (version 1, as the platform holds it) then withdrawn here (version 2):
    its id and the platform's document."""
    item = item_named(store, ALLOWANCE)
    case = intake.accept(store, request_for(item, complete_marks(item)), clerk)
    platform = case_document(store, case.case_id)
    withdraw(store, case.case_id, clerk, "申请人不再办理", applicant_confirmed=True)
    return case.case_id, platform


def test_the_supervisor_adopts_the_state_the_platform_holds_over_the_withdrawal(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case_id, platform = _withdrawn_case(intake_store, clerk)
    platform_summary(intake_store, case_id, "in_process")

    version = adopt_platform_version(intake_store, case_id, platform, supervisor)

    record = get_case(intake_store, case_id)
    assert (version, record.state, record.data_version) == (3, "in_process", 3)
    assert case_document(intake_store, case_id)["state"] == "in_process"
    event = intake_store.db.execute(
        "SELECT actor, kind, from_state, to_state, detail FROM case_events WHERE case_id = ?"
        " ORDER BY event_id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    assert tuple(event[:4]) == ("chief1", "transition", "withdrawn", "in_process")
    assert json.loads(event[4])["resolution"] == "adopt"
    audit = intake_store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    assert tuple(audit) == ("chief1", "case.adopt_platform_version")


def test_without_the_platforms_summary_its_versions_state_is_not_adopted_over_a_withdrawal(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    """The version alone says 已受理, where no step of the platform's leads: nothing is
    written rather than a state the platform does not hold."""
    case_id, platform = _withdrawn_case(intake_store, clerk)
    with pytest.raises(IllegalTransition, match="不能采用平台版本"):
        adopt_platform_version(intake_store, case_id, platform, supervisor)
    record = get_case(intake_store, case_id)
    assert (record.state, record.data_version) == ("withdrawn", 2)
