"""The training hall's background platform dies with the program that started it, even when
that program is killed with SIGKILL and can run no clean-up of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

# A stand-in for the GUI: prepares a training hall (starting its platform), reports the
# platform's pid, then waits to be killed.
DRIVER = """
import sys, threading
from pathlib import Path
from counter_app.config import load_config
from counter_app.home import Home
from ui.training_hall import TrainingHall

home = Home(Path(sys.argv[1])).ensure()
hall = TrainingHall(home)
hall.prepare(load_config(home))
print(hall.process.pid, flush=True)
threading.Event().wait()
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_platform_dies_when_the_gui_is_killed(tmp_path: Path) -> None:
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(tmp_path / "home")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    platform_pid = 0
    try:
        assert driver.stdout is not None
        line = driver.stdout.readline()
        assert line.strip().isdigit(), driver.stderr.read() if driver.stderr else line
        platform_pid = int(line)
        assert _alive(platform_pid)
        driver.kill()  # SIGKILL: no atexit, no finally, no stop()
        driver.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(platform_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(platform_pid), "the training platform outlived the killed GUI"
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait(timeout=10)
        if platform_pid and _alive(platform_pid):
            os.killpg(platform_pid, signal.SIGKILL)
        for stream in (driver.stdout, driver.stderr):
            if stream is not None:
                stream.close()
