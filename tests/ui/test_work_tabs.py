"""The work area's tabs at the hall PCs' most common screen, 1366×768: a supervisor's (or an
administrator's) dozen tabs all show without scrolling, in Chinese and in English, with and
without the training hall's card tray, labelled with their names alone when the shortcut
hints do not fit; every tab's tooltip names its shortcut, and that shortcut opens it. On a
wider screen, or with a clerk's few tabs, every label keeps its hint, e.g. "容缺到期
[Ctrl+D]", and a count of what waits reads alike on every tab and in both languages,
"审批 (2) [Ctrl+7]". The ticket bar, in the status bar, shows whole beside all of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence, QRegion
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.window_tickets import WindowTicket, remember_ticket
from tests.ui.conftest import (
    ADMIN,
    CLERK,
    PASSWORD,
    SMALLEST,
    SUPERVISOR,
    activate,
    login,
    training_home,
)
from ui.app import RunningApp
from ui.main_window import MainWindow
from ui.work_tabs import ELICENCE_TASKS

WIDE = (1920, 1080)
# A called appointment holder's ticket, the ticket bar's longest text.
CALLED = WindowTicket("00000000-0000-4000-8000-0000000000a1", "Y003", "called", True, None)
# Each tab's name and shortcut, as the shortcut hints in the labels teach them.
SHORTCUTS = {
    "intake": "Ctrl+1",
    "cases": "Ctrl+2",
    "settings": "Ctrl+3",
    "deferrals": "Ctrl+D",
    "hall_queue": "Ctrl+4",
    "end_of_day": "Ctrl+5",
    "notices": "Ctrl+6",
    "approvals": "Ctrl+7",
    "problems": "Ctrl+8",
    "followups": "Ctrl+E",
    "statistics": "Ctrl+T",
    "elicence_tasks": "Ctrl+9",
}


@pytest.fixture
def seeded_home(tmp_path: Path) -> tuple[Home, Config]:
    """The training home, its window remembering a called priority ticket (the ticket bar
    shows it from the sign-in on)."""
    home, config = training_home(tmp_path / "home")
    with open_store(home, config) as store:
        remember_ticket(store, CALLED)
    return home, config


def with_card_tray(qtbot, window: MainWindow) -> QWidget:
    """The training hall's card tray, once the window has built it (after its first frame)."""
    qtbot.waitUntil(lambda: window.training_tray is not None, timeout=10_000)
    assert window.training_tray is not None
    return window.training_tray


def in_production(qtbot, window: MainWindow) -> None:
    """The window as in a real hall: without the training hall's card tray beside it."""
    with_card_tray(qtbot, window).hide()


def resized(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=10_000)
    # The tab bar's layout runs on posted events: deliver them all, now.
    QApplication.sendPostedEvents()


def out_of_sight(window: MainWindow) -> list[str]:
    """The tabs one would have to scroll to (and the scroll arrows, if shown)."""
    bar = window.work.tabBar()
    found = [
        f"{bar.tabText(i)}: {bar.tabRect(i)}"
        for i in range(bar.count())
        if bar.tabRect(i).left() < 0 or bar.tabRect(i).right() >= bar.width()
    ]
    arrows = [button for button in bar.findChildren(QToolButton) if button.isVisible()]
    return found + ["scroll arrows"] * bool(arrows)


def whole_ticket_bar(window: MainWindow) -> None:
    assert ticket_bar_cut(window) == []


def ticket_bar_cut(window: MainWindow) -> list[str]:
    """The ticket bar's parts not wholly on screen: hidden, narrower than their text needs,
    or (partly) outside the window or under another widget."""
    found = []
    ticket_bar = window.ticket_bar
    for part in (ticket_bar.current, ticket_bar.call_button, ticket_bar.steps_button):
        name = f"{type(part).__name__} {part.text()!r}"
        on_window = QRect(part.mapTo(window, QPoint(0, 0)), part.size())
        if not part.isVisible():
            found.append(f"{name} hidden")
        elif part.width() + 1 < part.minimumSizeHint().width():
            found.append(f"{name}: {part.width()} < {part.minimumSizeHint().width()}")
        elif not window.rect().contains(on_window) or part.visibleRegion() != QRegion(part.rect()):
            found.append(f"{name} at {on_window} cut: {part.visibleRegion().boundingRect()}")
    return found


