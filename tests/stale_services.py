"""Session services (a PostgreSQL cluster, a cupsd) in a directory of their own, and the
sweep that stops those a dead test process left running.

A session fixture's finalizer stops its service; a worker that crashes (a segfault in Qt,
say) never runs it. Each such directory names the process that made it, and every test
session starts by stopping the services, and removing the directories, of processes that
are gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path

from tests.processes import alive, cmdline

OWNER_FILE = "owner.pid"
PREFIXES = ("counter-pg-", "counter-cups-")


def service_dir(prefix: str) -> Path:
    """A new directory under the temp dir (``prefix`` is one of ``PREFIXES``), owned by this
    process: swept once this process is gone."""
    assert prefix in PREFIXES, prefix
    base = Path(tempfile.mkdtemp(prefix=prefix))
    (base / OWNER_FILE).write_text(str(os.getpid()))
    return base


def _stale(base: Path) -> bool:
    try:
        return not alive(int((base / OWNER_FILE).read_text()))
    except (OSError, ValueError):
        return False  # being made, or not ours to judge


def sweep() -> list[Path]:
    """Kill every process whose command line names a stale directory, remove the directory;
    the directories swept."""
    temp = Path(tempfile.gettempdir())
    stale = [base for prefix in PREFIXES for base in temp.glob(f"{prefix}*") if _stale(base)]
    if stale:
        names = [str(base).encode() for base in stale]
        for entry in Path("/proc").glob("[0-9]*"):
            if any(name in cmdline(int(entry.name)) for name in names):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(entry.name), signal.SIGKILL)
        for base in stale:
            shutil.rmtree(base, ignore_errors=True)
    return stale
