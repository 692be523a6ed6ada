"""A workstation whose clock is set wrong, for the clock-skew tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from counter_app.services.clock_sanity import this_boot
from counter_app.store.platform_clock import BootReading


class OffsetClock:
    """The system clock shifted by a fixed offset: a workstation whose time is set wrong.
    Its boot clock is the real one (nobody sets a boot clock), which counts the seconds its
    wall clock counts: changing ``offset`` is the wall clock jumping."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def boot(self) -> BootReading:
        return this_boot()

    def monotonic(self) -> float:
        return time.monotonic()
