"""The headless commands as a hall's IT staff runs them: enroll, sync --once, sync status,
doctor; cases accepted by the real intake (``counter-app import``) reach the platform intact."""

from __future__ import annotations

import functools
import json
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from counter_app.config import load_config, update_user_config
from counter_app.domain.hall_time import hall_time_text
from counter_app.home import Home
from counter_app.store.database import open_store
from sync.lock import SyncLock
from tests.central.server_fixture import RunningCentral
from tests.conftest import COUNTER_APP, MINIMAL_USER_CONFIG, CliRunner
from tests.sync import fault_proxy as fp
from tests.sync.backlog import id_number_for, seed_cases
from tests.sync.conftest import HALL, enrol_home, platform_versions
from tests.waiting import wait_until

ITEM = "11310104002425186K001000300001"
MATERIALS = ["M01", "M10", "M11", "M20", "M21", "M22"]


def _import_cases(run_cli: CliRunner, tmp_path: Path, count: int) -> list[dict[str, str]]:
    lines = [
        json.dumps(
            {
                "service_item": ITEM,
                "applicant": {
                    "type": "person",
                    "id_type": "111",
                    "id_number": id_number_for(index),
                    "name": "𪚥测试",
                    "phone": f"1390000{index:04d}",
                },
                "materials": [
                    {"code": code, "status": "received", "form": "original", "count": 1}
                    for code in MATERIALS
                ],
                "decision": "accept",
            },
            ensure_ascii=False,
        )
        for index in range(count)
    ]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("import", str(source), "--json")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["status"] for r in results] == ["accepted"] * count
    return results


def test_enroll_then_sync_once_delivers_cases_accepted_by_the_intake(
    home: Home, run_cli: CliRunner, central: RunningCentral, tmp_path: Path
) -> None:
    code = central.enroll_code(HALL, "W07")
    enrolled = run_cli("enroll", central.url, code, "--allow-insecure-http", "--json")
    assert enrolled.returncode == 0, enrolled.stderr
    identity = json.loads(enrolled.stdout)
    assert (identity["hall"], identity["window"]) == (HALL, "W07")
    assert home.device_dir.stat().st_mode & 0o777 == 0o700
    for name in ("platform.json", "platform_key.pem"):
        assert (home.device_dir / name).stat().st_mode & 0o777 == 0o600
    stored_identity = (home.device_dir / "platform.json").read_bytes()
    # The code is single use: a second enrolment with it is refused and changes nothing.
    again = run_cli("enroll", central.url, code, "--allow-insecure-http")
    assert again.returncode == 2 and "登记码" in again.stderr, again.stderr
    assert (home.device_dir / "platform.json").read_bytes() == stored_identity
    with sqlite3.connect(home.db_path) as db:
        enrolments = db.execute(
            "SELECT target, detail FROM audit_log WHERE action = 'device.enrol'"
        ).fetchall()
    assert [(target, json.loads(detail)) for target, detail in enrolments] == [
        (identity["device_id"], {"hall": HALL, "window": "W07"})
    ]

    # A window set up for a platform takes its catalog from it, with the first sync.
    central.publish_bundled_catalog()
    assert run_cli("sync", "--once").returncode == 0
    imported = _import_cases(run_cli, tmp_path, 5)
    synced = run_cli("sync", "--once", "--json")
    assert synced.returncode == 0, synced.stderr
    summary = json.loads(synced.stdout)
    assert {
        k: summary[k] for k in ("pushed", "duplicates", "conflicts", "rejected", "pending")
    } == {"pushed": 5, "duplicates": 0, "conflicts": 0, "rejected": 0, "pending": 0}
    held = platform_versions(central.db)
    assert set(held) == {r["case_id"] for r in imported}
    # The window the platform enrolled this workstation for is the one its cases carry.
    assert {c["window"] for c in central.cli("cases", "--json")["cases"]} == {"W07"}

    status = json.loads(run_cli("sync", "status", "--json").stdout)
    assert status["enrolled"] and status["backlog"] == 0 and status["last_success_at"]
    # In words the time is the hall's wall clock; the JSON keeps UTC.
    shown = run_cli("sync", "status").stdout
    assert f"上次成功同步：{hall_time_text(status['last_success_at'])}" in shown
    doctor = json.loads(run_cli("doctor", "--json").stdout)
    [check] = [c for c in doctor["checks"] if c["name"] == "sync"]
    assert check["status"] == "ok", check
    # As sync status says it: the state in words, as last reported, at the hall's time.
    assert "最近一次同步报告：在线" in check["detail"] and "online" not in check["detail"]
    assert f"上次成功同步 {hall_time_text(status['last_success_at'])}" in check["detail"]


