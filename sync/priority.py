"""Background work below the window: the sync process and the training hall's platform run
at a lower CPU priority (POSIX nice), so the kernel gives a CPU to the window first."""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

# How much lower than the window background work runs (POSIX nice; 0..19, higher is lower).
BACKGROUND_NICE = 10


def lower_priority(pid: int = 0, by: int = BACKGROUND_NICE) -> None:
    """Run process ``pid`` (0: this one) ``by`` nice levels below this process, so the
    window gets a CPU first (POSIX; a no-op elsewhere)."""
    if not by or not hasattr(os, "setpriority"):
        return
    try:
        own = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, own + by))
    except OSError:
        log.warning("could not lower the priority of process %s", pid or os.getpid(), exc_info=True)
