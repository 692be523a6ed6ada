"""全市通办 on a real platform (SQLite and PostgreSQL): a step a handling department records
names that department to the accepting hall (its case history and hall queue); ``counter-central
routed`` refuses a department it does not know, listing those it does, and lists a known
one's cases in the words of the other listings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.cli import main as cli_main
from central.simulator import SimulatedDevice
from sync.wire.feeds import HallCaseHistory
from tests.central.conftest import push_ok, tracked_case
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main

pytestmark = pytest.mark.integration


def test_a_departments_step_names_the_department_in_the_halls_history(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    department = f"D-{enrol().hall}"  # unique per test run on the module's store
    device = enrol()
    case, _ = tracked_case(device, department=department)
    push_ok(device, [case])

    step = central.cli(
        "progress", case["case_no"], "--to", "in_process", "--department", department
    )
    assert step["department"] == department
    central.cli("progress", case["case_no"], "--to", "completed_approved")  # the platform's

    answer = device.request("GET", f"/v1/hall/cases/{case['case_id']}/history")
    assert answer.status_code == 200, answer.text
    history = HallCaseHistory.model_validate(answer.json())
    assert [(e.kind, e.state, e.actor) for e in history.entries] == [
        ("version", "accepted", "sim"),
        ("progress", "in_process", f"department:{department}"),
        ("progress", "completed_approved", "platform"),
    ]
    queue = device.feed("hall_queue").json()["items"]
    assert [i["actor"] for i in queue if i["case_id"] == case["case_id"]] == [
        "sim",
        f"department:{department}",
        "platform",
    ]


def test_routed_refuses_an_unknown_department_and_lists_in_chinese(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    central.publish_bundled_catalog()
    department = f"D-{enrol().hall}"
    device = enrol()
    case, _ = tracked_case(device, department=department)
    push_ok(device, [case])

    for unknown in (department.lower(), "浦东新区残疾人联合会"):
        refused = run_main(cli_main, ["routed", "--department", unknown, *central.store_args()])
        assert refused.returncode == 2 and refused.stdout == ""
        zh, en = refused.stderr.splitlines()
        assert zh.startswith(f"错误：没有承办部门 {unknown}") and en.startswith("Error: ")
        # The catalog's departments and those cases were routed to.
        assert "310115-CLF" in zh and department in zh and department in en

    listed = run_main(cli_main, ["routed", "--department", department, *central.store_args()])
    assert listed.returncode == 0
    heading, row = listed.stdout.splitlines()
    assert heading.split("\t") == [
        "办件编号", "事项", "受理大厅/窗口", "状态", "承诺办结日期", "流转时间"
    ]  # fmt: skip
    cells = row.split("\t")
    assert cells[:5] == [
        case["case_no"],
        "310101-HJ-001 模拟事项",
        f"模拟受理大厅/{device.window}",
        "已受理",
        "2026-12-08",
    ]
    # A department of the catalog no case was routed to yet: known, nothing to list.
    quiet = run_main(cli_main, ["routed", "--department", "310115-CLF", *central.store_args()])
    assert quiet.returncode == 0
    assert quiet.stdout.startswith("无转至部门 310115-CLF 的办件。")
