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

pytestmark = pytest.mark.integration

STARTED_WITHIN = 90.0
ENDED_WITHIN = 15.0


def _state(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter), or None once the process is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), fields[0]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper counts as gone)."""
    state = _state(pid)
    return state is not None and state[1] != "Z"


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        state = _state(int(entry.name))
        if state is not None:
            parents[int(entry.name)] = state[0]
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _spawned(pids: set[int]) -> int:
    """How many of ``pids`` are multiprocessing children (sync and document processes)."""
    return sum(b"spawn_main" in _cmdline(pid) for pid in pids)


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
            and _spawned(children := _descendants(window.pid)) >= 2
        ):
            assert window.poll() is None, window.stderr.read() if window.stderr else ""
            assert time.monotonic() < deadline, "the window's background processes never started"
            time.sleep(0.2)
        assert len(children) >= 4, children  # platform, sync, document, resource tracker
        platform = next(pid for pid in children if b"counter-central" in _cmdline(pid))
        # Background work runs below the window, which gets a CPU first.
        assert os.getpriority(os.PRIO_PROCESS, platform) >= min(
            19, os.getpriority(os.PRIO_PROCESS, window.pid) + BACKGROUND_NICE
        )
        window.kill()  # SIGKILL: no atexit, no finally, no stop()
        window.wait(timeout=10)
        deadline = time.monotonic() + ENDED_WITHIN
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = {pid: _cmdline(pid)[:120] for pid in children if _alive(pid)}
        assert not survivors, f"outlived the killed window: {survivors}"
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(timeout=10)
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if window.stderr is not None:
            window.stderr.close()
