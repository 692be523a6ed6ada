"""The tabs a signed-in user's role gets beside the intake and the case list (the settings
for administrators, the supervision tabs for supervisors and administrators, the notices and
the e-licence tasks for everyone), built at sign-in and every one removed at sign-out. The
deferrals, problems, approvals and e-licence tabs show how many wait there. The hall queue,
日结 and statistics read their rows when shown, and again when shown or while shown if a
case or the hall queue feed changed since (``refresh_if_changed``): never stale, and never
refilled for nobody."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.work_tabs import (
    APPROVALS,
    DEFERRALS,
    ELICENCE_TASKS,
    END_OF_DAY,
    FOLLOWUPS,
    HALL_QUEUE,
    NOTICES,
    PROBLEMS,
    SETTINGS,
    STATISTICS,
    WorkTab,
)

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from ui.approvals_inbox import ApprovalsInboxScreen
    from ui.deferrals_due import DeferralsDueScreen
    from ui.elicence_tasks import ElicenceTasksScreen
    from ui.main_window import MainWindow
    from ui.problems import ProblemsScreen

    CountedScreen = DeferralsDueScreen | ProblemsScreen | ApprovalsInboxScreen | ElicenceTasksScreen

# The tabs built at sign-in for the user's role, by the window's attribute (``add_role_tabs``).
ROLE_TABS = (
    "settings",
    "deferrals",
    "hall_queue",
    "end_of_day",
    "notices",
    "followups",
    "statistics",
    "approvals",
    "problems",
    "elicence_tasks",
)


def add_role_tabs(window: MainWindow, user: User) -> None:
    """The tabs of the signed-in user's role (and the notices, whose publish button is
    theirs); ``remove_role_tabs`` removes every one of them (``ROLE_TABS``)."""
    if user.role == "admin" and window.settings is None:
        from ui.settings import SettingsScreen

        window.settings = SettingsScreen(window.session, window.training)
        window.work.add_tab(window.settings, SETTINGS)
    from counter_app.services.approval import SUPERVISOR_ROLES

    if user.role in SUPERVISOR_ROLES and window.deferrals is None:
        from ui.deferrals_due import DeferralsDueScreen

        window.deferrals = deferrals = DeferralsDueScreen(window.session)
        deferrals.open_requested.connect(window._continue_case)
        _add_counted_tab(window, deferrals, DEFERRALS)
        deferrals.refresh()
    if user.role in SUPERVISOR_ROLES and window.hall_queue is None:
        from ui.hall_queue import HallQueueScreen

        window.hall_queue = HallQueueScreen(window.session)
        window.work.add_tab(window.hall_queue, HALL_QUEUE)
    if user.role in SUPERVISOR_ROLES and window.end_of_day is None:
        from ui.end_of_day import EndOfDayScreen

        window.end_of_day = EndOfDayScreen(window.session)
        window.work.add_tab(window.end_of_day, END_OF_DAY)
    if user.role in SUPERVISOR_ROLES and window.problems is None:
        from ui.problems import ProblemsScreen

        window.problems = problems = ProblemsScreen(window.session)
        _add_counted_tab(window, problems, PROBLEMS)
        problems.refresh()
    if window.notices is None:
        from ui.hall_notices import NoticesScreen

        window.notices = NoticesScreen(
            window.session, window.notice_board, can_publish=user.role in SUPERVISOR_ROLES
        )
        window.work.add_tab(window.notices, NOTICES)
    window.notice_board.refresh()
    window.ticket_bar.load()
    if user.role in SUPERVISOR_ROLES and window.followups is None:
        from ui.rating_followups import RatingFollowupsScreen

        window.followups = RatingFollowupsScreen(window.session)
        window.work.add_tab(window.followups, FOLLOWUPS)
        window.followups.refresh()
    if user.role in SUPERVISOR_ROLES and window.statistics is None:
        from ui.statistics import StatisticsScreen

        window.statistics = StatisticsScreen(window.session)
        window.work.add_tab(window.statistics, STATISTICS)
    if user.role in SUPERVISOR_ROLES and window.approvals is None:
        _add_approvals(window)
    if window.elicence_tasks is None:
        # Every role: the clerk who took the case and the supervisor both settle them.
        from ui.elicence_tasks import ElicenceTasksScreen

        window.elicence_tasks = ElicenceTasksScreen(window.session)
        _add_counted_tab(window, window.elicence_tasks, ELICENCE_TASKS)
        window.elicence_tasks.refresh()


def _add_approvals(window: MainWindow) -> None:
    from ui.approvals_inbox import ApprovalsInboxScreen

    window.approvals = ApprovalsInboxScreen(window.session)  # it reads at once
    _add_counted_tab(window, window.approvals, APPROVALS)


def _add_counted_tab(window: MainWindow, screen: CountedScreen, tab: WorkTab) -> None:
    """``screen``'s tab, labelled with the count of what waits there (``pending_count``)."""
    window.work.add_tab(screen, tab)
    screen.pending_count.connect(lambda count: window.work.set_count(screen, count))


def remove_role_tabs(window: MainWindow) -> None:
    # Each is the signed-in user's (a role's tabs, the notices' publish button): never
    # left for the next user, a clerk perhaps.
    for name in ROLE_TABS:
        screen = getattr(window, name)
        if screen is not None:
            window.work.removeTab(window.work.indexOf(screen))
            screen.deleteLater()
            setattr(window, name, None)
