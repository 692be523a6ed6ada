"""A device two PCs share, as the platform first finds it: the set-up of the tests of what
the platform and ``counter-central`` say of a cloned device."""

from __future__ import annotations

import json
from collections.abc import Callable

import requests

from central.simulator import SimulatedDevice
from tests.central.conftest import unique_hall

AUDIT_HEAD_PATH = "/v1/audit-head"


def report_audit_head(
    device: SimulatedDevice, seq: int, head: str, continues: tuple[int, str]
) -> requests.Response:
    """The device's report of its audit chain's head ``seq``/``head``, continuing the head
    ``continues`` (seq, head)."""
    report = {"seq": seq, "head": head, "keyed_from": 1}
    report["continues"] = {"seq": continues[0], "head": continues[1]}
    return device.request("POST", AUDIT_HEAD_PATH, json.dumps(report).encode())


def clone_reports_a_second_chain(
    enrol: Callable[..., SimulatedDevice],
) -> tuple[str, SimulatedDevice, requests.Response]:
    """A device of a new hall's W05 whose two PCs' audit chains, forked from one entry, both
    keep reporting: the hall, the device and the answer to the clone's report that gave it
    away. PC A's chain moves on; PC B's is refused, and when it reports again after A moved
    past, the device is cloned."""
    hall = unique_hall()
    device = enrol(hall, "W05")
    assert report_audit_head(device, 10, "a" * 64, (0, "0" * 64)).json()["status"] == "stored"
    assert report_audit_head(device, 12, "b" * 64, (10, "a" * 64)).json()["status"] == "stored"
    assert report_audit_head(device, 13, "c" * 64, (12, "9" * 64)).json()["status"] == "refused"
    assert report_audit_head(device, 14, "d" * 64, (12, "b" * 64)).json()["status"] == "stored"
    return hall, device, report_audit_head(device, 15, "e" * 64, (14, "8" * 64))
