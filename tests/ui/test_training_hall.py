"""Start-up of the training hall: a warm start shows the login without waiting for its
background platform, and the window's sync copes with the platform coming up afterwards
(no error for the clerk: it connects, then it is online)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.database import open_store
from sync.credential import load_identity
from ui.app import RunningApp, build
from ui.training_hall import TrainingHall

pytestmark = pytest.mark.integration

# A platform that has started but does not serve yet, for as long as the test needs.
NOT_SERVING_YET = [sys.executable, "-c", "import signal; signal.pause()"]


@pytest.fixture
def warm_home(tmp_path: Path) -> Home:
    """A training home started once before: sample data in, enrolled with its platform."""
    home = Home(tmp_path / "home").claim(training=True)
    first = TrainingHall(home)
    try:
        store = open_store(home, first.prepare(load_config(home)))
        try:
            first.finish_on_worker(store)
        finally:
            store.close()
    finally:
        first.stop()
    assert load_identity(home) is not None
    return home


@pytest.fixture
def hall(warm_home: Home) -> Iterator[TrainingHall]:
    started = TrainingHall(warm_home)
    yield started
    started.stop()
    assert started.process is None


def open_window(qtbot, hall: TrainingHall, config: Config) -> tuple[RunningApp, list]:
    running = build(hall.home, config, "zh", training=hall, reader=SimulatedReader(use_pty=False))
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    statuses: list = []
    running.window.sync_bridge.changed.connect(statuses.append)
    with qtbot.waitSignal(running.window.ready, timeout=30_000):
        running.window.show()
    return running, statuses


def test_login_shows_before_the_platform_serves(qtbot, hall: TrainingHall, monkeypatch) -> None:
    monkeypatch.setattr(TrainingHall, "_central_command", lambda _self: NOT_SERVING_YET)
    # Started from this (the main) thread: the platform dies with the thread that started it.
    # A start that waits for the platform would wait forever: the watchdog ends that wait.
    watchdog = threading.Timer(60, hall.stop)
    watchdog.start()
    try:
        config = hall.prepare(load_config(hall.home))
    finally:
        watchdog.cancel()
    assert hall.process is not None and hall.process.poll() is None  # started, not serving
    running, statuses = open_window(qtbot, hall, config)
    try:
        assert running.window.login.username.isEnabled()
        # The sync process's first run waits on the platform: syncing, no error shown.
        button = running.window.sync_button
        qtbot.waitUntil(lambda: "同步中" in button.text(), timeout=60_000)
        assert [s.last_error_code for s in statuses if s.last_error_code] == []
        assert button.property("problem") is False
    finally:
        hall.stop()  # first: the sync run waiting on it ends at once
        running.window.hide()
        running.stop()


def test_sync_goes_online_once_the_platform_is_up(qtbot, hall: TrainingHall) -> None:
    config = hall.prepare(load_config(hall.home))
    running, statuses = open_window(qtbot, hall, config)
    try:
        qtbot.waitUntil(lambda: any(s.connectivity == "online" for s in statuses), timeout=60_000)
        assert [s.last_error_code for s in statuses if s.last_error_code] == []
    finally:
        running.window.hide()
        running.stop()
