"""What IT reads when the platform cannot be trusted or no longer trusts this window: a CA
file that is not there stops enrolment and sync with 「无法与平台…建立安全连接（TLS）」
(docs/operations.md §3), never a traceback, and doctor's sync check says so; a revoked
enrolment is what doctor says first, not the last run's 在线."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from counter_app.config import update_user_config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.credential import load_identity
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, enrol_home

NO_TLS = "建立安全连接（TLS）"


def _sync_check(cli: Callable[..., CliResult]) -> dict[str, str]:
    doctor = json.loads(cli("doctor", "--json").stdout)
    [check] = [c for c in doctor["checks"] if c["name"] == "sync"]
    return check


def test_enrolling_with_a_missing_ca_file_says_no_tls_and_enrols_nothing(
    home: Home, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    missing = tmp_path / "nonexist.pem"
    refused = cli("enroll", "https://127.0.0.1:9", "ABCD-EFGH", "--ca-bundle", str(missing))
    assert refused.returncode == 2, refused.stderr
    assert NO_TLS in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
    assert load_identity(home) is None


def test_sync_and_doctor_with_a_missing_ca_file_name_it_and_keep_the_cases(
    home: Home,
    cli: Callable[..., CliResult],
    central: RunningCentral,
    sync_store: Store,
    tmp_path: Path,
) -> None:
    seed_cases(sync_store, 2, hall=HALL)
    missing = tmp_path / "nonexistent.pem"
    update_user_config(home, {"sync": {"ca_bundle": str(missing)}})

    failed = cli("sync", "--once", "--json")
    assert failed.returncode != 0 and "Traceback" not in failed.stderr, failed.stderr
    summary = json.loads(failed.stdout)
    assert NO_TLS in summary["error"]["message"] and str(missing) in summary["error"]["message"]
    assert summary["pending"] == 2 and central.cli("cases", "--json")["cases"] == []

    check = _sync_check(cli)
    assert check["status"] == "fail", check
    assert check["detail"].startswith("无法与平台建立安全连接（TLS）：找不到 CA 证书文件"), check
    assert str(missing) in check["detail"]


def test_doctor_on_a_revoked_window_says_revoked_first_and_not_online(
    home: Home, cli: Callable[..., CliResult], central: RunningCentral
) -> None:
    enrol_home(home, central)
    assert cli("sync", "--once").returncode == 0
    identity = load_identity(home)
    assert identity is not None
    central.cli("revoke", identity.device_id)
    assert cli("sync", "--once").returncode != 0

    check = _sync_check(cli)
    assert check["status"] == "fail", check
    assert check["detail"].startswith("本机在中心平台的登记已被吊销"), check
    assert "在线" not in check["detail"], check
