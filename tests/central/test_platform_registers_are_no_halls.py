"""The platform's own staff registers (``city-review``, ``platform-ops``) are hall codes no
window may have: ``enroll-code`` refuses them in both languages, and a code made for one
before that (an older release) enrols no window, the code left unused. Else such a window
would take the city's rating reviewers or the platform's administrators in its staff feed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store import devices as device_register
from central.store.audit_heads import OPERATIONS_REGISTER
from central.store.evaluations import REVIEW_REGISTER
from tests.central.conftest import CliRun, Platform, error_of
from tests.central.server_fixture import RunningCentral


@pytest.mark.parametrize("register", [REVIEW_REGISTER, OPERATIONS_REGISTER])
def test_enroll_code_refuses_a_platform_register(
    platform: Platform, run_cli: Callable[..., CliRun], register: str
) -> None:
    refused = run_cli("enroll-code", "--hall", register, "--window", "W1", *platform.db)

    assert refused.returncode == 1 and refused.stdout == ""
    assert f"“{register}”是平台自己的人员名册" in refused.stderr
    assert f"'{register}' is one of the platform's own staff registers" in refused.stderr


@pytest.mark.integration
def test_a_code_made_for_a_register_before_enrols_no_window(
    central: RunningCentral, store: CentralStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as older_release:
        older_release.setattr(device_register, "PLATFORM_REGISTERS", ())
        code, _ = device_register.create_enroll_code(store, REVIEW_REGISTER, "W1", 60)

    refused = SimulatedDevice(central.url).enroll(code)

    assert (refused.status_code, error_of(refused)["code"]) == (403, "enroll_code_not_a_hall")
    again = SimulatedDevice(central.url).enroll(code)  # unused: refused alike, not as used
    assert error_of(again)["code"] == "enroll_code_not_a_hall"
    assert device_register.devices(store, REVIEW_REGISTER) == []
