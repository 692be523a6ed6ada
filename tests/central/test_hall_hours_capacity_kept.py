"""``hall-hours set`` without ``--slot-capacity`` keeps the capacity the hall has, read in
the same transaction as the hours are written; a hall that never had one gets the default;
its log entry shows what was set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from central.opening_hours import DEFAULT_SLOT_CAPACITY
from central.store.operator_log import LogChoice, operator_log
from tests.central.conftest import CliRun, Platform


def _set(run_cli: Callable[..., CliRun], platform: Platform, *options: str) -> dict[str, Any]:
    done = run_cli("hall-hours", "set", "--hall", platform.hall, *options, *platform.db, "--json")
    assert done.returncode == 0, done.stderr
    shown: dict[str, Any] = done.json()["halls"][0]
    return shown


def test_new_hours_keep_the_halls_capacity(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    assert _set(run_cli, platform, "--weekdays", "09:00-17:00")["slot_capacity"] == (
        DEFAULT_SLOT_CAPACITY
    )
    assert (
        _set(run_cli, platform, "--weekdays", "09:00-17:00", "--slot-capacity", "2")[
            "slot_capacity"
        ]
        == 2
    )
    kept = _set(run_cli, platform, "--weekdays", "08:30-16:00")

    assert (kept["weekdays"], kept["slot_capacity"]) == ("08:30-16:00", 2)
    newest = operator_log(platform.store, LogChoice(action="hall-hours set"))[0][0]
    assert (newest["detail"]["weekdays"], newest["detail"]["slot_capacity"]) == (
        "08:30-16:00",
        2,
    )
