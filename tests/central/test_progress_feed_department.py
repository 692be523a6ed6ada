"""全市通办 on a real platform (SQLite and PostgreSQL): the progress feed names the handling
department that recorded a step, a correction request included, and none for a step of the
platform's own operator."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice
from sync.wire.feeds import FeedPage, ProgressEvent
from tests.central.conftest import push_ok, tracked_case
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def test_the_progress_feed_names_the_department_that_recorded_each_step(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    department = f"D-{enrol().hall}"  # unique per test run on the module's store
    device = enrol()
    case, _ = tracked_case(device, department=department)
    push_ok(device, [case])

    by_department = ("--department", department)
    for step in (
        ("--to", "in_process", *by_department),
        ("--to", "suspended", "--note", "鉴定中"),  # the platform's own operator
        ("--to", "in_process", *by_department),
        ("--to", "correction_requested", "--field", "address", *by_department),
    ):
        central.cli("progress", case["case_no"], *step)

    response = device.feed("progress")
    assert response.status_code == 200, response.text
    page = FeedPage[ProgressEvent].model_validate(response.json())
    steps = [(e.state, e.department, e.correction_fields) for e in page.items]
    assert steps == [
        ("in_process", department, []),
        ("suspended", None, []),
        ("in_process", department, []),
        ("correction_requested", department, ["address"]),
    ]
