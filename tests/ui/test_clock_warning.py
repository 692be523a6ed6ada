"""The platform's word that this clock is off reaches the clerk before the next decision: a
warning on the intake screen (a case's time, number and promised date come from this clock),
and in the status bar; both go once a sync run is accepted again. Intake goes on."""

from __future__ import annotations

from sync.status import SyncStatus
from tests.ui.conftest import login
from ui.app import RunningApp

# As the sync engine reports a run the platform refused for the clock (sync/engine.py).
REFUSED_FOR_THE_CLOCK = SyncStatus(
    connectivity="online",
    backlog=3,
    last_error_code="clock_skew",
    clock_skew_seconds=-3720.0,
    enrolled=True,
)
ACCEPTED_AGAIN = SyncStatus(connectivity="online", enrolled=True)


def test_a_clock_the_platform_refused_is_shown_on_the_intake_until_a_run_is_accepted(
    qtbot, window_in: RunningApp
) -> None:
    window = window_in.window
    # Reported before anyone signed in: the intake screen, built at the sign-in, shows it.
    window.sync_bridge.publish(REFUSED_FOR_THE_CLOCK)
    qtbot.waitUntil(lambda: window.sync_button.status is REFUSED_FOR_THE_CLOCK, timeout=10_000)
    login(qtbot, window_in)
    banner = window.intake.clock_banner
    assert banner.isVisibleTo(window.intake)
    english = window_in.session.lang == "en"
    if english:
        assert "about 62 minutes behind the central platform's" in banner.text()
        assert "clock off" in window.sync_button.text()
    else:
        assert (
            "本机时钟比中心平台慢约 62 分钟" in banner.text() and "受理可照常进行" in banner.text()
        )
        assert "时钟不准" in window.sync_button.text()
    assert window.intake.accept_button.isVisibleTo(window.intake)

    window.sync_bridge.publish(ACCEPTED_AGAIN)
    qtbot.waitUntil(lambda: not banner.isVisibleTo(window.intake), timeout=10_000)
    assert "clock off" not in window.sync_button.text()
    assert "时钟不准" not in window.sync_button.text()


def test_an_offset_of_hours_reads_in_hours(qtbot, window_in: RunningApp) -> None:
    login(qtbot, window_in)
    intake = window_in.window.intake
    intake.show_clock_skew(3 * 3600 + 600.0)  # a clock set in another time zone
    expected = "about 3 hours ahead" if window_in.session.lang == "en" else "快约 3 小时"
    assert expected in intake.clock_banner.text()
