"""A backup is both files or neither, whenever it stops: the database copy keeps an
unfinished name (``.NAME.unfinished.partial``) until its key is in place, so a backup killed
between the copy and the key leaves no file that looks like a backup and the same names can
be used again; a copy that fails its ``quick_check`` is removed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.errors import StoreError
from counter_app.store import backup
from counter_app.store.backup import create_backup
from counter_app.store.database import DatabaseDamaged, Store
from counter_app.store.pii import PiiKey, load_key
from counter_app.store.snapshot import copy_database


class Killed(BaseException):
    """The process killed: no ``except Exception`` stops it."""


def _backups(store: Store) -> int:
    return sum(entry["action"] == "backup.create" for entry in store.audit.entries(limit=1000))


def _names(*folders: Path) -> list[str]:
    return sorted(path.name for folder in folders for path in folder.iterdir())


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def safe(tmp_path: Path) -> Path:
    folder = tmp_path / "safe"
    folder.mkdir()
    return folder


def test_a_backup_killed_between_the_copy_and_the_key_leaves_no_backup_and_the_names_free(
    store: Store, stick: Path, safe: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a kill at that instant leaves is what is on the stick then: read there, and put
    back after the interrupted call has cleaned up, as a kill would not have let it."""
    left_on_the_stick: dict[str, bytes] = {}

    def killed(_path: Path, _key: PiiKey) -> None:
        left_on_the_stick.update({path.name: path.read_bytes() for path in stick.iterdir()})
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr(backup, "_write_backup_key", killed)
        with pytest.raises(Killed):
            create_backup(store, stick / "w04.db", key_file=safe / "w04.key")
    for name, data in left_on_the_stick.items():
        (stick / name).write_bytes(data)

    assert _names(stick, safe) == [".w04.db.unfinished.partial"]
    assert _backups(store) == 0

    made = create_backup(store, stick / "w04.db", key_file=safe / "w04.key")

    assert _names(stick, safe) == ["w04.db", "w04.key"]
    assert made.key is not None and load_key(made.key).key_id_hex == store.pii.key.key_id_hex
    with sqlite3.connect(f"file:{made.database}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert _backups(store) == 1


def test_what_backups_killed_during_the_copy_left_is_removed_by_the_next_to_that_name(
    store: Store, stick: Path
) -> None:
    """The unfinished copy, its journal, and the unfinished copy it is itself written
    through; another backup's unfinished copy in the same folder is left alone."""
    left = [
        ".w04.db.unfinished.partial",
        ".w04.db.unfinished.partial-journal",
        "..w04.db.unfinished.partial.0123456789abcdef.partial",
        "..w04.db.unfinished.partial.0123456789abcdef.partial-journal",
    ]
    another = ".w03.db.unfinished.partial"
    for name in (*left, another):
        (stick / name).write_bytes(b"SQLite format 3\x00")

    create_backup(store, stick / "w04.db")

    assert _names(stick) == sorted([another, "w04.db"])


@pytest.mark.parametrize(
    "pages_kept",
    [
        pytest.param(lambda pages: pages - 1, id="the check reports the damaged last page"),
        pytest.param(lambda pages: 1, id="the check cannot walk past the damage"),
    ],
)
def test_a_copy_that_fails_its_check_is_removed_and_the_error_says_so(
    store: Store,
    stick: Path,
    safe: Path,
    monkeypatch: pytest.MonkeyPatch,
    pages_kept: Callable[[int], int],
) -> None:
    """The copy is really damaged (its pages after the first ``pages_kept`` overwritten; the
    first holds the schema) as a failing medium would: its check finds it."""

    def damaged_copy(source: sqlite3.Connection, destination: Path) -> None:
        copy_database(source, destination)
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
        data = destination.read_bytes()
        kept = pages_kept(len(data) // page_size) * page_size
        destination.write_bytes(data[:kept] + b"\xff" * (len(data) - kept))

    with monkeypatch.context() as patched:
        patched.setattr(backup, "copy_database", damaged_copy)
        with pytest.raises(DatabaseDamaged) as refused:
            create_backup(store, stick / "w04.db", key_file=safe / "w04.key")

    assert refused.value.field == "dest"
    assert "两个文件都没有留下" in refused.value.zh and "neither file was left" in refused.value.en
    assert _names(stick, safe) == []
    assert _backups(store) == 0

    create_backup(store, stick / "w04.db", key_file=safe / "w04.key")

    assert _names(stick, safe) == ["w04.db", "w04.key"]


def test_a_key_written_for_a_copy_that_cannot_take_its_name_is_removed_with_it(
    store: Store, stick: Path, safe: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program made a file under the backup's name while the key was written: the
    backup is refused as any backup to an existing name, and takes its key with it."""
    write_backup_key = backup._write_backup_key

    def key_then_a_file_under_the_name(path: Path, key: PiiKey) -> None:
        write_backup_key(path, key)
        (stick / "w04.db").write_bytes(b"someone else's")

    with monkeypatch.context() as patched:
        patched.setattr(backup, "_write_backup_key", key_then_a_file_under_the_name)
        with pytest.raises(StoreError) as refused:
            create_backup(store, stick / "w04.db", key_file=safe / "w04.key")

    assert refused.value.field == "dest" and "已存在" in refused.value.zh
    assert _names(stick, safe) == ["w04.db"]
    assert (stick / "w04.db").read_bytes() == b"someone else's"
    assert _backups(store) == 0
