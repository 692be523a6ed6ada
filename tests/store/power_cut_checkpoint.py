"""A power cut while a checkpoint copies the WAL into the database file, for
``test_power_cut_checkpoint.py``: run as ``python -m tests.store.power_cut_checkpoint WORK
HOW`` in a mount namespace of its own (HOW: ``lose`` or ``scramble SEED``).

A window's store holds a day of cases in its WAL; the power goes when the checkpoint syncs
the database file, so of the pages it wrote there none, some or parts of some reached the
disk. The disk boots again and the counter opens its store. Prints one JSON object."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from pathlib import Path

from counter_app.config import load_config
from counter_app.errors import CounterError
from counter_app.store.database import check_header, open_store, wal_path
from tests.conftest import counter_process, training_home
from tests.services.import_lines import line
from tests.store.power_cut_disk import PowerCutDisk

CASES = 60


def main(work: Path, how: str) -> dict[str, object]:
    disk = PowerCutDisk.booted_under(work)
    home = training_home(disk.mountpoint / "home")
    source = work / "cases.jsonl"
    source.write_text("\n".join(line(i) for i in range(CASES)) + "\n", encoding="utf-8")
    store = open_store(home, load_config(home))  # open: the import's close checkpoints nothing
    counter_process(home.root, "import", str(source), "--json").check_returncode()
    wal_bytes = wal_path(home.db_path).stat().st_size
    disk.arm_sync(home.db_path.name, how)
    try:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        checkpoint = "done"
    except sqlite3.Error as exc:
        checkpoint = str(exc)
    finally:
        with contextlib.suppress(sqlite3.Error):  # the disk has gone
            store.close()
    disk.cut("lose")
    disk.boot()
    try:
        try:
            with open_store(home, load_config(home)) as store:
                opened = {
                    "cases": store.db.execute("SELECT count(*) FROM cases").fetchone()[0],
                    "quick_check": store.db.execute("PRAGMA quick_check").fetchone()[0],
                    # the open finished the checkpoint: no page is left to copy
                    "whole": not check_header(home.db_path),
                }
        except CounterError as exc:
            opened = {"refused": exc.en}
        return {"wal_bytes": wal_bytes, "checkpoint": checkpoint, **opened}
    finally:
        disk.cut("lose")


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
