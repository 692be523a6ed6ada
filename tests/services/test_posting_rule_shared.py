"""The window's ``case post`` refuses a pick-up case by the same rule, in the same words, as
the platform's ``counter-central delivery`` (``result_posting.check_posted_delivery``)."""

from __future__ import annotations

import pytest

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.result_posting import check_posted_delivery
from counter_app.errors import ValidationError
from counter_app.services import delivery
from counter_app.services.auth import User
from counter_app.store.database import Store
from tests.services.delivery_cases import ready_case


def _platform_refusal(case_no: str, method: DeliveryMethod | None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_posted_delivery(case_no, method)
    return caught.value


@pytest.mark.parametrize("choice", [None, DeliveryChoice(DeliveryMethod.PICKUP)])
def test_a_pick_up_case_is_refused_as_the_platform_refuses_it(
    intake_store: Store, clerk: User, choice: DeliveryChoice | None
) -> None:
    case = ready_case(intake_store, clerk, choice)
    with pytest.raises(ValidationError) as caught:
        delivery.post_result(intake_store, case.case_no, clerk, "EA123456789CN")
    expected = _platform_refusal(case.case_no, choice.method if choice else None)
    assert (caught.value.zh, caught.value.en, caught.value.field) == (
        expected.zh,
        expected.en,
        expected.field,
    )
