"""The progress page's 一事一评 form for people who rate on their phone: a refused rating
keeps the level they chose, and the five levels are a group named by the question, over
HTTP against the real platform."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import requests

from central.simulator import SimulatedDevice
from tests.central.conftest import push_ok, tracked_case
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def test_a_refused_rating_keeps_the_chosen_level_and_the_levels_are_named_by_the_question(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])

    refused = requests.post(f"{central.url}/track/{token}/rating", data={"level": "2"}, timeout=10)
    assert refused.status_code == 400 and "请选择原因" in refused.text
    checked = re.findall(
        r'<input type="radio" name="level" value="(\d)"[^>]* checked>', refused.text
    )
    assert checked == ["2"]
    group = re.search(r'<fieldset aria-labelledby="([^"]+)">', refused.text)
    assert group is not None
    assert re.search(rf'<h2 id="{group[1]}">评价本次服务（一事一评）</h2>', refused.text)

    fresh = requests.get(f"{central.url}/track/{token}?lang=en", timeout=10)
    assert " checked" not in fresh.text  # nothing is chosen for the applicant
