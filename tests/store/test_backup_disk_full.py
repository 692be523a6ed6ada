"""A backup to a medium that fills up (a small USB stick): the command fails in words, leaves
no unfinished file behind (a later backup to the same name is not refused for it) and changes
nothing in the store. The medium is a real 64 KiB tmpfs, mounted in a mount namespace of the
command's own (``unshare``), so it is gone with the command."""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from tests.store.disk_faults import on_a_small_disk

# Backs the home $3 up onto the small file system at $1 with the Python $2, and lists what is
# left on it before the namespace (and the file system) goes.
BACKUP_ONTO_A_SMALL_MEDIUM = (
    '"$2" -m counter_app.cli.main --home "$3" backup "$1/counter-backup.db"; status=$?; '
    'echo "left on the medium:"; ls -A "$1"; exit $status'
)


def test_a_backup_onto_a_full_medium_says_so_and_leaves_nothing_behind(
    home: Home, tmp_path: Path
) -> None:
    with open_store(home, load_config(home)) as store:
        pages, page_size = (
            store.db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "page_size")
        )
        size = pages * page_size
        entries = len(store.audit.entries(limit=1000))
    assert size > 64 * 1024, "the store must not fit on the medium"
    medium = tmp_path / "usb"
    medium.mkdir()

    done = on_a_small_disk(
        medium, "64k", BACKUP_ONTO_A_SMALL_MEDIUM, sys.executable, str(home.root)
    )

    assert done.returncode == 2, done.stdout + done.stderr
    assert "没有写完" in done.stderr and "was not finished" in done.stderr
    assert done.stdout.split("left on the medium:")[1].split() == []
    with open_store(home, load_config(home)) as store:
        assert len(store.audit.entries(limit=1000)) == entries  # no backup.create
