"""Nothing the window starts outlives it, even when it is killed with SIGKILL and can run no
clean-up of its own: the training hall's platform, the sync process, the document process
and multiprocessing's resource tracker all end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sync.priority import BACKGROUND_NICE
from tests.processes import alive, cmdline, descendants
from tests.waiting import DEFAULT_TIMEOUT, wait_until

pytestmark = pytest.mark.integration

# Only a failure waits this long. The platform, sync and document processes start niced
# below the window, so on two CPUs shared with other test workers they may get little CPU
# until the workers' own tests finish: the bound is generous for that, not a speed target.
STARTED_WITHIN = 5 * DEFAULT_TIMEOUT
ENDED_WITHIN = DEFAULT_TIMEOUT


def _spawned(pids: set[int]) -> int:
    """How many of ``pids`` are multiprocessing children (sync and document processes)."""
    return sum(b"spawn_main" in cmdline(pid) for pid in pids)


def test_nothing_outlives_the_killed_window(tmp_path: Path) -> None:
    home = tmp_path / "home"
    window = subprocess.Popen(
        [str(Path(sys.executable).parent / "counter-app-gui"), "--training", "--home", str(home)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,
    )
    children: set[int] = set()
    try:
        sync_log = home / "logs" / "sync.log"

        def up() -> bool:
            """Up: the platform answered the sync process, and the document process runs."""
            assert window.poll() is None, window.stderr.read() if window.stderr else ""
            children.clear()  # what runs now (``finally`` kills what is left of it)
            children.update(descendants(window.pid))
            synced = sync_log.is_file() and "sync run:" in sync_log.read_text(encoding="utf-8")
            return synced and _spawned(children) >= 2

        wait_until(up, "the window's background processes", timeout=STARTED_WITHIN, interval=0.2)
        assert len(children) >= 4, children  # platform, sync, document, resource tracker
        platform = next(pid for pid in children if b"counter-central" in cmdline(pid))
        # Background work runs below the window, which gets a CPU first.
        assert os.getpriority(os.PRIO_PROCESS, platform) >= min(
            19, os.getpriority(os.PRIO_PROCESS, window.pid) + BACKGROUND_NICE
        )
        window.kill()  # SIGKILL: no atexit, no finally, no stop()
        window.wait(timeout=10)
        wait_until(
            lambda: not any(alive(pid) for pid in children),
            f"every process of the killed window to end: {[cmdline(p)[:120] for p in children]}",
            timeout=ENDED_WITHIN,
        )
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(timeout=10)
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if window.stderr is not None:
            window.stderr.close()
