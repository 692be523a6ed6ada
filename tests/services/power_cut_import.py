"""A power cut in the middle of a day's intake, for ``test_power_cut.py``: run as
``python -m tests.services.power_cut_import WORK HOW STOP WINDOW`` in a mount namespace of
its own.

A counter home on a ``PowerCutDisk`` imports WORK/cases.jsonl. WINDOW ``installed``: its
store was made and the disk synced before, as by a window installed the day before; ``new``:
nothing was synced, the cut comes on the window's very first start. Once STOP results are printed the
import is killed and the power cut (HOW: ``lose`` or ``scramble SEED``). The disk boots
again; the store is read as it is, the same file is imported again and doctor runs. Prints
one JSON report."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from counter_app.home import Home
from tests.conftest import COUNTER_APP, counter_process, training_home
from tests.services.import_lines import incomplete_cases, line, results
from tests.store.power_cut_disk import PowerCutDisk

LINES = 40


def _import_until_cut(home: Home, source: Path, stop: int) -> list[dict[str, Any]]:
    """The import's printed results: ``stop`` of them, and any printed before it was killed."""
    process = subprocess.Popen(
        [*COUNTER_APP, "--home", str(home.root), "import", str(source), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    printed = [json.loads(process.stdout.readline()) for _ in range(stop)]
    process.send_signal(signal.SIGKILL)
    printed += results(process.stdout.read())
    process.wait()
    return printed


def _stored(home: Home) -> dict[str, Any]:
    """The store as the disk gave it back, read before the counter opens it again."""
    conn = sqlite3.connect(home.db_path)
    try:
        return {
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
            "cases": dict(conn.execute("SELECT case_id, case_no FROM cases").fetchall()),
            "incomplete": incomplete_cases(conn),
        }
    finally:
        conn.close()


def main(work: Path, how: str, stop: int, *, installed: bool) -> dict[str, Any]:
    disk = PowerCutDisk.booted_under(work)
    home = training_home(disk.mountpoint / "home")
    counter_process(home.root, "cases", "--json").check_returncode()
    if installed:
        disk.sync()
    source = work / "cases.jsonl"
    source.write_text("\n".join(line(i) for i in range(LINES)) + "\n", encoding="utf-8")
    printed = _import_until_cut(home, source, stop)
    disk.cut(how)
    disk.boot()
    try:
        after_cut = _stored(home)
        again = counter_process(home.root, "import", str(source), "--json")
        doctor = counter_process(home.root, "doctor", "--json")
        return {
            "printed": printed,
            "after_cut": after_cut,
            "again": results(again.stdout),
            "again_exit": again.returncode,
            "after_again": _stored(home),
            "doctor": {c["name"]: c["status"] for c in json.loads(doctor.stdout)["checks"]},
        }
    finally:
        disk.cut("lose")


if __name__ == "__main__":
    work, how, stop, window = sys.argv[1:]
    report = main(Path(work), how, int(stop), installed=window == "installed")
    print(json.dumps(report, ensure_ascii=False))
