"""The safety copies under ``<home>/backups/`` stay few and recent: made before an upgrade or a
restore, each prunes the older ones beyond ``[store] safety_copies_kept`` (itself counted) and
but the newest those older than ``safety_copies_max_days``, never the copy of the operation
under way; doctor's words say what they take. A home's disk without room for the upgrade's copy says so, how much
to free and which copies may go (the copy's disk is a real small tmpfs, ``on_a_small_disk``)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.config import Config, StoreConfig, load_config
from counter_app.errors import ConfigError
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import known_migrations, open_store
from counter_app.store.migrations.registry import MIGRATIONS
from counter_app.store.safety_copies import (
    prune_for_new_copy,
    safety_copies,
    safety_copies_report,
)
from counter_app.store.timestamps import utc_now
from tests.store.disk_faults import on_a_small_disk

NOW = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
POLICY = StoreConfig(safety_copies_kept=3, safety_copies_max_days=90)


def _copy(folder: Path, name: str, size: int = 1024) -> Path:
    path = folder / name
    path.write_bytes(b"\0" * size)
    return path


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_new_copy_keeps_the_newest_few_none_too_old_and_nothing_else(tmp_path: Path) -> None:
    upgrade_old = _copy(tmp_path, "pre-migrate-20270105T080000-m0010_phones.db")
    restore_older = _copy(tmp_path, "pre-restore-20270401T080000.db")
    restore_newer = _copy(tmp_path, "pre-restore-20270520T080000.db")
    upgrade_newest = _copy(tmp_path, "pre-migrate-20270530T080000-m0031_items.db")
    others = [
        _copy(tmp_path, name)
        for name in (
            "damaged-20270101T080000.db",  # for a specialist
            "restoring-20270101T080000.db",  # a restore's staging, its own to clear
            "pre-restore-by-hand.db",  # no moment in its name: not one of ours
            "hall-backup-2027-01-01.db",  # the hall's own backup put here
        )
    ]

    removed = prune_for_new_copy(tmp_path, POLICY, NOW)

    # The newest two stay, so with the one about to be made there are three; January's copy
    # is too old anyway, and April's is third newest.
    assert sorted(removed) == sorted([upgrade_old, restore_older])
    assert _names(tmp_path) == sorted(
        [restore_newer.name, upgrade_newest.name, *(path.name for path in others)]
    )


def test_an_old_copy_goes_even_when_it_is_among_the_newest(tmp_path: Path) -> None:
    _copy(tmp_path, "pre-migrate-20260101T080000-m0010_phones.db")
    _copy(tmp_path, "pre-restore-20260201T080000.db")
    assert [path.name for path in prune_for_new_copy(tmp_path, POLICY, NOW)] == [
        "pre-migrate-20260101T080000-m0010_phones.db"
    ]
    assert [copy.path.name for copy in safety_copies(tmp_path)] == [
        "pre-restore-20260201T080000.db"
    ]


def test_the_newest_copy_stays_however_old_until_the_new_one_is_written(tmp_path: Path) -> None:
    """The pruning runs before the new copy is written: should that copy fail (a full disk),
    the newest old one is still there to go back to."""
    only = _copy(tmp_path, "pre-migrate-20260101T080000-m0010_phones.db")
    assert prune_for_new_copy(tmp_path, POLICY, NOW) == []
    assert [copy.path for copy in safety_copies(tmp_path)] == [only]


def test_the_kept_count_is_at_least_two(home: Home) -> None:
    """A restore of an older backup makes two copies before it has finished: the copy of the
    replaced store must survive the upgrade's pruning."""
    env = {"COUNTER_APP__STORE__SAFETY_COPIES_KEPT": "1"}
    with pytest.raises(ConfigError, match="safety_copies_kept"):
        load_config(home, env=env)


def _older_schema(home: Home) -> None:
    """The home's store one migration behind, as a program upgrade finds it."""
    old = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(old, stop_before=known_migrations()[-1])
    old.close()


def _keeping_two(home: Home) -> Config:
    return load_config(home, env={"COUNTER_APP__STORE__SAFETY_COPIES_KEPT": "2"})


def _days_ago(days: int) -> str:
    """A copy's stamp some days before now: young enough to be kept for its age."""
    return (utc_now() - timedelta(days=days)).strftime("%Y%m%dT%H%M%S")


