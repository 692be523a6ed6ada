"""A platform restored from an older backup no longer holds the newest catalog versions its
windows loaded: the operator publishing one of those numbers again is refused, told to
publish the next number, unless the file is the very version the windows hold."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from central.store import open_store, publishing
from central.store.device_health import record_device_health
from counter_app.store.catalog import bundled_catalog
from sync.wire.device_reports import DeviceHealthReport, Printers
from sync.wire.signing import new_nonce
from tests.central.conftest import CliRun
from tests.central.enrolled import enrol_window


def catalog_file(tmp_path: Path, version: int) -> str:
    path = tmp_path / f"catalog-{version}.json"
    path.write_text(json.dumps(bundled_catalog() | {"version": version}), encoding="utf-8")
    return str(path)


def platform_restored(tmp_path: Path) -> str:
    """A platform holding catalog version 2 whose window reports it holds version 3."""
    db = str(tmp_path / "central.sqlite3")
    store = open_store(db)
    try:
        publishing.publish_document(store, "catalog", bundled_catalog() | {"version": 2}, 2)
        window = enrol_window(store, "H-RST", "W1")
        report = DeviceHealthReport(
            program_version="0.1.0",
            clock_at=datetime.now(UTC),
            pending=0,
            doctor=None,
            reader="pcsc",
            printers=Printers(a4="", receipt=""),
            catalog_version=3,
        )
        record_device_health(store, window, new_nonce(), report)
    finally:
        store.close()
    return db


def test_a_number_a_window_holds_is_refused_and_revert_passes_it(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    db = platform_restored(tmp_path)

    refused = run_cli("catalog", "publish", catalog_file(tmp_path, 3), "--db", db)

    assert refused.returncode == 1
    assert "已有窗口报告正在使用事项目录第 3 版" in refused.stderr
    assert "version 改为 4" in refused.stderr
    store = open_store(db)
    try:
        assert publishing.latest_catalog_version(store) == 2
    finally:
        store.close()
    reverted = run_cli("catalog", "revert", "--to", "2", "--reason", "恢复", "--db", db)
    assert reverted.returncode == 0, reverted.stderr
    assert reverted.json()["version"] == 4


def test_the_version_the_windows_hold_may_be_published_again(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    db = platform_restored(tmp_path)

    vouched = run_cli(
        "catalog", "publish", catalog_file(tmp_path, 3), "--same-as-windows", "--db", db
    )

    assert vouched.returncode == 0, vouched.stderr
    assert run_cli("catalog", "list", "--json", "--db", db).returncode == 0
    store = open_store(db)
    try:
        assert publishing.latest_catalog_version(store) == 3
    finally:
        store.close()
