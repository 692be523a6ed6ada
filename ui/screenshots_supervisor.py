"""The screenshot tour's supervisor states: the hall queue (and several of its cases reviewed
at once), end of day, 好差评 follow-ups, hall notices (composed and listed), statistics and
problem cases."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.app import RunningApp
from ui.screenshot_tools import Shooter, login, shoot_loaded, wait_until
from ui.training_hall import SAMPLE_ACCOUNTS


def supervisor_tour(running: RunningApp, shooter: Shooter) -> None:
    window = running.window
    login(window, SAMPLE_ACCOUNTS[1][0], SAMPLE_ACCOUNTS[1][1])
    # What the tour's own cases and the sample cases look like to the hall once synced.
    window.session.sync_now_requested.emit()
    shoot_loaded(shooter, window.hall_queue, "15-hall-queue")
    queue = window.hall_queue
    assert queue is not None
    queue.table.selectAll()  # Ctrl+A: the day's cases reviewed at once
    reviewing = queue.review_selected()
    assert reviewing is not None
    shooter.shot("15a-review-several", reviewing)
    reviewing.reject()
    queue.table.clearSelection()
    shoot_loaded(shooter, window.end_of_day, "16-end-of-day")
    shoot_loaded(shooter, window.followups, "17-rating-followups")
    shoot_loaded(shooter, window.statistics, "20-statistics")
    shoot_loaded(shooter, window.problems, "21-problems")
    notices = window.notices
    assert notices is not None
    window.work.setCurrentWidget(notices)
    notices.compose()
    compose = notices.compose_dialog
    assert compose is not None
    compose.title.setText(QCoreApplication.translate("screenshots", "午间暂停取号"))
    compose.body.setPlainText(
        QCoreApplication.translate(
            "screenshots", "今日12:00–13:00系统升级，期间暂停取号，请各窗口提前告知排队群众。"
        )
    )
    shooter.shot("18-notice-compose", compose)
    if notices.board.notices:  # published by an earlier tour: one is enough for the list
        compose.reject()
        shooter.shot("19-notices")
        window.sign_out()
        return
    published: list[bool] = []
    notices.published.connect(lambda: published.append(True))
    compose.ok_button().click()
    wait_until(lambda: bool(published))
    shooter.shot("19-notices")
    window.sign_out()
    # The clerk and the administrator read it, so the next tours' shots of their screens
    # are taken without its banner, like this tour's.
    read_notice(window, SAMPLE_ACCOUNTS[0])
    read_notice(window, SAMPLE_ACCOUNTS[2])


def read_notice(window: Any, account: tuple[str, ...]) -> None:
    """Sign in as ``account``, mark the notice in the banner read, sign out."""
    login(window, account[0], account[1])
    banner = window.notice_banner
    wait_until(banner.isVisible)
    banner.dismiss.click()
    wait_until(lambda: not banner.isVisible())
    window.sign_out()
