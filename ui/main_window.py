"""The counter window: login, the work area (intake, cases, settings), the lock screen, and a
status bar that always shows the hall, the clerk, the card reader and sync."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import update_user_config
from counter_app.errors import CounterError
from ui.first_frame import FirstFrame
from ui.i18n import error_text, is_available
from ui.login import LockScreen, LoginScreen
from ui.sync_status import SyncDetailsDialog, SyncStatusBridge, SyncStatusButton
from ui.widgets import close_dialogs
from ui.window_session import Session
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
    WorkTabs,
)

if TYPE_CHECKING:
    from counter_app.identity.document import IdentityDocument
    from counter_app.services.auth import User
    from ui.approvals_inbox import ApprovalsInboxScreen
    from ui.case_list import CaseListScreen
    from ui.deferrals_due import DeferralsDueScreen
    from ui.elicence_tasks import ElicenceTasksScreen
    from ui.end_of_day import EndOfDayScreen
    from ui.facade_types import IntakeDraft
    from ui.hall_notices import NoticesScreen
    from ui.hall_queue import HallQueueScreen
    from ui.intake.screen import IntakeScreen
    from ui.problems import ProblemsScreen
    from ui.rating_followups import RatingFollowupsScreen
    from ui.settings import SettingsScreen
    from ui.statistics import StatisticsScreen

log = logging.getLogger(__name__)

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Restarts a timer on every key or mouse event in the application; ``idle`` when it fires.

    It watches the top-level windows (where input arrives from the system), not the whole
    application: a filter on the application would run Python, and so wait for the GIL the
    sync and print threads hold, for every paint and layout event of every widget.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, round(minutes * 60_000)))
        self.timer.timeout.connect(self.idle)

    def watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # once per window: Qt ignores a repeat

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


# The tabs built at sign-in for the user's role, by attribute (``MainWindow._add_role_tabs``).
_ROLE_TABS = (
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


class MainWindow(QMainWindow):
    """Emits ``ready`` once the login screen has been painted and the event loop runs; the
    caller starts the rest of the counter then (see ``ui.app.build``)."""

    ready = Signal()
    signed_in = Signal()
    # Another interface language was chosen (and saved): reopen the window in it.
    relaunch_requested = Signal(str)
    # The 好差评 follow-up tab, for supervisors and administrators only (set at sign-in).
    followups: RatingFollowupsScreen | None = None
    # The approvals inbox, for supervisors and administrators only (set at sign-in).
    approvals: ApprovalsInboxScreen | None = None
    # E-licences the register did not confirm, for every role (set at sign-in).
    elicence_tasks: ElicenceTasksScreen | None = None

    def __init__(
        self, session: Session, training: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self.training = training
        config = session.config
        self.setWindowTitle(
            self.tr("窗口受理 — {hall} {window}").format(
                hall=config.hall.hall_name, window=config.hall.window_code
            )
        )
        self.setMinimumSize(1024, 640)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel(self.tr("培训模式 — 所有数据均为演示数据，不会提交到真实的政务平台"))
        self.banner.setObjectName("trainingBanner")
        self.banner.setProperty("centered", True)  # style sheet: no ``Qt`` before the frame
        self.banner.setVisible(config.is_training)
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        self.central_layout = layout  # the notices' banner joins it with the work area
        self.notices: NoticesScreen | None = None
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        hall_line = f"{config.hall.hall_name} · {self.tr('窗口')} {config.hall.window_code}"
        self.login = LoginScreen(hall_line)
        self.lock = LockScreen()
        self.work = WorkTabs()
        self.work.setObjectName("workTabs")
        self.work_ready = False
        self.intake: IntakeScreen
        self.cases: CaseListScreen
        self.settings: SettingsScreen | None = None
        self.deferrals: DeferralsDueScreen | None = None  # supervisors and administrators
        self.hall_queue: HallQueueScreen | None = None  # supervisors and administrators only
        self.end_of_day: EndOfDayScreen | None = None  # supervisors and administrators only
        self.statistics: StatisticsScreen | None = None  # supervisors and administrators only
        self.problems: ProblemsScreen | None = None  # supervisors and administrators only
        self.training_tray: QWidget | None = None
        for screen in (self.login, self.work, self.lock):
            self.stack.addWidget(screen)
        self._build_status_bar()
        self._watch_idle(config.security.idle_lock_minutes)
        self.login.login_requested.connect(self._login)
        self.login.show_language(session.lang)
        self.login.language_chosen.connect(self.choose_language)
        self.lock.unlock_requested.connect(self._unlock)
        self.lock.sign_out_requested.connect(self.sign_out)
        self.session.error.connect(self.show_error)
        self._install_shortcuts()
        self.stack.setCurrentWidget(self.login)
        self.login.username.setFocus()
        # The login screen comes first; the work area is built once it is on screen, while
        # the clerk types (or at sign-in, or when a card is read, if that is sooner).
        self.first_frame = FirstFrame(self.login)
        self.first_frame.painted.connect(self.ready)

    def _watch_idle(self, minutes: float) -> None:
        """Lock the screen after ``minutes`` without a key or mouse event."""
        self.idle = IdleWatcher(minutes, self)
        self.ready.connect(lambda: self.idle.watch(self.windowHandle()))  # exists once shown
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusWindowChanged.connect(self.idle.watch)  # dialogs too, as they get the focus
        self.idle.idle.connect(self.lock_screen)

    def _install_shortcuts(self) -> None:
        # A tab's key comes from its ``WorkTab``, as its label's hint and tooltip do.
        tab_keys = (
            (INTAKE, lambda: self._show_screen("intake")),
            (CASES, lambda: self._show_screen("cases")),
            (SETTINGS, lambda: self._show_screen("settings")),
            (DEFERRALS, self.show_deferrals),
            (HALL_QUEUE, self._show_hall_queue),
            (END_OF_DAY, self._show_end_of_day),
            (NOTICES, self._show_notices),
            (APPROVALS, self.show_approvals),
            (PROBLEMS, self._show_problems),
            (FOLLOWUPS, self.show_followups),
            (STATISTICS, self._show_statistics),
        )
        for key, slot in (
            ("Ctrl+L", self.lock_screen),
            ("Ctrl+J", self._dismiss_notice),
            ("Ctrl+G", self._compose_notice),
            *((tab.shortcut, slot) for tab, slot in tab_keys),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(slot)

    def _build_notices(self) -> None:
        """The hall notices' board and their banner, between the training banner and the
        screens; built with the work area, after the login's first frame (the banner shows
        over the work area only). The notices tab is built at sign-in, for who signed in."""
        from ui.hall_notices import NoticeBanner, NoticeBoard

        self.notice_board = NoticeBoard(self.session, self)
        self.notice_banner = NoticeBanner(self.notice_board)
        self.central_layout.insertWidget(1, self.notice_banner)
        # The banner shows over the work area only: not on the login or the lock screen.
        self.notice_board.changed.connect(self._show_banner)
        self.stack.currentChanged.connect(self._show_banner)

    def _build_ticket_bar(self) -> None:
        """The queue-ticket bar (叫号, F4) in the tabs' row: no height taken from the screens.
        Shown with the work area only, so its keys do nothing on the login or lock screen."""
        from ui.queue_tickets import TicketBar

        self.ticket_bar = TicketBar(self.session, self)
        self.work.setCornerWidget(self.ticket_bar, Qt.Corner.TopRightCorner)
        self.ticket_bar.problem.connect(self.show_error)

    def build_work_area(self) -> None:
        if self.work_ready:
            return
        import ui.case_list
        import ui.intake.screen

        self._build_notices()
        self._build_ticket_bar()
        self.intake = ui.intake.screen.IntakeScreen(self.session)
        self.cases = ui.case_list.CaseListScreen(self.session)
        self.work.add_tab(self.intake, INTAKE)
        self.work.add_tab(self.cases, CASES)
        self.intake.case_stored.connect(lambda _case_id: self.cases.refresh())
        self.intake.continue_requested.connect(self._continue_case)
        # A sync run may have synced a case or brought the platform's progress.
        self.sync_bridge.changed.connect(lambda _status: self.cases.refresh_if_changed())
        # ... or the hall queue feed.
        self.sync_bridge.changed.connect(
            lambda _status: self.hall_queue.refresh_if_changed() if self.hall_queue else None
        )
        # ... or a problem of the hall, or an instruction's answer.
        self.sync_bridge.changed.connect(
            lambda _status: self.problems.refresh() if self.problems else None
        )
        # ... or a hall notice.
        self.sync_bridge.changed.connect(lambda _status: self.notice_board.refresh())
        self.work_ready = True

    # -- card reader (forwarded to the intake screen once it exists) -------------------
    def card_read(self, document: IdentityDocument) -> None:
        if self.session.card_claim is not None:
            self.session.card_claim(document)
            return
        self.build_work_area()
        self.intake.card_read(document)

    def card_removed(self) -> None:
        if self.work_ready:
            self.intake.card_removed()

    def card_problem(self, text: str) -> None:
        if self.work_ready:
            self.intake.card_problem(text)

    def save_draft(self) -> None:
        if self.work_ready:
            self.intake.save_draft()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.user_label = QLabel(self.tr("未登录"))
        self.user_label.setObjectName("userLabel")
        self.reader_label = QLabel(self.tr("读卡器：未连接"))
        self.reader_label.setObjectName("readerLabel")
        self.lock_hint = QLabel(self.tr("Ctrl+L 锁屏"))
        self.sync_button = SyncStatusButton(self.session.lang)
        self.sync_bridge = SyncStatusBridge(self)
        self.sync_bridge.changed.connect(self.sync_button.update_status)
        self.sync_button.clicked.connect(self.show_sync_details)
        for label in (self.user_label, self.reader_label, self.lock_hint):
            label.setContentsMargins(6, 0, 10, 0)
            bar.addWidget(label)
        bar.addPermanentWidget(self.sync_button)
        self.sync_dialog: SyncDetailsDialog | None = None

    # -- sign in / out -----------------------------------------------------------------
    def _login(self, username: str, password: str) -> None:
        self.session.worker.submit(
            lambda ws: (ws.login(username, password), ws.load_draft(username)),
            self._signed_in,
            lambda exc: self.login.show_error(error_text(exc)),
            name="login",
        )

    def _signed_in(self, result: tuple[User, IntakeDraft | None]) -> None:
        user, draft = result
        self.build_work_area()
        self.session.set_user(user)
        self.user_label.setText(
            self.tr("{name}（{role}）").format(name=user.display_name, role=self._role(user.role))
        )
        self._add_role_tabs(user)
        self.stack.setCurrentWidget(self.work)
        self.work.setCurrentWidget(self.intake)
        self.intake.load_catalog()
        self.cases.refresh()
        self.idle.timer.start()
        if draft:
            # Restore after the catalog arrived (it is queued behind it on the worker).
            self.session.worker.submit(
                lambda _ws: draft, self.intake.restore_draft, self.session.report_error
            )
        self.intake.identity.name.setFocus()
        self.signed_in.emit()

    def _add_role_tabs(self, user: User) -> None:
        """The tabs of the signed-in user's role (and the notices, whose publish button is
        theirs); ``sign_out`` removes every one of them (``_ROLE_TABS``)."""
        if user.role == "admin" and self.settings is None:
            from ui.settings import SettingsScreen

            self.settings = SettingsScreen(self.session, self.training)
            self.work.add_tab(self.settings, SETTINGS)
        from counter_app.services.approval import SUPERVISOR_ROLES

        if user.role in SUPERVISOR_ROLES and self.deferrals is None:
            from ui.deferrals_due import DeferralsDueScreen

            self.deferrals = DeferralsDueScreen(self.session)
            self.deferrals.open_requested.connect(self._continue_case)
            self.work.add_tab(self.deferrals, DEFERRALS)
        if user.role in SUPERVISOR_ROLES and self.hall_queue is None:
            from ui.hall_queue import HallQueueScreen

            self.hall_queue = HallQueueScreen(self.session)
            self.work.add_tab(self.hall_queue, HALL_QUEUE)
            self.hall_queue.refresh()
        if user.role in SUPERVISOR_ROLES and self.end_of_day is None:
            from ui.end_of_day import EndOfDayScreen

            self.end_of_day = EndOfDayScreen(self.session)
            self.work.add_tab(self.end_of_day, END_OF_DAY)
            self.end_of_day.refresh()
        if user.role in SUPERVISOR_ROLES and self.problems is None:
            from ui.problems import ProblemsScreen

            self.problems = ProblemsScreen(self.session)
            self.work.add_tab(self.problems, PROBLEMS)
            self.problems.refresh()
        if self.notices is None:
            from ui.hall_notices import NoticesScreen

            self.notices = NoticesScreen(
                self.session, self.notice_board, can_publish=user.role in SUPERVISOR_ROLES
            )
            self.work.add_tab(self.notices, NOTICES)
        self.notice_board.refresh()
        self.ticket_bar.load()
        if user.role in SUPERVISOR_ROLES and self.followups is None:
            from ui.rating_followups import RatingFollowupsScreen

            self.followups = RatingFollowupsScreen(self.session)
            self.work.add_tab(self.followups, FOLLOWUPS)
            self.followups.refresh()
        if user.role in SUPERVISOR_ROLES and self.statistics is None:
            from ui.statistics import StatisticsScreen

            self.statistics = StatisticsScreen(self.session)  # reads today's figures
            self.work.add_tab(self.statistics, STATISTICS)
        if user.role in SUPERVISOR_ROLES and self.approvals is None:
            from ui.approvals_inbox import ApprovalsInboxScreen

            self.approvals = ApprovalsInboxScreen(self.session)
            self.work.add_tab(self.approvals, APPROVALS)
        if self.elicence_tasks is None:
            # Every role: the clerk who took the case and the supervisor both settle them.
            from ui.elicence_tasks import ElicenceTasksScreen

            self.elicence_tasks = ElicenceTasksScreen(self.session)
            self.work.add_tab(self.elicence_tasks, ELICENCE_TASKS)
            self.elicence_tasks.refresh()

    def choose_language(self, lang: str) -> None:
        """Saved in the user config, then the window reopens in that language at once. Only
        the login screen offers it, so nothing typed can be lost."""
        if lang == self.session.lang:
            return
        if not is_available(lang):
            self.login.show_language(self.session.lang)
            self.show_error(
                "英文界面未安装（缺少翻译文件），请联系信息技术人员。\n"
                "The English interface is not installed (translation file missing); call IT."
            )
            return
        try:
            update_user_config(self.session.home, {"ui": {"lang": lang}})
        except CounterError as exc:
            self.login.show_language(self.session.lang)
            self.show_error(error_text(exc))
            return
        self.relaunch_requested.emit(lang)

    def _role(self, role: str) -> str:
        return {
            "clerk": self.tr("受理员"),
            "supervisor": self.tr("值班长"),
            "admin": self.tr("管理员"),
        }.get(role, role)

    def sign_out(self) -> None:
        self.save_draft()
        self.session.locked = False
        self.session.set_user(None)
        close_dialogs(self)
        if self.work_ready:
            self.intake.clear_for_sign_out()
        # The core forgets the user too: its role checks rest on who is signed in there.
        self.session.worker.submit(
            lambda ws: ws.sign_out(), None, self.session.report_error, name="sign_out"
        )
        # The login first: a tab shown while the others go would start its refresh with
        # nobody signed in.
        self.stack.setCurrentWidget(self.login)
        # Each is the signed-in user's (a role's tabs, the notices' publish button): never
        # left for the next user, a clerk perhaps.
        for name in _ROLE_TABS:
            screen = getattr(self, name)
            if screen is not None:
                self.work.removeTab(self.work.indexOf(screen))
                screen.deleteLater()
                setattr(self, name, None)
        if self.work_ready:
            self.notice_board.clear()
        self.idle.timer.stop()
        self.user_label.setText(self.tr("未登录"))
        self.login.reset()

    # -- lock --------------------------------------------------------------------------
    def lock_screen(self) -> None:
        user = self.session.user
        if user is None or self.stack.currentWidget() is self.lock:
            return
        self.save_draft()
        self.idle.timer.stop()
        self.session.locked = True
        close_dialogs(self)
        self.lock.lock_for(user.display_name, user.username)
        self.stack.setCurrentWidget(self.lock)

    def _unlock(self, password: str) -> None:
        username = self.session.username or ""
        self.session.worker.submit(
            lambda ws: ws.login(username, password),
            lambda _user: self._unlocked(),
            lambda exc: self.lock.show_error(error_text(exc)),
            name="unlock",
        )

    def _unlocked(self) -> None:
        self.session.locked = False
        self.stack.setCurrentWidget(self.work)
        self.idle.timer.start()

    def _continue_case(self, case_id: str) -> None:
        """A returning applicant's notified case, opened in the case list to continue."""
        self.work.setCurrentWidget(self.cases)
        self.cases.open_case(case_id)

    def show_deferrals(self) -> None:
        """Ctrl+D: the deferrals due today and this week, read afresh (supervisors only)."""
        if self.deferrals is None or self.stack.currentWidget() is not self.work:
            return
        self.work.setCurrentWidget(self.deferrals)
        self.deferrals.refresh()

    def _show_end_of_day(self) -> None:
        if self.stack.currentWidget() is self.work and self.end_of_day is not None:
            self.work.setCurrentWidget(self.end_of_day)
            self.end_of_day.day.setFocus()

    def _show_hall_queue(self) -> None:
        if self.stack.currentWidget() is self.work and self.hall_queue is not None:
            self.work.setCurrentWidget(self.hall_queue)
            self.hall_queue.query.setFocus()

    def _show_problems(self) -> None:
        if self.stack.currentWidget() is self.work and self.problems is not None:
            self.work.setCurrentWidget(self.problems)
            self.problems.refresh()
            self.problems.table.setFocus()

    def _show_notices(self) -> None:
        if self.stack.currentWidget() is self.work and self.notices is not None:
            self.work.setCurrentWidget(self.notices)
            self.notices.table.setFocus()

    def _dismiss_notice(self) -> None:
        """Ctrl+J: the banner's notice is read; the next unread one (if any) takes its place."""
        if self.work_ready and self.notice_banner.isVisible():
            self.notice_banner.mark_read()

    def _compose_notice(self) -> None:
        """Ctrl+G: publish a notice to the hall (supervisors and administrators)."""
        notices = self.notices
        if self.stack.currentWidget() is self.work and notices is not None and notices.can_publish:
            self.work.setCurrentWidget(notices)
            notices.compose()

    def _show_banner(self) -> None:
        on_work = self.stack.currentWidget() is self.work
        self.notice_banner.setVisible(on_work and self.notice_banner.notice_id is not None)

    def show_followups(self) -> None:
        """Ctrl+E: the bad ratings' follow-ups, read afresh (supervisors only)."""
        if self.followups is None or self.stack.currentWidget() is not self.work:
            return
        self.work.setCurrentWidget(self.followups)
        self.followups.refresh()
        self.followups.table.setFocus()

    def _show_statistics(self) -> None:
        """Ctrl+T: the statistics of the chosen period, read afresh (supervisors only)."""
        if self.statistics is None or self.stack.currentWidget() is not self.work:
            return
        self.work.setCurrentWidget(self.statistics)
        self.statistics.refresh()
        self.statistics.period.setFocus()

    def show_approvals(self) -> None:
        """Ctrl+7: the hall's pending approval requests (supervisors only)."""
        if self.approvals is None or self.stack.currentWidget() is not self.work:
            return
        self.work.setCurrentWidget(self.approvals)  # shown: it reads the platform
        self.approvals.table.setFocus()

    def _show_screen(self, name: str) -> None:
        """Ctrl+1, Ctrl+2, Ctrl+3: the intake, the case list, the settings (administrators);
        by attribute name, as the work area is built after the shortcuts."""
        screen = getattr(self, name, None)
        if self.stack.currentWidget() is self.work and screen is not None:
            self.work.setCurrentWidget(screen)

    # -- sync --------------------------------------------------------------------------
    def show_sync_details(self) -> None:
        if self.sync_dialog is None:
            self.sync_dialog = SyncDetailsDialog(self.sync_button.status, self.session.lang, self)
            self.sync_bridge.changed.connect(self.sync_dialog.update_status)
            self.sync_dialog.sync_now.connect(self.session.sync_now_requested)
        self.sync_dialog.update_status(self.sync_button.status)
        self.sync_dialog.show()
        self.sync_dialog.raise_()

    def set_reader_state(self, text: str) -> None:
        self.reader_label.setText(self.tr("读卡器：{state}").format(state=text))
        if self.settings is not None:
            self.settings.show_reader_result(text)

    def show_error(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("提示"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorDialog")
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()
        super().closeEvent(event)
