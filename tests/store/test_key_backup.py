"""A backup without the key says so and how to keep one; ``backup --with-key`` is
remembered in the store (and audited), for the backup's words and doctor's key_backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.home import Home
from counter_app.store.backup import create_backup, last_key_backup
from counter_app.store.database import Store


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A backup folder and, apart from it, a place for the key."""
    usb, safe = tmp_path / "usb", tmp_path / "safe"
    usb.mkdir()
    safe.mkdir()
    return usb, safe


def test_with_key_is_remembered_and_audited(store: Store, places: tuple[Path, Path]) -> None:
    usb, safe = places
    plain = create_backup(store, usb / "daily.db")
    assert plain.key is None and plain.key_backed_up_at is None
    assert last_key_backup(store) is None
    keyed = create_backup(store, usb / "keyed.db", key_file=safe / "counter.key")
    assert keyed.key_backed_up_at is not None
    assert last_key_backup(store) == keyed.key_backed_up_at
    entry = store.audit.entries(limit=100)[-1]
    assert entry["action"] == "backup.create" and json.loads(entry["detail"]) == {"with_key": True}
    assert create_backup(store, usb / "next.db").key_backed_up_at == keyed.key_backed_up_at


def test_a_backup_of_another_key_does_not_count(store: Store, places: tuple[Path, Path]) -> None:
    usb, safe = places
    create_backup(store, usb / "keyed.db", key_file=safe / "counter.key")
    with store.transaction():
        store.set_meta("pii_key_backed_up", "00000000")  # as a restore with another key leaves
    assert last_key_backup(store) is None


def test_a_key_backup_made_before_it_was_remembered_counts(
    store: Store, places: tuple[Path, Path]
) -> None:
    """A store whose ``backup --with-key`` ran under an earlier release (audited, not in meta)
    is not told its key was never backed up."""
    usb, safe = places
    create_backup(store, usb / "keyed.db", key_file=safe / "counter.key")
    with store.transaction():
        store.db.execute("DELETE FROM meta WHERE key LIKE 'pii_key_backed_up%'")
    entry = store.audit.entries(limit=100)[-1]
    assert last_key_backup(store) == entry["at"]


def test_the_backup_command_says_the_key_was_not_written(
    cli, home: Home, places: tuple[Path, Path]
) -> None:
    usb, safe = places
    first = cli("backup", str(usb / "daily-1.db"))
    assert first.returncode == 0, first.stderr
    assert "本备份不含密钥" in first.stdout and "从未备份" in first.stdout
    assert "--with-key" in first.stdout
    document = json.loads(cli("backup", str(usb / "daily-2.db"), "--json").stdout)
    assert document["key"] is None and document["key_backed_up_at"] is None
    assert {"database", "key", "bytes", "same_disk"} <= set(document)
    keyed = cli("backup", str(usb / "keyed.db"), "--with-key", str(safe / "counter.key"))
    assert keyed.returncode == 0, keyed.stderr
    assert "本备份不含密钥" not in keyed.stdout
    later = cli("--lang", "en", "backup", str(usb / "daily-3.db"))
    assert "The key was not written" in later.stdout and "was backed up with --with-key" in (
        later.stdout
    )
