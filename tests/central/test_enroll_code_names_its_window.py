"""``counter-central enroll-code`` names the hall and window a code is for (and the device a
replacement code replaces), in its text and ``--json``: IT issuing several codes at once
tells them apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from central.store import open_store
from tests.central.conftest import CliRun
from tests.central.enrolled import enrol_window

HALL = "310104-001"


def test_each_code_names_its_hall_and_window(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    db = str(tmp_path / "central.sqlite3")
    text = run_cli("enroll-code", "--hall", HALL, "--window", "W03", "--db", db)
    assert text.returncode == 0, text.stderr
    assert f"大厅 / hall {HALL}  窗口 / window W03  (有效至 / expires " in text.stdout
    assert "replaces" not in text.stdout
    plain = run_cli("enroll-code", "--hall", HALL, "--window", "W04", "--db", db, "--json").json()
    assert (plain["hall"], plain["window"], plain["replaces"]) == (HALL, "W04", None)
    assert plain["code"] and plain["expires_at"]


def test_a_replacement_code_names_the_device_it_replaces(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    db = str(tmp_path / "central.sqlite3")
    store = open_store(db, None)
    try:
        old = enrol_window(store, HALL, "W03").device_id
    finally:
        store.close()
    command = ("enroll-code", "--hall", HALL, "--window", "W03", "--replaces", old, "--db", db)
    text = run_cli(*command)
    assert text.returncode == 0, text.stderr
    assert f"窗口 / window W03  替换 / replaces {old}  (有效至" in text.stdout
    document = run_cli(*command, "--json").json()
    assert (document["hall"], document["window"], document["replaces"]) == (HALL, "W03", old)
