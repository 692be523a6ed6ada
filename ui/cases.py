"""The case list (today's cases, search, filters) and a case's detail with its history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.case_states import TERMINAL_STATES, TRANSITIONS, Authority, CaseState
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.delivery import Collector, DeliveryMethod, PostalStatus
from counter_app.domain.documents import DocumentKind
from counter_app.domain.hall_time import hall_time_text
from ui.approval import SupervisorApprovalDialog
from ui.approval_wait import ApprovalWait
from ui.case_history_text import describe_event_detail, describe_identity_source, sync_outcomes
from ui.case_materials import CaseMaterialsPanel
from ui.correction import ApplicantEditDialog, CorrectionDialog, describe_request, field_labels
from ui.deferral_supply import SupplyDialog
from ui.document_preview import open_case_document
from ui.facade_types import InPlaceApproval
from ui.handover import HandoverDialog, PostDialog, ResultsDialog, delivery_method_label
from ui.i18n import error_text
from ui.labels import document_language_labels, document_titles, state_label, state_labels
from ui.payment import PosPaymentDialog, fee_text, paid_text, unpaid_label
from ui.preview import PrintPreviewDialog
from ui.return_visit import ReturnVisitDialog
from ui.widgets import list_table, record_table, search_as_typed
from ui.withdrawal import WithdrawalDialog

if TYPE_CHECKING:
    from counter_app.services.corrections import Corrected
    from counter_app.services.deferrals import Supplied
    from counter_app.services.delivery import Proxy
    from counter_app.store.approval_requests import SentRequest
    from counter_app.store.deliveries import DeliveryRecord
    from ui.core_facade import Workstation
    from ui.facade_types import Approval, ApprovalAnswer, CaseDetail, CaseRow
    from ui.window_session import Session

Index = QModelIndex | QPersistentModelIndex


def sync_labels() -> dict[str, str]:
    return {
        "pending": QCoreApplication.translate("cases", "待上传"),
        "synced": QCoreApplication.translate("cases", "已上传"),
        "conflict": QCoreApplication.translate("cases", "冲突，待处理"),
        "rejected": QCoreApplication.translate("cases", "被拒，待处理"),
    }


def unprinted_label() -> str:
    return QCoreApplication.translate("cases", "回执未打印")


def state_text(row: CaseRow) -> str:
    """The state with what the case still waits for at the window: 回执未打印, 待缴费."""
    parts = [state_label(row.state)]
    if row.unprinted:
        parts.append(unprinted_label())
    if row.unpaid:
        parts.append(unpaid_label())
    return " · ".join(parts)


def print_status_labels() -> dict[str, str]:
    return {
        "not_printed": QCoreApplication.translate("cases", "未打印"),
        "printed": QCoreApplication.translate("cases", "已打印"),
        "failed": QCoreApplication.translate("cases", "打印失败"),
    }


def event_labels() -> dict[str, str]:
    # A document event is issuing or printing it; its detail says which, so the kind never
    # claims 打印 for a document that was only issued.
    return {
        "transition": QCoreApplication.translate("cases", "状态变更"),
        "edit": QCoreApplication.translate("cases", "修改"),
        "print": QCoreApplication.translate("cases", "文书"),
        "sync": QCoreApplication.translate("cases", "同步"),
        "progress": QCoreApplication.translate("cases", "平台进度"),
        "evaluation": QCoreApplication.translate("cases", "评价"),
        "elicence": QCoreApplication.translate("cases", "电子证照核验"),
    }


class CaseTableModel(QAbstractTableModel):
    COLUMNS = (
        "case_no",
        "applicant_name",
        "applicant_masked_id",
        "service_item",
        "state",
        "sync_state",
        "created_at",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        self.headers = [
            self.tr("办件编号"),
            self.tr("申请人"),
            self.tr("证件号码"),
            self.tr("事项"),
            self.tr("状态"),
            self.tr("同步"),
            self.tr("时间"),
        ]
        self.syncs = sync_labels()

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()]
        value = getattr(row, key) or ""
        if key == "state":
            return state_text(row)
        if key == "sync_state":
            return self.syncs.get(value, value)
        if key == "created_at":
            return hall_time_text(str(value))[:16]
        return str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class CaseListScreen(QWidget):
    """Emits ``loaded`` after each refresh arrived (tests and screenshots wait on it)."""

    loaded = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseList")
        self.session = session
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setObjectName("caseQuery")
        self.query.setPlaceholderText(self.tr("办件编号、证件号码、手机号或姓名（Ctrl+F）"))
        self.query.setClearButtonEnabled(True)
        row.addWidget(self.query, 3)
        self.state = QComboBox()
        self.state.setObjectName("stateFilter")
        self.state.addItem(self.tr("全部状态"), None)
        for state, label in state_labels().items():
            self.state.addItem(label, state.value)
        self.sync_state = QComboBox()
        self.sync_state.setObjectName("syncFilter")
        self.sync_state.addItem(self.tr("全部同步状态"), None)
        for code in ("pending", "synced", "conflict", "rejected"):
            self.sync_state.addItem(sync_labels()[code], code)
        self.today = QCheckBox(self.tr("仅今天"))
        self.today.setChecked(True)
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        # 出件: the results the platform reported ready, to hand over or to post.
        self.results_button = QPushButton(self.tr("待领取结果 (Ctrl+R)"))
        self.results_button.setObjectName("resultsButton")
        for widget in (
            self.state,
            self.sync_state,
            self.today,
            self.refresh_button,
            self.results_button,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        self.model = CaseTableModel(self)
        self.table = list_table(self.model, "caseTable", stretch_column=3)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setObjectName("caseCount")
        layout.addWidget(self.count)
        search_as_typed(self.query, self.refresh, self)  # the timer is the screen's child
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sync_state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.today.toggled.connect(lambda _b: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.results_button.clicked.connect(self.show_results)
        self.table.activated.connect(self._open)
        for key, slot in (
            ("Ctrl+F", self.query.setFocus),
            ("F5", self.refresh),
            ("Ctrl+R", self.show_results),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.detail: CaseDetailDialog | None = None
        self.results: ResultsDialog | None = None
        self.shown_at_event = -1  # the newest case event when the rows shown were read
        # Each refresh is numbered; only the newest one's rows are shown (and ``loaded``
        # emitted), so an earlier refresh still queued never answers a later request.
        self.requested = 0

    def refresh(self) -> None:
        if self.session.username is None:
            return
        query = self.query.text().strip()
        state, sync_state = self.state.currentData(), self.sync_state.currentData()
        today_only = self.today.isChecked() and not query
        self.requested += 1
        request = self.requested
        self.session.worker.submit(
            lambda ws: (ws.last_case_event(), ws.list_cases(query, state, sync_state, today_only)),
            lambda result: self._show(*result, query) if request == self.requested else None,
            self.session.report_error,
            name="list_cases",
        )

    def refresh_if_changed(self) -> None:
        """Refresh when a case changed since the rows shown were read (a sync run pushed or
        pulled something); a quiet run costs one small query, and the clerk's selection
        stays."""
        if self.session.username is None:
            return
        self.session.worker.submit(
            lambda ws: ws.last_case_event(),
            lambda event: self.refresh() if event != self.shown_at_event else None,
            self.session.report_error,
            name="last_case_event",
        )

    def _show(self, at_event: int, rows: list[CaseRow], query: str) -> None:
        self.shown_at_event = at_event
        selected = self._selected_case()
        self.model.set_rows(rows)
        if selected is not None:
            ids = [row.case_id for row in rows]
            if selected in ids:
                self.table.selectRow(ids.index(selected))
        if rows or not query:
            self.count.setText(self.tr("共 {n} 件").format(n=len(rows)))
        else:
            self.count.setText(
                self.tr(
                    "未找到与“{query}”相符的办件。可按办件编号、证件号码、手机号或完整姓名查找。"
                ).format(query=query)
            )
        self.loaded.emit(len(rows))

    def _selected_case(self) -> str | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.rows[chosen[0].row()].case_id if chosen else None

    def _open(self, index: QModelIndex) -> None:
        self.open_case(self.model.rows[index.row()].case_id)

    def show_results(self) -> None:
        """The pick-up list; Enter opens a case to hand its result over or post it."""
        if self.session.username is None:
            return
        dialog = ResultsDialog(self)
        self.results = dialog
        dialog.open_requested.connect(self._open_result)
        self._load_results(dialog)
        dialog.show()

    def _load_results(self, dialog: ResultsDialog) -> None:
        self.session.worker.submit(
            lambda ws: ws.ready_results(),
            dialog.show_results,
            self.session.report_error,
            name="ready_results",
        )

    def _open_result(self, case_id: str) -> None:
        """A ready result's case; the list follows what is done there (handed over, posted)."""
        detail = self.open_case(case_id)
        results = self.results
        if results is not None:
            detail.loaded.connect(
                lambda: self._load_results(results) if results.isVisible() else None
            )

    def open_case(self, case_id: str) -> CaseDetailDialog:
        dialog = CaseDetailDialog(self.session, case_id, self)
        self.detail = dialog
        dialog.show()
        dialog.load()
        dialog.resume_approvals()
        return dialog


