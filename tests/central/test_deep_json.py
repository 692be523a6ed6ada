"""A JSON body nested too deeply is refused as such (400 ``bad_json``, saying so), not as
JSON that is not valid."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from central.simulator import SimulatedDevice
from tests.central.conftest import error_of

pytestmark = pytest.mark.integration

DEEP = b"[" * 1000 + b"]" * 1000


def test_a_body_nested_a_thousand_deep_is_refused_as_nested_too_deeply(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    for answer in (
        device.request("POST", "/v1/cases:batch", DEEP),
        device.request("POST", "/v1/elicences:lookup", b'{"types":' + DEEP + b"}"),
    ):
        assert answer.status_code == 400, answer.text
        error = error_of(answer)
        assert error["code"] == "bad_json" and error["details"]["reason"] == "nested_too_deeply"
        assert "nested too deeply" in error["message_en"] and "嵌套" in error["message_zh"]
    valid_but_wrong = device.request("POST", "/v1/cases:batch", b"{broken")
    assert "reason" not in error_of(valid_but_wrong)["details"]


def test_an_enrolment_nested_a_thousand_deep_is_a_400_never_a_500(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    url = enrol().base_url + "/v1/enroll"
    answer = requests.post(url, data=b'{"code":' + DEEP + b"}", timeout=30)
    assert answer.status_code in (400, 422), answer.text
