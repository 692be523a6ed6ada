"""``counter-central conflicts`` on SQLite and PostgreSQL: the conflicts still open by
default, every one with ``--all`` and what became of it (solved by a newer version stored
after it, settled by the platform's own withdrawal, or open), every field it had before kept
in ``--json``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store import cases as case_store
from tests.central.conftest import CliRun, push_ok, read_all, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

# The fields the listing carried before it told open conflicts from old ones.
EARLIER_FIELDS = {
    "conflict_id",
    "case_id",
    "data_version",
    "content_hash",
    "case_no",
    "hall",
    "device",
    "reason",
    "received_at",
}


def _version(device: SimulatedDevice, case: dict[str, Any], version: int, **changes: Any) -> dict:
    """Version ``version`` of ``case`` as ``device`` sends it, its document changed."""
    payload = {**json.loads(json.dumps(case["payload"])), "data_version": version, **changes}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        case_no=case["case_no"],
        data_version=version,
        payload=payload,
    )


def _kept(device: SimulatedDevice, submission: dict[str, Any], reason: str) -> None:
    (result,) = push_ok(device, [submission])
    assert (result["status"], result["reason"]) == ("conflict", reason)


def _listed(central: RunningCentral, hall: str, *options: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = central.cli("conflicts", "--hall", hall, *options, "--json")[
        "conflicts"
    ]
    return listed


def _received(store: CentralStore, case_id: str, version: int) -> str:
    (received,) = [
        v["received_at"]
        for v in case_store.case_versions(store, case_id)
        if v["data_version"] == version
    ]
    return received


def test_a_conflict_is_open_until_a_newer_version_is_stored_after_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, central: RunningCentral
) -> None:
    device = enrol(unique_hall())
    case = device.case()
    push_ok(device, [case])
    _kept(
        device, _version(device, case, 1, remarks="edited without a new version"), "content_differs"
    )
    (conflict,) = _listed(central, device.hall)
    assert conflict.keys() >= EARLIER_FIELDS
    assert (conflict["case_id"], conflict["data_version"], conflict["reason"]) == (
        case["case_id"],
        1,
        "content_differs",
    )
    assert (conflict["open"], conflict["outcome"], conflict["resolved_at"]) == (True, "open", None)
    assert conflict["solved_by_version"] is None

    push_ok(device, [_version(device, case, 2)])

    assert _listed(central, device.hall) == []
    (solved,) = _listed(central, device.hall, "--all")
    assert {key: solved[key] for key in EARLIER_FIELDS} == {
        key: conflict[key] for key in EARLIER_FIELDS
    }
    assert (solved["open"], solved["outcome"], solved["solved_by_version"]) == (
        False,
        "solved",
        2,
    )
    assert solved["resolved_at"] == _received(store, case["case_id"], 2)


def test_a_stale_version_stays_open_though_the_platform_held_a_newer_one_before_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, central: RunningCentral
) -> None:
    device = enrol(unique_hall())
    case = device.case()
    # Version 2 was never stored (it arrived damaged and was refused): the window sends it
    # again after the platform stored version 3.
    damaged = {**_version(device, case, 2), "content_hash": "0" * 64}
    push_ok(device, [case, damaged, _version(device, case, 3)])
    _kept(device, _version(device, case, 2, remarks="an offline edit"), "stale_version")

    (stale,) = _listed(central, device.hall)
    assert (stale["data_version"], stale["outcome"]) == (2, "open")

    push_ok(device, [_version(device, case, 4)])

    assert _listed(central, device.hall) == []
    (solved,) = _listed(central, device.hall, "--all")
    assert (solved["outcome"], solved["solved_by_version"]) == ("solved", 4)
    assert solved["resolved_at"] == _received(store, case["case_id"], 4)


def test_the_platforms_withdrawal_settles_the_windows_withdrawal_kept_in_conflict(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    device = enrol(unique_hall())
    withdrawn, edited = device.case(), device.case()
    push_ok(device, [withdrawn, edited])
    progress.record_progress(store, withdrawn["case_no"], "in_process", "")
    _kept(device, _version(device, withdrawn, 2, state="withdrawn"), "withdrawn_after_step")
    _kept(device, _version(device, edited, 1, remarks="changed"), "content_differs")
    push_ok(device, [_version(device, edited, 2)])

    progress.record_progress(store, withdrawn["case_no"], "withdrawn", "申请人不再办理")

    assert _listed(central, device.hall) == []
    settled, solved = _listed(central, device.hall, "--all")
    items, _, _ = read_all(device, "problems", limit=10)
    (settle_item,) = [item for item in items if item["settled"]]
    assert (settled["case_id"], settled["open"], settled["outcome"]) == (
        withdrawn["case_id"],
        False,
        "settled",
    )
    assert settled["solved_by_version"] is None
    assert datetime.fromisoformat(settled["resolved_at"]) == datetime.fromisoformat(
        settle_item["at"]
    )
    assert (solved["case_id"], solved["outcome"]) == (edited["case_id"], "solved")

    db = central.store_args()
    assert run_cli("conflicts", "--hall", device.hall, *db).stdout == (
        "无冲突提交。 / No conflicting submissions.\n"
    )
    heading, *lines = run_cli("conflicts", "--hall", device.hall, "--all", *db).stdout.splitlines()
    assert heading.split("\t")[-1] == "结果"
    outcomes = [line.split("\t")[-1] for line in lines]
    assert outcomes[0].startswith("平台撤回后已了结（")
    assert outcomes[1].startswith("已由第 2 版解决（")


def test_an_open_conflict_reads_as_such_to_a_person(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, run_cli: Callable[..., CliRun]
) -> None:
    device = enrol(unique_hall())
    case = device.case()
    push_ok(device, [case])
    _kept(device, _version(device, case, 1, remarks="changed"), "content_differs")

    heading, line = run_cli(
        "conflicts", "--hall", device.hall, *central.store_args()
    ).stdout.splitlines()
    assert heading.split("\t") == ["办件编号", "版本", "原因", "收到时间", "办件ID", "结果"]
    assert line.split("\t")[:3] == [case["case_no"], "v1", "content_differs"]
    assert line.split("\t")[-1] == "待处理"
