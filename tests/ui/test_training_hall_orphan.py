"""Nothing the window starts outlives it, even when it is killed with SIGKILL and can run no
clean-up of its own: the training hall's platform, the sync process, the document process
and multiprocessing's resource tracker all end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sync.background import BACKGROUND_NICE
from tests.processes import alive, cmdline, descendants

pytestmark = pytest.mark.integration

STARTED_WITHIN = 90.0
ENDED_WITHIN = 15.0


def _spawned(pids: set[int]) -> int:
    """How many of ``pids`` are multiprocessing children (sync and document processes)."""
    return sum(b"spawn_main" in cmdline(pid) for pid in pids)


def test_nothing_outlives_the_killed_window(tmp_path: Path) -> None:
    home = tmp_path / "home"
    window = subprocess.Popen(
        [str(Path(sys.executable).parent / "counter-app-gui"), "--home", str(home)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,
    )
    children: set[int] = set()
    try:
        sync_log = home / "logs" / "sync.log"
        deadline = time.monotonic() + STARTED_WITHIN
        # Up: the platform answered the sync process, and the document process is running.
        while not (
            sync_log.is_file()
            and "sync run:" in sync_log.read_text(encoding="utf-8")
            and _spawned(children := descendants(window.pid)) >= 2
        ):
            assert window.poll() is None, window.stderr.read() if window.stderr else ""
            assert time.monotonic() < deadline, "the window's background processes never started"
            time.sleep(0.2)
        assert len(children) >= 4, children  # platform, sync, document, resource tracker
        platform = next(pid for pid in children if b"counter-central" in cmdline(pid))
        # Background work runs below the window, which gets a CPU first.
        assert os.getpriority(os.PRIO_PROCESS, platform) >= min(
            19, os.getpriority(os.PRIO_PROCESS, window.pid) + BACKGROUND_NICE
        )
        window.kill()  # SIGKILL: no atexit, no finally, no stop()
        window.wait(timeout=10)
        deadline = time.monotonic() + ENDED_WITHIN
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = {pid: cmdline(pid)[:120] for pid in children if alive(pid)}
        assert not survivors, f"outlived the killed window: {survivors}"
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(timeout=10)
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if window.stderr is not None:
            window.stderr.close()
