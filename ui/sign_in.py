"""Signing in and out at the window: the login checked on the worker, then the work area with
the role's tabs and the clerk's saved draft; at sign-out the draft saved, the case windows
closed, the core told, and everything of the user's removed before the next one signs in;
between, the session ended once a sync takes the disabling of its account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from ui.role_tabs import add_role_tabs, remove_role_tabs
from ui.status_bar import show_note, show_user
from ui.widgets import close_dialogs

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from ui.facade_types import IntakeDraft
    from ui.main_window import MainWindow


def log_in(window: MainWindow, username: str, password: str, code: str | None) -> None:
    window.session.worker.submit(
        lambda ws: (ws.login(username, password, code), ws.load_draft(username)),
        window._signed_in,
        window.login.refused,
        name="login",
    )


def after_login(window: MainWindow, result: tuple[User, IntakeDraft | None]) -> None:
    user, draft = result
    window.build_work_area()
    SessionWatch.watch(window)
    window.session.set_user(user)
    show_user(window, user)
    add_role_tabs(window, user)
    window.stack.setCurrentWidget(window.work)
    window.work.setCurrentWidget(window.intake)
    window.intake.load_catalog()
    window.cases.refresh()
    window.idle.timer.start()
    if draft:
        # Restore after the catalog arrived (it is queued behind it on the worker).
        window.session.worker.submit(
            lambda _ws: draft,
            window.intake.restore_draft,
            window.session.report_error,
            name="restore_draft",
        )
    window.intake.identity.name.setFocus()
    said = previous_sign_in_text(user)
    if said:
        show_note(window, said, 20_000)
    window.signed_in.emit()
    if user.must_change_password or user.password_expired:
        window.require_password_change()  # someone else's, or an old one: changed first
    elif user.must_enrol_second_factor:
        window.require_second_factor()  # a privileged role without its one-time codes


def previous_sign_in_text(user: User) -> str:
    """When ``user`` last signed in at this window and the failed attempts since, for them to
    notice someone else's use of their account; empty at a first sign-in without failures."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.domain.hall_time import hall_minute_text

    parts = []
    if user.previous_sign_in_at is not None:
        at = hall_minute_text(user.previous_sign_in_at.isoformat())
        parts.append(
            QCoreApplication.translate("MainWindow", "上次在本窗口登录：{at}").format(at=at)
        )
    if user.failures_since:
        parts.append(
            QCoreApplication.translate(
                "MainWindow",
                "此后有 %n 次密码或动态口令错误，如非本人所为请告知管理员",
                "",
                user.failures_since,
            )
        )
    return QCoreApplication.translate("MainWindow", "；").join(parts)


def sign_out(window: MainWindow) -> None:
    """The member leaves: at the lock screen that is 退出登录（换人）, for the next member, whose
    login starts with an empty username; signed out unlocked, the same member is expected
    back and the username stays."""
    end_session(window, switch=window.session.locked)


def end_session(window: MainWindow, *, switch: bool, reason: str | None = None) -> None:
    """Sign the member out: their draft saved, the core told (audited as ``login.switch`` or
    ``login.sign_out``, with the window's ``reason`` when it ended the session itself), the
    login shown."""
    window.save_draft()
    if window.work_ready:
        # Withdrawn while the clerk is still signed in (the platform's desk withdraws in the
        # name of who is): the applicant leaves the counter with the clerk, and no supervisor
        # may approve a 容缺 for someone gone. Their draft keeps the wait only while the
        # platform could not be told (its request still pending here): it then waits again
        # at their return, the platform holding it all along.
        window.intake.withdraw_approval()
    window.session.locked = False
    window.session.set_user(None)
    close_dialogs(window)
    if window.work_ready:
        window.intake.clear_for_sign_out()
    # The core forgets the user too: its role checks rest on who is signed in there.
    window.session.worker.submit(
        lambda ws: ws.sign_out(switch=switch, reason=reason),
        None,
        window.session.report_error,
        name="sign_out",
    )
    # The login first: a tab shown while the others go would start its refresh with
    # nobody signed in.
    window.stack.setCurrentWidget(window.login)
    remove_role_tabs(window)
    if window.work_ready:
        window.notice_board.clear()
    window.idle.timer.stop()
    show_user(window, None)
    # The next person at the window after a 换人, or after the window ended a withdrawn
    # account's session, types their own name.
    window.login.reset(clear_username=switch or reason is not None)


