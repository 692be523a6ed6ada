"""An appointment holder whose priority ticket was called while they were away, at the real
window with a real platform: their card read says the ticket was missed and offers 重新排队
(keyboard and screen reader reach it), which puts it back in the queue, priority kept, so
F12 calls it; the offer is gone when the applicant leaves, and a refusal of the queue system
is said on the banner's line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.central.server_fixture import RunningCentral
from tests.ui.appointment_holder import book_and_sync, read_card, show_card
from tests.ui.conftest import activate, login
from ui.app import RunningApp

pytestmark = pytest.mark.integration


def miss_the_ticket(qtbot, central: RunningCentral, app: RunningApp) -> dict[str, str]:
    """The holder's priority ticket Y001 issued at a card read, called (F12) and marked a
    no-show: they were not there."""
    booked = book_and_sync(qtbot, central, app)
    window = app.window
    login(qtbot, app)
    qtbot.waitUntil(lambda: bool(window.intake.items), timeout=20_000)
    assert read_card(qtbot, app, "优先号").endswith(" · 优先号 Y001")
    assert window.intake.requeue_button.isHidden()  # a waiting ticket is not offered

    bar = window.ticket_bar
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: bar.ticket is not None, timeout=30_000)
    bar.step("noshow")
    qtbot.waitUntil(lambda: bar.ticket is None, timeout=30_000)
    return booked


def test_the_missed_ticket_is_put_back_in_the_queue_from_the_banner(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    miss_the_ticket(qtbot, central, enrolled_window)
    intake = window.intake
    button = intake.requeue_button

    text = read_card(qtbot, enrolled_window, "已过号")
    assert "优先号 Y001 已过号（叫号时未到）。申请人现已到厅，可按“重新排队”" in text
    assert "counter-app" not in text and not text.endswith(" · 优先号 Y001")
    assert button.isHidden()  # the applicant left: the offer went with them

    show_card(qtbot, enrolled_window, "已过号")
    assert button.isVisible() and button.accessibleName() == "优先号 Y001 重新排队"
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "已重新排队" in intake.arrival_banner.text(), timeout=30_000)
    assert intake.arrival_banner.text().endswith(" · 优先号 Y001 已重新排队（保留优先）")
    assert button.isHidden()

    bar = window.ticket_bar
    qtbot.keyClick(window, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: bar.ticket is not None, timeout=30_000)
    assert bar.ticket is not None and (bar.ticket.number, bar.ticket.priority) == ("Y001", True)


def test_a_refused_requeue_is_said_on_the_line_and_no_longer_offered(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    """The hall's ticket machine gave the holder their ticket back while the clerk was
    talking to them: the queue system refuses to put it back twice, in words."""
    booked = miss_the_ticket(qtbot, central, enrolled_window)
    intake = enrolled_window.window.intake
    show_card(qtbot, enrolled_window, "已过号")
    hall = enrolled_window.session.config.hall.hall_code
    machine = central.cli(
        "ticket", "issue", "--hall", hall, "--appointment", booked["arrival_id"], "--json"
    )
    assert (machine["number"], machine["state"]) == ("Y001", "waiting")

    intake.requeue_button.click()
    qtbot.waitUntil(lambda: "无需重新排队" in intake.arrival_banner.text(), timeout=30_000)
    assert "Y001 号还在排队或办理中" in intake.arrival_banner.text()
    assert intake.requeue_button.isHidden()
