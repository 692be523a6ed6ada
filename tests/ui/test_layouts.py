"""Layouts hold in English (whose strings run about 30 % longer than the Chinese) at the
smallest supported screen, 1366×768: every screen's layout fits the window, no visible
button, check box or one-line label is squeezed below the width its text needs, and the
intake's wrapped lines get the height theirs need with a passport's chip read."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from counter_app.identity.simulator import SimulatedReader
from counter_app.store.window_tickets import WindowTicket, remember_ticket
from sync.status import SyncStatus
from tests.ui.conftest import ADMIN, PASSWORD, SMALLEST, SUPERVISOR, login
from ui.app import RunningApp


def squeezed(screen: QWidget) -> list[str]:
    """Visible one-line texts narrower than they need to be (so cut off or elided)."""
    found = []
    widgets: list[QWidget] = [*screen.findChildren(QLabel), *screen.findChildren(QAbstractButton)]
    for widget in widgets:
        if not widget.isVisibleTo(screen) or widget.width() == 0:
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        needed = widget.minimumSizeHint().width()
        if widget.width() + 1 < needed:
            found.append(f"{type(widget).__name__} {widget.text()!r}: {widget.width()} < {needed}")
    return found


def cut_short(screen: QWidget) -> list[str]:
    """Visible word-wrapped texts lower than their lines need at their width (so cut off)."""
    found = []
    for label in screen.findChildren(QLabel):
        if not label.isVisibleTo(screen) or not label.wordWrap() or not label.text():
            continue
        needed = label.heightForWidth(label.width())
        if label.height() + 1 < needed:
            found.append(f"{label.objectName()} {label.text()!r}: {label.height()} < {needed}")
    return found


def fits(window: QWidget) -> list[str]:
    layout = window.layout()
    minimum = layout.minimumSize() if layout is not None else window.minimumSizeHint()
    if minimum.width() > SMALLEST[0] or minimum.height() > SMALLEST[1]:
        return [f"layout needs {minimum.width()}×{minimum.height()}"]
    return []


def test_every_screen_fits_the_smallest_screen(qtbot, window_in: RunningApp) -> None:
    window = window_in.window
    qtbot.waitUntil(lambda: window.work_ready, timeout=30_000)
    problems = {"login": fits(window) + squeezed(window.login)}
    login(qtbot, window_in, ADMIN, PASSWORD)
    for index in range(window.work.count()):
        window.work.setCurrentIndex(index)
        # The shown page's layouts run on posted events: deliver them all, now.
        QApplication.sendPostedEvents()
        screen = window.work.currentWidget()
        problems[window.work.tabText(index)] = fits(window) + squeezed(screen)
    assert not {name: found for name, found in problems.items() if found}


def test_a_passport_chip_read_shows_whole_at_the_smallest_screen(
    qtbot, window_in: RunningApp
) -> None:
    """The chip's provenance and passive authentication take two lines each at 1366 wide."""
    login(qtbot, window_in)
    intake = window_in.window.intake
    reader = window_in.reader
    assert isinstance(reader, SimulatedReader)
    reader.place("passport")
    qtbot.waitUntil(lambda: intake.identity.source == "chip", timeout=20_000)
    QApplication.sendPostedEvents()
    assert intake.identity.chip_auth.isVisibleTo(intake)
    assert cut_short(intake) == []


def test_the_clock_warning_leaves_the_decision_whole_at_the_smallest_screen(
    qtbot, window_in: RunningApp
) -> None:
    login(qtbot, window_in)
    intake = window_in.window.intake
    intake.show_clock_skew(-3720.0)
    QApplication.sendPostedEvents()
    assert intake.clock_banner.isVisibleTo(intake) and intake.accept_button.isVisibleTo(intake)
    assert fits(window_in.window) == [] and cut_short(intake) == [] and squeezed(intake) == []


def test_the_status_bar_says_everything_at_once_at_the_smallest_screen(
    qtbot, window_in: RunningApp
) -> None:
    """A supervisor's window offline with a long backlog, cases to resolve, the disk nearly
    full and the clock off, serving an appointment's priority ticket: every part whole."""
    login(qtbot, window_in, SUPERVISOR, PASSWORD)
    window, session = window_in.window, window_in.session
    window.sync_bridge.publish(
        SyncStatus(
            connectivity="offline",
            backlog=12345,
            needs_supervisor=123,
            last_success_at="2026-12-04T08:00:00.000000Z",
            disk_warning_zh="磁盘将满",
            disk_warning_en="low disk",
            clock_skew_seconds=-4000.0,
            enrolled=True,
        )
    )
    serving = WindowTicket("T-1", "A1234", "serving", True, None)
    with qtbot.waitSignal(session.worker.idle, timeout=20_000):
        session.worker.submit(lambda workstation: remember_ticket(workstation.store, serving))
    with qtbot.waitSignal(window.ticket_bar.changed, timeout=20_000):
        window.ticket_bar.load()
    qtbot.waitUntil(lambda: window.sync_button.status is not None, timeout=10_000)
    assert "A1234" in window.ticket_bar.current.text() and "12345" in window.sync_button.text()
    # The new texts' sizes reach the status bar's layout through posted layout requests, a
    # round of them per level: whole once they have all run (the state waited for, not a time).
    qtbot.waitUntil(lambda: squeezed(window.statusBar()) == [], timeout=10_000)
