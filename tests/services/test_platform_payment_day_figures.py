"""The end of day and a platform payment the window recorded from the applicant's voucher:
paid only once the platform confirmed it, as the hall queue and the platform hold it. Until
then its fee is unpaid (ended without a result: owed nothing), neither paid on the platform
nor owed back; the confirmation moves it to paid on the platform, or to a refund owed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from counter_app.domain.fees import PaymentMethod
from counter_app.services import case_endings, intake, payments
from counter_app.services.end_of_day import FEE_FIGURES, day_report
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
SHOWN = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
CONFIRMED = datetime(2026, 9, 24, 5, 30, tzinfo=UTC)
DAY = date(2026, 9, 24)


def _recorded_from_voucher(store, clerk, number: str):
    item = item_named(store, CARD_REPLACEMENT)
    accepted = intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    payments.pay_at_window(
        store, accepted.case_id, clerk, number, method=PaymentMethod.PLATFORM, now=SHOWN
    )
    return accepted


def _fees(store) -> dict[str, int]:
    [window] = day_report(store, DAY).to_dict()["windows"]
    return {name: window[name] for name in FEE_FIGURES}


def test_an_unconfirmed_record_is_unpaid_until_the_platform_confirms_it(intake_store, clerk):
    going_on = _recorded_from_voucher(intake_store, clerk, "SSB-1")
    withdrawn = _recorded_from_voucher(intake_store, clerk, "SSB-2")
    case_endings.withdraw(
        intake_store, withdrawn.case_id, clerk, "不办了", applicant_confirmed=True, now=SHOWN
    )

    assert _fees(intake_store) == {
        "fees_recorded": 2,
        "fees_paid": 0,
        "fees_unpaid": 1,  # the withdrawn case owes nothing
        "fees_pos": 0,
        "fees_platform": 0,
        "fees_twice": 0,
        "fees_refund": 0,  # nothing to give back before the platform has the money
    }

    for case in (going_on, withdrawn):
        assert payments.apply_platform_payment(
            intake_store, case.case_id, f"JF-{case.case_no}", 2000, CONFIRMED
        )

    assert _fees(intake_store) == {
        "fees_recorded": 2,
        "fees_paid": 2,
        "fees_unpaid": 0,
        "fees_pos": 0,
        "fees_platform": 2,
        "fees_twice": 0,
        "fees_refund": 1,
    }
    [window] = day_report(intake_store, DAY).windows
    assert (window.fees_paid_cents, window.fees_refund_cents) == (4000, 2000)
