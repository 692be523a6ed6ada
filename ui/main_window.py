"""The counter window: the login, the work area (intake, cases and the role's tabs) and the
lock screen in one stack, under the training banner and the hall notices' banner, over the
status bar; card reads forwarded to the intake screen. Signing in and out (``ui.sign_in``),
the role's tabs (``ui.role_tabs``), the lock (``ui.idle_lock``), the keys
(``ui.window_shortcuts``) and the status bar (``ui.status_bar``) each live in a module of
their own, bound to the window as its methods so callbacks stay the window's."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import update_user_config
from counter_app.errors import CounterError
from ui import idle_lock, sign_in, status_bar, window_shortcuts
from ui.dialog_lifetime import delete_on_close
from ui.first_frame import FirstFrame
from ui.i18n import error_text, is_available
from ui.login import LockScreen, LoginScreen
from ui.widgets import show_as_text
from ui.window_session import Session
from ui.work_tabs import CASES, INTAKE, WorkTabs

if TYPE_CHECKING:
    from counter_app.identity.document import IdentityDocument
    from ui.approvals_inbox import ApprovalsInboxScreen
    from ui.case_list import CaseListScreen
    from ui.deferrals_due import DeferralsDueScreen
    from ui.elicence_tasks import ElicenceTasksScreen
    from ui.end_of_day import EndOfDayScreen
    from ui.hall_notices import NoticesScreen
    from ui.hall_queue import HallQueueScreen
    from ui.intake.screen import IntakeScreen
    from ui.password_change import PasswordChangeDialog
    from ui.problems import ProblemsScreen
    from ui.rating_followups import RatingFollowupsScreen
    from ui.second_factor_setup import SecondFactorSetUpDialog
    from ui.settings import SettingsScreen
    from ui.statistics import StatisticsScreen
    from ui.status_bar import StatusNote
    from ui.sync_status import SyncDetailsDialog, SyncStatusBridge, SyncStatusButton

log = logging.getLogger(__name__)


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

    # Built by ``ui.status_bar.build_status_bar``.
    user_button: QToolButton
    reader_label: QLabel
    lock_hint: QLabel
    status_note: StatusNote
    sync_button: SyncStatusButton
    sync_bridge: SyncStatusBridge
    sync_dialog: SyncDetailsDialog | None
    # Set by ``ui.idle_lock.watch_idle``.
    idle: idle_lock.IdleWatcher

    # PySide6 finds a connected method by its function's name on the window: a function
    # bound here must not share its name with another of the window's attributes (``login``
    # is the login screen, ``signed_in`` a signal).
    _login = sign_in.log_in
    _signed_in = sign_in.after_login
    sign_out = sign_in.sign_out
    lock_screen = idle_lock.lock_screen
    _unlock = idle_lock.unlock
    # The keys' slots the screenshot tour and the tests call too; the others stay the module's.
    show_followups = window_shortcuts.show_followups
    _show_statistics = window_shortcuts.show_statistics
    show_approvals = window_shortcuts.show_approvals
    show_sync_details = status_bar.show_sync_details
    set_reader_state = status_bar.set_reader_state
    _show_ticket_bar = status_bar.show_ticket_bar
    # The open change of the signed-in user's password (``ui.password_change``).
    password_dialog: PasswordChangeDialog | None = None

    def change_password(self) -> None:
        from ui.password_change import change_password  # at a click, not before the frame

        change_password(self)

    def require_password_change(self) -> None:
        from ui.password_change import change_password

        change_password(self, required=True)

    # The open set-up of the signed-in user's one-time codes (``ui.second_factor_setup``).
    second_factor_dialog: SecondFactorSetUpDialog | None = None

    def require_second_factor(self) -> None:
        from ui.second_factor_setup import set_up_second_factor

        set_up_second_factor(self)

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
                hall=config.hall.display_name, window=config.hall.window_code
            )
        )
        # Small enough for a low-vision clerk's 200 % scaling of 1920×1080 (960×540): the
        # screens scroll what does not fit (``ui.focus_scroll``).
        self.setMinimumSize(800, 480)
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
        hall_line = self.tr("{hall} · 窗口 {window}").format(
            hall=config.hall.display_name, window=config.hall.window_code
        )
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
        status_bar.build_status_bar(self)
        idle_lock.watch_idle(self, config.security.idle_lock_minutes)
        self.login.login_requested.connect(self._login)
        self.login.show_language(session.lang)
        self.login.language_chosen.connect(self.choose_language)
        self.lock.unlock_requested.connect(self._unlock)
        self.lock.sign_out_requested.connect(self.sign_out)
        self.session.error.connect(self.show_error)
        window_shortcuts.install_shortcuts(self)
        self.stack.setCurrentWidget(self.login)
        self.login.username.setFocus()
        # The login screen comes first; the work area is built once it is on screen, while
        # the clerk types (or at sign-in, if that is sooner).
        self.first_frame = FirstFrame(self.login)
        self.first_frame.painted.connect(self.ready)

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
        """The queue-ticket bar (叫号, F12) in the status bar (``ui.status_bar``)."""
        from ui.queue_tickets import TicketBar

        self.ticket_bar = TicketBar(self.session, self)
        status_bar.add_ticket_bar(self)
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
        # The platform's word on this clock: the last status now, each new one as it comes.
        self.sync_bridge.changed.connect(
            lambda status: self.intake.show_clock_skew(status.clock_skew_seconds)
        )
        if self.sync_button.status is not None:
            self.intake.show_clock_skew(self.sync_button.status.clock_skew_seconds)
        # A sync run may have loaded a newer catalog: the form follows it.
        self.sync_bridge.changed.connect(self.intake.check_catalog)
        # ... or synced a case or brought the platform's progress.
        self.sync_bridge.changed.connect(lambda _status: self.cases.refresh_if_changed())
        # ... or the hall queue feed (figures of the day too: acknowledged cases).
        self.sync_bridge.changed.connect(
            lambda _status: self.hall_queue.refresh_if_changed() if self.hall_queue else None
        )
        self.sync_bridge.changed.connect(
            lambda _status: self.end_of_day.refresh_if_changed() if self.end_of_day else None
        )
        self.sync_bridge.changed.connect(
            lambda _status: self.statistics.refresh_if_changed() if self.statistics else None
        )
        # A changed case may be a deferral ended or supplied (the deferrals tab's count), or
        # an e-licence task opened by the register's answer after a sync run (recorded as a
        # case event) or closed in a case detail.
        self.cases.changed.connect(lambda: self.deferrals.refresh() if self.deferrals else None)
        self.cases.changed.connect(
            lambda: self.elicence_tasks.refresh() if self.elicence_tasks else None
        )
        # ... or a problem of the hall, or an instruction's answer.
        self.sync_bridge.changed.connect(
            lambda _status: self.problems.refresh() if self.problems else None
        )
        # ... or a hall notice.
        self.sync_bridge.changed.connect(lambda _status: self.notice_board.refresh())
        self.work_ready = True

    # -- card reader (forwarded to the intake screen of a signed-in, unlocked window) ----
    def card_read(self, document: IdentityDocument) -> None:
        """A card read reaches the form only with someone signed in and the window unlocked:
        nobody signed in, it is dropped (nothing of it waits for whoever signs in next, nor
        is it looked up); locked, the last one waits for the unlock (``ui.idle_lock``), so
        nobody at a locked window can replace the clerk's form or answer its question."""
        if self.session.user is None:
            log.info("card read with nobody signed in: not used")
            return
        if self.session.locked:
            idle_lock.hold_card(self, document)
            return
        if self.session.card_claim is not None:
            self.session.card_claim(document)
            return
        self.intake.card_read(document)  # built at the sign-in

    def card_removed(self) -> None:
        held = self.session.held_card
        if held is not None:
            held.removed = True  # told to the form after the held card, at the unlock
            return
        if self.work_ready:
            self.intake.card_removed()

    def card_prompt(self, text: str) -> None:
        if self.work_ready:
            self.intake.card_prompt(text)

    def save_draft(self) -> None:
        if self.work_ready:
            self.intake.save_draft()

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

    def _continue_case(self, case_id: str) -> None:
        """A returning applicant's notified case, opened in the case list to continue."""
        self.work.setCurrentWidget(self.cases)
        self.cases.open_case(case_id)

    def _show_banner(self) -> None:
        on_work = self.stack.currentWidget() is self.work
        self.notice_banner.setVisible(on_work and self.notice_banner.notice_id is not None)

    def show_error(self, text: str) -> None:
        box = delete_on_close(
            QMessageBox(
                QMessageBox.Icon.Warning, self.tr("提示"), text, QMessageBox.StandardButton.Ok, self
            )
        )
        box.setObjectName("errorDialog")
        show_as_text(box)  # an error may quote what was typed or sent
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()
        super().closeEvent(event)
