"""The platform operator's commands guard against the slips a person makes at a terminal: a
revoke that says what it revoked and can be fenced to a hall and window, hall-code typos
said everywhere, an item or an appointment day the ticket machine would take wrongly, a
calendar year without holidays, a second disable, a suspension without its reason."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from central.store import arrivals
from central.store import devices as device_register
from central.store.staff import change_staff, staff_history
from central.store.tickets import ticket_visits
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.store.catalog import bundled_catalog
from tests.central.booking_times import later_today
from tests.central.conftest import CliRun, Platform
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, ID_NUMBER

Run = Callable[..., CliRun]
TYPO = "31O104-001"  # the letter O for a zero: well formed, and no hall's


def window_of(platform: Platform) -> str:
    (window,) = device_register.devices(platform.store, platform.hall)
    return window.device_id


def rows(platform: Platform, count: str) -> int:
    with platform.store.snapshot() as cur:
        return int(platform.store._exec(cur, count).fetchone()[0])


def live(platform: Platform, device_id: str) -> bool:
    device = device_register.device(platform.store, device_id)
    return device is not None and device.revoked_at is None


def test_revoke_says_which_window_and_refuses_another_hall_or_window(
    platform: Platform, run_cli: Run
) -> None:
    device_id = window_of(platform)
    for guard in (("--hall", "OTHER-HALL"), ("--window", "W2")):
        refused = run_cli("revoke", device_id, *guard, *platform.db)
        assert refused.returncode == 1, refused.stdout
        assert refused.stderr.startswith(f"错误：设备 {device_id} 属于 {platform.hall}/W1，不是")
        assert "nothing revoked" in refused.stderr
        assert live(platform, device_id)

    revoked = run_cli("revoke", device_id, "--hall", platform.hall, "--window", "W1", *platform.db)
    assert revoked.returncode == 0, revoked.stderr
    said = revoked.json()
    assert (said["device_id"], said["revoked"]) == (device_id, True)
    assert (said["hall"], said["window"], said["last_contact"]) == (platform.hall, "W1", None)
    assert not live(platform, device_id)

    again = run_cli("revoke", device_id, *platform.db)
    assert again.returncode == 1
    assert again.stderr.startswith(
        f"错误：设备 {device_id}（{platform.hall}/W1）已于 {said['revoked_at']} 吊销"
    )
    unknown = run_cli("revoke", device_id + "X", *platform.db)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith(f"错误：没有设备 {device_id}X：请用 counter-central devices")


def test_a_malformed_hall_code_is_refused_by_every_command(
    platform: Platform, run_cli: Run
) -> None:
    for command in (
        ("notice", "publish", "--title", "通知", "--body", "正文"),
        ("staff", "list"),
        ("staff", "add", "--name", "li.ming", "--role", "clerk", "--password-stdin"),
        ("cases",),
        ("devices",),
    ):
        refused = run_cli(*command, "--hall", "31O104 001", *platform.db)
        assert refused.returncode in (1, 2), command
        assert "大厅编码“31O104 001”不合法" in refused.stderr, command
        assert refused.stdout == ""
    assert rows(platform, "SELECT COUNT(*) FROM notices") == 0


def test_a_hall_without_windows_is_said_and_the_command_goes_on(
    platform: Platform, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    never = f"注意：平台上从未有大厅 {TYPO} 的窗口设备登记：请核对大厅编码"
    notice = run_cli(
        "notice", "publish", "--hall", TYPO, "--title", "通知", "--body", "正文", *platform.db
    )
    assert notice.returncode == 0 and notice.stderr.startswith(never)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Window-2026-ok\n"))
    added = run_cli(
        "staff", "add", "--hall", TYPO, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", *platform.db,
    )  # fmt: skip
    assert added.returncode == 0 and added.stderr.startswith(never)
    assert json.loads(added.stdout)["hall"] == TYPO  # staff may come before the windows
    listed = run_cli("staff", "list", "--hall", TYPO, *platform.db)
    assert listed.returncode == 0 and listed.stderr.startswith(never)
    assert listed.stdout.startswith("li.ming\t")
    cases = run_cli("cases", "--hall", TYPO, "--json", *platform.db)
    assert cases.returncode == 0 and cases.stderr.startswith(never)
    assert cases.json() == {"cases": []}

    quiet = run_cli("staff", "list", "--hall", platform.hall, *platform.db)
    assert quiet.returncode == 0 and quiet.stderr == ""
    device_register.revoke_device(platform.store, window_of(platform))
    revoked = run_cli("cases", "--hall", platform.hall, *platform.db)
    assert revoked.stderr.startswith(f"注意：大厅 {platform.hall} 的窗口设备均已吊销")


def test_a_ticket_for_an_item_not_in_the_catalog_is_refused_as_an_appointment_is(
    platform: Platform, run_cli: Run
) -> None:
    refused = run_cli("ticket", "issue", "--hall", platform.hall, "--item", "NOPE", *platform.db)
    assert refused.returncode == 1, refused.stdout
    version = bundled_catalog()["version"]
    assert refused.stderr.startswith(f"错误：事项目录（第 {version} 版）中没有事项 NOPE。")
    assert ticket_visits(platform.store, platform.hall) == []
    issued = run_cli("ticket", "issue", "--hall", platform.hall, "--item", ENDORSEMENT,
                     "--json", *platform.db)  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    assert issued.json()["number"] == "A001"


def test_an_appointment_of_another_day_gets_no_priority_ticket(
    platform: Platform, run_cli: Run
) -> None:
    open_every_day(platform.store, platform.hall)  # today and tomorrow, whatever days

    def book(day_offset: int) -> str:
        day = hall_today() + timedelta(days=day_offset)
        # A slot of today still to come (the store refuses one that has ended).
        slot = (
            later_today() if day_offset == 0 else datetime.combine(day, time(9, 30), HALL_TIMEZONE)
        )
        booked = arrivals.create_appointment(
            platform.store, platform.hall, ENDORSEMENT, id_number=ID_NUMBER, name="", at=slot
        )
        return str(booked["arrival_id"])

    later = book(1)
    refused = run_cli(
        "ticket", "issue", "--hall", platform.hall, "--appointment", later, *platform.db
    )
    assert refused.returncode == 1, refused.stdout
    chinese, english = refused.stderr.splitlines()
    day = hall_today() + timedelta(days=1)
    assert f"是 {day} 的预约，不是今天（大厅今天是 {hall_today()}）" in chinese
    assert f"is for {day}, not today" in english
    assert ticket_visits(platform.store, platform.hall) == []

    today = run_cli("ticket", "issue", "--hall", platform.hall, "--appointment", book(0),
                    "--json", *platform.db)  # fmt: skip
    assert today.returncode == 0, today.stderr
    assert today.json()["number"] == "Y001"


def test_a_calendar_listing_a_year_without_holidays_is_not_published(
    platform: Platform, run_cli: Run, tmp_path: Path
) -> None:
    document = {
        "version": 90,
        "published_at": "2026-11-01T00:00:00Z",
        "years": [2026, 2027],
        "periods": [
            {"kind": "holiday", "name": "国庆节", "from": "2026-10-01", "to": "2026-10-07"}
        ],
    }
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    refused = run_cli("calendar", "publish", str(path), *platform.db)
    assert refused.returncode == 1, refused.stdout
    assert "2027年列为覆盖年份，却没有任何法定节假日" in refused.stderr
    assert "2027 listed in 'years' but without any holiday period" in refused.stderr
    assert rows(platform, "SELECT COUNT(*) FROM feed_documents WHERE feed = 'calendar'") == 0


def test_disabling_a_disabled_account_says_so_and_records_nothing(
    platform: Platform, run_cli: Run
) -> None:
    change_staff(
        platform.store, platform.hall, "li.ming", "add", by="test", role="clerk",
        password="Window-2026-ok",
    )  # fmt: skip
    account = ("--hall", platform.hall, "--name", "li.ming", *platform.db)
    first = run_cli("staff", "disable", *account)
    assert first.returncode == 0 and json.loads(first.stdout)["disabled"] is True
    second = run_cli("staff", "disable", *account)
    assert second.returncode == 0 and second.stdout == ""
    assert second.stderr.startswith(f"注意：大厅 {platform.hall} 的账号 li.ming 已经停用")
    assert "nothing changed" in second.stderr
    changes = staff_history(platform.store, platform.hall, "li.ming")
    assert [c["change"] for c in changes] == ["add", "disable"]


def test_a_suspension_needs_its_reason(platform: Platform, run_cli: Run) -> None:
    case = "00000000-0000-4000-8000-000000000000"
    for note in ((), ("--note", "  ")):
        refused = run_cli("progress", case, "--to", "suspended", *note, *platform.db)
        assert refused.returncode == 1
        assert refused.stderr.startswith("错误：中止办理（特别程序）须写明原因：--note 原因。")
    # With its reason the step reaches the store, which knows no such case.
    reasoned = run_cli("progress", case, "--to", "suspended", "--note", "需现场勘验", *platform.db)
    assert reasoned.returncode == 1 and "--note" not in reasoned.stderr
