"""A power cut in the middle of issuing a receipt, for ``test_power_cut_receipt.py``: run as
``python -m tests.printing.power_cut_receipt WORK`` in a mount namespace of its own.

A counter home on a ``PowerCutDisk`` holds one accepted case (the disk synced). The power
goes the moment the receipt's archived copy is durable, before the register row that
issues it is committed. The disk boots again and the receipt is issued once more. Prints
one JSON report."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from counter_app.home import Home
from tests.conftest import counter_process, training_home
from tests.services.import_lines import line
from tests.store.power_cut_disk import PowerCutDisk


def _archived(home: Home) -> list[str]:
    return sorted(path.name for path in home.documents_dir.rglob("*.pdf"))


def main(work: Path) -> dict[str, Any]:
    disk = PowerCutDisk.booted_under(work)
    home = training_home(disk.mountpoint / "home")
    source = work / "case.jsonl"
    source.write_text(line(1) + "\n", encoding="utf-8")
    case_no = json.loads(counter_process(home.root, "import", str(source), "--json").stdout)[
        "case_no"
    ]
    disk.sync()
    disk.arm(".pdf", "lose")
    cut = counter_process(home.root, "receipt", case_no, "--out", str(work / "cut.pdf"), "--json")
    disk.cut("lose")
    disk.boot()
    try:
        left = _archived(home)
        again = counter_process(
            home.root, "receipt", case_no, "--out", str(work / "again.pdf"), "--json"
        )
        conn = sqlite3.connect(home.db_path)
        try:
            register = conn.execute("SELECT serial, pdf_path FROM documents").fetchall()
        finally:
            conn.close()
        return {
            "cut_exit": cut.returncode,
            "cut_out": (work / "cut.pdf").exists(),
            "left_after_cut": left,
            "again_exit": again.returncode,
            "again": json.loads(again.stdout) if again.returncode == 0 else again.stderr,
            "register": [
                {
                    "serial": serial,
                    "copy_is_the_paper": Path(pdf).read_bytes()
                    == (work / "again.pdf").read_bytes(),
                }
                for serial, pdf in register
            ],
            "archived": _archived(home),
        }
    finally:
        disk.cut("lose")


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False))
