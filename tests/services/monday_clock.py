"""The moment the clock tests of the window's morning take as now."""

from __future__ import annotations

from datetime import UTC, datetime

# A working Monday's 09:10 in Beijing, after the release doctor takes as the earliest clock.
MONDAY_0910 = datetime(2026, 12, 7, 1, 10, tzinfo=UTC)
