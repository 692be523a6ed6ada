"""``counter-central enroll-code`` for a window with a live device is refused, naming it,
unless the code replaces that device (``--replaces``) or is asked for a second PC at the
window on purpose (``--second-pc``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from central.store import open_store
from tests.central.conftest import CliRun
from tests.central.enrolled import enrol_window

HALL = "310104-001"


def test_a_plain_code_for_a_window_with_a_live_device_is_refused(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    db = str(tmp_path / "central.sqlite3")
    store = open_store(db, None)
    try:
        live = enrol_window(store, HALL, "W05").device_id
    finally:
        store.close()

    refused = run_cli("enroll-code", "--hall", HALL, "--window", "W05", "--db", db)
    assert refused.returncode != 0
    assert live in refused.stderr
    assert f"--replaces {live}" in refused.stderr and "--second-pc" in refused.stderr
    assert "登记码" not in refused.stdout

    second = run_cli(
        "enroll-code", "--hall", HALL, "--window", "W05", "--second-pc", "--db", db, "--json"
    )
    assert second.returncode == 0, second.stderr
    assert second.json()["second_pc"] is True
    replacing = ("enroll-code", "--hall", HALL, "--window", "W05", "--replaces", live)
    assert run_cli(*replacing, "--db", db).returncode == 0
    both = run_cli(*replacing, "--second-pc", "--db", db)
    assert both.returncode == 2
    # Another window of the hall has none: its code is issued as before.
    assert run_cli("enroll-code", "--hall", HALL, "--window", "W06", "--db", db).returncode == 0
