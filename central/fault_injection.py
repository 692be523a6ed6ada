"""Fault injection for crash tests: hold one push batch inside its open transaction, so a
test can kill -9 the platform at a known point instead of guessing one with a clock.

Off unless the ``serve`` process has ``COUNTER_CENTRAL_FAULT_PAUSE_BATCH=K`` in its
environment: then the K-th batch the process writes logs
``fault injection: batch K paused after N cases, before commit`` and waits there until the
process is killed. Never set it on a platform that serves counters.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import threading

from central.errors import OperatorError

ENV_PAUSE_BATCH = "COUNTER_CENTRAL_FAULT_PAUSE_BATCH"
PAUSED = "fault injection: batch %d paused after %d cases, before commit"

log = logging.getLogger("central.fault_injection")


@functools.cache
def paused_batch() -> int | None:
    """The batch number to hold, or None (the setting is absent). Read once: ``serve`` reads
    it before it listens, so a bad value stops it there."""
    value = os.environ.get(ENV_PAUSE_BATCH, "")
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise OperatorError(
            f"{ENV_PAUSE_BATCH}={value!r}：请给出要暂停的批次序号（1 或更大）。",
            f"{ENV_PAUSE_BATCH}={value!r}: give the batch number to pause, 1 or more.",
        )
    return int(value)


# next() on a count is one C call, atomic under the GIL: concurrent batches get distinct numbers.
_batch_numbers = itertools.count(1)


def batch_written(cases: int) -> None:
    """Called inside a batch's transaction once all its rows are written, before commit."""
    pause = paused_batch()
    if pause is None:
        return
    number = next(_batch_numbers)
    if number == pause:
        log.warning(PAUSED, number, cases)
        threading.Event().wait()  # until kill -9: the transaction never commits
