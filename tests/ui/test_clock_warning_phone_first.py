"""The intake screen's clock warning tells IT to check the clock against a phone first, and
to leave a right clock alone and tell the platform when the platform's is the wrong one."""

from __future__ import annotations

from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from tests.ui.conftest import login
from ui.app import RunningApp
from ui.i18n import in_language


def test_the_clock_warning_says_check_against_a_phone_first(qtbot, window_in: RunningApp) -> None:
    login(qtbot, window_in)
    intake = window_in.window.intake
    intake.show_clock_skew(-3720.0)
    lang = window_in.session.lang
    shown = intake.clock_banner.text()
    assert in_language(CHECK_AGAINST_A_PHONE, lang) in shown
    assert in_language(PLATFORM_CLOCK_WRONG, lang) in shown
