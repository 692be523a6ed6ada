"""The home's locks on a full disk: the holder's pid written into the lock file is a hint, so
a disk that refuses it does not refuse the lock. The window took its lock that way first at
start-up, and on a full disk it stopped there with a traceback instead of opening and saying
the disk is full."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.store.disk_faults import on_a_small_disk

# On the full file system at $1: a new lock file is taken and held, then a second taker is
# refused while the first holds it.
TAKE_LOCKS = """
from pathlib import Path
import sys
from counter_app.file_lock import FileLock
path = Path(sys.argv[1]) / "window.lock"
first = FileLock(path)
print("first", first.acquire())
print("second", FileLock(path).acquire())
first.release()
print("after", FileLock(path).acquire())
"""


def test_a_lock_is_taken_on_a_full_disk(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = 'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n"$2" -c "$3" "$1"\n'
    done = on_a_small_disk(disk, "1m", script, sys.executable, TAKE_LOCKS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["first", "True", "second", "False", "after", "True"]
