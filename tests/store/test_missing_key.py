"""A database whose key file is gone: nothing that opens the store makes a new key behind
it (which would read none of its personal data); each says the key is missing and how to
put it back. A home without a database still gets its key on first use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import Role, open_store
from counter_app.store.pii import KeyFileMissing, load_key
from ui.core_facade import Workstation


@pytest.fixture
def key_moved_away(home: Home, config: Config, tmp_path: Path) -> Path:
    """The home's store created, then its key file moved out of the home (kept here)."""
    open_store(home, config).close()
    kept = tmp_path / "kept.key"
    shutil.move(home.key_path, kept)
    return kept


def _refused_without_a_new_key(home: Home, refusal: pytest.ExceptionInfo[KeyFileMissing]) -> None:
    assert not home.key_path.exists()
    assert str(home.key_path) in refusal.value.zh and "不存在" in refusal.value.zh
    assert "counter-app restore" in refusal.value.zh and "--with-key" in refusal.value.zh
    assert "cannot be read" in refusal.value.en and "No new key was made" in refusal.value.en


def test_a_fresh_home_gets_its_key_on_first_open(home: Home, config: Config) -> None:
    assert not home.key_path.exists() and not home.db_path.exists()
    with open_store(home, config) as store:
        assert load_key(home.key_path) == store.pii.key


@pytest.mark.usefixtures("key_moved_away")
@pytest.mark.parametrize("role", ["main", "sync"])
def test_opening_the_store_refuses_instead_of_making_a_key(
    home: Home, config: Config, role: Role
) -> None:
    """The window and the commands (``main``) and the window's sync process (``sync``)."""
    with pytest.raises(KeyFileMissing) as refusal:
        open_store(home, config, role=role)
    _refused_without_a_new_key(home, refusal)


def test_a_database_that_cannot_tell_counts_as_keyed(home: Home, config: Config) -> None:
    """A database SQLite cannot read may still hold what the lost key encrypted."""
    home.db_path.write_bytes(b"not a database, or a damaged one" * 200)
    with pytest.raises(KeyFileMissing) as refusal:
        open_store(home, config)
    _refused_without_a_new_key(home, refusal)


@pytest.mark.usefixtures("key_moved_away")
def test_the_window_s_start_refuses_instead_of_making_a_key(home: Home, config: Config) -> None:
    with pytest.raises(KeyFileMissing) as refusal:
        Workstation.open(home, config)
    _refused_without_a_new_key(home, refusal)


def test_putting_the_key_back_opens_the_store_again(
    home: Home, config: Config, key_moved_away: Path
) -> None:
    shutil.move(key_moved_away, home.key_path)
    open_store(home, config).close()


@pytest.mark.usefixtures("key_moved_away")
@pytest.mark.parametrize("command", [("doctor",), ("backup", "BACKUP"), ("sync", "--once")])
def test_no_command_makes_a_key(cli, home: Home, tmp_path: Path, command: tuple[str, ...]) -> None:
    args = [str(tmp_path / "b.db") if arg == "BACKUP" else arg for arg in command]
    result = cli(*args)
    assert result.returncode != 0
    assert not home.key_path.exists()
    assert "密钥文件" in result.stdout + result.stderr


def test_restore_without_its_key_refuses_on_a_home_that_lost_its_key(
    home: Home, config: Config, tmp_path: Path
) -> None:
    with open_store(home, config) as store:
        backup = create_backup(store, tmp_path / "counter.db").database
    home.key_path.unlink()
    with pytest.raises(KeyFileMissing) as refusal:
        restore_backup(home, config, backup)
    _refused_without_a_new_key(home, refusal)


def test_restore_with_the_backup_s_key_puts_the_lost_key_back(
    home: Home, config: Config, tmp_path: Path
) -> None:
    (tmp_path / "safe").mkdir()
    with open_store(home, config) as store:
        made = create_backup(store, tmp_path / "counter.db", key_file=tmp_path / "safe" / "k")
        key = store.pii.key
    home.key_path.unlink()
    assert made.key is not None
    restore_backup(home, config, made.database, key_file=made.key)
    assert load_key(home.key_path) == key
    open_store(home, config).close()
