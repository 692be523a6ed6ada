"""A backup with its key is both files or neither: a key that cannot be written (a full or
failing medium) takes the database copy with it, so the same names can be used again; an
unfinished key a killed backup left, a secret, is removed by the next backup to that folder."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store import backup
from counter_app.store.backup import KeyNotWritten, create_backup
from counter_app.store.database import Store, open_store
from counter_app.store.pii import PiiKey, load_key
from tests.store.disk_faults import on_a_small_disk

# Fills the small file system at $1, then backs the home $3 up with the Python $2: the
# database to $4, the key onto the full medium; lists what is left on it before it goes.
BACKUP_WITH_THE_KEY_ONTO_A_FULL_MEDIUM = (
    'dd if=/dev/zero of="$1/filler" bs=1k 2>/dev/null; '
    '"$2" -m counter_app.cli.main --home "$3" backup "$4" --with-key "$1/w04.key"; status=$?; '
    'echo "left on the medium:"; ls -A "$1"; exit $status'
)


def _backups(store: Store) -> int:
    return sum(entry["action"] == "backup.create" for entry in store.audit.entries(limit=1000))


def test_a_key_the_disk_refuses_leaves_no_database_copy_and_the_names_free(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick, safe = tmp_path / "usb", tmp_path / "safe"
    stick.mkdir()
    safe.mkdir()

    def disk_full(path: Path, _key: PiiKey) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with monkeypatch.context() as patched:
        patched.setattr(backup, "write_key", disk_full)
        with pytest.raises(KeyNotWritten) as refused:
            create_backup(store, stick / "w04.db", key_file=safe / "w04.key")

    assert refused.value.field == "key_file"
    assert str(safe / "w04.key") in refused.value.zh and "两个文件都没有留下" in refused.value.zh
    assert list(stick.iterdir()) == [] and list(safe.iterdir()) == []
    assert _backups(store) == 0

    made = create_backup(store, stick / "w04.db", key_file=safe / "w04.key")

    assert made.key is not None and load_key(made.key).key_id_hex == store.pii.key.key_id_hex
    assert sorted(path.name for path in (*stick.iterdir(), *safe.iterdir())) == [
        "w04.db",
        "w04.key",
    ]
    assert _backups(store) == 1


def test_a_key_onto_a_full_medium_fails_in_words_and_a_retry_elsewhere_is_made(
    home: Home, cli, tmp_path: Path
) -> None:
    """The probe: the key's medium is a real full 64 KiB tmpfs; the database's is not."""
    stick, medium, safe = tmp_path / "usb", tmp_path / "keyfull", tmp_path / "safe"
    for folder in (stick, medium, safe):
        folder.mkdir()
    with open_store(home, load_config(home)):
        pass  # created and migrated before the backup opens it

    done = on_a_small_disk(
        medium,
        "64k",
        BACKUP_WITH_THE_KEY_ONTO_A_FULL_MEDIUM,
        sys.executable,
        str(home.root),
        str(stick / "w04.db"),
    )

    assert done.returncode == 2, done.stdout + done.stderr
    assert "没有写成" in done.stderr and "neither file was left" in done.stderr
    assert done.stdout.split("left on the medium:")[1].split() == ["filler"]
    assert list(stick.iterdir()) == []

    retried = cli("backup", str(stick / "w04.db"), "--with-key", str(safe / "w04.key"))

    assert retried.returncode == 0, retried.stderr
    assert (stick / "w04.db").is_file() and (safe / "w04.key").is_file()


def test_an_unfinished_key_a_killed_backup_left_is_removed_by_the_next(
    store: Store, tmp_path: Path
) -> None:
    """Killed while writing its key, or between the key and its link: the whole secret is
    left under a name nobody looks at. The next backup with its key in that folder removes
    it, whatever its name; other hidden files there are left alone."""
    stick, safe = tmp_path / "usb", tmp_path / "safe"
    stick.mkdir()
    safe.mkdir()
    secret = store.home.key_path.read_bytes()
    left = [
        safe / ".w04.key.0123456789abcdef.unfinished-key",
        safe / "..w04.key.0123456789abcdef.unfinished-key.fedcba9876543210.tmp",
    ]
    others = [safe / ".notes.txt.0123456789abcdef.tmp", safe / ".w03.key"]
    for path in (*left, *others):
        path.write_bytes(secret)

    create_backup(store, stick / "w05.db", key_file=safe / "w05.key")

    assert sorted(path.name for path in safe.iterdir()) == sorted(
        [*(path.name for path in others), "w05.key"]
    )
