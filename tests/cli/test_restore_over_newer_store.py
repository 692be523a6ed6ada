"""Going back to an older counter-app (docs/operations.md §10): its ``restore`` of the copy made
before the upgrade replaces the database the newer program migrated. This version cannot
read that database's accounts, so the restore runs as the OS user, and says that reason, not
a damaged or missing database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from counter_app.cli.context import os_actor
from counter_app.config import load_config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import known_migrations, open_store
from tests.in_process import CliResult

PASSWORD = "Counter-Pass-2026!"

Cli = Callable[..., CliResult]


def _upgraded_by_a_newer_program(cli: Cli, home: Home) -> Path:
    """What a newer program's upgrade leaves: its copy of the store from before it migrated
    (returned), and the store with a migration this version does not know."""
    before_upgrade = home.backups_dir / f"pre-migrate-20261201T080000-{known_migrations()[-1]}.db"
    assert cli("backup", str(before_upgrade)).returncode == 0
    with sqlite3.connect(home.db_path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('counter_app', 'm9999_from_the_future', 'x')"
        )
    raw.close()
    return before_upgrade


def test_the_copy_before_the_upgrade_is_restored_over_a_newer_store_saying_why_unchecked(
    cli: Cli, home: Home
) -> None:
    with open_store(home, load_config(home)) as store:
        Accounts(store).add_user("admin1", PASSWORD, "admin")
    before_upgrade = _upgraded_by_a_newer_program(cli, home)

    restored = cli(
        "restore", str(before_upgrade), "--by", "admin1", "--password-stdin", input=f"{PASSWORD}\n"
    )

    assert restored.returncode == 0, restored.stderr
    assert restored.stderr.startswith(
        "注意：本机的数据库由更新版本的 counter-app 写入，本版本读不出其中的账号，无从核对，"
        "--by admin1 未经核对。"
    )
    assert "即退回本版本（docs/operations.md 第 10 节）" in restored.stderr
    assert "没有可读取的数据库" not in restored.stderr
    with open_store(home, load_config(home)) as store:
        assert store.schema_versions() == known_migrations()
        last = store.audit.entries(limit=100)[-1]
    assert (last["actor"], last["action"]) == (os_actor(), "backup.restore")


def test_in_english_the_note_says_the_same(cli: Cli, home: Home) -> None:
    open_store(home, load_config(home)).close()
    before_upgrade = _upgraded_by_a_newer_program(cli, home)

    restored = cli("--lang", "en", "restore", str(before_upgrade))

    assert restored.returncode == 0, restored.stderr
    assert restored.stderr.startswith(
        "Note: this PC's database was written by a newer counter-app, whose accounts this "
        "version cannot read, so no account can be checked. This runs as the OS user"
    )
    assert "docs/operations.md §10" in restored.stderr
