"""Backup and restore: round trip (same PC and replacement PC), and every refusal."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.errors import StoreError
from counter_app.file_lock import FileLock, HomeBusy
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import DatabaseDamaged, KeyMismatch, SchemaTooNew, Store, open_store
from counter_app.store.pii import KeyFileError

PASSWORD = "Counter-2026-ok"


def _seed(store: Store) -> None:
    Accounts(store).add_user("alice", PASSWORD, "clerk")
    with store.transaction() as db:
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('sample_ciphertext', ?)",
            (store.pii.encrypt_text("310104199003070017", b"sample").hex(),),
        )


def _users(home: Home) -> list[str]:
    with open_store(home, load_config(home)) as store:
        return [u.username for u in Accounts(store).list_users()]


def test_backup_refuses_to_overwrite_and_is_owner_only(store: Store, tmp_path: Path) -> None:
    _seed(store)
    target = tmp_path / "out" / "counter-backup.db"
    for folder in ("out", "safe"):
        (tmp_path / folder).mkdir()
    result = create_backup(store, target, key_file=tmp_path / "safe" / "counter-backup.key")
    assert result.key == tmp_path / "safe" / "counter-backup.key"
    assert target.stat().st_mode & 0o777 == 0o600 and result.key.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT username FROM users").fetchall() == [("alice",)]
    with pytest.raises(Exception, match="never overwrites"):
        create_backup(store, target)
    assert store.audit.entries(limit=100)[-1]["action"] == "backup.create"


def test_a_backup_to_a_folder_that_is_not_there_is_refused(store: Store, tmp_path: Path) -> None:
    """A stick not plugged in, or a typo: the backup (or its key) would land on this PC's
    disk, reported as made. Refused, naming the folder; nothing is written."""
    _seed(store)
    (tmp_path / "usb").mkdir()
    with pytest.raises(StoreError, match="U盘") as missing:
        create_backup(store, tmp_path / "usbb" / "w01.db")
    assert missing.value.field == "dest" and str(tmp_path / "usbb") in missing.value.en
    with pytest.raises(StoreError) as no_safe:
        create_backup(store, tmp_path / "usb" / "w01.db", key_file=tmp_path / "safe" / "k.key")
    assert no_safe.value.field == "key_file"
    assert not (tmp_path / "usbb").exists() and not (tmp_path / "safe").exists()
    assert not any((tmp_path / "usb").iterdir())


def test_a_backup_again_after_a_pulled_stick_clears_what_the_first_left(
    store: Store, tmp_path: Path
) -> None:
    """The stick was pulled out (or the power cut) in the middle of a backup: its unfinished
    copy, which can take the room the next one needs, is removed by the next backup to the
    same name; another name's unfinished copy is left alone."""
    _seed(store)
    stick = tmp_path / "usb"
    stick.mkdir()
    left = [
        stick / ".w01.db.0123456789abcdef.partial",
        stick / ".w01.db.0123456789abcdef.partial-journal",
    ]
    other = stick / ".w02.db.fedcba9876543210.partial"
    for path in (*left, other):
        path.write_bytes(b"\0" * 4096)

    create_backup(store, stick / "w01.db")

    assert sorted(path.name for path in stick.iterdir()) == [other.name, "w01.db"]


def test_a_backup_on_the_stores_own_disk_says_it_is_no_second_copy(
    home: Home, cli, tmp_path: Path
) -> None:
    """Made, as before an upgrade it should be, with a note that a failing disk takes both;
    on another filesystem (here the machine's tmpfs, a stick's stand-in) no note."""
    local = cli("backup", str(tmp_path / "local.db"))
    assert local.returncode == 0 and "同一块磁盘" in local.stdout
    assert json.loads(cli("backup", str(tmp_path / "again.db"), "--json").stdout)["same_disk"]
    # Every Linux machine this suite runs on has it: Python's multiprocessing, which the
    # window's sync process and the benchmarks use, keeps its semaphores there.
    shm = Path("/dev/shm")
    assert shm.stat().st_dev != tmp_path.stat().st_dev, "/dev/shm is not a filesystem of its own"
    with tempfile.TemporaryDirectory(dir=shm) as stick:
        elsewhere = cli("backup", str(Path(stick) / "w01.db"), "--json")
        assert json.loads(elsewhere.stdout)["same_disk"] is False
        assert "同一块磁盘" not in cli("backup", str(Path(stick) / "w02.db")).stdout


