"""``counter-central preapp|appointment create`` and ``ticket issue`` refuse in words what
no hall could use: a hall no window is enrolled under, an appointment for a slot already
ended (a time without a zone is the hall's, Shanghai, whatever the computer's zone), a
pre-review held for a number of days no date can hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from central.store import arrivals
from central.store import devices as device_register
from counter_app.domain.hall_time import FIRST_HALL_DAY, LAST_HALL_DAY, hall_today
from counter_app.identity.samples import gb11643
from tests.central.booking_times import later_today
from tests.central.conftest import CliRun, Platform
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME, RESIDENCE_FIRST


def book(
    run_cli: Callable[..., CliRun],
    platform: Platform,
    at: str,
    *more: str,
    id_number: str = ID_NUMBER,
) -> CliRun:
    return run_cli(
        "appointment", "create", "--hall", platform.hall, "--item", ENDORSEMENT,
        "--id-number", id_number, "--at", at, *more, *platform.db, "--json",
    )  # fmt: skip


def booked_slots(platform: Platform) -> list[str]:
    page, _ = arrivals.read_arrivals(
        platform.store, platform.hall, 0, 100, first=FIRST_HALL_DAY, until=LAST_HALL_DAY
    )
    return [str(row.item["slot_at"]) for row in page]


def test_a_slot_already_ended_is_refused_and_one_to_come_stands(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    open_every_day(platform.store, platform.hall)  # every slot of today is within the hours
    yesterday = hall_today() - timedelta(days=1)
    # Yesterday's last slot in hall time; read as UTC it would be today at 07:30 there.
    late_yesterday = f"{yesterday}T23:30"
    # Today's date where it is written, but yesterday at the hall (UTC+14 is 6 hours ahead).
    far_east = f"{hall_today()}T05:00+14:00"
    for at in (late_yesterday, far_east, "2000-01-01T09:30"):
        refused = book(run_cli, platform, at)
        assert refused.returncode == 1, refused.stdout
        chinese, english = refused.stderr.splitlines()
        assert chinese.startswith("错误：预约时段") and "已经过去" in chinese
        assert f"大厅现在是 {hall_today()}" in chinese
        assert "大厅今天开放至 24:00，可预约此后的时段" in chinese  # open all day
        assert english.startswith("Error: The slot") and "has already passed" in english
        assert "book a later slot" in english
    assert booked_slots(platform) == []

    later = later_today()
    kept = book(run_cli, platform, later.isoformat(), id_number=gb11643("31010419580312002"))
    assert kept.returncode == 0, kept.stderr
    assert kept.json()["slot_at"] == later.isoformat()


def test_a_slot_out_of_any_zones_range_is_refused_in_words(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    refused = book(run_cli, platform, "9999-12-31T23:59-12:00")
    assert refused.returncode == 1
    assert refused.stderr.startswith("错误：--at 应为 ISO 时间")
    assert "Error: --at takes an ISO time" in refused.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("appointment", "create", "--item", ENDORSEMENT, "--id-number", ID_NUMBER,
         "--at", f"{hall_today() + timedelta(days=1)}T09:30"),
        ("preapp", "create", "--item", RESIDENCE_FIRST, "--id-number", ID_NUMBER,
         "--name", NAME),
        ("ticket", "issue"),
    ],
)  # fmt: skip
def test_a_hall_no_window_is_enrolled_under_is_refused_saying_how_to_enrol(
    platform: Platform, run_cli: Callable[..., CliRun], command: tuple[str, ...]
) -> None:
    refused = run_cli(*command, "--hall", "NOPE", *platform.db)
    assert refused.returncode == 1, refused.stdout
    chinese, english = refused.stderr.splitlines()
    assert chinese.startswith("错误：平台上没有大厅 NOPE")
    assert "counter-central enroll-code --hall NOPE --window" in chinese
    assert english.startswith("Error: The platform knows no hall NOPE")
    assert "counter-app enroll URL CODE" in english
    assert refused.stdout == ""

    known = run_cli(*command, "--hall", platform.hall, *platform.db)
    assert known.returncode == 0, known.stderr


def test_a_hall_whose_only_window_was_revoked_is_refused(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    (window,) = device_register.devices(platform.store, platform.hall)
    device_register.revoke_device(platform.store, window.device_id)
    refused = run_cli("ticket", "issue", "--hall", platform.hall, *platform.db)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"错误：平台上没有大厅 {platform.hall}")


@pytest.mark.parametrize("days", ["-1", "367", "99999999999", "x"])
def test_the_days_a_pre_review_holds_are_bounded_at_the_option(
    platform: Platform, run_cli: Callable[..., CliRun], days: str
) -> None:
    refused = run_cli(
        "preapp", "create", "--hall", platform.hall, "--item", RESIDENCE_FIRST,
        "--id-number", ID_NUMBER, "--name", NAME, "--valid-days", days, *platform.db,
    )  # fmt: skip
    assert refused.returncode == 2
    chinese, english = refused.stderr.splitlines()[-2:]
    assert f"错误：参数 --valid-days：“{days}”不是 0 至 366 之间的整数" in chinese
    assert "error: argument --valid-days:" in english
    assert f"'{days}' is not a whole number from 0 to 366" in english
