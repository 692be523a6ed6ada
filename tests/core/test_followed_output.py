"""A child program's output copied into an owner-only log is bounded like the program's own
logs: rotated at its size, a fixed number of files kept, each owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from counter_app.owner_only_log import OwnerOnlyLog, follow_output
from tests.waiting import DEFAULT_TIMEOUT

# 400 numbered lines of 50 bytes, on stdout and stderr in turn.
CHATTY = (
    "import sys\n"
    "for n in range(400):\n"
    "    print(f'line {n:03d} ' + 'x' * 40, file=sys.stderr if n % 2 else sys.stdout, flush=True)\n"
)


def test_a_childs_output_rotates_and_stays_owner_only(tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        log = OwnerOnlyLog(tmp_path / "central.log", max_bytes=2_000, backups=3)
        child = subprocess.Popen(
            [sys.executable, "-c", CHATTY], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert child.stdout is not None
        copying = follow_output(child.stdout, log)
        assert child.wait(timeout=DEFAULT_TIMEOUT) == 0
        copying.join(timeout=DEFAULT_TIMEOUT)
    finally:
        os.umask(before)

    assert not copying.is_alive()
    files = sorted(tmp_path.iterdir())
    assert [path.name for path in files] == [
        "central.log",
        "central.log.1",
        "central.log.2",
        "central.log.3",
    ]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)
    assert all(path.stat().st_size <= 2_000 for path in files)
    newest = (tmp_path / "central.log").read_text(encoding="utf-8").splitlines()
    assert newest[-1] == "line 399 " + "x" * 40
    older = (tmp_path / "central.log.1").read_text(encoding="utf-8").splitlines()
    assert int(older[-1].split()[1]) + 1 == int(newest[0].split()[1])  # no line lost between
