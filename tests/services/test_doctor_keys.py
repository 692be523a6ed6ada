"""doctor on the key files: a lost PII key is named as such (not as a key mismatch), a key
never backed up is a warning naming the command, and the device's signing key is held to
the PII key's owner-only rule."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from counter_app.config import Config
from counter_app.device_files import KEY_FILE
from counter_app.home import Home
from counter_app.store.backup import create_backup
from counter_app.store.database import open_store
from counter_app.store.pii import KeyFileMissing
from sync.credential import DeviceIdentity, new_private_key, save_credential


def _checks(cli, *args: str) -> dict[str, dict[str, str]]:
    result = cli(*args, "doctor", "--json")
    return {check["name"]: check for check in json.loads(result.stdout)["checks"]}


def test_a_lost_key_fails_key_file_with_what_to_do(
    cli, home: Home, config: Config, tmp_path: Path
) -> None:
    open_store(home, config).close()
    shutil.move(home.key_path, tmp_path / "kept.key")
    checks = _checks(cli)
    assert checks["key_file"] == {
        "name": "key_file",
        "status": "fail",
        "detail": KeyFileMissing(home.key_path).zh,
    }
    assert checks["database"]["status"] == "fail" and "key_file" in checks["database"]["detail"]
    assert "mismatch" not in json.dumps(checks) and not home.key_path.exists()
    english = _checks(cli, "--lang", "en")["key_file"]["detail"]
    assert english == KeyFileMissing(home.key_path).en


def test_key_backup_warns_until_a_backup_writes_the_key(
    cli, home: Home, config: Config, tmp_path: Path
) -> None:
    (tmp_path / "usb").mkdir()
    (tmp_path / "safe").mkdir()
    with open_store(home, config) as store:
        create_backup(store, tmp_path / "usb" / "daily.db")
    never = _checks(cli)["key_backup"]
    assert never["status"] == "warn" and "--with-key" in never["detail"]
    with open_store(home, config) as store:
        create_backup(store, tmp_path / "usb" / "keyed.db", key_file=tmp_path / "safe" / "k")
    kept = _checks(cli)["key_backup"]
    assert kept["status"] == "ok" and "--with-key" in kept["detail"]


def test_a_training_hall_has_no_key_backup_check(run_cli, tmp_path: Path) -> None:
    report = json.loads(run_cli("--training", "doctor", "--json", home_dir=tmp_path / "t").stdout)
    assert "key_backup" not in {check["name"] for check in report["checks"]}


def test_the_device_key_must_be_owner_only(cli, home: Home) -> None:
    assert "device_key" not in _checks(cli)  # not enrolled: sync's check says so
    identity = DeviceIdentity("https://platform.example", "dev-1", "310104", "W01", "2026-12-07")
    save_credential(home, identity, new_private_key())
    assert _checks(cli)["device_key"]["status"] == "ok"
    device_key = home.device_dir / KEY_FILE
    os.chmod(device_key, 0o644)
    checks = _checks(cli)
    assert checks["device_key"]["status"] == "fail"
    assert f"chmod 600 {device_key}" in checks["device_key"]["detail"]
    assert cli("doctor").returncode == 1
