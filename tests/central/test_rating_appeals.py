"""A hall's appeal of a bad rating decided on the platform (``counter-central evaluations
appeal``): only an account of the review register (``city-review``) decides, never the
hall's own supervisor; once. The decision goes to the accepting window in the progress
feed, and the listing shows each rating's follow-up (state, due dates, overdue marks and
the appeal) from the platform's own decision, whatever a window's version claims; an
upheld appeal takes the rating out of the satisfaction figures (``counted``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.cli import main
from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store.evaluations import REVIEW_REGISTER
from central.store.feeds import read_feed
from tests.central.conftest import push_ok, tracked_case
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main

PASSWORD = "Review-2026-ok"
# Due long before the platform's today: every limit missed unless closed.
FOLLOWUP = {
    "opened_at": "2026-09-24T02:00:00.000000Z",
    "due_contact": "2026-09-25",
    "due_settle": "2026-10-09",
    "due_rectify": "2026-10-22",
}


def _rated(payload: dict[str, Any], *steps: str) -> dict[str, Any]:
    """``payload`` rated 1 at the hall's evaluator, its follow-up with ``steps``."""
    return payload | {
        "evaluation": {
            "channel": "hall_evaluator",
            "level": 1,
            "declined": False,
            "reason_code": "other",
            "reason": None,
            "window": payload["window"],
            "clerk": payload["clerk"],
            "at": "2026-09-24T02:00:00.000000Z",
        },
        "evaluation_followup": FOLLOWUP
        | {
            "steps": [
                {"step": step, "note": "n", "by": "chief1", "at": "2026-09-25T02:00:00.000000Z"}
                for step in steps
            ]
        },
    }


def _pushed(device: SimulatedDevice, *steps: str) -> dict[str, Any]:
    submission, _token = tracked_case(device)
    rated = device.case(
        case_id=uuid.UUID(submission["case_id"]),
        case_no=submission["case_no"],
        payload=_rated(submission["payload"], *steps),
    )
    assert [r["status"] for r in push_ok(device, [rated])] == ["stored"]
    return rated


def _decide(central: RunningCentral, case_no: str, *options: str, by: str = "reviewer1"):
    argv = ["evaluations", "appeal", case_no, *options, "--by", by, "--password-stdin"]
    return run_main(main, [*argv, *central.store_args()], PASSWORD + "\n")


def _listed(central: RunningCentral, hall: str, *options: str) -> list[dict[str, Any]]:
    return list(central.cli("evaluations", "--hall", hall, "--json", *options)["evaluations"])


def _staff(central: RunningCentral, hall: str, name: str) -> None:
    central.cli(
        *("staff", "add", "--hall", hall, "--name", name, "--role", "supervisor"),
        "--password-stdin",
        input=PASSWORD + "\n",
    )


@pytest.mark.integration
def test_a_reviewer_upholds_an_appeal_the_halls_supervisor_may_not_decide(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    hall = device.hall
    _staff(central, hall, "chief1")
    _staff(central, REVIEW_REGISTER, "reviewer1")
    appealed = _pushed(device, "contacted", "appeal")
    case_no = appealed["case_no"]

    (row,) = _listed(central, hall)
    followup = row["followup"]
    assert (followup["state"], followup["appeal"], followup["overdue"]) == (
        "contacted",
        "pending",
        ["settle", "rectify"],
    )
    assert row["counted"] is True and followup["appeal_decision"] is None
    assert [r["case_no"] for r in _listed(central, hall, "--overdue")] == [case_no]
    heading, line = run_main(
        main, ["evaluations", "--hall", hall, *central.store_args()], None
    ).stdout.splitlines()
    for label in ("回访状态", "联系期限", "办结期限", "整改期限", "超期", "申诉"):
        assert label in heading.split("\t")
    cells = line.split("\t")
    assert {"已联系", "2026-10-09", "办结超期、整改超期", "申诉待审"} <= set(cells)

    own = _decide(central, case_no, "--uphold", "--reason", "误评", by="chief1")
    assert own.returncode == 1 and "不是市级好差评审核人员" in own.stderr
    wrong = run_main(
        main,
        [
            *("evaluations", "appeal", case_no, "--reject", "--reason", "x"),
            *("--by", "reviewer1", "--password-stdin", *central.store_args()),
        ],
        "not-the-password\n",
    )
    assert wrong.returncode == 1 and "密码不正确" in wrong.stderr
    assert _listed(central, hall)[0]["followup"]["appeal"] == "pending"

    done = _decide(central, case_no, "--uphold", "--reason", "录像显示系误操作", "--json")
    assert done.returncode == 0, done.stderr
    decided = json.loads(done.stdout)
    assert (decided["case_no"], decided["decision"], decided["by"]) == (
        case_no,
        "upheld",
        "reviewer1",
    )
    again = _decide(central, case_no, "--reject", "--reason", "再审")
    assert again.returncode == 1 and "已审核过" in again.stderr

    (row,) = _listed(central, hall)
    assert (row["followup"]["state"], row["followup"]["appeal"]) == ("appealed", "upheld")
    assert (row["followup"]["overdue"], row["counted"]) == ([], False)
    assert row["followup"]["appeal_decision"]["reason"] == "录像显示系误操作"
    assert _listed(central, hall, "--overdue") == []
    text = run_main(main, ["evaluations", "--hall", hall, *central.store_args()], None).stdout
    assert "申诉成立" in text and "不计入满意度" in text

    # The accepting window learns it from the progress feed it pulls.
    items, _more = read_feed(store, "progress", hall, 0, 100)
    (item,) = [i.item for i in items if i.item["appeal_decision"] is not None]
    assert (item["case_no"], item["appeal_decision"], item["appeal_by"]) == (
        case_no,
        "upheld",
        "reviewer1",
    )
    assert item["appeal_reason"] == "录像显示系误操作" and item["state"] == "accepted"


@pytest.mark.integration
def test_only_a_waiting_appeal_is_decided_and_a_windows_claim_decides_nothing(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    _staff(central, REVIEW_REGISTER, "reviewer2")
    without = _pushed(device, "contacted")
    refused = _decide(central, without["case_no"], "--reject", "--reason", "x", by="reviewer2")
    assert refused.returncode == 1 and "没有申诉" in refused.stderr
    unknown = _decide(central, "NO-SUCH-CASE", "--reject", "--reason", "x", by="reviewer2")
    assert unknown.returncode == 1 and "NO-SUCH-CASE" in unknown.stderr
    no_reason = _decide(central, without["case_no"], "--reject", "--reason", " ", by="reviewer2")
    assert no_reason.returncode == 1 and "审核理由" in no_reason.stderr

    claimed = _pushed(device, "appeal", "appeal_upheld")
    row = next(r for r in _listed(central, device.hall) if r["case_no"] == claimed["case_no"])
    assert (row["followup"]["appeal"], row["followup"]["state"], row["counted"]) == (
        "pending",
        "open",
        True,
    )
    assert row["followup"]["overdue"] == ["contact", "settle", "rectify"]
