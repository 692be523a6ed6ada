"""Training only by choice: a production start that is not provisioned opens the first-start
screen (never the training hall), enrols through it against a real platform and only then
shows the login; ``--training`` opens the training hall in a home of its own; a production
window refuses the simulated reader."""

from __future__ import annotations

import json
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.config import load_config
from counter_app.errors import ConfigError
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.catalog import bundled_catalog, list_items
from counter_app.store.database import open_store
from sync.provisioning import is_provisioned
from tests.central.server_fixture import RunningCentral, start_central
from ui import cli as gui_cli
from ui.app import build
from ui.first_start import FirstStartScreen
from ui.main_window import MainWindow

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def signals_restored() -> Iterator[None]:
    """A window started through ``main`` takes SIGTERM/SIGINT: give them back to the test
    process afterwards (its log file handler goes with tests/conftest.py's fixture)."""
    signals = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    yield
    for number, handler in signals.items():
        signal.signal(number, handler)


def close_the_first_window(seen: list[QWidget]) -> QTimer:
    """Once a window of the start is on screen: note it and close it, which ends the start
    (the last window closed quits the event loop)."""

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if shown and not seen:
            seen.extend(shown)
            for widget in shown:
                widget.close()

    probe = QTimer()
    probe.timeout.connect(look)
    probe.start(10)
    return probe


def test_a_production_start_with_no_config_shows_the_first_start_screen(
    qtbot, tmp_path: Path
) -> None:
    home = Home(tmp_path / "window")
    seen: list[QWidget] = []
    probe = close_the_first_window(seen)
    try:
        code = gui_cli.main(["--home", str(home.root)])
    finally:
        probe.stop()
    assert [type(w) for w in seen] == [FirstStartScreen]
    assert code == 1  # closed before it was provisioned
    # Nothing of the training hall: no marker, no sample platform, no flag written.
    assert not home.is_training
    assert not (home.root / "training-central").exists()
    assert not home.config_path.exists()
    assert not load_config(home).is_training


