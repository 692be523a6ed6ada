"""The window's keys: F1 lists every key of the window (``ui.shortcut_help``), Ctrl+L locks,
Ctrl+J and Ctrl+G read and publish hall notices, and each tab's key (from its ``WorkTab``)
shows that tab, read afresh and its list focused. A key does nothing off the work area (on
the login or lock screen) or for a tab the role lacks."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut

from ui.shortcut_help import described, show_help
from ui.work_tabs import (
    APPROVALS,
    CASES,
    DEFERRALS,
    ELICENCE_TASKS,
    END_OF_DAY,
    FOLLOWUPS,
    HALL_QUEUE,
    INTAKE,
    NOTICES,
    PROBLEMS,
    SETTINGS,
    STATISTICS,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.main_window import MainWindow

    S = TypeVar("S", bound=QWidget)


def install_shortcuts(window: MainWindow) -> None:
    # A tab's key comes from its ``WorkTab``, as its label's hint and tooltip do.
    tab_keys = (
        (INTAKE, lambda: show_screen(window, "intake")),
        (CASES, lambda: show_screen(window, "cases")),
        (SETTINGS, lambda: show_screen(window, "settings")),
        (DEFERRALS, lambda: show_deferrals(window)),
        (HALL_QUEUE, lambda: show_hall_queue(window)),
        (END_OF_DAY, lambda: show_end_of_day(window)),
        (NOTICES, lambda: show_notices(window)),
        (APPROVALS, window.show_approvals),
        (PROBLEMS, lambda: show_problems(window)),
        (FOLLOWUPS, window.show_followups),
        (STATISTICS, window._show_statistics),
        (ELICENCE_TASKS, lambda: show_elicence_tasks(window)),
    )

    translate = QCoreApplication.translate

    # The F1 list names a tab's key from the tabs the role has (``ui.shortcut_help``).
    for key, what, slot in (
        (
            "F1",
            translate("window_shortcuts", "本窗口的快捷键与常用术语"),
            lambda: show_help(window),
        ),
        ("Ctrl+L", translate("window_shortcuts", "锁屏（离开窗口时）"), window.lock_screen),
        ("Ctrl+J", translate("window_shortcuts", "大厅通知已读"), lambda: dismiss_notice(window)),
        (
            "Ctrl+G",
            translate("window_shortcuts", "发布大厅通知（值班长、管理员）"),
            lambda: compose_notice(window),
        ),
        *((tab.shortcut, "", slot) for tab, slot in tab_keys),
    ):
        described(QShortcut(QKeySequence(key), window), what).activated.connect(slot)


def _opened(window: MainWindow, screen: S | None) -> S | None:
    """Shows ``screen``'s tab and returns it, when the work area is up and the role has the
    tab; ``None`` otherwise (the key then does nothing)."""
    if screen is None or window.stack.currentWidget() is not window.work:
        return None
    window.work.setCurrentWidget(screen)
    return screen


def show_deferrals(window: MainWindow) -> None:
    """Ctrl+D: the deferrals due today and this week, read afresh (supervisors only)."""
    if (deferrals := _opened(window, window.deferrals)) is not None:
        deferrals.refresh()


def show_end_of_day(window: MainWindow) -> None:
    if (end_of_day := _opened(window, window.end_of_day)) is not None:
        end_of_day.day.setFocus()


def show_hall_queue(window: MainWindow) -> None:
    if (hall_queue := _opened(window, window.hall_queue)) is not None:
        hall_queue.query.setFocus()


def show_problems(window: MainWindow) -> None:
    if (problems := _opened(window, window.problems)) is not None:
        problems.refresh()
        problems.table.setFocus()


def show_elicence_tasks(window: MainWindow) -> None:
    """Ctrl+9: the open e-licence tasks, read afresh (every role)."""
    if (tasks := _opened(window, window.elicence_tasks)) is not None:
        tasks.refresh()
        tasks.table.setFocus()


def show_notices(window: MainWindow) -> None:
    if (notices := _opened(window, window.notices)) is not None:
        notices.table.setFocus()


def dismiss_notice(window: MainWindow) -> None:
    """Ctrl+J: the banner's notice is read; the next unread one (if any) takes its place."""
    if window.work_ready and window.notice_banner.isVisible():
        window.notice_banner.mark_read()


def compose_notice(window: MainWindow) -> None:
    """Ctrl+G: publish a notice to the hall (supervisors and administrators)."""
    notices = window.notices
    if window.stack.currentWidget() is window.work and notices is not None and notices.can_publish:
        window.work.setCurrentWidget(notices)
        notices.compose()


def show_followups(window: MainWindow) -> None:
    """Ctrl+E: the bad ratings' follow-ups, read afresh (supervisors only)."""
    if (followups := _opened(window, window.followups)) is not None:
        followups.refresh()
        followups.table.setFocus()


def show_statistics(window: MainWindow) -> None:
    """Ctrl+T: the statistics of the chosen period, read afresh (supervisors only)."""
    if (statistics := _opened(window, window.statistics)) is not None:
        statistics.refresh()
        statistics.period.setFocus()


def show_approvals(window: MainWindow) -> None:
    """Ctrl+7: the hall's pending approval requests (supervisors only)."""
    if (approvals := _opened(window, window.approvals)) is not None:  # shown: it reads the platform
        approvals.table.setFocus()


def show_screen(window: MainWindow, name: str) -> None:
    """Ctrl+1, Ctrl+2, Ctrl+3: the intake, the case list, the settings (administrators);
    by attribute name, as the work area is built after the shortcuts."""
    _opened(window, getattr(window, name, None))
