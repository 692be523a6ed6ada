"""``counter-central day-sign-offs --hall H --day D`` names the windows of that hall day that
sent no sign-off (the platform holds cases of that day from them: a window enrolled but
closed that day, a weekend or a holiday, is not named), and every
listing marks a sign-off whose signer was no account in use of the hall's register when
signing (a leaver at a window that had not synced her disabling)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from central.simulator import SimulatedDevice
from central.store import devices as device_register
from central.store import push
from central.store.day_sign_offs import record_day_sign_off
from central.store.staff import change_staff
from counter_app.domain.case_number import CaseNumber
from counter_app.domain.hall_time import hall_today
from sync.wire.case_push import CaseSubmission
from sync.wire.device_reports import DaySignOff
from sync.wire.signing import new_nonce
from tests.central.conftest import CliRun, Platform
from tests.central.enrolled import enrol_window, register_staff

Run = Callable[..., CliRun]


def test_windows_without_a_sign_off_and_signers_out_of_use(
    platform: Platform, run_cli: Run
) -> None:
    store, hall = platform.store, platform.hall
    worked = enrol_window(store, hall, "W2")
    enrol_window(store, hall, "W3")  # closed today: no case of it
    numbering = SimulatedDevice("http://127.0.0.1:9", worked.device_id, hall, "W2")
    day = hall_today(datetime.now(UTC))
    number = str(CaseNumber(hall.upper(), "W2", "T1", day, 1))
    case = CaseSubmission.model_validate(numbering.case(case_no=number))
    (result,) = push.push_batch(store, worked, new_nonce(), [case])
    assert result.status == "stored"
    register_staff(store, hall, ("super01", "supervisor"), ("gone1", "supervisor"))
    change_staff(store, hall, "gone1", "disable", by="test")
    device = next(d for d in device_register.devices(store, hall) if d.window == "W1")
    body = {
        "sign_off_id": str(uuid.uuid4()),
        "day": day.isoformat(),
        "signed_by": "gone1",
        "signed_at": datetime.now(UTC).isoformat(),
        "reconciled": True,
        "unacknowledged": [],
        "flagged_windows": [],
        "windows": [],
    }
    record_day_sign_off(store, device, uuid.uuid4().hex, DaySignOff.model_validate(body))

    listed = run_cli(
        "day-sign-offs", "--hall", hall, "--day", day.isoformat(), "--json", *platform.db
    )
    assert listed.returncode == 0, listed.stderr
    said = listed.json()
    (signed,) = said["day_sign_offs"]
    assert (signed["window"], signed["signer_out_of_use"]) == ("W1", True)
    assert said["without_sign_off"] == [{"window": "W2", "cases": 1}]

    text = run_cli("day-sign-offs", "--hall", hall, "--day", day.isoformat(), *platform.db)
    assert "未日结的窗口：W2（1 件）" in text.stdout and "account out of use" in text.stdout
