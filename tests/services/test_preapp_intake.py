"""A case taken from a cached pre-application: the intake consumes it once, in the case's
own transaction (the case carries ``preapp_id``, the report waits for the next sync), and
refuses it for another person, a second case, or a pre-application the window does not
hold; a one-time notice leaves it open for the applicant's return."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter_app.services import intake
from counter_app.services.arrivals import case_from_preapp, expected, preapp_request
from counter_app.services.auth import User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import ApplicantInput
from counter_app.services.training_samples import PREAPP_APPLICANT
from counter_app.store.arrivals import cached_arrival, unreported_consumptions
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from tests.services.preapp_samples import PAPER, sample_preapp


def test_a_pre_application_is_consumed_by_one_accepted_case(
    intake_store: Store, clerk: User
) -> None:
    preapp_id = sample_preapp(intake_store)
    accepted = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    assert (accepted["status"], accepted["errors"]) == ("accepted", [])
    document = case_document(intake_store, accepted["case_id"])
    assert document["preapp_id"] == preapp_id
    assert [c.case_id for c in unreported_consumptions(intake_store)] == [accepted["case_id"]]
    held = cached_arrival(intake_store, preapp_id)
    assert held is not None
    assert (held.state, held.consumed_case_id) == ("consumed", accepted["case_id"])
    assert expected(intake_store, PREAPP_APPLICANT[1]) == []  # no banner any more

    # Another intake from it (not the retry of the same request): refused.
    preapp = replace(held, state="submitted")
    request = replace(preapp_request(intake_store, preapp, received=PAPER), request_id=None)
    with pytest.raises(IntakeRejected) as refused:
        intake.accept(intake_store, request, clerk)
    assert [p.field for p in refused.value.problems] == ["preapp_id"]
    assert "已受理为办件" in refused.value.problems[0].zh


def test_a_pre_application_is_refused_for_another_person_or_unknown(
    intake_store: Store, clerk: User
) -> None:
    preapp_id = sample_preapp(intake_store)
    request = preapp_request(
        intake_store,
        next(a for a in expected(intake_store, PREAPP_APPLICANT[1]) if a.kind == "preapp"),
        received=PAPER,
        applicant=ApplicantInput("王建国", "111", "310104195803120011"),
    )
    with pytest.raises(IntakeRejected) as other:
        intake.accept(intake_store, request, clerk)
    assert "证件号码不一致" in other.value.problems[0].zh
    unknown = case_from_preapp(intake_store, clerk, "00000000-0000-4000-8000-00000000beef")
    assert unknown["status"] == "error" and unknown["errors"][0]["field"] == "preapp_id"
    assert unreported_consumptions(intake_store) == []
    # A one-time notice (materials missing) for its applicant leaves it open.
    own = preapp_request(
        intake_store,
        next(a for a in expected(intake_store, PREAPP_APPLICANT[1]) if a.kind == "preapp"),
    )
    notified = intake.notify(intake_store, replace(own, materials=[]), clerk)
    assert notified.state.value == "notified"
    assert case_document(intake_store, notified.case_id)["preapp_id"] == preapp_id
    assert [a.arrival_id for a in expected(intake_store, PREAPP_APPLICANT[1])] == [preapp_id]
