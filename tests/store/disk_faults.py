"""Full disks for the tests. A store whose disk is full as SQLite sees it: its own limit on
the database's pages (``max_page_count``) makes it answer SQLITE_FULL exactly as a full disk
does. And a real small disk for a program run in a mount namespace of its own."""

from __future__ import annotations

import subprocess
from pathlib import Path

from counter_app.store.database import Store
from counter_app.store.sqlite_failures import DiskFull

NO_LIMIT = 1073741823  # SQLite's largest page count: space freed
REPO = Path(__file__).resolve().parents[2]  # where ``python -m tests.…`` finds the helpers
# What runs after it has a mount namespace of its own: what it mounts goes with it.
OWN_MOUNT_NAMESPACE = ["unshare", "--mount", "--propagation", "private"]


def fill_the_disk(store: Store) -> None:
    """Another file takes the last of the space: the store cannot grow, and its free pages
    are used up by a table of filler rows (rows of a KiB, until SQLite answers full). The
    pages already there may still have room for a few rows of other tables."""
    with store.transaction() as db:
        db.execute("CREATE TABLE IF NOT EXISTS filler (padding BLOB NOT NULL)")
    pages = int(store.db.execute("PRAGMA page_count").fetchone()[0])
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    while True:
        try:
            with store.transaction() as db:
                db.execute("INSERT INTO filler (padding) VALUES (zeroblob(1024))")
        except DiskFull:
            return


def free_the_disk(store: Store) -> None:
    store.db.execute(f"PRAGMA max_page_count = {NO_LIMIT}")


def on_a_small_disk(
    directory: Path, size: str, script: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run the shell ``script`` with ``directory`` as $1 and ``args`` as $2...: a real file
    system of ``size`` (tmpfs) is mounted on ``directory`` in a mount namespace of the
    script's own, so it is gone when the script ends, whatever happens. Needs root, as every
    machine this suite runs on has."""
    mounted = f'mount -t tmpfs -o size={size} tmpfs "$1" || exit 90\n{script}'
    return subprocess.run(
        [*OWN_MOUNT_NAMESPACE, "sh", "-c", mounted, "sh", str(directory), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
