"""The operator's staff changes say when they would change nothing (an enabled account
enabled, the same role) and record nothing then; an unlock the platform knows no lockout of
is recorded all the same (a window's offline lockout reaches the platform only at its next
sync, where the unlock lifts it); a reset of a
forgotten password lifts the lockouts its wrong guesses made, at the platform and, through
the ``staff`` feed, at the windows."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from central.store import devices as device_register
from central.store.staff import record_lockout, staff_history, staff_of_hall
from sync.wire.staff import LockoutReport
from tests.central.conftest import CliRun, Platform
from tests.central.enrolled import register_staff

Run = Callable[..., CliRun]


def test_a_change_that_changes_nothing_is_said_and_not_recorded(
    platform: Platform, run_cli: Run
) -> None:
    register_staff(platform.store, platform.hall, ("li.ming", "clerk"), ("admin01", "admin"))
    before = operator_entries(platform)

    def staff(action: str, *more: str) -> CliRun:
        return run_cli(
            "staff", action, "--hall", platform.hall, "--name", "li.ming", *more, *platform.db
        )

    for done, zh in (
        (staff("enable"), "已经启用"),
        (staff("role", "--role", "clerk"), "的角色已是 clerk"),
    ):
        assert (done.returncode, done.stdout) == (0, ""), done.stderr
        chinese, english = done.stderr.splitlines()
        assert chinese.startswith("注意：") and zh in chinese and chinese.endswith("未作更改。")
        assert english.endswith("nothing changed.")
    assert [c["change"] for c in staff_history(platform.store, platform.hall, "li.ming")] == ["add"]
    assert operator_entries(platform) == before

    unlocked = staff("unlock")
    assert unlocked.returncode == 0, unlocked.stderr
    history = staff_history(platform.store, platform.hall, "li.ming")
    assert [c["change"] for c in history] == ["add", "unlock"]
    (listed,) = [
        a for a in staff_of_hall(platform.store, platform.hall) if a["username"] == "li.ming"
    ]
    assert listed["unlocked_at"] is not None  # what the feed hands the windows
    assert staff("role", "--role", "supervisor").returncode == 0


def operator_entries(platform: Platform) -> int:
    with platform.store.snapshot() as cur:
        count: int = platform.store._exec(cur, "SELECT COUNT(*) FROM operator_log").fetchone()[0]
    return count


def test_a_reset_lifts_the_lockouts_of_the_account(
    platform: Platform, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_staff(platform.store, platform.hall, ("li.ming", "clerk"), ("admin01", "admin"))
    (device,) = device_register.devices(platform.store, platform.hall)
    locked_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    report = LockoutReport(
        lockout_id=uuid.uuid4(),
        username="li.ming",
        locked_at=locked_at,
        until=locked_at + timedelta(minutes=15),
        failed_attempts=5,
        lifted_at=None,
        lifted_by=None,
    )
    record_lockout(platform.store, device, uuid.uuid4().hex, report)

    monkeypatch.setattr("sys.stdin", io.StringIO("Forgotten-2026-new\n"))
    reset = run_cli(
        "staff", "reset", "--hall", platform.hall, "--name", "li.ming", "--password-stdin",
        *platform.db,
    )  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    account = reset.json()
    assert account["unlocked_at"] is not None and account["unlocked_at"] >= locked_at.isoformat()
    (lockout,) = account["lockouts"]
    assert (lockout["state"], lockout["lifted_by"]) == ("lifted", "platform")
    (listed,) = [
        a for a in staff_of_hall(platform.store, platform.hall) if a["username"] == "li.ming"
    ]
    assert listed["unlocked_at"] == account["unlocked_at"]  # what the feed hands the windows
