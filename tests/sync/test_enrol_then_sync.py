"""A window enrolled from a terminal (``counter-app enroll``, then ``sync --once``), as IT
does without the first-start screen (docs/operations.md §3): it gets the platform's
catalog even where a command loaded the sample first, says when the platform has none
yet, is not moved to another hall while cases wait to upload, shows a revoked enrolment
as such, and words a failure as what it is."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from central.store.base import code_hash
from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.catalog import bundled_catalog
from counter_app.store.database import open_store
from sync.credential import load_identity
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, closed_address

Cli = Callable[..., CliResult]
OTHER_HALL = "310104-002"


def enrol(
    cli: Cli, central: RunningCentral, code: str, *options: str, home_dir: Path | None = None
) -> CliResult:
    return cli("enroll", central.url, code, "--allow-insecure-http", *options, home_dir=home_dir)


def checks(cli: Cli) -> dict[str, dict[str, str]]:
    doctor = json.loads(cli("doctor", "--json").stdout)
    return {check["name"]: check for check in doctor["checks"]}


def publish_own_catalog(central: RunningCentral, tmp_path: Path) -> None:
    """The platform's version 1, not the program's sample: one service named otherwise."""
    document = bundled_catalog()
    document["items"][0]["name"] = "上海市居住证办理（平台发布）"
    path = tmp_path / "platform-catalog.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    central.cli("catalog", "publish", str(path))


def test_the_sample_a_command_loaded_gives_way_to_the_platforms_catalog(
    cli: Cli, home: Home, central: RunningCentral, tmp_path: Path
) -> None:
    publish_own_catalog(central, tmp_path)
    assert "居住证" in cli("catalog").stdout  # IT looks: the command loads the sample
    assert enrol(cli, central, central.enroll_code(HALL, "W01")).returncode == 0
    synced = cli("sync", "--once")
    assert synced.returncode == 0, synced.stderr
    with open_store(home, load_config(home)) as store:
        sources = [row[0] for row in store.db.execute("SELECT source FROM catalog_versions")]
        actions = [entry["action"] for entry in store.audit.entries(limit=1000)]
    assert sources == ["platform:catalog:1"]
    assert "catalog.sample_removed" in actions
    assert "上海市居住证办理（平台发布）" in cli("catalog").stdout
    assert "sync_catalog" not in checks(cli)


def test_a_platform_without_a_catalog_is_named_with_who_to_ask(
    cli: Cli, central: RunningCentral
) -> None:
    enrolled = enrol(cli, central, central.enroll_code(HALL, "W01"))
    assert "counter-app sync --once" in enrolled.stdout  # the next step
    synced = cli("sync", "--once")
    assert synced.returncode == 0, synced.stderr
    assert "平台还没有发布事项目录" in synced.stderr
    assert "counter-central catalog publish" in synced.stderr
    check = checks(cli)["sync_catalog"]
    assert check["status"] == "fail" and "平台管理员" in check["detail"]


def test_enrolling_elsewhere_waits_for_the_backlog_unless_told_and_names_the_old_device(
    cli: Cli, home: Home, central: RunningCentral
) -> None:
    assert enrol(cli, central, central.enroll_code(HALL, "W01")).returncode == 0
    before = load_identity(home)
    assert before is not None
    with open_store(home, load_config(home)) as store:
        seed_cases(store, 3, hall=HALL)
    code = central.enroll_code(OTHER_HALL, "W05")

    refused = enrol(cli, central, code)

    assert refused.returncode == 2
    assert "3 件办件待上传" in refused.stderr and "--despite-backlog" in refused.stderr
    assert "counter-app sync --once" in refused.stderr
    assert load_identity(home) == before  # nothing changed, the code is not spent
    # The backlog's cases are open cases of the old hall too (sync.hall_move).
    moved = enrol(cli, central, code, "--despite-backlog", "--leave-open-cases")
    assert moved.returncode == 0, moved.stderr
    assert load_identity(home).hall == OTHER_HALL  # type: ignore[union-attr]
    assert f"counter-central revoke {before.device_id}" in moved.stderr


def test_a_revoked_enrolment_shows_as_revoked_with_what_to_do(
    cli: Cli, home: Home, central: RunningCentral, tmp_path: Path
) -> None:
    publish_own_catalog(central, tmp_path)
    assert enrol(cli, central, central.enroll_code(HALL, "W01")).returncode == 0
    assert cli("sync", "--once").returncode == 0
    identity = load_identity(home)
    assert identity is not None
    central.cli("revoke", identity.device_id)
    with open_store(home, load_config(home)) as store:
        seed_cases(store, 1, hall=HALL)

    assert cli("sync", "--once").returncode != 0
    status = cli("sync", "status")
    assert "登记：已被平台吊销" in status.stdout
    assert f"counter-central enroll-code --hall {HALL} --window W01" in status.stdout
    assert json.loads(cli("sync", "status", "--json").stdout)["revoked"] is True
    check = checks(cli)["sync"]
    assert check["status"] == "fail" and "--despite-backlog" in check["detail"]

    # Enrolled again for the same window, the case goes and the revocation is history.
    again = enrol(cli, central, central.enroll_code(HALL, "W01"), "--despite-backlog")
    assert again.returncode == 0, again.stderr
    assert "登记：已登记" in cli("sync", "status").stdout
    assert cli("sync", "--once").returncode == 0
    assert checks(cli)["sync"]["status"] == "ok"


def test_failures_say_what_happened_not_what_did_not(
    cli: Cli, home: Home, central: RunningCentral
) -> None:
    plain = cli("enroll", central.url, "ABCD-EFGH")
    assert plain.returncode == 2
    assert "--allow-insecure-http" in plain.stderr  # the option, not only the setting

    down = cli("enroll", closed_address(), "ABCD-EFGH", "--allow-insecure-http")
    assert down.returncode == 2 and "无法连接平台" in down.stderr
    assert "自动重试" not in down.stderr and "请稍后重试" in down.stderr

    no_tls = cli("enroll", central.url.replace("http://", "https://"), "ABCD-EFGH")
    assert no_tls.returncode == 2
    assert "平台拒绝" not in no_tls.stderr and "TLS" in no_tls.stderr

    code = central.enroll_code(HALL, "W01")
    with sqlite3.connect(central.db) as db:
        db.execute(
            "UPDATE enroll_codes SET expires_at = ? WHERE code_hash = ?",
            ("2026-01-01T00:00:00.000000Z", code_hash(code)),
        )
    expired = enrol(cli, central, code)
    assert expired.returncode == 2
    assert "2026-01-01 08:00:00" in expired.stderr and "T00:00:00" not in expired.stderr
    assert load_identity(home) is None


def test_a_production_window_has_no_hall_name_unless_it_is_set(
    cli: Cli, tmp_path: Path, central: RunningCentral
) -> None:
    window = Home(tmp_path / "window").ensure()
    assert load_config(window).hall.hall_name == ""
    training = Home(tmp_path / "training").claim(training=True)
    assert load_config(training).hall.hall_name == "培训大厅（徐汇区示例）"

    code = central.enroll_code(HALL, "W01")
    assert enrol(cli, central, code, home_dir=window.root).returncode == 0
    doctor = json.loads(cli("doctor", "--json", home_dir=window.root).stdout)
    [check] = [c for c in doctor["checks"] if c["name"] == "hall_name"]
    assert check["status"] == "warn" and 'hall_name = "' in check["detail"]
    assert HALL in check["detail"]  # what documents show instead
