"""The platform keeps the highest audit-chain head each device reports, refuses (and keeps
as an anomaly) one that goes behind it, and lists them with ``counter-central audit-heads``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import requests

from central.cli import main
from central.simulator import SimulatedDevice
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult, run_main

PATH = "/v1/audit-head"


def _report(device: SimulatedDevice, seq: int, head: str, keyed_from: int = 1) -> requests.Response:
    body = json.dumps({"seq": seq, "head": head, "keyed_from": keyed_from}).encode()
    return device.request("POST", PATH, body)


def test_the_platform_keeps_the_highest_head_and_refuses_one_behind_it(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall, "W03")
    assert device.request("GET", PATH).json() == {"held": None}

    first = _report(device, 7, "a" * 64)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "stored" and first.json()["held"]["seq"] == 7
    assert _report(device, 7, "a" * 64).json()["status"] == "unchanged"

    # A log cut below the head, then one rewritten at the same seq: both refused.
    for seq, head in ((5, "b" * 64), (7, "c" * 64)):
        refused = _report(device, seq, head)
        assert refused.status_code == 200, refused.text
        assert refused.json()["status"] == "refused"
        assert (refused.json()["held"]["seq"], refused.json()["held"]["head"]) == (7, "a" * 64)

    assert _report(device, 9, "d" * 64, keyed_from=3).json()["status"] == "stored"
    held = device.request("GET", PATH).json()["held"]
    assert (held["seq"], held["head"], held["keyed_from"]) == (9, "d" * 64, 3)

    listing = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    assert [
        {key: row[key] for key in ("device", "hall", "window", "seq", "head", "anomalies")}
        for row in listing
    ] == [
        {
            "device": device.device_id,
            "hall": hall,
            "window": "W03",
            "seq": 9,
            "head": "d" * 64,
            "anomalies": 2,
        }
    ]
    assert datetime.fromisoformat(listing[0]["time"]) == datetime.fromisoformat(held["received_at"])


def test_devices_that_never_reported_are_listed_without_a_head(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall)
    listing = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    assert [(row["device"], row["seq"], row["head"], row["time"]) for row in listing] == [
        (device.device_id, None, None, None)
    ]


def test_a_malformed_report_is_refused_with_the_wire_error(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    for body in (b'{"seq": -1, "head": "' + b"a" * 64 + b'", "keyed_from": 1}', b'{"seq": 1}'):
        refused = device.request("POST", PATH, body)
        assert refused.status_code == 422
        assert error_of(refused)["code"] == "validation_failed"
    assert device.request("GET", PATH).json() == {"held": None}


def _proven(
    device: SimulatedDevice, seq: int, head: str, held: tuple[int, str] | None
) -> requests.Response:
    """A report proving the chain continues ``held`` (seq, hash in this chain) or without it."""
    report: dict[str, object] = {"seq": seq, "head": head, "keyed_from": 1}
    if held is not None:
        report["continues"] = {"seq": held[0], "head": held[1]}
    return device.request("POST", PATH, json.dumps(report).encode())


def _anomalies(central: RunningCentral, hall: str) -> int:
    (row,) = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    return int(row["anomalies"])


def test_a_higher_head_is_taken_only_when_it_continues_the_head_held(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    """The tamper probe's re-chained log: entry 29 edited and the chain rehashed with the
    key file, then one more act. Its head 32 is higher, but its hash at 31 is not the one
    held: refused and recorded; the true chain's next head is taken."""
    hall = unique_hall()
    device = enrol(hall, "W03")
    assert _proven(device, 31, "a" * 64, None).json()["status"] == "stored"

    rechained = _proven(device, 32, "c" * 64, (31, "b" * 64))
    assert rechained.status_code == 200, rechained.text
    assert rechained.json()["status"] == "refused"
    assert (rechained.json()["held"]["seq"], rechained.json()["held"]["head"]) == (31, "a" * 64)
    assert rechained.json()["last_case_no"] is None  # ahead, not behind: no numbers needed
    assert _anomalies(central, hall) == 1

    assert _proven(device, 33, "d" * 64, (31, "a" * 64)).json()["status"] == "stored"
    held = device.request("GET", PATH).json()["held"]
    assert (held["seq"], held["head"]) == (33, "d" * 64)


def test_a_device_that_proved_once_is_refused_without_a_proof(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall)
    assert _proven(device, 5, "a" * 64, (0, "0" * 64)).json()["status"] == "stored"
    assert _proven(device, 6, "b" * 64, (5, "a" * 64)).json()["status"] == "stored"

    unproven = _proven(device, 9, "c" * 64, None)
    assert unproven.json()["status"] == "refused"
    assert unproven.json()["held"]["seq"] == 6
    assert _anomalies(central, hall) == 1