class SessionWatch(QObject):
    """What a session needs watched once its member signed in. At each sync status (a run
    may have taken the platform's disabling of an account) the member's account is read
    again on the store worker: once it is disabled or removed, the session ends to the
    login, which says why; the draft stays theirs, as at any sign-out (the core and the
    platform's desk refuse their actions from then on anyway: ``SignedInStore.signed_in``,
    which also takes a role the platform changed; the tabs stay those of the sign-in until
    the next one). And each lock over their work is audited."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.sync_bridge.changed.connect(self.check)
        window.lock.locked.connect(self.record_lock)

    @classmethod
    def watch(cls, window: MainWindow) -> None:
        """Watch the sessions at ``window`` (once per window)."""
        if window.findChild(cls) is None:
            cls(window)

    def record_lock(self, _username: str) -> None:
        self.window.session.worker.submit(
            lambda ws: ws.lock(), None, self.window.session.report_error, name="lock"
        )

    def check(self, _status: object) -> None:
        user = self.window.session.user
        if user is None:
            return
        self.window.session.worker.submit(
            lambda ws: ws.signed_in(),
            None,
            lambda exc: self._refused(user, exc),
            name="account_in_force",
        )

    def _refused(self, user: User, exc: BaseException) -> None:
        from counter_app.services.auth import AccountWithdrawn
        from ui.desks.signed_in import NotSignedIn

        if self.window.session.user is not user:
            return  # signed out meanwhile
        if isinstance(exc, NotSignedIn):
            return  # the core's sign-out is queued ahead of this check
        if not isinstance(exc, AccountWithdrawn):
            self.window.session.report_error(exc)
            return
        end_session(self.window, switch=False, reason="account_withdrawn")
        self.window.login.show_error(withdrawn_text(exc.reason))


def withdrawn_text(reason: str) -> str:
    """Why the window signed its member out, for the login screen."""
    from PySide6.QtCore import QCoreApplication

    if reason == "disabled_by_platform":
        return QCoreApplication.translate("MainWindow", "该账号已被平台停用，已退出登录。")
    if reason == "disabled":
        return QCoreApplication.translate("MainWindow", "该账号已被管理员停用，已退出登录。")
    return QCoreApplication.translate("MainWindow", "该账号已从本大厅的账号中移除，已退出登录。")


def sign_out_unless_done(window: MainWindow, user: User, dialog: QDialog) -> None:
    """``dialog`` must be done before any work (a password or one-time codes of one's own):
    closed any other way than accepted (its 退出登录, the idle lock), it signs ``user`` out,
    once whatever closed it has finished with the window."""

    def ended(result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            QTimer.singleShot(0, window, lambda: _sign_out_if(window, user))

    dialog.finished.connect(ended)


def signed_out_by_lockout(
    window: MainWindow, user: User, dialog: QDialog, exc: BaseException
) -> bool:
    """Whether ``exc`` locked ``user``'s account (a password guessed in ``dialog`` at a window
    left signed in): then the session ends too, and the login screen says until when."""
    from counter_app.services.auth import AccountLocked
    from ui.i18n import error_text

    if not isinstance(exc, AccountLocked):
        return False
    dialog.reject()
    _sign_out_if(window, user)
    window.login.show_error(error_text(exc))
    return True


def _sign_out_if(window: MainWindow, user: User) -> None:
    if window.session.user is user:
        end_session(window, switch=False)
