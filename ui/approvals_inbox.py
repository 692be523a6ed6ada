"""The supervisor's approvals inbox (Ctrl+7): the hall's pending requests from every window
(容缺, 补打, 作废, corrections, over-the-limit decisions), what is asked, why and how long it
has waited; the supervisor's own requests are marked and cannot be chosen (four eyes). Choose
one row or several (Shift/Ctrl with a click, Ctrl+A): Enter approves them, Ctrl+R refuses
them with one reason; either is confirmed once with the signed-in supervisor's own password,
then each request is decided in turn and says how it went (one decided meanwhile, or made by
the supervisor, fails alone). Supervisors and administrators only, like ``counter-app
approvals``. While the tab is shown it reads the platform every ``REFRESH_MS``; on another
tab every ``HIDDEN_REFRESH_MS``, for the count its tab shows (``pending_count``): a clerk's
applicant waits while nobody looks at this tab. While the platform does not answer it
reads less and less often (up to ``MAX_REFRESH_MS``), and not at all on a workstation not
enrolled: each failed read is a log entry, which every 3 s would bury the log of a window
left on this tab offline. F5 reads at once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_time_text
from counter_app.errors import AuthError, CounterError
from counter_app.services.approval import SamePerson
from counter_app.store.timestamps import from_text, utc_now
from ui.approval import SupervisorApprovalDialog
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text
from ui.widgets import error_label, record_table

if TYPE_CHECKING:
    from ui.facade_types import HallApproval, InPlaceApproval
    from ui.platform_facade import PlatformDesk
    from ui.window_session import Session

log = logging.getLogger(__name__)

# How each chosen request went: None when decided, else why not.
Outcome = tuple["HallApproval", CounterError | None]

OWN_REQUEST = QColor(235, 235, 235)  # the supervisor's own: shown, never chosen

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
            self.tr("已等待"),
        ]
        self.table = record_table("approvalsTable", headers, free=(4, 5))
        # Several rows may be chosen, to decide them with one password.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("没有待审批的请求。"))
        self.empty.setObjectName("approvalsEmpty")
        self.empty.hide()  # said only after a read that found none
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("批准所选 (Enter)"))
        self.approve_button.setObjectName("approveRequest")
        self.refuse_button = QPushButton(self.tr("驳回所选 (Ctrl+R)"))
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
        chosen = {r.request_id for r in self.selected()}
        self.requests = requests
        self.table.clearSelection()
        self.table.setRowCount(len(requests))
        for row, request in enumerate(requests):
            self._show_row(row, request)
        choice = self.table.selectionModel()
        for row, request in enumerate(requests):
            if request.request_id in chosen:  # still waiting: still chosen
                choice.select(
                    self.table.model().index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        if not self.selected():
            first = next((row for row, r in enumerate(requests) if not self._own(r)), None)
            if first is not None:
                self.table.selectRow(first)
        self.empty.setVisible(not requests)
        self.loaded.emit()

    def _own(self, request: HallApproval) -> bool:
        return request.requested_by == self.session.username

    def _show_row(self, row: int, request: HallApproval) -> None:
        """One request; the supervisor's own marked 本人 and left out of every choice."""
        own = self._own(request)
        who = self.tr("{clerk}（本人）").format(clerk=request.requested_by) if own else None
        cells = (
            hall_time_text(request.requested_at),
            request.window_code,
            who or request.requested_by,
            kind_names().get(request.kind, request.kind),
            request.summary,
            request.reason,
            self.tr("%n 分钟", "", waited_minutes(request)),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if own:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # not chosen: four eyes
                item.setBackground(QBrush(OWN_REQUEST))
                item.setToolTip(self.tr("本人提出的请求须由另一位值班长审批（双人复核）。"))
            self.table.setItem(row, column, item)

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

    def selected(self) -> list[HallApproval]:
        """The chosen requests, in the list's order (never the supervisor's own)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [
            self.requests[row]
            for row in rows
            if row < len(self.requests) and not self._own(self.requests[row])
        ]

    def ask(self, decision: Literal["approved", "refused"]) -> SupervisorApprovalDialog | None:
        """Confirm the decision on the chosen requests with the supervisor's password, once
        for all of them (and, to refuse, one reason the clerks read)."""
        chosen = self.selected()
        if not chosen:
            self._refuse(self.tr("请先在列表中选择请求（本人提出的请求不能由本人审批）。"))
            return None
        refusing = decision == "refused"
        kinds = kind_names()
        if len(chosen) == 1:
            request = chosen[0]
            action = (
                self.tr("拒绝 {window} {clerk} 的{kind}请求")
                if refusing
                else self.tr("批准 {window} {clerk} 的{kind}请求")
            ).format(
                window=request.window_code,
                clerk=request.requested_by,
                kind=kinds.get(request.kind, request.kind),
            )
            facts = request.summary
        else:
            action = (
                self.tr("驳回所选的 %n 条请求", "", len(chosen))
                if refusing
                else self.tr("批准所选的 %n 条请求", "", len(chosen))
            )
            facts = "\n".join(f"• {self._request_text(r)}" for r in chosen)
        dialog = delete_on_close(
            SupervisorApprovalDialog(
                action,
                facts,
                refusing,
                self,
                confirm=self.tr("确认拒绝") if refusing else None,
            ),
            self,
            "dialog",
        )
        dialog.username.setText(self.session.username or "")
        dialog.username.setReadOnly(True)  # decided in the supervisor's own session
        dialog.approval_requested.connect(
            lambda approval, reason: self._decide(chosen, decision, approval, reason)
        )
        self.dialog = dialog
        dialog.show()
        dialog.password.setFocus()
        return dialog

    def _request_text(self, request: HallApproval) -> str:
        """``W02 clerk02 容缺受理：…``: a request in a list of several."""
        kind = kind_names().get(request.kind, request.kind)
        return self.tr("{window} {clerk} {kind}：{summary}").format(
            window=request.window_code,
            clerk=request.requested_by,
            kind=kind,
            summary=request.summary,
        )

    def _decide(
        self,
        chosen: list[HallApproval],
        decision: Literal["approved", "refused"],
        approval: InPlaceApproval,
        reason: str,
    ) -> None:
        self.session.platform_worker.submit(
            lambda desk: decide_each(desk, chosen, decision, approval, reason),
            lambda outcomes: self._decided(outcomes, decision),
            self._decision_failed,
            name="decide_approval",
        )

    def _decided(self, outcomes: list[Outcome], decision: str) -> None:
        """Each chosen request and how it went; the list read again."""
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog = None
        done = [request for request, failure in outcomes if failure is None]
        lines = [
            self.tr("已批准 %n 条，受理员的窗口将在数秒内收到。", "", len(done))
            if decision == "approved"
            else self.tr("已拒绝 %n 条，受理员的窗口将在数秒内看到理由。", "", len(done))
        ]
        for request, failure in outcomes:
            text = self._request_text(request)
            if failure is None:
                lines.append(self.tr("✓ {request}").format(request=text))
            else:
                lines.append(
                    self.tr("✗ {request}：未能处理，{why}").format(
                        request=text, why=error_text(failure)
                    )
                )
        self.status.setText("\n".join(lines))
        for request in done:
            self.decided.emit(request.request_id)
        self.refresh()

    def _decision_failed(self, exc: BaseException) -> None:
        if self.dialog is None:
            self.session.report_error(exc)
            return
        self.dialog.refused(exc)

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def waited_minutes(request: HallApproval) -> int:
    """Whole minutes since the request was sent (never less than 0: the platform's clock
    may be a little ahead of this PC's)."""
    waited = utc_now() - from_text(request.requested_at)
    return max(0, int(waited.total_seconds() // 60))


def decide_each(
    desk: PlatformDesk,
    chosen: list[HallApproval],
    decision: Literal["approved", "refused"],
    approval: InPlaceApproval,
    reason: str,
) -> list[Outcome]:
    """On the worker: decide each chosen request in turn with the same credentials, each
    with its outcome. Credentials refused at the first (a wrong password, a locked
    account) end it there, raised for the dialog: nothing was decided, and trying the rest
    would count each against the lockout. Any other refusal (decided meanwhile, expired, a
    case the supervisor made) is that request's alone; the others still go."""
    outcomes: list[Outcome] = []
    for request in chosen:
        try:
            desk.decide_approval(request.request_id, decision, approval, reason)
        except CounterError as exc:
            if not outcomes and isinstance(exc, AuthError) and not isinstance(exc, SamePerson):
                raise
            log.warning("approval request %s not %s: %s", request.request_id, decision, exc.en)
            outcomes.append((request, exc))
        else:
            outcomes.append((request, None))
    return outcomes
