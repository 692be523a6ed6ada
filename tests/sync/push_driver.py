"""Sync runs in child processes, for the kill -9 tests: ``python -m tests.sync.push_driver HOME``.

The driver imports everything once, then for each ``run`` line on stdin forks a child that
opens the store, pushes the outbox (one ``SyncEngine.run_once``) and exits.
The driver prints ``child PID`` right after the fork; it reaps the child only when the test
writes ``reap`` (so the PID cannot be reused before the test's kill -9 lands), then prints
``done PID STATUS``. The test kills a real sync process at a point of its push (where a
fault proxy holds one of its requests) without paying Python's start-up for every round.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from sync.backoff import Backoff
from sync.engine import SyncEngine


def _say(line: str) -> None:
    # One write() per line: the driver and its child share the pipe, and a write this short
    # is atomic, so their lines never interleave.
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def _child(home: Home) -> None:
    config = load_config(home)
    store = open_store(home, config)
    # No feeds: this driver only pushes.
    engine = SyncEngine(home, config, store, {}, run_backoff=Backoff(0.01, 0.05, random.Random()))
    summary = engine.run_once(push_only=True)
    store.close()
    os._exit(0 if summary.error is None else 1)


def main() -> int:
    home = Home(Path(sys.argv[1]))
    child = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "run" and not child:
            child = os.fork()
            if child == 0:
                try:
                    _child(home)
                finally:
                    os._exit(2)
            _say(f"child {child}")
        elif command == "reap" and child:
            _, status = os.waitpid(child, 0)
            _say(f"done {child} {status}")
            child = 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