def test_training_opens_with_its_own_home_and_never_in_a_production_home(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    seen: list[QWidget] = []
    probe = close_the_first_window(seen)
    try:
        assert gui_cli.main(["--training", "--no-training-platform"]) == 0
    finally:
        probe.stop()
    [window] = seen
    assert isinstance(window, MainWindow) and window.training is not None
    assert not window.banner.isHidden()
    assert Home(tmp_path / "data" / "counter-app-training").is_training
    assert not (tmp_path / "data" / "counter-app").exists()

    production = Home(tmp_path / "production").ensure()
    refusals = refused_on_screen(monkeypatch)
    assert gui_cli.main(["--training", "--home", str(production.root)]) == 2
    assert "production window's home" in refusals[0] or "正式窗口" in refusals[0]
    assert not production.is_training


def refused_on_screen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the start says in its message box (a modal box would wait for a click here)."""
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: said.append(text))
    )
    return said


def test_a_production_window_refuses_the_simulated_reader(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    home = Home(tmp_path / "window").ensure()
    home.config_path.write_text('[reader]\nspec = "sim"\n', encoding="utf-8")
    refusals = refused_on_screen(monkeypatch)
    assert gui_cli.main(["--home", str(home.root)]) == 2
    assert len(refusals) == 1 and "模拟读卡器" in refusals[0] and "--training" in refusals[0]
    assert "simulated reader" in capsys.readouterr().err


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningCentral]:
    central = start_central(tmp_path / "central")
    try:
        catalog = tmp_path / "catalog.json"
        catalog.write_text(json.dumps(bundled_catalog(), ensure_ascii=False), encoding="utf-8")
        central.cli("catalog", "publish", str(catalog))
        yield central
    finally:
        central.stop()


def attempt(qtbot, screen: FirstStartScreen, url: str, code: str) -> None:
    screen.url.setText(url)
    screen.code.setText(code)
    with qtbot.waitSignal(screen.worker.idle, timeout=60_000):
        screen.button.click()


def test_enrolment_on_the_first_start_screen_ends_at_the_login_with_the_catalog(
    qtbot, tmp_path: Path, platform: RunningCentral
) -> None:
    home = Home(tmp_path / "window").ensure()
    # The test platform speaks plain HTTP on 127.0.0.1 (development setting).
    home.config_path.write_text("[sync]\nallow_insecure_http = true\n", encoding="utf-8")
    screen = FirstStartScreen(home, load_config(home), "first-start:it")
    qtbot.addWidget(screen)
    screen.show()
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
        attempt(qtbot, screen, nowhere, "NO-SUCH-CODE")
        assert "无法连接平台" in screen.error.text() and not screen.error.isHidden()
        assert screen.button.isEnabled() and not is_provisioned(home)

        attempt(qtbot, screen, platform.url, "ABC")
        assert "格式不对" in screen.error.text()
        attempt(qtbot, screen, platform.url, "NOT-A-CODE")
        assert "登记码无效" in screen.error.text()
        assert screen.code.selectedText() == "NOT-A-CODE"  # marked, ready to type again
        assert not is_provisioned(home)

        with qtbot.waitSignal(screen.provisioned, timeout=60_000):
            attempt(qtbot, screen, platform.url, platform.enroll_code("310104-0001", "W03"))
    finally:
        screen.stop()
    assert is_provisioned(home)

    config = load_config(home)
    assert not config.is_training and config.hall.window_code == "W03"
    running = build(home, config, "zh", reader=SimulatedReader(use_pty=False))
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    try:
        with qtbot.waitSignal(running.window.ready, timeout=30_000):
            running.window.show()
        assert running.window.login.isVisible()
        assert running.window.login.training_hint.isHidden()
        assert running.window.banner.isHidden()
    finally:
        running.window.hide()
        running.stop()
    with open_store(home, config) as store:
        assert len(list_items(store)) == len(bundled_catalog()["items"])


def test_the_first_start_screen_speaks_english(qtbot, tmp_path: Path) -> None:
    from ui.i18n import install_language

    home = Home(tmp_path / "window")
    install_language("en")
    try:
        screen = FirstStartScreen(home, load_config(home), "first-start:it")
        qtbot.addWidget(screen)
        assert screen.button.text() == "Enrol and sync"
        assert screen.windowTitle() == "Counter window — first start"
        screen.stop()
    finally:
        install_language("zh")


def test_the_training_hall_never_uses_the_system_config_s_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.training_hall import TrainingHall

    system = tmp_path / "system.toml"
    system.write_text('[sync]\nurl = "https://platform.example.gov.cn"\n', encoding="utf-8")
    monkeypatch.setenv("COUNTER_APP_SYSTEM_CONFIG", str(system))
    home = Home(tmp_path / "training").claim(training=True)
    config = TrainingHall(home, start_platform=False).prepare(load_config(home))
    assert config.is_training and config.sync.url == ""
    production = Home(tmp_path / "window").ensure()
    with pytest.raises(ConfigError):
        TrainingHall(production, start_platform=False).prepare(load_config(production))


def test_a_silent_install_with_a_provisioning_file_opens_at_the_login(
    qtbot, tmp_path: Path, platform: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    provision_file = tmp_path / "provision.toml"
    provision_file.write_text(
        f'[hall]\nhall_code = "310104-0001"\nwindow_code = "W05"\n[sync]\nurl = "{platform.url}"\n'
        "allow_insecure_http = true\n"
        f'enrolment_code = "{platform.enroll_code("310104-0001", "W05")}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("COUNTER_APP_PROVISION_FILE", str(provision_file))
    home = Home(tmp_path / "window")
    opened: list[str] = []  # what the login would open with (shown by the tests above)
    monkeypatch.setattr(
        "ui.app.run", lambda _home, config, _lang: opened.append(config.sync.url) or 0
    )
    assert gui_cli.main(["--home", str(home.root)]) == 0
    assert opened == [platform.url]  # nobody typed anything: the file was enough
    assert is_provisioned(home) and load_config(home).hall.window_code == "W05"
    assert "enrolment_code" not in provision_file.read_text(encoding="utf-8")


def test_a_bad_provisioning_file_is_shown_with_its_settings_in_the_fields(
    qtbot, tmp_path: Path
) -> None:
    home = Home(tmp_path / "window")
    provision_file = tmp_path / "provision.toml"
    provision_file.write_text('[sync]\nurl = "http://127.0.0.1:9"\n', encoding="utf-8")
    screen = FirstStartScreen(home, load_config(home), "first-start:it", None, provision_file)
    qtbot.addWidget(screen)
    screen.show()
    try:
        qtbot.waitUntil(lambda: not screen.error.isHidden())
        assert "sync.enrolment_code" in screen.error.text()
        assert screen.url.text() == "http://127.0.0.1:9"  # the file's settings, to correct
        assert str(provision_file) in screen.error.text()
        assert screen.button.isEnabled() and not is_provisioned(home)
    finally:
        screen.stop()
