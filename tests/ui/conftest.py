"""GUI test fixtures: offscreen Qt, Qt warnings fail the test (qt_log_level_fail), a seeded home, and the real
window built on it with every background thread stopped in teardown."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QWidget

from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.identity.reader import CardReader
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.auth import Accounts
from counter_app.store.database import Store, open_store
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.sync.conftest import enrol_home
from tests.ui.approval_windows import CHIEF_PASSWORD
from ui import qtlog
from ui.app import RunningApp, build
from ui.i18n import install_language
from ui.training_hall import SAMPLE_ACCOUNTS, TrainingHall

CLERK, PASSWORD = SAMPLE_ACCOUNTS[0][0], SAMPLE_ACCOUNTS[0][1]
SUPERVISOR = SAMPLE_ACCOUNTS[1][0]
ADMIN = next(account[0] for account in SAMPLE_ACCOUNTS if account[2] == "admin")
# The smallest supported screen (the hall PCs' most common one).
SMALLEST = (1366, 768)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Qt warnings fail a test (qt_log_level_fail), except the noise the app drops too.
    ignored = pytest.mark.qt_log_ignore(*(re.escape(prefix) for prefix in qtlog.IGNORED))
    for item in items:
        item.add_marker(ignored)


@pytest.fixture(autouse=True)
def qt_messages_to_pytest_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-qt's message handler stays installed: the app's (ui.qtlog, which routes Qt's
    messages into logging) would replace it and hide warnings from qt_log_level_fail."""
    monkeypatch.setattr(qtlog, "install", lambda: None)


def training_home(root: Path, user_config: str = "") -> tuple[Home, Config]:
    """A training home (sample catalog and users, ``user_config`` as its config.toml)
    without the background platform."""
    home = Home(root).claim(training=True)
    if user_config:
        home.config_path.write_text(user_config, encoding="utf-8")
    hall = TrainingHall(home, start_platform=False)
    config = hall.prepare(load_config(home))
    store = open_store(home, config)
    try:
        hall.finish_on_worker(store)
    finally:
        store.close()
    return home, config


def without_sync_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows built in this test start no sync process. For a home with no platform, whose
    sync could never reach one: the process (a Python of its own, about a second of CPU)
    is tested where a platform is (``enrolled_window``, ``tests/sync``)."""
    from sync.background import SyncProcess

    monkeypatch.setattr(SyncProcess, "start", lambda _self: None)


@pytest.fixture
def seeded_home(tmp_path: Path) -> tuple[Home, Config]:
    return training_home(tmp_path / "home")


@pytest.fixture
def running(qtbot, seeded_home: tuple[Home, Config], monkeypatch) -> Iterator[RunningApp]:
    """The real window on a seeded training home without a platform."""
    without_sync_process(monkeypatch)
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        yield app


@pytest.fixture(params=["en", "zh"])
def window_in(
    request: pytest.FixtureRequest, qtbot, seeded_home: tuple[Home, Config], monkeypatch
) -> Iterator[RunningApp]:
    """The real window at the smallest screen, in English (whose strings run longer) and in
    Chinese."""
    without_sync_process(monkeypatch)
    home, config = seeded_home
    running = build(home, config, request.param, reader=SimulatedReader(use_pty=False))
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    running.window.resize(*SMALLEST)
    running.window.show()
    yield running
    running.window.hide()
    running.stop()
    install_language("zh")


@pytest.fixture
def quickly_locking(qtbot, tmp_path: Path, monkeypatch) -> Iterator[RunningApp]:
    """The real window, configured to lock after 1.2 s without input (the lock itself is
    what the test waits for, so a slow machine only makes it wait longer)."""
    without_sync_process(monkeypatch)
    seeded = training_home(tmp_path / "home", "[security]\nidle_lock_minutes = 0.02\n")
    with window_on(qtbot, seeded, SimulatedReader(use_pty=False)) as app:
        yield app


@contextmanager
def window_on(qtbot, seeded_home: tuple[Home, Config], reader: CardReader) -> Iterator[RunningApp]:
    """The real window on ``reader`` (the simulator, or a PC/SC reader of the vicc rig)."""
    home, config = seeded_home
    app = build(home, config, "zh", reader=reader)
    # pytest-qt reports exceptions raised in Qt callbacks as test failures; the crash
    # dialog (tested on its own) would block instead.
    app.crash.uninstall()
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    try:
        yield app
    finally:
        app.window.hide()
        app.stop()


@contextmanager
def restarted(qtbot, app: RunningApp) -> Iterator[RunningApp]:
    """``app``'s window gone without anyone signing out (a crash, a power cut) and the
    counter started again on its home: the next start, as the clerk meets it."""
    app.window.hide()
    app.stop()
    session = app.session
    with window_on(qtbot, (session.home, session.config), SimulatedReader(use_pty=False)) as again:
        yield again


@pytest.fixture
def enrolled_window(qtbot, tmp_path: Path, central: RunningCentral) -> Iterator[RunningApp]:
    """The real window of a training home enrolled with ``central`` as its hall's W01."""
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        yield app


def activate(qtbot, window: QWidget) -> None:
    """Window shortcuts act in the active window only."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10_000)


def login(qtbot, app: RunningApp, username: str = CLERK, password: str = PASSWORD) -> None:
    window = app.window
    window.login.username.setText(username)
    window.login.password.setText(password)
    with qtbot.waitSignal(window.signed_in, timeout=20_000):
        window.login.button.click()
    # On a busy machine the sign-in can finish before the start-up's last steps (the card
    # reader among them); a test goes on as a clerk would, once the counter is all there.
    qtbot.waitUntil(lambda: app.started, timeout=20_000)


@pytest.fixture
def other_window(
    tmp_path: Path, central: RunningCentral, enrolled_window: RunningApp
) -> Iterator[Store]:
    """Window W02 of the same hall (headless), with a supervisor account ``chief1``."""
    home = Home(tmp_path / "home-w02").ensure()
    home.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    hall = enrolled_window.session.config.hall.hall_code
    config: Config = enrol_home(home, central, hall, "W02")
    store = open_store(home, config)
    Accounts(store).add_user("chief1", CHIEF_PASSWORD, "supervisor")
    yield store
    store.close()
