"""One sync run in its own process, for the kill -9 tests: prints ``ready`` once the store
and the credential are open (so the test's random kill lands in the push, not in Python's
start-up), then the run's JSON summary. Usage: ``python -m tests.sync.push_driver HOME``."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from sync.backoff import Backoff
from sync.engine import SyncEngine


def main() -> int:
    home = Home(Path(sys.argv[1]))
    config = load_config(home)
    store = open_store(home, config)
    # No feeds: this driver only pushes, and skipping the catalog loader keeps start-up short.
    engine = SyncEngine(home, config, store, {}, run_backoff=Backoff(0.01, 0.05, random.Random()))
    engine.transport().close()
    print("ready", flush=True)
    summary = engine.run_once(push_only=True)
    print(json.dumps(summary.to_dict()), flush=True)
    return 0 if summary.error is None else 1


if __name__ == "__main__":
    sys.exit(main())
