"""What the operator's and a channel's scripts read of appointments: ``appointment create
--json`` answers a refusal with its code on stdout (exit 1, the words on stderr as ever), a
hall's slot capacity set and shown with its hours, a hall's day listed without full ID
numbers, and a calendar published that closes a day with bookings says so per hall."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from central.store import arrivals
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.domain.idnumber import mask_id_number
from counter_app.identity.samples import gb11643
from tests.central.conftest import CliRun, Platform
from tests.central.open_halls import open_every_day_command
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME

# Far ahead, so no day of it is past whatever day the tests run on; 10-05 is a Monday.
NATIONAL_DAY = {
    "version": 1,
    "published_at": "2099-01-01T00:00:00Z",
    "years": [2099],
    "periods": [{"kind": "holiday", "name": "国庆节", "from": "2099-10-01", "to": "2099-10-07"}],
}


def holder(serial: int) -> str:
    return gb11643(f"310104195803120{serial:02d}")


def create(
    run_cli: Callable[..., CliRun], platform: Platform, at: str, id_number: str = ID_NUMBER
) -> CliRun:
    return run_cli(
        "appointment", "create", "--hall", platform.hall, "--item", ENDORSEMENT,
        "--id-number", id_number, "--at", at, *platform.db, "--json",
    )  # fmt: skip


def test_a_refusal_with_json_is_its_code_on_stdout(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    tomorrow = hall_today() + timedelta(days=1)
    assert run_cli(*open_every_day_command(platform.hall), *platform.db).returncode == 0
    refused = create(run_cli, platform, f"{tomorrow}T09:07")
    assert refused.returncode == 1
    error = refused.json()["error"]
    assert error["code"] == "off_grid"
    assert refused.stderr == f"错误：{error['message']}\nError: {error['message_en']}\n"
    assert create(run_cli, platform, f"{tomorrow}T09:30").returncode == 0
    duplicate = create(run_cli, platform, f"{tomorrow}T14:00")
    assert duplicate.json()["error"]["code"] == "duplicate"
    assert ID_NUMBER not in duplicate.stdout + duplicate.stderr
    assert create(run_cli, platform, "soon").json()["error"]["code"] == "bad_time"


def test_the_operator_sets_a_slot_capacity_that_the_hours_keep(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    tomorrow = hall_today() + timedelta(days=1)
    opened = run_cli(*open_every_day_command(platform.hall), "--slot-capacity", "1", *platform.db)
    assert opened.json()["halls"][0]["slot_capacity"] == 1
    assert create(run_cli, platform, f"{tomorrow}T10:00", holder(1)).returncode == 0
    full = create(run_cli, platform, f"{tomorrow}T10:00", holder(2))
    assert full.returncode == 1
    assert full.json()["error"]["code"] == "slot_full"
    assert f"下一个尚有空位的时段是 {tomorrow} 10:30" in full.json()["error"]["message"]
    # The hours set again without a capacity keep the one set.
    run_cli(*open_every_day_command(platform.hall), *platform.db)
    shown = run_cli("hall-hours", "show", "--hall", platform.hall, "--json", *platform.db)
    assert shown.json()["halls"][0]["slot_capacity"] == 1
    text = run_cli("hall-hours", "show", "--hall", platform.hall, *platform.db).stdout
    assert "每个时段可约 / appointments a slot takes: 1" in text
    assert run_cli(*open_every_day_command(platform.hall), "--slot-capacity", "0").returncode == 2


def test_publishing_a_holiday_warns_of_its_bookings_which_the_list_shows_masked(
    platform: Platform, run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    monday = date(2099, 10, 5)
    for serial, (day, hour) in enumerate(((monday, 10), (monday, 9), (monday, 9)), start=1):
        arrivals.create_appointment(
            platform.store, platform.hall, ENDORSEMENT, id_number=holder(serial), name=NAME,
            at=datetime.combine(day, time(hour), HALL_TIMEZONE),
            now=datetime.combine(day, time(0), HALL_TIMEZONE),
        )  # fmt: skip
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(NATIONAL_DAY), encoding="utf-8")
    published = run_cli("calendar", "publish", str(path), *platform.db)
    assert published.returncode == 0, published.stderr
    assert f"大厅 {platform.hall} 有 3 个预约仍在其现已不开放的日子：2099-10-05（3 个）" in (
        published.stderr
    )
    assert f"appointment list --hall {platform.hall} --date 2099-10-05" in published.stderr
    listed = run_cli(
        "appointment", "list", "--hall", platform.hall, "--date", "2099-10-05", "--json",
        *platform.db,
    )  # fmt: skip
    rows = listed.json()["appointments"]
    assert [(r["slot_at"][11:16], r["appointment_no"]) for r in rows] == [
        ("09:00", "A1005002"),
        ("09:00", "A1005003"),
        ("10:00", "A1005001"),
    ]
    assert rows[0]["id_number"] == mask_id_number(holder(2)) and rows[0]["name"] != NAME
    text = run_cli("appointment", "list", "--hall", platform.hall, "--date", "2099-10-05",
                   *platform.db).stdout  # fmt: skip
    assert "A1005002" in text and "--hall-closing" in text
    assert all(holder(serial) not in listed.stdout + text for serial in (1, 2, 3))
    for row in rows:
        cancelled = run_cli("appointment", "cancel", row["arrival_id"], "--hall-closing",
                            *platform.db)  # fmt: skip
        assert cancelled.returncode == 0, cancelled.stderr
    again = run_cli("calendar", "publish", str(path), "--if-newer", *platform.db)
    assert again.returncode == 0 and again.stderr == ""  # nothing booked on it any more