# The states the counter may withdraw a case from (before the platform processes it).
# Where the applicant's data may still be corrected: a case that is not over.
_EDITABLE = frozenset(CaseState) - TERMINAL_STATES
_WITHDRAWABLE = frozenset(
    start
    for (start, end), by in TRANSITIONS.items()
    if end is CaseState.WITHDRAWN and by is Authority.COUNTER
)


class CaseDetailDialog(QDialog):
    """A case's facts and its whole history: events, data versions, sync attempts, prints."""

    loaded = Signal()

    def __init__(self, session: Session, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetail")
        self.session = session
        self.case_id = case_id
        self.setWindowTitle(self.tr("案件详情"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.facts)
        self.tabs = QTabWidget()
        self.events = record_table(
            "",
            [
                self.tr("时间"),
                self.tr("操作人"),
                self.tr("类型"),
                self.tr("状态变化"),
                self.tr("说明"),
            ],
        )
        # The content hash stays in the audit log and the sync protocol: no use on screen.
        self.versions = record_table("", [self.tr("数据版本"), self.tr("时间"), self.tr("操作人")])
        self.sync = record_table(
            "", [self.tr("时间"), self.tr("数据版本"), self.tr("结果"), self.tr("说明")]
        )
        self.prints = record_table(
            "",
            [
                self.tr("时间"),
                self.tr("文书"),
                self.tr("补打"),
                self.tr("打印状态"),
                self.tr("经办"),
            ],
        )
        self.tabs.addTab(self.events, self.tr("办理过程"))
        self.tabs.addTab(self.versions, self.tr("数据版本"))
        self.tabs.addTab(self.sync, self.tr("同步记录"))
        self.tabs.addTab(self.prints, self.tr("打印记录"))
        # The materials as the case holds them, the e-licences they are exempt by (and their
        # documents), and a licence the register did not confirm, to settle.
        self.materials = CaseMaterialsPanel(session)
        self.materials.resolved.connect(lambda _code: self.load())
        self.tabs.addTab(self.materials, self.tr("材料"))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._actions())
        self.approval: SupervisorApprovalDialog | None = None
        self.withdrawal: WithdrawalDialog | None = None
        self.supply: SupplyDialog | None = None
        self.handover: HandoverDialog | None = None
        self.posting: PostDialog | None = None
        self.correction: CorrectionDialog | None = None
        self.applicant_edit: ApplicantEditDialog | None = None
        self.payment_dialog: PosPaymentDialog | None = None
        self.preview: PrintPreviewDialog | None = None
        self.detail: CaseDetail | None = None
        self.pending_shown = False  # the pending document came up once on opening

    def _actions(self) -> QVBoxLayout:
        """The buttons under the history: the case's next steps, then close."""
        button = self._action_button
        self.reprint_button = button(
            self.tr("补打回执（需值班长）"), "reprintButton", self.reprint, True
        )
        # A reprint or void sent to the hall's supervisors waits here for their decision.
        self.approval_wait: ApprovalWait | None = None
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("approvalWaitingText")
        self.waiting_label.setWordWrap(True)
        self.waiting_label.hide()
        QShortcut(QKeySequence("Ctrl+W"), self).activated.connect(self.withdraw_approval)
        self.void_button = button(self.tr("作废（需值班长）"), "voidButton", self.void, True)
        # Alt+W: the applicant's withdrawal, reachable without the mouse.
        self.withdraw_button = button(self.tr("撤回申请(&W)"), "withdrawButton", self.withdraw)
        # Alt+A: a notified case the applicant came back to is continued and accepted.
        self.continue_button = button(
            self.tr("补齐后受理(&A)"), "continueButton", self.continue_notified
        )
        # F8: the deferred (容缺) materials the applicant brings later.
        self.supply_button = button(
            self.tr("补交容缺材料 (F8)"), "supplyButton", self.supply_deferred
        )
        # Alt+C: the 补正 the department asked for, handed in by the applicant.
        self.correct_button = button(
            self.tr("收取补正材料(&C)"), "correctButton", self.record_correction
        )
        # Alt+E: a typo in the applicant's data, corrected with a supervisor's approval.
        self.edit_button = button(
            self.tr("更正申请人信息(&E)"), "applicantEditButton", self.edit_applicant
        )
        # Ctrl+P: a document the system issued (the 终止受理通知书 of an expired deferral) and
        # nobody printed yet; it also comes up by itself when the case is opened.
        self.print_pending_button = button(
            self.tr("打印待打印文书 (Ctrl+P)"), "printPendingButton", self.print_pending
        )
        # Alt+N prints the 缴费通知书, Alt+P records a card payment at the POS terminal.
        self.payment_notice_button = button(
            self.tr("缴费通知书(&N)"), "paymentNoticeButton", self.print_payment_notice
        )
        self.pay_button = button(self.tr("POS刷卡缴费(&P)"), "payButton", self.pay_by_card)
        # F10 / F11: 出件 - the result handed over at the window, or its posting recorded.
        self.handover_button = button(self.tr("出件 (F10)"), "handoverButton", self.hand_over)
        self.post_button = button(self.tr("登记邮寄 (F11)"), "postButton", self.post_result)
        self.close_button = QPushButton(self.tr("关闭"))
        # Enter closes the dialog; every other step is always a deliberate choice.
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence("F8"), self).activated.connect(self.supply_deferred)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.print_pending)
        QShortcut(QKeySequence("F10"), self).activated.connect(self.hand_over)
        QShortcut(QKeySequence("F11"), self).activated.connect(self.post_result)
        # Two rows, so the dialog fits a 1366-pixel screen: the steps after the decision
        # (results, documents, corrections, fees), then the case's own (deferrals, return,
        # withdrawal, supervisor's void and reprint) and close.
        rows = QVBoxLayout()
        rows.addWidget(self.waiting_label)
        for widgets in (
            (
                self.handover_button,
                self.post_button,
                self.print_pending_button,
                self.correct_button,
                self.edit_button,
                self.payment_notice_button,
                self.pay_button,
            ),
            (
                self.supply_button,
                self.continue_button,
                self.withdraw_button,
                self.void_button,
                self.reprint_button,
                self.close_button,
            ),
        ):
            row = QHBoxLayout()
            row.addStretch(1)
            for widget in widgets:
                row.addWidget(widget)
            rows.addLayout(row)
        return rows

    def _action_button(
        self, text: str, name: str, slot: Callable[[], None], enabled: bool = False
    ) -> QPushButton:
        """One of the case's next steps: never the default button, off until the case's
        state allows it (``show_detail``)."""
        button = QPushButton(text)
        button.setObjectName(name)
        button.setEnabled(enabled)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def load(self) -> None:
        self.session.worker.submit(
            lambda ws: ws.case_detail(self.case_id),
            self.show_detail,
            self.session.report_error,
            name="case_detail",
        )

    def show_detail(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.withdraw_button.setEnabled(CaseState(detail.state) in _WITHDRAWABLE)
        self.continue_button.setEnabled(detail.state == CaseState.NOTIFIED)
        self.supply_button.setEnabled(detail.state == CaseState.ACCEPTED_DEFERRED.value)
        ready = detail.state == CaseState.RESULT_READY.value
        delivery = detail.delivery
        by_post = delivery is not None and delivery.method is DeliveryMethod.POST
        posted = delivery is not None and delivery.waybill is not None
        self.handover_button.setEnabled(ready and not posted)
        self.post_button.setEnabled(ready and by_post and not posted)
        self.correct_button.setEnabled(detail.correction is not None)
        # After acceptance and while the case is open (a closed case is no longer edited).
        self.edit_button.setEnabled(
            CaseState(detail.state) in _EDITABLE and detail.promised_date is not None
        )
        self.print_pending_button.setEnabled(detail.pending_document is not None)
        self.pay_button.setEnabled(detail.unpaid)
        self.payment_notice_button.setEnabled(detail.unpaid)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        syncs = sync_labels()
        for label, value in (
            (self.tr("办件编号"), detail.case_no),
            *([(self.tr("排队号"), detail.ticket)] if detail.ticket else []),
            (self.tr("事项"), detail.service_item),
            (self.tr("申请人"), self._applicant_text(detail)),
            (self.tr("状态"), state_text(detail)),
            (self.tr("同步"), syncs.get(detail.sync_state, detail.sync_state)),
            (self.tr("承诺办结日"), detail.promised_date or "—"),
            (self.tr("证件来源"), describe_identity_source(detail.identity_source)),
            *(
                [(self.tr("过期证件受理理由"), detail.expired_id_reason)]
                if detail.expired_id_reason
                else []
            ),
            *(self._refusal_facts(detail) if detail.state == "refused" else []),
            *(
                [
                    (
                        self.tr("全市通办"),
                        self.tr(
                            "本窗口受理，由 {name}（{code}）办理；办理进度经平台回传本窗口"
                        ).format(name=detail.routed_to[1], code=detail.routed_to[0]),
                    )
                ]
                if detail.routed_to is not None
                else []
            ),
            (self.tr("结果领取"), self._delivery_text(delivery)),
            *(
                [(self.tr("补正要求"), describe_request(detail.correction))]
                if detail.correction is not None
                else []
            ),
            *self._edit_facts(detail),
            *self._payment_facts(detail),
            (
                self.tr("文书语言"),
                {code.value: text for code, text in document_language_labels().items()}.get(
                    detail.document_language, detail.document_language
                ),
            ),
            *(
                [(self.tr("不符合申请条件仍受理的理由"), detail.eligibility_reason)]
                if detail.eligibility_reason
                else []
            ),
            *(
                [(self.tr("网上评价（一事一评）"), str(detail.online_rating))]
                if detail.online_rating is not None
                else []
            ),
        ):
            text = QLabel(str(value))
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(label, text)
        self.materials.show_case(detail)
        kinds = event_labels()
        self._fill(
            self.events,
            [
                (
                    hall_time_text(e.at),
                    e.actor,
                    kinds.get(e.kind, e.kind),
                    f"{state_label(e.from_state or '')} → {state_label(e.to_state or '')}"
                    if e.to_state
                    else "",
                    describe_event_detail(e.detail),
                )
                for e in detail.events
            ],
        )
        self._fill(
            self.versions,
            [(v.data_version, hall_time_text(v.created_at), v.created_by) for v in detail.versions],
        )
        outcomes = sync_outcomes()
        self._fill(
            self.sync,
            [
                (hall_time_text(a.at), a.data_version, outcomes.get(a.outcome, a.outcome), a.detail)
                for a in detail.sync_attempts
            ],
        )
        titles, statuses = document_titles(), print_status_labels()
        self._fill(
            self.prints,
            [
                (
                    hall_time_text(p.issued_at),
                    titles.get(DocumentKind(p.kind), p.kind),
                    p.reprint_no,
                    statuses.get(p.print_status, p.print_status),
                    p.issued_by,
                )
                for p in detail.documents
            ],
        )
        self.loaded.emit()
        if detail.pending_document is not None and not self.pending_shown:
            self.pending_shown = True
            self.print_pending()

    def print_pending(self) -> None:
        """Bring up the document the system issued for the case (not yet rendered nor
        printed) in the preview; F9 prints it as the original."""
        detail = self.detail
        if detail is None or detail.pending_document is None:
            return
        self.preview = open_case_document(
            self.session,
            self.case_id,
            detail.case_no,
            detail.pending_document,
            self,
            on_printed=self.load,
        )

    def _payment_facts(self, detail: CaseDetail) -> list[tuple[str, str]]:
        """The fee, its payment reference and, once paid, how."""
        payment = detail.payment
        if payment is None:
            return []
        facts = [
            (self.tr("收费"), fee_text(payment)),
            (self.tr("缴费识别码"), payment.reference),
        ]
        if payment.paid:
            facts.append((self.tr("缴费方式"), paid_text(payment)))
        return facts

    def _applicant_text(self, detail: CaseDetail) -> str:
        """The name, the English name on a foreigner's card, the masked number."""
        english = detail.english_name
        name = (
            f"{detail.applicant_name}（{english}）"
            if english and english != detail.applicant_name
            else detail.applicant_name
        )
        return f"{name}  {detail.applicant_masked_id}"

    def _delivery_text(self, delivery: DeliveryRecord | None) -> str:
        """How the result goes out, with the masked address, the waybill and who collected."""
        if delivery is None:
            return delivery_method_label(DeliveryMethod.PICKUP)
        parts = [delivery_method_label(delivery.method)]
        if delivery.address_masked:
            parts.append(delivery.address_masked)
        if delivery.waybill:
            status = (
                self.tr("已妥投")
                if delivery.postal_status is PostalStatus.DELIVERED
                else self.tr("已寄出")
            )
            parts.append(
                self.tr("{status}，运单号 {waybill}").format(
                    status=status, waybill=delivery.waybill
                )
            )
        if delivery.collector is Collector.PROXY:
            parts.append(
                self.tr("{name}（{masked}）凭授权委托书代领").format(
                    name=delivery.proxy_name, masked=delivery.proxy_id_masked
                )
            )
        elif delivery.collector is Collector.APPLICANT:
            parts.append(self.tr("申请人本人已领取"))
        return " · ".join(parts)

    def _refusal_facts(self, detail: CaseDetail) -> list[tuple[str, str]]:
        """What the refusal notice states: reason, legal basis, where to apply instead."""
        return [
            (self.tr("不予受理理由"), detail.decision_reason or "—"),
            (self.tr("法律依据"), detail.legal_basis or "—"),
            (self.tr("建议向何处申请"), detail.redirect_to or self.tr("未填写")),
        ]

    def _edit_facts(self, detail: CaseDetail) -> list[tuple[str, str]]:
        """Each approved edit of the applicant's data: old and new (masked unless the
        signed-in user is a supervisor), who approved it."""
        labels = field_labels()
        return [
            (
                self.tr("申请人信息更正"),
                self.tr("{field}：{old} → {new}（{approver} 审批）").format(
                    field=labels.get(change.field, change.field),
                    old=change.old or "—",
                    new=change.new,
                    approver=change.approved_by,
                ),
            )
            for change in detail.applicant_changes
        ]

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[Any, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(str(value)[:300]))
        table.resizeRowsToContents()

    def reprint(self) -> None:
        """补打: a supervisor approves on this screen with a reason; printed and audited."""
        self._approve("reprint")

    def supply_deferred(self) -> None:
        """容缺后补 (F8): the clerk checks what the applicant brought; the last deferred
        material accepts the case and brings up the 补齐材料回执."""
        detail = self.detail
        if detail is None or not self.supply_button.isEnabled():
            return
        deferred = [m for m in detail.materials if m.status == MaterialStatus.DEFERRED.value]
        dialog = SupplyDialog(detail.case_no, deferred, self)
        self.supply = dialog
        clerk = self.session.user

        def record(codes: list[str]) -> None:
            def done(result: Supplied) -> None:
                dialog.accept()
                self.load()
                if result.state == CaseState.ACCEPTED.value:
                    self.preview = open_case_document(
                        self.session, result.case_id, result.case_no, DocumentKind.SUPPLY, self
                    )

            self.session.worker.submit(
                lambda ws: ws.supply_deferred(clerk or ws.signed_in(), self.case_id, codes),
                done,
                lambda exc: dialog.show_error(error_text(exc)),
                name="supply_deferred",
            )

        dialog.supplied.connect(record)
        dialog.open()

    def hand_over(self) -> None:
        """出件 (F10): the collector's card is read (or its number typed); the applicant's
        own, or a proxy's with the power of attorney. The 领取回执 then prints."""
        detail = self.detail
        if detail is None or not self.handover_button.isEnabled():
            return
        if self.handover is not None and self.handover.isVisible():
            return  # F10 again: the open one keeps waiting for the card
        dialog = HandoverDialog(
            detail.case_no, f"{detail.applicant_name} {detail.applicant_masked_id}", self
        )
        self.handover = dialog
        clerk = self.session.user
        self.session.card_claim = dialog.card_read

        def release(_result: int) -> None:
            if self.session.card_claim == dialog.card_read:
                self.session.card_claim = None

        def requested(id_number: str, proxy: Proxy | None) -> None:
            self.session.worker.submit(
                lambda ws: ws.hand_over(clerk or ws.signed_in(), self.case_id, id_number, proxy),
                lambda _done: self._changed(dialog, DocumentKind.HANDOVER),
                lambda exc: dialog.show_error(error_text(exc)),
                name="hand_over",
            )

        dialog.finished.connect(release)
        # Closing the case closes its hand-over: no hidden dialog keeps taking cards.
        self.finished.connect(dialog.reject)
        dialog.handover_requested.connect(requested)
        dialog.open()
        self.session.read_card_now()

    def post_result(self) -> None:
        """登记邮寄 (F11): the waybill of a result sent by EMS."""
        detail = self.detail
        if detail is None or not self.post_button.isEnabled() or detail.delivery is None:
            return
        if self.posting is not None and self.posting.isVisible():
            return
        dialog = PostDialog(detail.case_no, detail.delivery.address_masked or "—", self)
        self.posting = dialog
        clerk = self.session.user

        def requested(waybill: str) -> None:
            def done(_posted: object) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: ws.post_result(clerk or ws.signed_in(), self.case_id, waybill),
                done,
                lambda exc: dialog.show_error(error_text(exc)),
                name="post_result",
            )

        dialog.post_requested.connect(requested)
        dialog.open()

    def record_correction(self) -> None:
        """补正 (Alt+C): the requested materials are ticked as handed over; the case goes back
        into processing and the 补正材料收取凭证 prints."""
        detail = self.detail
        if detail is None or detail.correction is None:
            return
        dialog = CorrectionDialog(detail.case_no, detail.correction, self)
        self.correction = dialog
        clerk = self.session.user

        def requested(codes: list[str], fields: dict[str, str]) -> None:
            def done(_result: Corrected) -> None:
                self._changed(dialog, DocumentKind.CORRECTION)

            self.session.worker.submit(
                lambda ws: ws.correct(clerk or ws.signed_in(), self.case_id, codes, fields),
                done,
                lambda exc: dialog.show_error(error_text(exc)),
                name="correct",
            )

        dialog.correction_requested.connect(requested)
        dialog.open()

    def edit_applicant(self) -> None:
        """A typo in the applicant's data (Alt+E), approved by a supervisor on this screen
        or (F4) at another window through the platform while this case waits."""
        detail = self.detail
        if detail is None or not self.edit_button.isEnabled():
            return
        dialog = ApplicantEditDialog(detail.case_no, self, can_send=True)
        self.applicant_edit = dialog
        clerk = self.session.user
        case_no = detail.case_no
        approval_id = str(uuid.uuid4())  # one per dialog: sending again asks once
        action = self.tr("更正申请人信息")

        def run(
            field: str,
            value: str,
            reason: str,
            approval: Approval,
            failed: Callable[[BaseException], None],
        ) -> None:
            def done(_version: int) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: ws.edit_applicant(
                    clerk or ws.signed_in(),
                    self.case_id,
                    field=field,
                    value=value,
                    reason=reason,
                    approval=approval,
                ),
                done,
                failed,
                name="edit_applicant",
            )

        def verify(field: str, value: str, reason: str, supervisor: str, password: str) -> None:
            run(
                field,
                value,
                reason,
                InPlaceApproval(supervisor, password),
                lambda exc: dialog.show_error(error_text(exc)),
            )

        def refused(text: str) -> None:
            dialog.show_error(text)
            dialog.open()

        def send(field: str, value: str, reason: str) -> None:
            label = field_labels().get(field, field)
            template = self.tr("{action}：{case_no}，{field} {old} → {new}")

            def request(masked: tuple[str, str]) -> None:
                # Only the masked values leave this PC: the supervisor sees what changes.
                old, new = masked
                summary = template.format(
                    action=action, case_no=case_no, field=label, old=old or "—", new=new
                )
                self.session.platform_worker.submit(
                    lambda desk: desk.request_approval(
                        "correction", self.case_id, summary, reason, approval_id
                    ),
                    sent,
                    lambda exc: dialog.show_error(error_text(exc)),
                    name="request_approval",
                )

            def sent(request_id: str) -> None:
                dialog.hide()
                self._wait_for_approval(
                    request_id,
                    action,
                    lambda answer: run(
                        field,
                        value,
                        reason,
                        answer,
                        lambda exc: refused(error_text(exc)),
                    ),
                    refused,
                )

            self.session.worker.submit(
                lambda ws: ws.masked_applicant_edit(self.case_id, field, value),
                request,
                lambda exc: dialog.show_error(error_text(exc)),
                name="masked_applicant_edit",
            )

        dialog.edit_requested.connect(verify)
        dialog.send_requested.connect(send)
        dialog.open()

    def void(self) -> None:
        """作废: a case made in error, approved by a supervisor with a reason."""
        self._approve("void")

    def _approved_work(
        self, kind: Literal["reprint", "void"]
    ) -> tuple[str, Callable[[Workstation, Approval, str], object]]:
        """What the clerk asks for and the work to run once approved, for ``kind``."""
        clerk = self.session.user
        if kind == "reprint":
            username = self.session.username or ""
            return self.tr("补打回执"), lambda ws, approval, reason: ws.reprint(
                username, self.case_id, approval=approval, reason=reason
            )
        return self.tr("作废办件"), lambda ws, approval, reason: ws.void(
            clerk or ws.signed_in(), self.case_id, approval=approval, reason=reason
        )

    def resume_approvals(self) -> None:
        """A reprint or void this clerk sent for the case before the window closed waits
        again, so the supervisor's answer is not lost. A correction cannot (its new value was
        only in the closed dialog): it is withdrawn, so no supervisor approves it for nothing,
        and the clerk is told to enter it again."""

        def resume(pending: list[SentRequest]) -> None:
            for stale in (r for r in pending if r.kind == "correction"):
                self._withdraw_stale_correction(stale.request_id)
            sent = next((r for r in pending if r.kind in ("reprint", "void")), None)
            if sent is None or self.approval_wait is not None:
                return
            action, work = self._approved_work(cast("Literal['reprint', 'void']", sent.kind))

            def approved(answer: ApprovalAnswer) -> None:
                self.session.worker.submit(
                    lambda ws: work(ws, answer, sent.reason),
                    lambda _result: self.load(),
                    self._approved_action_failed,
                    name=sent.kind,
                )

            self._wait_for_approval(sent.request_id, action, approved)

        self.session.worker.submit(
            lambda ws: ws.pending_approvals(self.case_id),
            resume,
            self.session.report_error,
            name="pending_approvals",
        )

    def withdraw(self) -> None:
        """撤回: the applicant's reason and confirmation, then the withdrawal receipt prints."""
        if self.detail is None or CaseState(self.detail.state) not in _WITHDRAWABLE:
            return
        dialog = WithdrawalDialog(self.detail.case_no, self)
        self.withdrawal = dialog
        clerk = self.session.user

        def requested(reason: str) -> None:
            self.session.worker.submit(
                lambda ws: ws.withdraw(clerk or ws.signed_in(), self.case_id, reason=reason),
                lambda _version: self._changed(dialog, DocumentKind.WITHDRAWAL),
                lambda exc: dialog.show_error(error_text(exc)),
                name="withdraw",
            )

        dialog.withdrawal_requested.connect(requested)
        dialog.open()

    def continue_notified(self) -> None:
        """一次性告知后受理: the materials the notice listed are ticked as they are handed
        over; the same case is accepted and its receipt prints."""
        if self.detail is None or self.detail.state != CaseState.NOTIFIED:
            return
        dialog = ReturnVisitDialog(self.detail.case_no, self.detail.missing, self)
        clerk = self.session.user

        def refused(exc: BaseException) -> None:
            problems = getattr(exc, "problems", ())
            if any(p.field == "eligibility_reason" for p in problems):
                dialog.ask_reason()
            dialog.show_error(error_text(exc))

        def requested(codes: list[str], reason: str) -> None:
            self.session.worker.submit(
                lambda ws: ws.accept_returned(
                    clerk or ws.signed_in(), self.case_id, codes, eligibility_reason=reason
                ),
                lambda _version: self._changed(dialog, DocumentKind.RECEIPT),
                refused,
                name="accept_returned",
            )

        dialog.acceptance_requested.connect(requested)
        dialog.open()

    def pay_by_card(self) -> None:
        """POS刷卡缴费 (Alt+P): the terminal's receipt number, then the payment is recorded."""
        detail = self.detail
        if detail is None or detail.payment is None or not self.pay_button.isEnabled():
            return
        dialog = PosPaymentDialog(detail.case_no, detail.payment, self)
        self.payment_dialog = dialog
        clerk = self.session.user

        def requested(receipt_no: str) -> None:
            def done(_version: int) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: ws.pay_at_window(clerk or ws.signed_in(), self.case_id, receipt_no),
                done,
                lambda exc: dialog.show_error(error_text(exc)),
                name="pay_at_window",
            )

        dialog.payment_requested.connect(requested)
        dialog.open()

    def print_payment_notice(self) -> None:
        """缴费通知书 (Alt+N): issued and printed for the applicant to pay with."""
        if self.payment_notice_button.isEnabled():
            self._issue_and_print(DocumentKind.PAYMENT)

    def _changed(self, dialog: QDialog, kind: DocumentKind) -> None:
        """A change is stored: close its dialog, show it, then issue and print ``kind``."""
        dialog.accept()
        self.load()
        self._issue_and_print(kind)

    def _issue_and_print(self, kind: DocumentKind) -> None:
        """Issue and print ``kind`` (a failed print is said; the document stays issued for a
        supervised reprint)."""
        username = self.session.username or ""

        def print_failed(exc: BaseException) -> None:
            self.load()
            self.session.report_error(exc)

        self.session.worker.submit(
            lambda ws: ws.issue_and_print(username, self.case_id, kind),
            lambda _printer: self.load(),
            print_failed,
            name=f"print_{kind.value}",
        )

    def _withdraw_stale_correction(self, request_id: str) -> None:
        def withdrawn(answer: ApprovalAnswer) -> None:
            if answer.status == "cancelled":
                text = self.tr(
                    "窗口关闭前发出的更正申请人信息请求已撤回（所填新值未保存），请重新更正。"
                )
            else:  # decided before the withdrawal arrived: still nothing to apply it to
                text = self.tr(
                    "窗口关闭前的更正申请人信息请求已由 {who} 答复，但新值未保存，请重新更正。"
                ).format(who=answer.decided_by)
            self.waiting_label.setText(text)
            self.waiting_label.show()

        self.session.platform_worker.submit(
            lambda desk: desk.cancel_approval(request_id),
            withdrawn,
            self.session.report_error,
            name="cancel_approval",
        )

    def _approve(self, kind: Literal["reprint", "void"]) -> None:
        """Run the ``kind``'s work once a supervisor approved: on this screen, or (F4) at
        another window through the platform while this dialog waits."""
        action, work = self._approved_work(kind)
        detail = self.detail
        case_no = detail.case_no if detail is not None else ""
        dialog = SupervisorApprovalDialog(
            action, case_no, need_reason=True, parent=self, can_send=True
        )
        self.approval = dialog
        approval_id = str(uuid.uuid4())  # one per dialog: sending again asks once
        summary = f"{action}：{case_no}（{detail.service_item if detail else ''}）"

        def run(approval: Approval, reason: str, failed: Callable[[BaseException], None]) -> None:
            def done(_result: object) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: work(ws, approval, reason), done, failed, name=kind
            )

        def verify(supervisor: str, password: str, reason: str) -> None:
            run(
                InPlaceApproval(supervisor, password),
                reason,
                lambda exc: dialog.show_error(error_text(exc)),
            )

        def send(reason: str) -> None:
            def sent(request_id: str) -> None:
                dialog.accept()
                self._wait_for_approval(
                    request_id,
                    action,
                    lambda answer: run(answer, reason, self._approved_action_failed),
                )

            self.session.platform_worker.submit(
                lambda desk: desk.request_approval(
                    kind, self.case_id, summary, reason, approval_id
                ),
                sent,
                lambda exc: dialog.show_error(error_text(exc)),
                name="request_approval",
            )

        dialog.approval_requested.connect(verify)
        dialog.send_requested.connect(send)
        dialog.open()

    def _wait_for_approval(
        self,
        request_id: str,
        action: str,
        approved: Callable[[ApprovalAnswer], None],
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Wait for the supervisors' decision; a refusal's reason is shown on this screen,
        or handed to ``refused`` (which shows it where the clerk's input waits)."""
        wait = ApprovalWait(self.session, request_id, self)
        self.approval_wait = wait

        def decided(answer: ApprovalAnswer) -> None:
            self.approval_wait = None
            if answer.approver is not None:
                self.waiting_label.hide()
                approved(answer)
                return
            text = self.tr("{who} 未批准{action}：{reason}").format(
                who=answer.decided_by, action=action, reason=answer.reason
            )
            if refused is None:
                self.waiting_label.setText(text)
                return
            self.waiting_label.hide()
            refused(text)

        wait.decided.connect(decided)
        wait.trouble.connect(
            lambda text: self.waiting_label.setText(
                self.tr("正在等待值班长答复，但暂时联系不上平台：{error}").format(error=text)
            )
        )
        self.waiting_label.setText(
            self.tr(
                "已请求值班长审批{action}，正在等待答复……（Ctrl+W 撤回；关闭本窗口也会撤回）"
            ).format(action=action)
        )
        self.waiting_label.show()
        wait.start()

    def _approved_action_failed(self, exc: BaseException) -> None:
        self.waiting_label.hide()
        self.session.report_error(exc)

    def withdraw_approval(self) -> None:
        """Ctrl+W: withdraw the request waiting for a supervisor at another window."""
        if self.approval_wait is not None:
            self.approval_wait.withdraw()
            self.approval_wait = None
            self.waiting_label.hide()

    def done(self, result: int) -> None:
        # Nothing waits for a decision once the case's window is closed.
        self.withdraw_approval()
        super().done(result)