def test_a_device_that_never_proved_is_taken_on_its_seq_as_before(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    for seq, head in ((3, "a" * 64), (8, "b" * 64)):
        taken = _proven(device, seq, head, None).json()
        assert (taken["status"], taken["held"]["seq"]) == ("stored", seq)


def test_a_report_behind_the_head_names_the_highest_case_number_held(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    """A store put back to an older copy learns which numbers the platform holds for it."""
    device = enrol()
    cases = [device.case() for _ in range(3)]
    assert device.push(cases).status_code == 200
    assert _proven(device, 40, "a" * 64, None).json()["status"] == "stored"

    behind = _proven(device, 12, "b" * 64, None).json()
    assert behind["status"] == "refused" and behind["held"]["seq"] == 40
    assert behind["last_case_no"] == max(case["case_no"] for case in cases)


ADMIN_PASSWORD = "Platform-2026-ok"


def _platform_staff(
    central: RunningCentral, role: str = "admin", hall: str = "platform-ops"
) -> str:
    """A new account of ``hall``'s register (the platform's operations register unless
    told), its name."""
    name = f"ops-{uuid.uuid4().hex[:8]}"
    central.cli(
        *("staff", "add", "--hall", hall, "--name", name, "--role", role),
        "--password-stdin",
        input=ADMIN_PASSWORD + "\n",
    )
    return name


def _accept_fork(
    central: RunningCentral, device_id: str, by: str, password: str = ADMIN_PASSWORD
) -> CliResult:
    argv = ["audit-heads", "accept-fork", device_id, "--by", by, "--password-stdin"]
    argv += ["--reason", "硬盘更换后恢复备份", "--json", *central.store_args()]
    return run_main(main, argv, password + "\n")


def _listed(central: RunningCentral, hall: str) -> dict[str, Any]:
    (row,) = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    return dict(row)


def test_an_accepted_fork_lets_the_next_report_set_a_new_base_once(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    """A window restored from a backup: its chain forks from the head held, so no report
    proves it continues. Once a platform administrator accepts the fork, its next report is
    the new base; later ones prove they continue that base, as before."""
    hall = unique_hall()
    device = enrol(hall, "W03")
    assert _proven(device, 31, "a" * 64, (0, "0" * 64)).json()["status"] == "stored"
    assert _proven(device, 33, "c" * 64, (31, "b" * 64)).json()["status"] == "refused"
    waiting = _listed(central, hall)
    assert (waiting["last_refused"], waiting["fork_waiting"], waiting["forks"]) == (
        True,
        None,
        [],
    )
    words = run_main(main, ["audit-heads", "--hall", hall, *central.store_args()]).stdout
    assert "最近上报被拒" in words and "accept-fork" in words

    admin = _platform_staff(central)
    accepted = _accept_fork(central, device.device_id, admin)
    assert accepted.returncode == 0, accepted.stderr
    fork = json.loads(accepted.stdout)["fork"]
    assert (fork["device"], fork["by"], fork["reason"], fork["base"]) == (
        device.device_id,
        admin,
        "硬盘更换后恢复备份",
        None,
    )
    assert (fork["replaced"]["seq"], fork["replaced"]["head"]) == (31, "a" * 64)
    again = json.loads(_accept_fork(central, device.device_id, admin).stdout)
    assert again == {"fork": fork, "already_waiting": True}
    assert _listed(central, hall)["fork_waiting"] == fork

    # The forked chain's head, its proof naming its own entry 31: the new base.
    based = _proven(device, 34, "d" * 64, (31, "b" * 64)).json()
    assert (based["status"], based["held"]["seq"], based["held"]["head"]) == (
        "stored",
        34,
        "d" * 64,
    )
    listed = _listed(central, hall)
    assert (listed["fork_waiting"], listed["last_refused"], listed["anomalies"]) == (None, False, 1)
    (kept,) = listed["forks"]
    assert (kept["replaced"], kept["base"]["seq"], kept["base"]["head"]) == (
        fork["replaced"],
        34,
        "d" * 64,
    )

    # Once: a chain that does not continue the base is refused again, one that does is taken.
    assert _proven(device, 36, "e" * 64, (34, "f" * 64)).json()["status"] == "refused"
    assert _proven(device, 36, "e" * 64, (34, "d" * 64)).json()["status"] == "stored"
    assert _listed(central, hall)["anomalies"] == 2


def test_a_base_behind_the_head_it_replaced_names_the_highest_case_number_held(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    """Accepted before the window learnt it was behind: its numbers still move past them."""
    device = enrol()
    cases = [device.case() for _ in range(2)]
    assert device.push(cases).status_code == 200
    assert _proven(device, 40, "a" * 64, None).json()["status"] == "stored"
    assert _accept_fork(central, device.device_id, _platform_staff(central)).returncode == 0

    based = _proven(device, 12, "b" * 64, None).json()
    assert (based["status"], based["held"]["seq"]) == ("stored", 12)
    assert based["last_case_no"] == max(case["case_no"] for case in cases)


def test_only_a_platform_administrator_accepts_a_fork_of_a_known_device(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    admin = _platform_staff(central)
    hall_admin = _platform_staff(central, hall=device.hall)
    supervisor = _platform_staff(central, role="supervisor")
    for by, password, en in (
        (hall_admin, ADMIN_PASSWORD, "is no platform administrator"),
        (supervisor, ADMIN_PASSWORD, "is no platform administrator"),
        (admin, "wrong-password", f"Wrong password for {admin}"),
    ):
        refused = _accept_fork(central, device.device_id, by, password)
        assert refused.returncode == 1 and en in refused.stderr
    unknown = _accept_fork(central, "no-such-device", admin)
    assert unknown.returncode == 1
    assert "平台上没有终端 no-such-device" in unknown.stderr
    assert "The platform has no device no-such-device" in unknown.stderr
    assert _listed(central, device.hall)["forks"] == []

    # Without a fork accepted, the device's chain is held to the head as before.
    assert _proven(device, 5, "a" * 64, (0, "0" * 64)).json()["status"] == "stored"
    assert _proven(device, 7, "b" * 64, (5, "c" * 64)).json()["status"] == "refused"
