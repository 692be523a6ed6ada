"""`counter-app doctor`: a fresh home passes; real faults fail; plug-in checks are included."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from datetime import UTC, datetime
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import doctor
from counter_app.services.auth import Accounts
from counter_app.services.doctor import Check, run_checks
from counter_app.store.database import open_store
from tests.store.disk_faults import on_a_small_disk


def test_doctor_json_on_a_fresh_home(run_cli, tmp_path) -> None:
    # A training home: a fresh production home's reader check depends on the hardware here.
    fresh = tmp_path / "never-used"
    result = run_cli("--training", "doctor", "--json", home_dir=fresh)
    report = json.loads(result.stdout)
    by_name = {check["name"]: check for check in report["checks"]}
    assert {
        "database",
        "schema",
        "key_file",
        "audit_chain",
        "catalog",
        "calendar",
        "clock",
        "disk_space",
    } <= set(by_name)
    assert all(set(check) == {"name", "status", "detail"} for check in report["checks"])
    assert all(check["status"] in {"ok", "warn", "fail"} for check in report["checks"])
    for name in ("database", "schema", "key_file", "audit_chain", "catalog", "clock"):
        assert by_name[name]["status"] == "ok", by_name[name]
    assert by_name["calendar"]["status"] in {"ok", "warn"}
    assert result.returncode == (1 if any(c["status"] == "fail" for c in report["checks"]) else 0)
    assert result.returncode == 0, report
    assert (fresh / "counter.db").exists()


def test_doctor_leaves_a_production_window_s_catalog_to_the_platform(run_cli, tmp_path) -> None:
    # IT runs doctor right after installing: the sample catalog must not take the place
    # (and version number) of the catalog the first start pulls from the platform.
    fresh = tmp_path / "installed"
    result = run_cli("doctor", "--json", home_dir=fresh)
    by_name = {check["name"]: check for check in json.loads(result.stdout)["checks"]}
    assert by_name["catalog"]["status"] == "fail" and "首次启动" in by_name["catalog"]["detail"]
    with sqlite3.connect(fresh / "counter.db") as raw:
        assert raw.execute("SELECT count(*) FROM catalog_versions").fetchone() == (0,)


def test_a_window_not_yet_enrolled_shows_no_hall_code_it_does_not_have(run_cli, tmp_path) -> None:
    # Before its first enrolment the config holds the program's default code, not a hall's.
    result = run_cli("doctor", "--json", home_dir=tmp_path / "installed")
    by_name = {check["name"]: check for check in json.loads(result.stdout)["checks"]}
    detail = by_name["hall_name"]["detail"]
    assert "310104-TRAIN" not in detail and "登记后由平台给出" in detail


def test_open_key_file_fails_doctor(home: Home, config: Config, cli) -> None:
    open_store(home, config).close()
    os.chmod(home.key_path, 0o644)
    result = cli("doctor", "--json")
    assert result.returncode == 1
    failed = {c["name"] for c in json.loads(result.stdout)["checks"] if c["status"] == "fail"}
    assert "database" in failed and "key_file" in failed


def test_the_contributed_checks_speak_the_language_asked_for(cli) -> None:
    """--lang en: the printers and the sync in English too, not the configured Chinese."""
    details = {
        lang: {
            c["name"]: c["detail"]
            for c in json.loads(cli(*lang_args, "doctor", "--json").stdout)["checks"]
        }
        for lang, lang_args in (("zh", ()), ("en", ("--lang", "en")))
    }
    assert details["zh"]["printing.a4_printer"] == "未设置"
    assert details["en"]["printing.a4_printer"] == "not configured"
    assert details["en"]["sync"].startswith("no platform configured: this workstation is not")


def test_doctor_keeps_its_last_run_for_the_health_report(home: Home, cli) -> None:
    assert doctor.last_doctor_run(home) is None
    result = cli("doctor", "--json")
    shown = json.loads(result.stdout)["checks"]
    kept = doctor.last_doctor_run(home)
    assert kept is not None and [c.to_dict() for c in kept.checks] == shown
    assert (kept.worst == "fail") == (result.returncode == 1)
    assert oct(home.last_doctor_path.stat().st_mode & 0o777) == "0o600"
    home.last_doctor_path.write_text("{not json", encoding="utf-8")
    assert doctor.last_doctor_run(home) is None  # logged; the report says "never run"


def test_tampered_audit_log_fails_doctor(home: Home, config: Config) -> None:
    with open_store(home, config) as store:
        store.audit.record("clerk", "case.accept", "c1")
    with sqlite3.connect(home.db_path) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("UPDATE audit_log SET actor = 'x'")
    checks = {c.name: c for c in run_checks(home, config)}
    assert checks["audit_chain"].status == "fail"


def test_the_calendar_is_checked_for_the_hall_day(home: Home, config: Config) -> None:
    """00:30 on 1 January in the hall is still 31 December in UTC: the new year's missing
    calendar fails at once, as it does at 09:00."""
    with open_store(home, config):
        pass  # the bundled calendar is loaded
    for utc in (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), datetime(2027, 1, 1, 1, 0, tzinfo=UTC)):
        calendar = {c.name: c for c in run_checks(home, config, now=lambda at=utc: at)}["calendar"]
        assert (calendar.status, "2027" in calendar.detail) == ("fail", True), utc


def test_clock_before_the_release_fails(home: Home, config: Config) -> None:
    checks = {
        c.name: c for c in run_checks(home, config, now=lambda: datetime(2001, 1, 1, tzinfo=UTC))
    }
    assert checks["clock"].status == "fail"
    # The hall's wall-clock time, as the person running the check reads a clock.
    assert checks["clock"].detail.startswith("系统时钟 2001-01-01 08:00:00（北京时间） 不可能正确")


def test_a_clock_the_platform_measured_half_a_minute_off_warns(home: Home, config: Config) -> None:
    from counter_app.store.platform_clock import record_platform_offset

    store = open_store(home, config)
    try:
        record_platform_offset(store, 12.5)
    finally:
        store.close()
    assert {c.name: c for c in run_checks(home, config)}["clock"].status == "ok"
    store = open_store(home, config)
    try:
        record_platform_offset(store, -95.2)
    finally:
        store.close()
    clock = {c.name: c for c in run_checks(home, config)}["clock"]
    assert clock.status == "warn"
    assert "比中心平台慢约 95 秒" in clock.detail and "NTP" in clock.detail


def contributed_ok(home: Home, config: Config) -> list[Check]:
    return [Check("demo_device", "ok", f"window {config.hall.window_code}")]


def contributed_broken(home: Home, config: Config) -> list[Check]:
    raise RuntimeError("device gone")


def test_contributed_checks_run_and_a_broken_one_is_reported(
    home: Home, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = [
        EntryPoint("demo", f"{__name__}:contributed_ok", doctor.ENTRY_POINT_GROUP),
        EntryPoint("broken", f"{__name__}:contributed_broken", doctor.ENTRY_POINT_GROUP),
    ]
    monkeypatch.setattr(
        doctor, "entry_points", lambda group: fake if group == doctor.ENTRY_POINT_GROUP else []
    )
    checks = {c.name: c for c in run_checks(home, config)}
    assert checks["demo_device"].status == "ok" and checks["demo_device"].detail == "window W01"
    assert checks["broken"].status == "fail" and "device gone" in checks["broken"].detail


def test_doctor_reports_on_a_full_disk_though_it_cannot_keep_the_run(tmp_path) -> None:
    """IT runs doctor when the disk is full: the report comes (the store and the disk named
    as failing), not a traceback, and no half-written file is left in the home."""
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        '"$2" -m counter_app.cli.main --home "$1/home" catalog --json > /dev/null || exit 91\n'
        'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n'
        '"$2" -m counter_app.cli.main --home "$1/home" doctor --json; status=$?\n'
        'echo "home:"; ls -A "$1/home"; exit $status\n'
    )
    done = on_a_small_disk(disk, "16m", script, sys.executable)
    assert done.returncode == 1, done.stderr
    report, home = done.stdout.split("home:")
    checks = {c["name"]: c for c in json.loads(report)["checks"]}
    assert checks["disk_space"]["status"] == "fail"
    assert checks["database"]["status"] == "fail" and "磁盘已满" in checks["database"]["detail"]
    assert checks["doctor_record"]["status"] == "warn"
    assert "Traceback" not in done.stderr
    assert not [name for name in home.split() if name.endswith(".tmp")]


def test_no_platform_is_a_warning_for_a_window_and_normal_for_the_training_hall(
    cli, tmp_path: Path
) -> None:
    checks = {c["name"]: c for c in json.loads(cli("doctor", "--json").stdout)["checks"]}
    assert checks["sync"]["status"] == "warn"
    assert checks["sync"]["detail"].startswith("未配置中心平台：本机尚未登记")
    training = Home(tmp_path / "training").claim(training=True)
    shown = cli("--training", "doctor", "--json", home_dir=training.root)
    checks = {c["name"]: c for c in json.loads(shown.stdout)["checks"]}
    assert (checks["sync"]["status"], checks["sync"]["detail"]) == (
        "ok",
        "未配置中心平台（培训大厅）",
    )


def test_accounts_warn_while_nobody_can_sign_in_or_someone_has_an_initial_password(
    home: Home, config: Config
) -> None:
    from dataclasses import replace

    # The hall's rule (the suite turns one-time codes off, which this check warns about too).
    config = replace(config, security=replace(config.security, second_factor="privileged"))

    def accounts_check() -> Check:
        return {c.name: c for c in run_checks(home, config)}["accounts"]

    assert accounts_check().status == "warn"  # nobody yet: the first start brings the staff
    store = open_store(home, config)
    try:
        Accounts(store).add_user("wang.own", "Counter-2026-ok", "clerk")
        Accounts(store).add_user("li.new", "Counter-2026-ok", "clerk", initial=True)
    finally:
        store.close()
    told = accounts_check()
    assert (told.status, told.detail) == (
        "warn",
        "2 个可登录的账号；其中 1 个仍在使用别人设置的初始密码，本人登录窗口时须修改：li.new",
    )
    store = open_store(home, config)
    try:
        Accounts(store).set_disabled("li.new", True, actor="admin01")
    finally:
        store.close()
    assert (accounts_check().status, accounts_check().detail) == ("ok", "1 个可登录的账号")


def test_accounts_warn_while_a_password_has_expired(home: Home, config: Config) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from counter_app.store.timestamps import utc_now

    config = replace(config, security=replace(config.security, second_factor="privileged"))
    store = open_store(home, config)
    try:
        long_ago = Accounts(store, now=lambda: utc_now() - timedelta(days=400))
        long_ago.add_user("zhao.old", "Counter-2026-ok", "clerk")
        Accounts(store).add_user("wang.own", "Counter-2026-ok", "clerk")
    finally:
        store.close()
    told = {c.name: c for c in run_checks(home, config)}["accounts"]
    assert (told.status, told.detail) == (
        "warn",
        "2 个可登录的账号；其中 1 个密码已过期，本人登录窗口时须更换，更换前不能审批或证明操作人：zhao.old",
    )


def test_accounts_warn_while_a_supervisor_has_no_one_time_codes(home: Home, config: Config) -> None:
    from dataclasses import replace

    from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at

    strict = replace(config, security=replace(config.security, second_factor="privileged"))
    store = open_store(home, strict)
    try:
        Accounts(store).add_user("wang.own", "Counter-2026-ok", "clerk")
        Accounts(store).add_user("zhou.sup", "Counter-2026-ok", "supervisor")
    finally:
        store.close()
    told = {c.name: c for c in run_checks(home, strict)}["accounts"]
    assert (told.status, told.detail) == (
        "warn",
        "2 个可登录的账号；1 个值班长或管理员尚未设置动态口令，本人登录窗口时须设置，"
        "设置前不能审批：zhou.sup",
    )
    store = open_store(home, strict)
    try:
        secret = new_secret()
        code = code_for_step(secret, step_at(datetime.now(UTC)))
        Accounts(store).enrol_second_factor("zhou.sup", secret, code)
    finally:
        store.close()
    assert {c.name: c for c in run_checks(home, strict)}["accounts"].status == "ok"
    # A production window that asks nobody for codes falls short of 等保 level 3.
    off = {c.name: c for c in run_checks(home, config)}["accounts"]
    assert off.status == "warn" and 'security.second_factor = "off"' in off.detail
    assert "等保三级" in off.detail
