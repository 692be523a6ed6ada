"""A PC restored from another PC's backup and not enrolled yet: ``sync status`` shows no
last success (the other device's), and says which replacement code to ask for."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.credential import load_identity
from sync.enrolment import record_enrolment
from tests.in_process import CliResult
from tests.sync.conftest import make_engine


def test_the_dead_pcs_last_success_is_not_shown_and_the_replaces_code_is_named(
    cli: Callable[..., CliResult], home: Home, enrolled: Config, sync_store: Store
) -> None:
    identity = load_identity(home)
    assert identity is not None
    record_enrolment(sync_store, "it", identity, previous_hall="")  # as counter-app enroll does
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    shutil.rmtree(home.device_dir)  # the backup holds the store, not the dead PC's key

    shown = cli("sync", "status")
    assert shown.returncode == 0, shown.stderr
    assert "上次成功同步：从未" in shown.stdout
    assert f"--replaces {identity.device_id}" in shown.stdout
    assert "恢复自另一台电脑" in shown.stdout
    as_json = json.loads(cli("sync", "status", "--json").stdout)
    assert as_json["last_success_at"] is None
    assert as_json["last_error_code"] == "restored_unenrolled"
    english = cli("--lang", "en", "sync", "status").stdout
    assert "restored from another PC's backup" in english and "last success: never" in english


def test_an_enrolled_window_shows_its_own_last_success(
    cli: Callable[..., CliResult], home: Home, enrolled: Config, sync_store: Store
) -> None:
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    shown = cli("sync", "status").stdout
    assert "上次成功同步：从未" not in shown and "恢复自另一台电脑" not in shown
