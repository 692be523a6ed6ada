"""A workstation whose clock is set wrong, for the clock-skew tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class OffsetClock:
    """The system clock shifted by a fixed offset: a workstation whose time is set wrong."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def monotonic(self) -> float:
        return time.monotonic()
