"""The platform settles a window's withdrawal it kept in conflict (``withdrawn_after_step``)
when it withdraws the case itself, on SQLite and PostgreSQL: every window of the hall reads
a ``settled`` item in the problems feed, still a conflict to a window that predates the flag.
No other problem is settled by a withdrawal, nor one a newer version solved already."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from sync.wire.feeds import FeedPage
from sync.wire.problems import HallProblem
from tests.central.conftest import push_ok, read_all, unique_hall

pytestmark = pytest.mark.integration

REASON = "申请人不再办理"


def _version(device: SimulatedDevice, case: dict[str, Any], version: int, **changes: Any) -> dict:
    """Version ``version`` of ``case`` as ``device`` sends it, its document changed."""
    payload = {**json.loads(json.dumps(case["payload"])), "data_version": version, **changes}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        case_no=case["case_no"],
        data_version=version,
        payload=payload,
    )


def _in_process(device: SimulatedDevice, store: CentralStore) -> dict[str, Any]:
    """A case stored, then taken into processing by the department."""
    case = device.case()
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")
    return case


def _problems(device: SimulatedDevice) -> list[HallProblem]:
    items, _, cursor = read_all(device, "problems", limit=10)
    page = FeedPage[HallProblem].model_validate({"items": items, "cursor": cursor, "more": False})
    return page.items


def test_the_platforms_withdrawal_settles_the_windows_withdrawal_for_the_hall(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = _in_process(owner, store)
    (kept,) = push_ok(owner, [_version(owner, case, 2, state="withdrawn")])
    assert (kept["status"], kept["reason"]) == ("conflict", "withdrawn_after_step")
    (standing,) = _problems(console)
    assert (standing.status, standing.settled) == ("conflict", False)

    progress.record_progress(store, case["case_no"], "withdrawn", REASON)

    standing, settled = _problems(console)
    assert settled.sequence > standing.sequence
    assert (str(settled.case_id), settled.case_no, settled.window_code) == (
        case["case_id"],
        case["case_no"],
        "W1",
    )
    assert (settled.data_version, settled.reason, settled.settled) == (
        2,
        "withdrawn_after_step",
        True,
    )
    # The status an older window knows: it still reads the page (and keeps the problem).
    assert settled.status == "conflict"
    assert "中心平台已撤回" in settled.message_zh and "settled" in settled.message_en
    raw = read_all(console, "problems", limit=10)[0]
    assert [item["settled"] for item in raw] == [False, True]  # JSON booleans on both stores
    assert _problems(owner) == [standing, settled]


def test_a_withdrawal_settles_no_other_problem_nor_one_already_solved(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    differing = _in_process(owner, store)
    (kept,) = push_ok(owner, [_version(owner, differing, 1, remarks="changed")])
    assert (kept["status"], kept["reason"]) == ("conflict", "content_differs")
    adopted = _in_process(owner, store)
    (kept,) = push_ok(owner, [_version(owner, adopted, 2, state="withdrawn")])
    assert kept["reason"] == "withdrawn_after_step"
    # The supervisor adopted the platform's version: a newer one solved the problem.
    (stored,) = push_ok(owner, [_version(owner, adopted, 3, state="in_process")])
    assert stored["status"] == "stored"
    before = _problems(console)

    progress.record_progress(store, differing["case_no"], "withdrawn", REASON)
    progress.record_progress(store, adopted["case_no"], "withdrawn", REASON)

    assert _problems(console) == before
    assert not any(problem.settled for problem in before)
