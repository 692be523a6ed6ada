"""``counter-central audit-heads`` tells of a device two PCs share (``device_cloned``) as
what it is, with the replacement code that ends it: no fork to accept."""

from __future__ import annotations

from collections.abc import Callable

from central.cli import main
from central.simulator import SimulatedDevice
from tests.central.cloned_device import clone_reports_a_second_chain
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main


def test_audit_heads_names_a_cloned_device_and_its_replacement_code(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall, device, clone_report = clone_reports_a_second_chain(enrol)
    # Two chains of the device both reporting: the device is cloned.
    assert clone_report.status_code == 409

    words = run_main(main, ["audit-heads", "--hall", hall, *central.store_args()]).stdout

    (line,) = [line for line in words.splitlines() if line.startswith(device.device_id)]
    assert "两台电脑共用终端身份（拒收）" in line
    assert f"enroll-code --replaces {device.device_id}" in line
    assert "two PCs share the device identity" in line
    assert "accept-fork" not in line