def labels(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Each tab's label and tooltip, by the window's attribute for its screen."""
    work = window.work
    by_screen = {}
    for name in SHORTCUTS:
        screen = getattr(window, name)
        index = work.indexOf(screen) if screen is not None else -1
        if index >= 0:
            by_screen[name] = (work.tabText(index), work.tabToolTip(index))
    assert len(by_screen) == work.count()
    return by_screen


def named_with_hint(window: MainWindow) -> bool:
    """Whether every tab shows its shortcut in its label, "容缺到期 [Ctrl+D]"."""
    return all(
        text.endswith(f" [{SHORTCUTS[name]}]") for name, (text, _tip) in labels(window).items()
    )


def assert_tooltips_name_the_shortcuts(window: MainWindow) -> None:
    """Each tooltip is the tab's name and shortcut (without the count of what waits)."""
    for name, (text, tip) in labels(window).items():
        shown = re.sub(r" \(\d+\)$", "", text.removesuffix(f" [{SHORTCUTS[name]}]"))
        assert tip == f"{shown} — {SHORTCUTS[name]}"


@pytest.mark.parametrize("user", [SUPERVISOR, ADMIN])
def test_every_tab_shows_at_1366_wide(qtbot, window_in: RunningApp, user: str) -> None:
    window = window_in.window
    in_production(qtbot, window)
    login(qtbot, window_in, user, PASSWORD)
    resized(qtbot, window, SMALLEST)
    assert window.work.count() == (12 if user == ADMIN else 11)
    assert out_of_sight(window) == []
    assert_tooltips_name_the_shortcuts(window)


def test_wide_screens_keep_the_shortcut_hints(qtbot, window_in: RunningApp) -> None:
    """An administrator's hints show at 1920 px; beside the card tray at 1366 px they do not
    fit (the names alone do), and come back when the window widens again."""
    window = window_in.window
    with_card_tray(qtbot, window)
    login(qtbot, window_in, ADMIN, PASSWORD)
    resized(qtbot, window, WIDE)
    assert named_with_hint(window)
    assert out_of_sight(window) == []
    assert_tooltips_name_the_shortcuts(window)
    resized(qtbot, window, SMALLEST)
    assert not named_with_hint(window) and out_of_sight(window) == []
    resized(qtbot, window, WIDE)
    assert named_with_hint(window)


def test_counts_on_the_tabs_fit_and_go_with_what_waits(qtbot, window_in: RunningApp) -> None:
    """Requests and problem cases waiting show on their tabs ("审批 (12)") beside the card
    tray at 1366 px, in both languages, with every tab still in sight; none waiting, none
    shown; a tab gone at sign-out takes its count with it."""
    window = window_in.window
    with_card_tray(qtbot, window)
    login(qtbot, window_in, SUPERVISOR, PASSWORD)
    resized(qtbot, window, SMALLEST)
    work, approvals, problems = window.work, window.approvals, window.problems
    assert approvals is not None and problems is not None
    work.set_count(approvals, 12)
    work.set_count(problems, 3)
    QApplication.sendPostedEvents()
    english = window_in.session.lang == "en"
    assert work.tabText(work.indexOf(approvals)) == ("Approvals (12)" if english else "审批 (12)")
    assert work.tabText(work.indexOf(problems)) == ("Problems (3)" if english else "问题办件 (3)")
    assert out_of_sight(window) == []
    work.set_count(approvals, 0)
    assert work.tabText(work.indexOf(approvals)) == ("Approvals" if english else "审批")
    window.sign_out()
    assert work.counts == {}
    work.set_count(problems, 5)  # a late answer for a tab that is gone
    assert work.counts == {}


def test_the_labels_follow_who_signs_in(qtbot, window_in: RunningApp) -> None:
    """Beside the card tray at 1366 px: a clerk's four tabs keep their hints; a supervisor's
    are named alone; the next clerk gets the hints back."""
    window = window_in.window
    with_card_tray(qtbot, window)
    login(qtbot, window_in, CLERK, PASSWORD)
    QApplication.sendPostedEvents()
    assert window.work.count() == 4 and named_with_hint(window)
    window.sign_out()
    login(qtbot, window_in, SUPERVISOR, PASSWORD)
    QApplication.sendPostedEvents()
    assert not named_with_hint(window) and out_of_sight(window) == []
    window.sign_out()
    login(qtbot, window_in, CLERK, PASSWORD)
    QApplication.sendPostedEvents()
    assert window.work.count() == 4 and named_with_hint(window)
    assert_tooltips_name_the_shortcuts(window)


@pytest.mark.parametrize("user", [CLERK, SUPERVISOR, ADMIN])
def test_every_tab_and_the_ticket_bar_show_beside_the_card_tray(
    qtbot, window_in: RunningApp, user: str
) -> None:
    """The training hall at 1366×768, its card tray docked beside the work area and a called
    priority ticket on the ticket bar (its longest text): every tab of every role shows
    without scrolling, in English too, and nothing of the ticket bar is cut."""
    window = window_in.window
    tray = with_card_tray(qtbot, window)
    login(qtbot, window_in, user, PASSWORD)
    qtbot.waitUntil(lambda: window.ticket_bar.ticket is not None, timeout=10_000)
    resized(qtbot, window, SMALLEST)
    assert tray.isVisible()
    assert out_of_sight(window) == []
    # The status bar lays the longer ticket text out on posted events.
    qtbot.waitUntil(lambda: whole_ticket_bar(window), timeout=10_000)
    assert_tooltips_name_the_shortcuts(window)
    # Only with the work area: F12 does nothing on the lock screen.
    window.lock_screen()
    assert not window.ticket_bar.isVisible()


@pytest.mark.parametrize("user", [SUPERVISOR, ADMIN])
def test_each_tabs_shortcut_opens_it(qtbot, running: RunningApp, user: str) -> None:
    """The shortcut a tab's tooltip names is the one that opens it: the hint and the key
    binding cannot disagree (Ctrl+3, 设置, is the administrator's; a supervisor has none)."""
    window = running.window
    login(qtbot, running, user, PASSWORD)
    activate(qtbot, window)
    tips = {window.work.tabToolTip(i): i for i in range(window.work.count())}
    for tip, index in tips.items():
        window.work.setCurrentIndex(0 if index else 1)
        combination = QKeySequence(tip.split(" — ")[1])[0]
        qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())
        assert window.work.currentIndex() == index, tip
    if user == SUPERVISOR:
        window.work.setCurrentIndex(0)
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert window.work.currentIndex() == 0


def test_a_count_and_a_shortcut_are_written_one_way() -> None:
    """Half-width brackets in both languages: the count in parentheses, the key in square
    brackets (no "电子证照核验（1）(Ctrl+9)")."""
    assert ELICENCE_TASKS.label(with_hint=True, count=1) == "电子证照核验 (1) [Ctrl+9]"
    assert ELICENCE_TASKS.label(with_hint=True) == "电子证照核验 [Ctrl+9]"
    assert ELICENCE_TASKS.label(with_hint=False, count=2) == "电子证照核验 (2)"