def test_a_replacement_pc_takes_over_the_window_and_delivers_the_old_pcs_cases_once(
    home: Home, run_cli: CliRunner, central: RunningCentral, tmp_path: Path
) -> None:
    """docs/operations.md §6 end to end with the real commands: backup with the key kept
    apart, restore on the new PC, re-enrol with a replacement code (the platform revokes the
    old device in the same step), then the new PC numbers on without reusing a number and
    delivers what the old PC never synced exactly once; the old PC, back, is refused."""
    old = run_cli("enroll", central.url, central.enroll_code(HALL, "W01"), "--allow-insecure-http")
    assert old.returncode == 0, old.stderr
    (old_device,) = [d["device_id"] for d in central.cli("devices", "--json")["devices"]]
    central.publish_bundled_catalog()  # the window's catalog, taken with its first sync
    assert run_cli("sync", "--once").returncode == 0
    _import_cases(run_cli, tmp_path, 2)
    assert run_cli("sync", "--once").returncode == 0
    _import_cases(run_cli, tmp_path, 3)  # the third accepted after the last sync: unsynced
    backup, key = tmp_path / "usb" / "old-pc.db", tmp_path / "safe" / "old-pc.key"
    backup.parent.mkdir()
    key.parent.mkdir()
    taken = run_cli("backup", str(backup), "--with-key", str(key))
    assert taken.returncode == 0, taken.stderr
    new_pc = Home(tmp_path / "new-pc").ensure()
    new_pc.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    on_new_pc = functools.partial(run_cli, home_dir=new_pc.root)
    restored = on_new_pc("restore", str(backup), "--key", str(key))
    assert restored.returncode == 0, restored.stderr

    # No plain code is issued while the old device lives: the refusal names --replaces.
    with pytest.raises(RuntimeError, match=f"--replaces {old_device}"):
        central.enroll_code(HALL, "W01")
    # A second PC's code is refused at enrolment (the restored store numbers on the old
    # device's prefix), and stays usable.
    second_pc = central.enroll_code(HALL, "W01", second_pc=True)
    refused = on_new_pc("enroll", central.url, second_pc, "--allow-insecure-http")
    assert refused.returncode == 2, refused.stderr
    assert "吊销" in refused.stderr and old_device in refused.stderr, refused.stderr
    assert not (new_pc.device_dir / "platform.json").exists()
    replacement = central.cli(
        "enroll-code", "--hall", HALL, "--window", "W01", "--replaces", old_device, "--json"
    )["code"]
    enrolled = on_new_pc("enroll", central.url, replacement, "--allow-insecure-http")
    assert enrolled.returncode == 0, enrolled.stderr
    devices = {d["device_id"]: d for d in central.cli("devices", "--json")["devices"]}
    assert devices[old_device]["revoked_at"] is not None and len(devices) == 2

    # The import is idempotent: the first three lines are the restored cases, the fourth is
    # new and numbered with the new PC's own device id, so no number is used twice.
    numbers = [r["case_no"] for r in _import_cases(on_new_pc, tmp_path, 4)]
    assert len(set(numbers)) == 4
    assert numbers[0].split("-")[-3] != numbers[3].split("-")[-3]
    synced = on_new_pc("sync", "--once", "--json")
    assert synced.returncode == 0, synced.stderr
    summary = json.loads(synced.stdout)
    assert (summary["pushed"], summary["rejected"], summary["pending"]) == (2, 0, 0), summary
    assert sorted(c["case_no"] for c in central.cli("cases", "--json")["cases"]) == sorted(numbers)
    versions = platform_versions(central.db, central.key_file)
    assert all(len(held) == 1 for held in versions.values()), versions  # each once

    # The old PC, switched on again, cannot push any more.
    _import_cases(run_cli, tmp_path, 5)
    assert run_cli("sync", "--once").returncode != 0
    assert len(central.cli("cases", "--json")["cases"]) == 4


def test_sync_once_reports_a_running_sync_and_an_unreachable_platform(
    home: Home, run_cli: CliRunner, central: RunningCentral
) -> None:
    config = enrol_home(home, central)
    store = open_store(home, config)
    try:
        seed_cases(store, 2, hall=HALL)
    finally:
        store.close()
    lock = SyncLock(home.root)
    assert lock.acquire()
    try:
        busy = run_cli("sync", "--once", "--wait", "0.3")
    finally:
        lock.release()
    assert busy.returncode == 2 and "同步正在另一个程序中进行" in busy.stderr
    central.stop()
    offline = run_cli("sync", "--once", "--json")
    assert offline.returncode == 3
    summary = json.loads(offline.stdout)
    assert summary["reachable"] is False and summary["pending"] == 2
    assert "无法连接平台" in summary["error"]["message"]
    status = json.loads(run_cli("sync", "status", "--json").stdout)
    assert status["connectivity"] == "offline" and status["backlog"] == 2


