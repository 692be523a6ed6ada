"""The platform's refusal of a request for the workstation's clock says what the window says:
check this PC's clock against a phone first; if it is right, the platform's clock is wrong
(``counter_app.domain.clock_advice``)."""

from __future__ import annotations

from collections.abc import Callable

from central.simulator import SimulatedDevice
from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from tests.central.conftest import error_of


def test_a_refusal_for_the_clock_says_check_against_a_phone_first(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    device.clock_offset = 900
    error = error_of(device.push([device.case()]))
    assert error["code"] == "clock_skew"
    assert CHECK_AGAINST_A_PHONE[0] in error["message_zh"]
    assert PLATFORM_CLOCK_WRONG[0] in error["message_zh"]
    assert CHECK_AGAINST_A_PHONE[1] in error["message_en"]
    assert PLATFORM_CLOCK_WRONG[1] in error["message_en"]