def test_round_trip_on_the_same_home_keeps_a_safety_copy(home: Home, cli, tmp_path: Path) -> None:
    with open_store(home, load_config(home)) as store:
        _seed(store)
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup)).returncode == 0
    with open_store(home, load_config(home)) as store:
        Accounts(store).add_user("bob", PASSWORD, "clerk")
    assert _users(home) == ["alice", "bob"]

    result = cli("restore", str(backup), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert _users(home) == ["alice"]
    safety = Path(report["safety_copy"])
    with sqlite3.connect(safety) as previous:
        assert {r[0] for r in previous.execute("SELECT username FROM users")} == {"alice", "bob"}
    with open_store(home, load_config(home)) as store:
        assert store.audit.verify() == []
        assert store.audit.entries(limit=100)[-1]["action"] == "backup.restore"
        ciphertext = bytes.fromhex(store.meta("sample_ciphertext") or "")
        assert store.pii.decrypt_text(ciphertext, b"sample") == "310104199003070017"


def test_restore_on_a_replacement_pc_needs_the_key(home: Home, cli, tmp_path: Path) -> None:
    with open_store(home, load_config(home)) as store:
        _seed(store)
    backup = tmp_path / "b.db"
    key = tmp_path / "safe" / "b.key"
    key.parent.mkdir()
    beside = cli("--lang", "en", "backup", str(backup), "--with-key", str(tmp_path / "b.key"))
    assert beside.returncode == 2 and "must not go into the backup's directory" in beside.stderr
    assert not backup.exists()
    assert cli("backup", str(backup), "--with-key", str(key)).returncode == 0
    replacement = tmp_path / "new-pc"

    refused = cli("--lang", "en", "restore", str(backup), home_dir=replacement)
    assert (
        refused.returncode != 0 and "--key" in refused.stderr and "Traceback" not in refused.stderr
    )
    restored = cli("restore", str(backup), "--key", str(key), home_dir=replacement)
    assert restored.returncode == 0, restored.stderr
    new_home = Home(replacement)
    assert new_home.key_path.stat().st_mode & 0o777 == 0o600
    with open_store(new_home, load_config(new_home)) as store:
        assert [u.username for u in Accounts(store).list_users()] == ["alice"]
        ciphertext = bytes.fromhex(store.meta("sample_ciphertext") or "")
        assert store.pii.decrypt_text(ciphertext, b"sample") == "310104199003070017"
        # The audit chain's key is derived from the key file, so it came along with it.
        assert store.audit.verify() == []


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_file_option_given_empty_or_blank_is_refused_and_nothing_is_written(
    home: Home, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank: str
) -> None:
    """``backup --with-key ""`` made the backup without its key, and ``"  "`` wrote the key to
    a file called two spaces in the working directory; ``restore --key ""`` restored with
    this PC's key. Each is refused, naming the option, before anything is written."""
    with open_store(home, load_config(home)) as store:
        _seed(store)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    backup = tmp_path / "b.db"

    def refused(option: str, *command: str) -> None:
        result = cli(*command)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        chinese, english = result.stderr.splitlines()
        assert chinese == f"{option} 的路径为空：请给出文件的路径，再执行一次。"
        assert english == f"{option} is empty: give the file's path, and run the command again."

    refused("--with-key", "backup", str(backup), "--with-key", blank)
    refused("DEST", "backup", blank)
    assert not backup.exists() and list(here.iterdir()) == []
    assert cli("backup", str(backup)).returncode == 0
    with open_store(home, load_config(home)) as store:
        Accounts(store).add_user("bob", PASSWORD, "clerk")
    refused("--key", "restore", str(backup), "--key", blank)
    refused("SRC", "restore", blank)
    assert _users(home) == ["alice", "bob"] and list(here.iterdir()) == []


def test_restore_refuses_a_key_that_does_not_belong(home: Home, tmp_path: Path) -> None:
    with open_store(home, load_config(home)) as store:
        backup = create_backup(store, tmp_path / "b.db").database
    other = Home(tmp_path / "other")
    (tmp_path / "safe").mkdir()
    with open_store(other, load_config(other)) as store:
        create_backup(store, tmp_path / "o.db", key_file=tmp_path / "safe" / "o.key")
    with pytest.raises(KeyMismatch, match="does not belong"):
        restore_backup(home, load_config(home), backup, key_file=tmp_path / "safe" / "o.key")


def _audit_rows(home: Home) -> list[tuple]:
    with sqlite3.connect(home.db_path) as raw:
        return raw.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall()


@pytest.mark.parametrize(
    "make_bad",
    [
        lambda good, bad: bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2]),
        lambda good, bad: bad.write_bytes(b"\x00" * 8192),
        lambda good, bad: bad.write_bytes(
            good.read_bytes()[:100] + b"\xff" * (len(good.read_bytes()) - 100)
        ),
    ],
    ids=["truncated", "zeros", "garbage-after-header"],
)
def test_restore_refuses_a_damaged_file_and_changes_nothing(
    home: Home, tmp_path: Path, make_bad
) -> None:
    with open_store(home, load_config(home)) as store:
        _seed(store)
        good = create_backup(store, tmp_path / "good.db").database
    before = _audit_rows(home)
    bad = tmp_path / "bad.db"
    make_bad(good, bad)
    with pytest.raises(DatabaseDamaged) as refused:
        restore_backup(home, load_config(home), bad)
    assert _audit_rows(home) == before
    assert not list(home.backups_dir.glob("pre-restore-*"))
    # The backup is at fault, not this PC's database: no "restore from a backup" again.
    assert refused.value.zh.startswith(f"备份文件 {bad} 已损坏或不是本程序的数据库")
    assert refused.value.zh.endswith("未做任何更改，本机数据库仍是原来的。请换用另一份备份。")
    assert refused.value.en.endswith("Use another backup.")
    assert "counter-app restore" not in refused.value.en