def test_the_sync_service_says_each_change_in_words_and_stops_on_sigterm(
    home: Home, central: RunningCentral, tmp_path: Path
) -> None:
    """``counter-app sync`` runs the scheduler until interrupted, as a service runs it
    (systemd, its journal): each new state is one line in the configured language, and
    SIGTERM (or Ctrl-C, the same handler) ends it cleanly."""
    config = enrol_home(home, central)
    store = open_store(home, config)
    try:
        cases = seed_cases(store, 2, hall=HALL)
    finally:
        store.close()
    journal = tmp_path / "journal.txt"
    with journal.open("w", encoding="utf-8") as out:
        service = subprocess.Popen(
            [*COUNTER_APP, "--home", str(home.root), "sync"], stdout=out, stderr=out, text=True
        )
    try:
        wait_until(
            lambda: "[同步] 在线，待上传 0 件" in journal.read_text(encoding="utf-8"),
            "the service's line after the backlog went out",
        )
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=60) == 0
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
    assert set(platform_versions(central.db)) == {case.case_id for case in cases}
    # One line per new state: a run's start and a run that changed nothing say nothing.
    said = journal.read_text(encoding="utf-8").splitlines()
    assert said[-1] == "[同步] 在线，待上传 0 件" and "[同步] 在线，待上传 0 件" not in said[:-1]
    assert not [line for line in said if "同步中" in line or not line.startswith("[同步] ")]


def test_sync_status_says_when_a_proxy_answers_404_in_the_platforms_place(
    home: Home, run_cli: CliRunner, central: RunningCentral
) -> None:
    config = enrol_home(home, central)
    store = open_store(home, config)
    try:
        seed_cases(store, 3, hall=HALL)
    finally:
        store.close()
    host, port = central.url.removeprefix("http://").split(":")
    with fp.FaultProxy(host, int(port), lambda: fp.PAGE_404) as proxy:
        update_user_config(home, {"sync": {"url": proxy.url}})
        failed = run_cli("sync", "--once")
    assert failed.returncode == 3
    assert failed.stdout == "同步未完成；本机仍有 3 件办件待上传。\n"
    assert "HTTP 404" in failed.stderr and "sync.url" in failed.stderr
    # The engine's English log line is in the command's log, not among the Chinese lines.
    assert "sync run failed" not in failed.stderr
    assert failed.stderr.splitlines()[-1] == (
        f"本次命令记录了 1 条警告，见日志 {home.logs_dir / 'cli.log'}"
    )
    logged = (home.logs_dir / "cli.log").read_text(encoding="utf-8")
    assert "WARNING sync.engine: sync run failed:" in logged and "(not_the_platform)" in logged
    status = run_cli("sync", "status")
    assert status.returncode == 0, status.stderr
    assert "待上传 3 件" in status.stdout and "待值班长处理 0 件" in status.stdout
    assert "HTTP 404" in status.stdout and "sync.url" in status.stdout
    as_json = run_cli("sync", "status", "--json")
    assert as_json.returncode == 0, as_json.stderr
    shown = json.loads(as_json.stdout)
    assert (shown["connectivity"], shown["backlog"]) == ("offline", 3)
    assert shown["last_error_code"] == "not_the_platform"


def test_enroll_refuses_plain_http_to_another_host(run_cli: CliRunner) -> None:
    refused = run_cli(
        "enroll", "http://platform.example.gov.cn", "ABCD-EFGH", "--allow-insecure-http"
    )
    assert refused.returncode == 2
    assert "https" in refused.stderr and "127.0.0.1" in refused.stderr


def test_sync_once_checkpoints_what_the_open_window_wrote(home: Home, cli) -> None:
    """The window's connection never checkpoints; ``sync --once`` does, also when its run
    fails (here: not enrolled) and the window keeps the database open."""
    window = open_store(home, load_config(home))
    try:
        seed_cases(window, 20, hall=HALL)
        untouched = home.db_path.read_bytes()
        assert cli("sync", "--once").returncode != 0
        assert home.db_path.read_bytes() != untouched
    finally:
        window.close()
