"""Queue tickets in the real window, with a real platform: F12 calls the appointment holder's
priority ticket, the bar shows it, the clerk starts the service and the case accepted then
carries the ticket; the menu redirects a ticket to another window; with the queue system
down F12 says so (and that the clerk can serve without a ticket) and a case is still
accepted, without one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QStyle

from central.simulator import SimulatedDevice
from counter_app.store.database import open_store
from counter_app.store.window_tickets import case_ticket
from tests.central.server_fixture import RunningCentral
from tests.ui.conftest import activate, login
from tests.ui.intake_steps import (
    confirm_automatically,
    fill_from_card_and_choose_item,
    open_detail,
)
from ui.app import RunningApp
from ui.queue_tickets import TicketBar

pytestmark = pytest.mark.integration


def accept(qtbot, app: RunningApp) -> str:
    intake = app.window.intake
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    return str(stored.args[0])


def stored_ticket(app: RunningApp, case_id: str) -> str | None:
    """The ticket the case carries, read through a second connection to the home's store."""
    with open_store(app.session.home, app.session.config) as store:
        return case_ticket(store, case_id)


def call_an_issued_ticket(qtbot, central: RunningCentral, app: RunningApp) -> TicketBar:
    """A ticket issued at the hall's machine, then called with F12 by the signed-in clerk (the
    bar's steps enabled)."""
    window = app.window
    central.cli("ticket", "issue", "--hall", window.session.config.hall.hall_code, "--json")
    login(qtbot, app)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: window.ticket_bar.ticket is not None, timeout=30_000)
    return window.ticket_bar


def test_f12_calls_the_priority_ticket_and_the_accepted_case_carries_it(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    hall = window.session.config.hall.hall_code
    central.cli("ticket", "issue", "--hall", hall, "--json")
    central.cli("ticket", "issue", "--hall", hall, "--appointment", "APPT-7", "--json")
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, enrolled_window)
    bar = window.ticket_bar
    assert bar.isVisible() and bar.current.text() == "当前无号"

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F12)
    # Not bar.changed: the sign-in's load of the remembered ticket may emit it first.
    qtbot.waitUntil(lambda: bar.ticket is not None, timeout=30_000)
    assert bar.ticket is not None and bar.ticket.number == "Y001"
    assert "Y001" in bar.current.text() and "预约优先" in bar.current.text()
    assert not bar.call_button.isEnabled() and bar.step_actions["recall"].isEnabled()
    with qtbot.waitSignal(bar.changed, timeout=30_000):
        bar.step_actions["start"].trigger()
    assert bar.ticket is not None and bar.ticket.state == "serving"
    assert "办理中" in bar.current.text()

    case_id = accept(qtbot, enrolled_window)
    assert stored_ticket(enrolled_window, case_id) == "Y001"
    facts, _ = open_detail(qtbot, enrolled_window, case_id)
    assert facts["排队号"] == "Y001"


def test_without_the_queue_system_f12_says_so_and_the_case_is_accepted_without_a_ticket(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    central.stop()
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, enrolled_window)
    bar = window.ticket_bar
    activate(qtbot, window)
    with qtbot.waitSignal(bar.problem, timeout=30_000) as problem:
        qtbot.keyClick(window, Qt.Key.Key_F12)
    text = str(problem.args[0])
    assert "叫号系统连接不上" in text and "不叫号继续受理" in text
    assert bar.ticket is None and bar.call_button.isEnabled()
    (box,) = [b for b in window.findChildren(QMessageBox, "errorDialog") if b.text() == text]
    box.accept()

    case_id = accept(qtbot, enrolled_window)
    assert stored_ticket(enrolled_window, case_id) is None


def test_the_menu_redirects_the_current_ticket_to_another_window(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window, hall = enrolled_window.window, enrolled_window.window.session.config.hall.hall_code
    w02 = SimulatedDevice(central.url)  # the window it goes to: one enrolled in the hall
    assert w02.enroll(central.enroll_code(hall, "W02")).status_code == 200
    bar = call_an_issued_ticket(qtbot, central, enrolled_window)
    assert bar.ticket is not None and bar.ticket.number == "A001"
    # The clerk types the window into the (modal) question.
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("w02", True))
    with qtbot.waitSignal(bar.changed, timeout=30_000):
        bar.step_actions["redirect"].trigger()
    assert bar.ticket is None and bar.current.text() == "当前无号"
    visits = central.cli("tickets", "--hall", hall, "--json")["visits"]
    here = window.session.config.hall.window_code
    assert [(v["number"], v["window"], v["outcome"]) for v in visits] == [
        ("A001", here, "redirected"),
        ("A001", None, None),  # waiting again, for W02
    ]


def test_the_steps_button_keeps_its_text_clear_of_its_menu_arrow(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    """The ticket bar's 叫号操作 opens its menu at once, so the style draws the menu arrow in
    the button's bottom-right corner; the screenshots showed it over the text's last
    character, in both languages."""
    button = call_an_issued_ticket(qtbot, central, enrolled_window).steps_button
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    text = button.fontMetrics().horizontalAdvance(button.text())
    gap = 6  # the style's own gap on either side of the text
    assert button.width() >= gap + text + gap + arrow
