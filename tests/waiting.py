"""Waiting for something another process or thread does: the one poll-until-deadline loop
of the suite (GUI tests use ``qtbot.waitUntil`` instead, which keeps Qt's loop turning).

    from tests.waiting import wait_until

    wait_until(socket_path.exists, "the pcscd socket")
    pdf = wait_until(lambda: next(out.glob("*.pdf"), None), "cups-pdf's output", timeout=60)

The deadline only bounds a failure: a passing test returns as soon as the condition holds,
so it is as fast on a fast machine and as sure on a slow or loaded one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEFAULT_TIMEOUT = 60.0
POLL_INTERVAL = 0.05


def wait_until(
    condition: Callable[[], T | None],
    what: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = POLL_INTERVAL,
) -> T:
    """Call ``condition`` until it returns something truthy and return that; after
    ``timeout`` seconds fail with an ``AssertionError`` naming ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)  # polling a condition, not waiting for a guessed duration
