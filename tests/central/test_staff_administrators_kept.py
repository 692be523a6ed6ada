"""A hall keeps an administrator: the operator cannot disable or demote the last enabled one
(its windows would refuse key backups, restores and the audit log from their next sync), and
a revoke names the resets a lost window PC asks for, every account of its hall being on it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from central.store import devices as device_register
from central.store.staff import change_staff, set_up_second_factor, staff_history
from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
from sync.wire.staff import SecondFactorSetUp
from tests.central.conftest import CliRun, Platform, unique_hall

Run = Callable[..., CliRun]
PASSWORD = "Window-2026-ok"
LAST = "错误：这是本厅最后一名管理员"


def add(platform: Platform, name: str, role: str, hall: str | None = None) -> None:
    change_staff(
        platform.store, hall or platform.hall, name, "add", by="test", role=role,
        password=PASSWORD,
    )  # fmt: skip


def test_the_last_enabled_administrator_is_neither_disabled_nor_demoted(
    platform: Platform, run_cli: Run
) -> None:
    add(platform, "admin01", "admin")
    add(platform, "sup01", "supervisor")
    add(platform, "admin09", "admin", hall=unique_hall())  # another hall's counts not here

    def staff(action: str, name: str, *more: str) -> CliRun:
        return run_cli(
            "staff", action, "--hall", platform.hall, "--name", name, *more, *platform.db
        )

    for refused in (staff("disable", "admin01"), staff("role", "admin01", "--role", "clerk")):
        assert (refused.returncode, refused.stdout) == (1, "")
        chinese, english = refused.stderr.splitlines()
        assert chinese.startswith(LAST)
        assert f"counter-central staff add --hall {platform.hall} --name 用户名 --role admin" in (
            chinese
        )
        assert "last enabled administrator" in english and "Nothing changed" in english
    assert [
        change["change"] for change in staff_history(platform.store, platform.hall, "admin01")
    ] == ["add"]
    assert staff("role", "admin01", "--role", "admin").returncode == 0  # stays one

    # Another administrator first: then either may go, but not both.
    assert staff("role", "sup01", "--role", "admin").returncode == 0
    disabled = staff("disable", "admin01")
    assert disabled.returncode == 0 and json.loads(disabled.stdout)["disabled"] is True
    demoted = staff("role", "sup01", "--role", "supervisor")
    assert demoted.returncode == 1 and demoted.stderr.startswith(LAST)
    assert staff("enable", "admin01").returncode == 0
    assert staff("role", "sup01", "--role", "supervisor").returncode == 0
    assert staff("disable", "sup01").returncode == 0  # not an administrator: nothing to keep


def test_a_revoke_names_the_resets_of_every_account_of_the_hall(
    platform: Platform, run_cli: Run
) -> None:
    add(platform, "admin01", "admin")
    add(platform, "li.ming", "clerk")
    (device,) = device_register.devices(platform.store, platform.hall)
    secret = new_secret()
    code = code_for_step(secret, step_at(datetime.now(UTC)))
    set_up = SecondFactorSetUp(username="admin01", password=PASSWORD, secret=secret, code=code)
    set_up_second_factor(platform.store, device, uuid.uuid4().hex, set_up)

    revoked = run_cli("revoke", device.device_id, *platform.db)
    assert revoked.returncode == 0, revoked.stderr
    said = revoked.json()
    assert (said["device_id"], said["revoked"], said["hall"]) == (
        device.device_id,
        True,
        platform.hall,
    )
    hall = platform.hall
    steps = [
        f"counter-central staff reset --hall {hall} --name admin01 --password-stdin",
        f"counter-central staff reset-code --hall {hall} --name admin01",
        f"counter-central staff reset --hall {hall} --name li.ming --password-stdin",
    ]
    assert said["next_steps"] == steps
    chinese, english, *listed = revoked.stderr.splitlines()
    assert chinese.startswith("注意：若该电脑丢失、被盗或硬盘流出") and "§3.3" in chinese
    assert english.startswith("Note: if the PC was lost or stolen")
    assert [line.strip() for line in listed] == steps


def test_a_revoke_in_a_hall_without_staff_says_no_more(platform: Platform, run_cli: Run) -> None:
    (device,) = device_register.devices(platform.store, platform.hall)
    revoked = run_cli("revoke", device.device_id, *platform.db)
    assert (revoked.returncode, revoked.stderr) == (0, "")
    assert revoked.json()["next_steps"] == []
