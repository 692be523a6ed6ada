"""Before the login's first frame the window loads only what the login needs: the counter
counts as started at that frame (the start-up benchmark measures to it), and the store,
the sync and the work area start after it. Each case runs a fresh window process, since
what a process has loaded is what is asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.ui.conftest import training_home

ROOT = Path(__file__).resolve().parents[2]

# Not needed for the login, and each costs the start: the case states' labels and the domain
# modules behind them, the hall clock (zoneinfo), OpenSSL (hashlib), and the store (opened on
# the worker).
LATER = (
    "ui.labels",
    "counter_app.domain.hall_time",
    "hashlib",
    "ui.core_facade",
    "counter_app.store.database",
)


def first_frame(home: Path, *options: str) -> dict[str, Any]:
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
    assert [module for module in LATER if module in loaded] == []
