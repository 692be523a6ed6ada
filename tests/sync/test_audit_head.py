"""Every sync run reports the audit chain's head, proven to continue the head the platform
holds; ``counter-app audit verify --online`` compares the local log with that head, so a log
cut below it, or re-chained below it with the key file, fails even when it passes the local
check (an old copy of the database put back)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from counter_app.config import Config, update_user_config
from counter_app.home import Home
from counter_app.store.audit import _head_message, _hmac_sm3
from counter_app.store.database import open_store
from counter_app.store.snapshot import copy_database
from sync.rollback import chain_fork_check
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliRunner
from tests.store.audit_attacks import rewrite_with_public_rule
from tests.sync.conftest import HALL
from tests.sync.older_audit_platform import OlderAuditPlatform


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


def _rechain_with_the_key(home: Home, config: Config, edited: int) -> None:
    """What someone with the database and the key file does: edit entry ``edited``, then
    rehash every entry from it and the head (and its MAC) with the key, so that the log
    verifies locally."""
    with open_store(home, config) as store:
        rows = store.db.execute(
            "SELECT seq, at, actor, hall_code, window_code, action, target, detail, prev_hash"
            " FROM audit_log WHERE seq >= ? ORDER BY seq",
            (edited,),
        ).fetchall()
        keyed_from = store.audit.head().keyed_from
        prev, rewritten = rows[0][-1], []
        for seq, *content, _ in rows:
            if seq == edited:
                content[-1] = json.dumps({"n": "edited"})
            row_hash = store.audit._hash(seq, prev, (seq, *content), keyed_from)
            rewritten.append((content[-1], prev, row_hash, seq))
            prev = row_hash
        mac = _hmac_sm3(store.audit._mac, _head_message(rows[-1][0], prev, keyed_from))
    with sqlite3.connect(home.db_path) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.executemany(
            "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", rewritten
        )
        raw.execute(
            "UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{rows[-1][0]}:{prev}",)
        )
        raw.execute("UPDATE meta SET value = ? WHERE key = 'audit_head_mac'", (mac,))


def test_a_log_rechained_with_the_key_is_refused_and_fails_online(
    home: Home, enrolled: Config, central: RunningCentral, run_cli: CliRunner
) -> None:
    """The tamper probe: an entry the platform saw below its head edited and the chain
    rehashed with the key file. The log verifies locally, and after one more audited act
    its head is higher than the one held, but it does not continue it: the platform keeps
    the held head, and ``audit verify --online`` names the rewritten entry."""
    _record(home, enrolled, 30)
    _sync(run_cli)
    _record(home, enrolled, 1)
    _sync(run_cli)  # this report proved it continues the first: the device proves from now on
    held = _held_head(central)
    assert held["anomalies"] == 0

    _rechain_with_the_key(home, enrolled, held["seq"] - 2)
    assert run_cli("audit", "verify").returncode == 0
    _record(home, enrolled, 1)
    with open_store(home, enrolled) as store:
        assert store.audit.head().seq > held["seq"]
    _sync(run_cli)

    after = _held_head(central)
    assert (after["seq"], after["head"], after["anomalies"]) == (held["seq"], held["head"], 1)
    code, report = _verify_online(run_cli)
    assert code == 1
    assert [p["message_en"] for p in report["problems"]] == [
        f"Audit entry {held['seq']} differs from the head the platform holds: the log was "
        "rewritten. Report it to IT at once; keep this workstation as it is and restore no "
        "backup."
    ]
    # No restore to explain it: the doctor check is the same tamper alarm.
    with open_store(home, enrolled) as store:
        (check,) = chain_fork_check(store, en=True)
    assert (check.name, check.status) == ("audit_chain_refused", "fail")
    assert check.detail == report["problems"][0]["message_en"]


def test_a_platform_older_than_the_proof_takes_the_head_without_it(
    home: Home, enrolled: Config, central: RunningCentral, run_cli: CliRunner
) -> None:
    """A window upgraded before its platform: the older platform refuses the proof's field;
    the head goes again without it and the run goes on."""
    _record(home, enrolled, 2)
    _sync(run_cli)  # the platform holds a head: the next report carries a proof
    _record(home, enrolled, 2)
    with OlderAuditPlatform(central.url) as older:
        update_user_config(home, {"sync": {"url": older.url}})
        _sync(run_cli)
        assert (older.refused, older.passed) == (1, 1)
    with open_store(home, enrolled) as store:
        local = store.audit.head()
    held = _held_head(central)
    assert (held["seq"], held["head"], held["anomalies"]) == (local.seq, local.hash, 0)