def test_restore_refuses_a_newer_schema(home: Home, cli, tmp_path: Path) -> None:
    with open_store(home, load_config(home)) as store:
        backup = create_backup(store, tmp_path / "b.db").database
    with sqlite3.connect(backup) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('counter_app', 'm9999_future', 'x')"
        )
    with pytest.raises(SchemaTooNew):
        restore_backup(home, load_config(home), backup)
    result = cli("--lang", "en", "restore", str(backup))
    assert (
        result.returncode != 0
        and "m9999_future" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_restore_refuses_a_foreign_sqlite_file(home: Home, tmp_path: Path) -> None:
    foreign = tmp_path / "other-app.db"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE t (x)")
    with pytest.raises(DatabaseDamaged, match="not a counter-app database"):
        restore_backup(home, load_config(home), foreign)


def _other_home_backup_with_key(tmp_path: Path) -> tuple[Path, Path]:
    """Another home's backup and its key file."""
    other = Home(tmp_path / "other")
    (tmp_path / "safe").mkdir(exist_ok=True)
    with open_store(other, load_config(other)) as store:
        _seed(store)
        made = create_backup(store, tmp_path / "other.db", key_file=tmp_path / "safe" / "o.key")
    assert made.key is not None
    return made.database, made.key


def _key_files(home: Home) -> list[str]:
    return sorted(path.name for path in home.key_path.parent.iterdir())


def test_a_damaged_key_file_given_is_named_as_such_and_nothing_changes(
    home: Home, tmp_path: Path
) -> None:
    """The key file given with --key was said to need restoring "from the backup (counter-app
    restore --key)", the command being run. It is named as the file given, damaged."""
    with open_store(home, load_config(home)) as store:
        _seed(store)
    backup, _key = _other_home_backup_with_key(tmp_path)
    damaged = tmp_path / "safe" / "damaged.key"
    damaged.write_text('{"format": "counter', encoding="utf-8")
    keys_before = _key_files(home)
    with pytest.raises(KeyFileError) as refused:
        restore_backup(home, load_config(home), backup, key_file=damaged)
    assert refused.value.zh == (
        f"--key 给出的密钥文件 {damaged} 已损坏或不是本程序的密钥文件，读不出密钥；未做任何更改。"
        "请换用与该备份一起保存的另一份密钥文件。"
    )
    assert "counter-app restore" not in refused.value.en and refused.value.field == "key"
    assert _key_files(home) == keys_before and _users(home) == ["alice"]


def test_the_key_given_takes_the_place_of_this_pcs_damaged_key(home: Home, tmp_path: Path) -> None:
    """This PC's own key file is damaged and IT restores with the backup's key: the damaged
    one is kept aside, not reported as needing the restore under way."""
    with open_store(home, load_config(home)) as store:
        _seed(store)
    backup, key = _other_home_backup_with_key(tmp_path)
    home.key_path.write_text("not a key any more", encoding="utf-8")
    result = restore_backup(home, load_config(home), backup, key_file=key)
    assert result.replaced_key is not None
    assert result.replaced_key.read_text(encoding="utf-8") == "not a key any more"
    assert _users(home) == ["alice"]


def test_the_key_is_swapped_only_after_the_database_is(home: Home, tmp_path: Path) -> None:
    """Another program holds the database's write lock: the database cannot be replaced,
    so the installation's key must not be either (else neither database opens)."""
    with open_store(home, load_config(home)) as store:
        _seed(store)
        own_key = store.pii.key.key_id_hex
    backup, key = _other_home_backup_with_key(tmp_path)
    keys_before = _key_files(home)
    config = load_config(home)
    impatient = replace(config, store=replace(config.store, busy_timeout_ms=50))
    writer = sqlite3.connect(home.db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="not replaced"):
            restore_backup(home, impatient, backup, key_file=key)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _key_files(home) == keys_before
    with open_store(home, config) as store:
        assert store.pii.key.key_id_hex == own_key
        assert [u.username for u in Accounts(store).list_users()] == ["alice"]


def test_restore_replaces_a_database_too_damaged_to_open(home: Home, tmp_path: Path) -> None:
    with open_store(home, load_config(home)) as store:
        _seed(store)
        backup = create_backup(store, tmp_path / "b.db").database
    home.db_path.write_bytes(b"not a database any more" * 500)
    with pytest.raises(DatabaseDamaged):
        open_store(home, load_config(home))

    result = restore_backup(home, load_config(home), backup)
    assert _users(home) == ["alice"]
    assert result.safety_copy is not None
    assert result.safety_copy.read_bytes() == b"not a database any more" * 500


@pytest.mark.parametrize("lock", ["window", "sync"])
def test_restore_refuses_while_the_window_or_a_sync_runs(
    home: Home, tmp_path: Path, lock: str
) -> None:
    with open_store(home, load_config(home)) as store:
        _seed(store)
        backup = create_backup(store, tmp_path / "b.db").database
        Accounts(store).add_user("bob", PASSWORD, "clerk")
    holder = FileLock(home.window_lock_path if lock == "window" else home.sync_lock_path)
    assert holder.acquire()
    try:
        with pytest.raises(HomeBusy) as refused:
            restore_backup(home, load_config(home), backup)
        assert "close" in refused.value.en.lower() or "wait" in refused.value.en.lower()
    finally:
        holder.release()
    assert _users(home) == ["alice", "bob"]
    assert not list(home.backups_dir.glob("pre-restore-*"))
    restore_backup(home, load_config(home), backup)
    assert _users(home) == ["alice"]
