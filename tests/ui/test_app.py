"""The running window holds its home: a second window and a restore are refused until it
closes. Before the login's first frame the window loads only what the login needs: the
counter counts as started at that frame (the start-up benchmark measures to it), and the
store, the sync and the work area start after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import load_config
from counter_app.file_lock import HomeBusy
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import open_store
from tests.ui.conftest import training_home
from ui.app import RunningApp, build

ROOT = Path(__file__).resolve().parents[2]

# Not needed for the login, and each costs the start: the case states' labels and the domain
# modules behind them, the hall clock (zoneinfo), OpenSSL (hashlib), and the store (opened on
# the worker).
AFTER_THE_FIRST_FRAME = (
    "ui.labels",
    "counter_app.domain.hall_time",
    "hashlib",
    "ui.core_facade",
    "counter_app.store.database",
)


def test_a_running_window_refuses_a_restore_and_a_second_window(
    running: RunningApp, tmp_path: Path
) -> None:
    home = running.session.home
    with open_store(home, load_config(home)) as store:
        backup = create_backup(store, tmp_path / "b.db").database
    with pytest.raises(HomeBusy, match="close the counter window"):
        restore_backup(home, load_config(home), backup)
    with pytest.raises(HomeBusy, match="already open"):
        build(home, load_config(home), "zh", reader=SimulatedReader(use_pty=False))

    running.window.hide()
    running.stop()
    restore_backup(home, load_config(home), backup)


def first_frame(home: Path, *options: str) -> dict[str, Any]:
    """What a fresh window process had loaded at its login's first frame (a process of its
    own: what a process has loaded is what is asked); see tests/ui/first_frame_probe.py."""
    probe = subprocess.run(
        [sys.executable, "-m", "tests.ui.first_frame_probe", str(home), *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    report: dict[str, Any] = json.loads(probe.stdout.strip().splitlines()[-1])
    return report


def test_the_login_is_painted_before_the_qt_namespace_and_the_store_are_loaded(
    tmp_path: Path,
) -> None:
    home, _config = training_home(tmp_path / "home")
    report = first_frame(home.root, "--training", "--no-training-platform")
    assert report["interactive"]
    assert report["events"] == ["login painted", "store worker starts"]
    # Its first use builds every enum of the namespace: ~15 ms of CPU before the frame.
    assert not report["loaded"]["qt_namespace"]
    loaded = set(report["loaded"]["modules"])
    assert [module for module in AFTER_THE_FIRST_FRAME if module in loaded] == []
