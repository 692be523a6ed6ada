"""Settings → 中心平台与登记: a workstation enrolled already is asked before it enrols again
(the new enrolment replaces its hall and window); one never enrolled is not."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

from counter_app.config import Config
from counter_app.home import Home
from tests.ui.conftest import ADMIN, PASSWORD, login
from ui.app import RunningApp

ENROLLED_AT = "https://platform.hall.example/"


@pytest.fixture
def seeded_home(seeded_home: tuple[Home, Config]) -> tuple[Home, Config]:
    """The training home, enrolled (as far as its config says) with ``ENROLLED_AT``."""
    home, config = seeded_home
    return home, replace(config, sync=replace(config.sync, url=ENROLLED_AT))


def test_enrolling_an_enrolled_workstation_again_is_asked_first(qtbot, running: RunningApp) -> None:
    login(qtbot, running, ADMIN, PASSWORD)
    settings = running.window.settings
    assert settings is not None
    running.window.work.setCurrentWidget(settings)
    settings.enrol_url.setText("https://other.example/")
    settings.enrol_code.setText("CODE-1")
    question = settings.enrol()
    assert question is not None and question.isVisible()
    assert ENROLLED_AT in question.text() and "W01" in question.text()
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
    question.button(QMessageBox.StandardButton.No).click()
    assert not question.isVisible()
    assert settings.enrol_result.text() == ""  # nothing sent to any platform
