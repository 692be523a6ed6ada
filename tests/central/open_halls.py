"""Halls open every day around the clock, for the tests that book appointments for today or
tomorrow: whatever day the suite runs on (a Sunday, 国庆), their slots are open, as on a
working day. Tests of the opening hours themselves set the hours they are about."""

from __future__ import annotations

from central.opening_hours import HallHours, OpenSpan
from central.store import CentralStore
from central.store.hall_hours import set_hours

ALL_DAY = "00:00-24:00"
_ALL_DAY = OpenSpan.parse(ALL_DAY)


def open_every_day(store: CentralStore, hall: str) -> None:
    """``hall`` open at every hour of every day, weekends and published holidays too."""
    set_hours(store, hall, HallHours(_ALL_DAY, _ALL_DAY, _ALL_DAY, _ALL_DAY), "test")


def open_every_day_command(hall: str) -> list[str]:
    """The ``counter-central`` command that opens ``hall`` as :func:`open_every_day` does,
    for tests that set up their platform with its commands."""
    return [
        "hall-hours", "set", "--hall", hall, "--weekdays", ALL_DAY, "--saturday", ALL_DAY,
        "--sunday", ALL_DAY, "--holidays", ALL_DAY, "--json",
    ]  # fmt: skip
