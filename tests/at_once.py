"""Several threads doing the same thing at the same moment: how the stores' openers are raced
against each other (a command started beside a starting program)."""

from __future__ import annotations

import threading
from collections.abc import Callable


def failures_at_once(action: Callable[[], object], threads: int) -> list[BaseException]:
    """Run ``action`` in ``threads`` threads released together; return what each raised."""
    failures: list[BaseException] = []
    ready = threading.Barrier(threads)

    def run() -> None:
        ready.wait()
        try:
            action()
        except BaseException as exc:  # collected for the caller's assertion
            failures.append(exc)

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return failures
