"""The supervisor's approvals inbox (Ctrl+7): the hall's pending requests from every window
(容缺, 补打, 作废, corrections, over-the-limit decisions), what is asked and why. Pick a row,
Enter approves, Ctrl+R refuses with a reason; either is confirmed with the signed-in
supervisor's own password. Supervisors and administrators only, like ``counter-app
approvals``. While the tab is shown it reads the platform every ``REFRESH_MS``; on another
tab every ``HIDDEN_REFRESH_MS``, for the count its tab shows (``pending_count``): a clerk's
applicant waits while nobody looks at this tab. While the platform does not answer it
reads less and less often (up to ``MAX_REFRESH_MS``), and not at all on a workstation not
enrolled: each failed read is a log entry, which every 3 s would bury the log of a window
left on this tab offline. F5 reads at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_time_text
from ui.approval import SupervisorApprovalDialog
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text
from ui.widgets import error_label, record_table

if TYPE_CHECKING:
    from ui.facade_types import HallApproval, InPlaceApproval
    from ui.window_session import Session

# New requests show within this while the inbox is on screen; one small signed GET each.
REFRESH_MS = 3000
HIDDEN_REFRESH_MS = 20_000  # on another tab: the count on this tab's label
MAX_REFRESH_MS = 60_000  # after failures in a row the pause doubles up to this


def kind_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "deferral": translate("approvals", "容缺受理"),
        "reprint": translate("approvals", "补打"),
        "void": translate("approvals", "作废"),
        "correction": translate("approvals", "更正"),
        "over_limit": translate("approvals", "超限决定"),
    }


class ApprovalsInboxScreen(QWidget):
    """Emits ``loaded`` after each list arrived (or failed to), ``pending_count(n)`` with
    each list that arrived, and ``decided(request_id)`` after the supervisor's decision was
    recorded on the platform. Reads from its creation (at a supervisor's sign-in) until the
    user signs out."""

    loaded = Signal()
    pending_count = Signal(int)
    decided = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalsInbox")
        self.session = session
        self.requests: list[HallApproval] = []
        self.dialog: SupervisorApprovalDialog | None = None
        self.loading = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("本大厅各窗口请求值班长审批的事项（不能审批本人提出的请求）"))
        )
        headers = [
            self.tr("请求时间"),
            self.tr("窗口"),
            self.tr("受理人"),
            self.tr("审批事项"),
            self.tr("内容"),
            self.tr("理由"),
        ]
        self.table = record_table("approvalsTable", headers, free=(4, 5))
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("没有待审批的请求。"))
        self.empty.setObjectName("approvalsEmpty")
        self.empty.hide()  # said only after a read that found none
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("批准 (Enter)"))
        self.approve_button.setObjectName("approveRequest")
        self.refuse_button = QPushButton(self.tr("拒绝 (Ctrl+R)"))
        self.refuse_button.setObjectName("refuseRequest")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        for button in (self.approve_button, self.refuse_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("approvalsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.error = error_label()
        layout.addWidget(self.error)

        self.approve_button.clicked.connect(lambda: self.ask("approved"))
        self.refuse_button.clicked.connect(lambda: self.ask("refused"))
        self.refresh_button.clicked.connect(self.refresh)
        for key, slot in (
            ("Return", lambda: self.ask("approved")),
            ("Enter", lambda: self.ask("approved")),
            ("Ctrl+R", lambda: self.ask("refused")),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.timer = QTimer(self)  # the next read, set after each answer
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        self.pause_ms = REFRESH_MS
        self.signed_in = True  # until the sign-out, when the tab goes
        session.signed_out.connect(self._signed_out)
        self.refresh()  # the count, before the tab is first opened

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _signed_out(self) -> None:
        self.signed_in = False
        self.timer.stop()

    def refresh(self) -> None:
        self.timer.stop()  # F5 or a decision: this read replaces the one planned
        if self.loading or not self.signed_in:
            return
        self.loading = True
        self.session.platform_worker.submit(
            lambda desk: desk.hall_approvals(), self._show, self._unreachable, name="hall_approvals"
        )

    def _next_read(self, pause_ms: int | None) -> None:
        """Plan the next read in ``pause_ms`` (None: none until F5 or the tab is shown
        again); on another tab no sooner than ``HIDDEN_REFRESH_MS``."""
        if pause_ms is None or not self.signed_in:
            return
        self.timer.start(pause_ms if self.isVisible() else max(pause_ms, HIDDEN_REFRESH_MS))

    def _show(self, requests: list[HallApproval]) -> None:
        self.loading = False
        self.pause_ms = REFRESH_MS
        self._next_read(self.pause_ms)
        seen = {r.request_id for r in self.requests}
        if not self.isVisible() and any(r.request_id not in seen for r in requests):
            QApplication.alert(self.window())  # a new request: the taskbar entry flashes
        self.pending_count.emit(len(requests))
        self.error.hide()
        selected = self.selected()
        self.requests = requests
        self.table.setRowCount(len(requests))
        kinds = kind_names()
        for row, r in enumerate(requests):
            cells = (
                hall_time_text(r.requested_at),
                r.window_code,
                r.requested_by,
                kinds.get(r.kind, r.kind),
                r.summary,
                r.reason,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if selected is not None and r.request_id == selected.request_id:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and requests:
            self.table.selectRow(0)
        self.empty.setVisible(not requests)
        self.loaded.emit()

    def _unreachable(self, exc: BaseException) -> None:
        from sync.errors import NotEnrolled

        self.loading = False
        self.pause_ms = min(self.pause_ms * 2, MAX_REFRESH_MS)
        enrolled = not isinstance(exc, NotEnrolled)
        self.empty.hide()  # not read: none may be waiting, or some
        self._next_read(self.pause_ms if enrolled else None)
        when = (
            self.tr("{seconds} 秒后自动重试，按 F5 立即重试。").format(
                seconds=self.pause_ms // 1000
            )
            if enrolled
            else self.tr("登记后按 F5 读取。")
        )
        self._refuse(
            self.tr("读取审批请求失败：{error}\n离线时请到受理员的窗口当场审批。").format(
                error=error_text(exc)
            )
            + "\n"
            + when
        )
        self.loaded.emit()

    def selected(self) -> HallApproval | None:
        row = self.table.currentRow()
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def ask(self, decision: Literal["approved", "refused"]) -> SupervisorApprovalDialog | None:
        """Confirm the decision on the selected request with the supervisor's password (and,
        to refuse, a reason the clerk reads)."""
        request = self.selected()
        if request is None:
            self._refuse(self.tr("请先在列表中选择一条请求。"))
            return None
        kind = kind_names().get(request.kind, request.kind)
        action = (
            self.tr("批准 {window} {clerk} 的{kind}请求")
            if decision == "approved"
            else self.tr("拒绝 {window} {clerk} 的{kind}请求")
        ).format(window=request.window_code, clerk=request.requested_by, kind=kind)
        refusing = decision == "refused"
        dialog = delete_on_close(
            SupervisorApprovalDialog(
                action,
                request.summary,
                refusing,
                self,
                confirm=self.tr("确认拒绝") if refusing else None,
            ),
            self,
            "dialog",
        )
        dialog.username.setText(self.session.username or "")
        dialog.username.setReadOnly(True)  # decided in the supervisor's own session
        request_id = request.request_id
        dialog.approval_requested.connect(
            lambda approval, reason: self._decide(request_id, decision, approval, reason)
        )
        self.dialog = dialog
        dialog.show()
        dialog.password.setFocus()
        return dialog

    def _decide(
        self,
        request_id: str,
        decision: Literal["approved", "refused"],
        approval: InPlaceApproval,
        reason: str,
    ) -> None:
        self.session.platform_worker.submit(
            lambda desk: desk.decide_approval(request_id, decision, approval, reason),
            lambda _none: self._decided(request_id, decision),
            self._decision_failed,
            name="decide_approval",
        )

    def _decided(self, request_id: str, decision: str) -> None:
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog = None
        self.status.setText(
            self.tr("已批准，受理员的窗口将在数秒内收到。")
            if decision == "approved"
            else self.tr("已拒绝，受理员的窗口将在数秒内看到理由。")
        )
        self.decided.emit(request_id)
        self.refresh()

    def _decision_failed(self, exc: BaseException) -> None:
        if self.dialog is None:
            self.session.report_error(exc)
            return
        self.dialog.refused(exc)

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
