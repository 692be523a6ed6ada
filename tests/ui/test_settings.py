"""Settings → 中心平台与登记: a workstation enrolled already is asked before it enrols again
(the new enrolment replaces its hall and window); one never enrolled is not, even when its
configuration names a platform (as a provisioning file does before the first start)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QMessageBox

from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from sync.credential import DeviceIdentity, new_private_key, save_credential
from tests.ui.conftest import ADMIN, PASSWORD, login, window_on
from ui.app import RunningApp
from ui.settings import SettingsScreen

# Nothing listens at either: what the window sends (the enrolment, the supervisor's read of
# the approval requests) is refused at once, without a name lookup or leaving the machine.
ENROLLED_AT = "https://127.0.0.1:1/"
CLOSED_PORT = "http://127.0.0.1:9/"


def settings_of(qtbot, app: RunningApp) -> SettingsScreen:
    login(qtbot, app, ADMIN, PASSWORD)
    settings = app.window.settings
    assert settings is not None
    app.window.work.setCurrentWidget(settings)
    settings.enrol_url.setText(CLOSED_PORT)
    settings.enrol_code.setText("CODE-1")
    return settings


def test_enrolling_an_enrolled_workstation_again_is_asked_first(
    qtbot, seeded_home: tuple[Home, Config]
) -> None:
    home, _config = seeded_home
    identity = DeviceIdentity(ENROLLED_AT, "D0000001", "310104-TRAIN", "W07", "2026-12-01")
    save_credential(home, identity, new_private_key())
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        settings = settings_of(qtbot, app)
        question = settings.enrol()
        assert question is not None and question.isVisible()
        assert ENROLLED_AT in question.text() and "W07" in question.text()
        assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
        question.button(QMessageBox.StandardButton.No).click()
        assert not question.isVisible()
        assert settings.enrol_result.text() == ""  # nothing sent to any platform


def test_a_workstation_never_enrolled_enrols_without_a_question(
    qtbot, seeded_home: tuple[Home, Config]
) -> None:
    home, config = seeded_home
    provisioned = replace(config, sync=replace(config.sync, url=ENROLLED_AT))
    with window_on(qtbot, (home, provisioned), SimulatedReader(use_pty=False)) as app:
        settings = settings_of(qtbot, app)
        assert settings.enrol() is None
        # Sent at once; the closed port answers with a refusal the administrator reads.
        qtbot.waitUntil(lambda: settings.enrol_result.text() != "正在登记…", timeout=30_000)
        assert settings.enrol_result.text()


def test_a_hall_without_a_name_goes_by_its_code_and_settings_say_the_name_is_unset(
    qtbot, seeded_home: tuple[Home, Config]
) -> None:
    """A production window whose IT set no hall name: the title and the sign-in line name
    the hall by its code (as its documents do), and the settings say the name is not set."""
    home, config = seeded_home
    unnamed = replace(config, hall=replace(config.hall, hall_name=""))
    code = config.hall.hall_code
    with window_on(qtbot, (home, unnamed), SimulatedReader(use_pty=False)) as app:
        assert app.window.windowTitle() == f"窗口受理 — {code} {config.hall.window_code}"
        assert app.window.login.hall_label.text().startswith(f"{code} · ")
        settings = settings_of(qtbot, app)
        labels = [label.text() for label in settings.findChildren(QLabel)]
        assert "未设置（文书以大厅编码代替）" in labels
