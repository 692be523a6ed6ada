"""Every sync run reports the audit chain's head; ``counter-app audit verify --online``
compares the local log with the head the platform holds, so a log cut below it fails
even when the cut passes the local check (an old copy of the database put back)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.snapshot import copy_database
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliRunner
from tests.store.audit_attacks import rewrite_with_public_rule
from tests.sync.conftest import HALL


def _record(home: Home, config: Config, count: int) -> None:
    with open_store(home, config) as store:
        for n in range(count):
            store.audit.record("clerk", "login.success", "clerk", {"n": n})


def _sync(run_cli: CliRunner) -> None:
    done = run_cli("sync", "--once", "--json")
    assert done.returncode == 0, done.stderr


def _held_head(central: RunningCentral) -> dict[str, Any]:
    (row,) = central.cli("audit-heads", "--hall", HALL, "--json")["audit_heads"]
    return dict(row)


def _verify_online(run_cli: CliRunner) -> tuple[int, dict[str, Any]]:
    result = run_cli("audit", "verify", "--online", "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def test_every_sync_reports_the_head_and_a_healthy_log_passes_online(
    home: Home, enrolled: Config, central: RunningCentral, run_cli: CliRunner
) -> None:
    not_yet = run_cli("--lang", "en", "audit", "verify", "--online")
    assert not_yet.returncode == 0, not_yet.stderr
    assert "holds no audit head of this device yet" in not_yet.stdout

    _record(home, enrolled, 4)
    _sync(run_cli)
    with open_store(home, enrolled) as store:
        local = store.audit.head()
    held = _held_head(central)
    assert (held["seq"], held["head"], held["keyed_from"]) == (local.seq, local.hash, 1)
    assert (held["hall"], held["window"], held["anomalies"]) == (HALL, "W01", 0)
    assert held["device"] and held["time"]

    verified = run_cli("--lang", "en", "audit", "verify", "--online")
    assert verified.returncode == 0, verified.stderr
    assert f"it holds the head at entry {local.seq}" in verified.stdout


def test_a_log_cut_and_rehashed_fails_online_naming_the_missing_entries(
    home: Home, enrolled: Config, central: RunningCentral, run_cli: CliRunner
) -> None:
    _record(home, enrolled, 8)
    _sync(run_cli)
    held = _held_head(central)["seq"]
    assert held >= 8

    rewrite_with_public_rule(home.db_path, keep=5)

    code, report = _verify_online(run_cli)
    assert code == 1 and report["platform_head"]["seq"] == held
    assert report["problems"][-1]["message_en"].startswith(f"Audit log missing entries 6–{held}")
    in_chinese = run_cli("audit", "verify", "--online")
    assert in_chinese.returncode == 1
    assert f"审计日志缺少第 6–{held} 条" in in_chinese.stderr


def test_an_old_copy_put_back_passes_locally_but_not_online(
    home: Home, enrolled: Config, central: RunningCentral, run_cli: CliRunner, tmp_path: Path
) -> None:
    """Someone with the key file too can make a cut log verify locally - e.g. by putting
    back an earlier copy of the database - but not match the head the platform holds."""
    _record(home, enrolled, 3)
    old_copy = tmp_path / "earlier.db"
    with open_store(home, enrolled) as store:
        kept = store.audit.head().seq
        copy_database(store.db.conn, old_copy)
    _record(home, enrolled, 3)
    _sync(run_cli)
    held = _held_head(central)["seq"]

    with sqlite3.connect(old_copy) as earlier, sqlite3.connect(home.db_path) as live:
        earlier.backup(live)

    assert run_cli("audit", "verify").returncode == 0
    code, report = _verify_online(run_cli)
    assert code == 1
    assert [p["message_en"].split(":")[0] for p in report["problems"]] == [
        f"Audit log missing entries {kept + 1}–{held}"
    ]

    # Syncing on from the old copy: the platform keeps the higher head and records why.
    _sync(run_cli)
    after = _held_head(central)
    assert (after["seq"], after["anomalies"]) == (held, 1)


def test_online_verify_on_a_workstation_not_enrolled_says_how_to_enrol(
    home: Home, run_cli: CliRunner
) -> None:
    result = run_cli("--lang", "en", "audit", "verify", "--online")
    assert result.returncode == 2
    assert "counter-app enroll" in result.stderr and "Traceback" not in result.stderr