def test_an_upgrade_prunes_the_older_copies_and_keeps_its_own(home: Home) -> None:
    """The probe: nine copies after a year of upgrades and restores. An upgrade now leaves
    the newest one besides its own (kept: 2)."""
    _older_schema(home)
    earlier = [
        _copy(home.backups_dir, f"pre-migrate-{_days_ago(3)}-m0001_foundation.db"),
        _copy(home.backups_dir, f"pre-restore-{_days_ago(2)}.db"),
        _copy(home.backups_dir, f"pre-restore-{_days_ago(1)}.db"),
    ]

    open_store(home, _keeping_two(home)).close()

    names = [copy.path.name for copy in safety_copies(home.backups_dir)]
    assert len(names) == 2 and names[1] == earlier[2].name
    assert names[0].startswith("pre-migrate-") and names[0].endswith(f"{known_migrations()[-2]}.db")
    with sqlite3.connect(safety_copies(home.backups_dir)[0].path) as copy:
        applied = [row[0] for row in copy.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == known_migrations()[:-1]


def test_a_restore_prunes_before_its_copy_and_keeps_it(home: Home, tmp_path: Path) -> None:
    config = _keeping_two(home)
    with open_store(home, config) as store:
        backup = create_backup(store, tmp_path / "b.db").database
    older, newer = (_copy(home.backups_dir, f"pre-restore-{_days_ago(d)}.db") for d in (2, 1))

    result = restore_backup(home, config, backup)

    assert not older.exists() and result.safety_copy is not None
    assert [copy.path for copy in safety_copies(home.backups_dir)] == [result.safety_copy, newer]


def test_doctor_words_count_size_and_name_the_copies_beyond_the_policy(tmp_path: Path) -> None:
    mib = 1024 * 1024
    for day in ("20270520", "20270525", "20270527", "20270530"):
        _copy(tmp_path, f"pre-restore-{day}T080000.db", mib)

    status, zh, en = safety_copies_report(tmp_path, POLICY)

    assert status == "warn"
    assert "有 4 份安全副本，共 4 MB（保留最新 3 份、不超过 90 天）" in zh
    assert (
        "较早的 1 份（pre-restore-20270520T080000.db，共 1 MB）会在下次升级或恢复时自动删除" in zh
    )
    assert "4 safety copies" in en and "(pre-restore-20270520T080000.db, 1 MB)" in en

    (tmp_path / "pre-restore-20270520T080000.db").unlink()
    _copy(tmp_path, "pre-restore-20000101T080000.db", mib)  # old, but within the count
    (tmp_path / "pre-restore-20270525T080000.db").unlink()
    assert safety_copies_report(tmp_path, POLICY) == (
        "ok",
        f"{tmp_path} 中有 3 份安全副本，共 3 MB（保留最新 3 份、不超过 90 天）",
        f"3 safety copies in {tmp_path}, 3 MB in all (keeping the newest 3, none older than "
        "90 days)",
    )


# Opens the home $3 (its store one migration behind) with the Python $2, its backups/ being
# the small file system at $1, after putting an earlier upgrade's copy there.
UPGRADE_ON_A_FULL_DISK = '"$2" -c "$4" "$3"'
UPGRADE = """
import sys
from pathlib import Path
from counter_app.config import load_config
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.safety_copies import safety_copy_path
home = Home(Path(sys.argv[1]))
earlier = safety_copy_path(home.backups_dir, "upgrade", "m0001_foundation")
earlier.write_bytes(b"0" * 4096)
try:
    open_store(home, load_config(home))
except CounterError as exc:
    print(earlier.name, type(exc).__name__, exc.zh, exc.en, sep="\\n")
"""


def test_an_upgrade_without_room_for_its_copy_says_what_to_free(home: Home) -> None:
    _older_schema(home)

    done = on_a_small_disk(
        home.backups_dir, "64k", UPGRADE_ON_A_FULL_DISK, sys.executable, str(home.root), UPGRADE
    )

    assert len(done.stdout.splitlines()) == 4, done.stdout + done.stderr
    earlier, kind, zh, en = done.stdout.splitlines()
    assert kind == "SafetyCopyNotWritten", done.stdout + done.stderr
    assert zh.startswith("升级前的安全副本没有写成：副本需要 ")
    assert f"{home.backups_dir} 所在磁盘只有 0 MB 可用。数据库没有升级" in zh
    assert "请在该磁盘上至少腾出 " in zh and "换一个" not in zh
    assert f"例如删除 {home.backups_dir} 中较早的安全副本 {earlier}（0 MB），然后重新打开程序" in zh
    assert en.startswith("The safety copy made before an upgrade was not written")
    assert "Choose a place" not in en
