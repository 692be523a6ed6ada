"""Two PCs with one device identity (a home copied and started): the platform finds it from
two audit chains both reporting, and refuses the device's pushes and reports
(``device_cloned``) with words telling IT what to do; ``devices`` and ``audit-heads`` show
it. A case number the device gave two cases is no such proof (a window restored over a
damaged store may re-issue one): that case alone is held (``case_no_taken``)."""

from __future__ import annotations

from collections.abc import Callable

import requests

from central.devices import device_line
from central.simulator import SimulatedDevice
from tests.central.cloned_device import clone_reports_a_second_chain, report_audit_head
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral


def _refused_as_cloned(response: requests.Response, device: SimulatedDevice) -> dict:
    assert response.status_code == 409, response.text
    error = error_of(response)
    assert error["code"] == "device_cloned"
    assert f"--replaces {device.device_id}" in error["message_zh"]
    assert "enroll-code" in error["message_en"]
    return error


def test_a_number_the_device_gave_another_case_holds_that_case_only(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    """A window restored over a damaged store re-issued a number before its first sync: the
    case is held for a supervisor, the window's other cases still go through."""
    hall = unique_hall()
    device = enrol(hall, "W05")
    first = device.case()
    assert device.push([first]).status_code == 200
    again = device.push([device.case(case_no=first["case_no"]), device.case()])

    assert again.status_code == 200, again.text
    held, taken = again.json()["results"]
    assert (held["status"], held["reason"]) == ("conflict", "case_no_taken")
    assert taken["status"] == "stored"
    assert device.push([device.case()]).status_code == 200
    (row,) = central.cli("devices", "--hall", hall, "--json")["devices"]
    assert row["cloned"] is None
    assert "两台电脑共用" not in device_line(row)


def test_two_audit_chains_both_reporting_mark_the_device_cloned(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall, device, clone_report = clone_reports_a_second_chain(enrol)

    error = _refused_as_cloned(clone_report, device)  # B, reporting again after A moved on
    assert error["details"]["reason"] == "audit_head_fork"
    # From then on nothing of the device is taken, a new case of either PC included.
    _refused_as_cloned(report_audit_head(device, 16, "f" * 64, (14, "d" * 64)), device)  # A
    _refused_as_cloned(device.push([device.case()]), device)
    (head,) = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    assert (head["seq"], head["anomalies"], head["cloned"]["reason"]) == (14, 2, "audit_head_fork")
    assert head["cloned"]["detail"] == {"held_seq": 14, "sent_seq": 15}
    (row,) = central.cli("devices", "--hall", hall, "--json")["devices"]
    assert row["cloned"]["reason"] == "audit_head_fork"
    assert "两台电脑共用" in device_line(row)


def test_one_pc_refused_twice_without_the_held_head_moving_is_no_clone(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    """A window restored from a backup reports behind the head held, again and again."""
    device = enrol()
    assert report_audit_head(device, 40, "a" * 64, (0, "0" * 64)).json()["status"] == "stored"
    for seq in (12, 13):
        assert report_audit_head(device, seq, "b" * 64, (0, "0" * 64)).json()["status"] == "refused"
    assert device.push([device.case()]).status_code == 200
