"""The case tables have one writer: ``counter_app/store/``. Every other package, the test
seeders and the benchmark seeder call its named operations, so the exactly-once rule, the
events and the encryption contexts stay in one place as the case lifecycle grows."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("counter_app", "sync", "printing", "ui", "benchmarks", "tests/sync")
WRITER = ROOT / "counter_app" / "store"
# Tests that damage a store on purpose (a wrong hash, an over-long case number, a version
# held back): no store operation should exist for that.
DELIBERATE_DAMAGE = {ROOT / "tests" / "sync" / "test_push.py"}
WRITE = re.compile(
    r"(INSERT INTO|UPDATE|DELETE FROM) (applicants|cases|case_materials|case_versions"
    r"|case_events|case_number_sequence|outbox|sync_attempts|documents|case_payments|case_deliveries)\b"
)


def test_only_the_store_writes_the_case_tables() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for directory in SCANNED
        for path in sorted((ROOT / directory).rglob("*.py"))
        if not path.is_relative_to(WRITER) and path not in DELIBERATE_DAMAGE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITE.search(line)
    ]
    assert found == []
