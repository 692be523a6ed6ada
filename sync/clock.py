"""The clocks sync reads, behind a small interface so tests can run a device whose time is off."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

from counter_app.services.clock_sanity import this_boot
from counter_app.store.platform_clock import BootReading


class Clock(Protocol):
    """Wall-clock time (UTC, timezone-aware), the boot clock that vouches for it (read on
    the same timeline: a simulated wall clock comes with a boot reading that agrees with
    it) and a monotonic counter for waiting."""

    def now(self) -> datetime: ...

    def boot(self) -> BootReading: ...

    def monotonic(self) -> float: ...


class SystemClock:
    """The workstation's own clocks."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def boot(self) -> BootReading:
        return this_boot()

    def monotonic(self) -> float:
        return time.monotonic()
