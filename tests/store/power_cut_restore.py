"""A power cut in the middle of a restore, for ``test_power_cut_restore.py``: run as
``python -m tests.store.power_cut_restore WORK PART`` in a mount namespace of its own.

A window's home took 5 cases, was backed up onto a stick, took 4 more. IT restores the
backup and the power goes the moment a file whose name contains PART is durable
(``restoring-``: the backup's copy staged in the home; ``unsynced-kept-``: the safety copy of
the database being replaced, holding the 4 cases the restore discards). The disk boots again, doctor runs, IT runs the same restore
again, and the window imports the 4 later cases once more. Prints one JSON report."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from counter_app.durable_files import make_directory
from tests.conftest import counter_process, training_home
from tests.services.import_lines import line
from tests.store.power_cut_disk import PowerCutDisk


def _lines(path: Path, numbers: range) -> Path:
    path.write_text("\n".join(line(i) for i in numbers) + "\n", encoding="utf-8")
    return path


def _case_numbers(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [json.loads(row)["case_no"] for row in result.stdout.splitlines() if row.strip()]


def main(work: Path, part: str) -> dict[str, Any]:
    disk = PowerCutDisk.booted_under(work)
    home = training_home(disk.mountpoint / "home")
    morning = counter_process(
        home.root, "import", str(_lines(work / "morning.jsonl", range(5))), "--json"
    )
    backup = disk.mountpoint / "usb" / "w01.db"
    make_directory(backup.parent, 0o755)  # the stick (a backup makes no folder)
    counter_process(home.root, "backup", str(backup))
    later = _lines(work / "later.jsonl", range(5, 9))
    issued_later = _case_numbers(counter_process(home.root, "import", str(later), "--json"))
    disk.sync()
    disk.arm(part, "lose")
    cut = counter_process(home.root, "restore", str(backup), "--discard-unsynced")
    disk.cut("lose")
    disk.boot()
    try:
        doctor = json.loads(counter_process(home.root, "doctor", "--json").stdout)
        again = counter_process(home.root, "restore", str(backup), "--discard-unsynced")
        reimported = counter_process(home.root, "import", str(later), "--json")
        conn = sqlite3.connect(home.db_path)
        try:
            case_numbers = [row[0] for row in conn.execute("SELECT case_no FROM cases")]
        finally:
            conn.close()
        return {
            "morning": _case_numbers(morning),
            "issued_later": issued_later,
            "cut_exit": cut.returncode,
            "doctor": {c["name"]: c["status"] for c in doctor["checks"]},
            "again_exit": again.returncode,
            "again": again.stdout + again.stderr,
            "reimported": _case_numbers(reimported),
            "case_numbers": case_numbers,
            "backups_dir": sorted(path.name for path in home.backups_dir.iterdir()),
        }
    finally:
        disk.cut("lose")


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2]), ensure_ascii=False))
