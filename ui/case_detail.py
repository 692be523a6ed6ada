"""A case's detail: its facts and its whole history, and the buttons of its next steps
(the steps themselves: ``ui.case_steps``, ``ui.case_approvals``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.agents import AGENT_AUTHORIZATION_NAMES, AgentAuthorization
from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.delivery import Collector, DeliveryMethod, PostalStatus
from counter_app.domain.documents import DocumentKind
from counter_app.domain.hall_time import hall_time_text
from counter_app.store.sync_writes import TransientDetail
from ui.case_approvals import CaseApprovals
from ui.case_history_text import (
    describe_event_detail,
    describe_identity_source,
    identity_source_codes,
    sentence_case,
    sync_outcomes,
)
from ui.case_labels import (
    actor_label,
    counted_date_text,
    event_labels,
    print_status_labels,
    state_text,
    sync_labels,
)
from ui.case_materials import CaseMaterialsPanel
from ui.case_steps import WITHDRAWABLE, CaseSteps
from ui.correction import agent_role_label, describe_request, field_labels
from ui.handover import delivery_method_label
from ui.i18n import current_lang, in_language
from ui.labels import document_language_labels, document_titles, state_label
from ui.payment import fee_text, paid_text
from ui.widgets import data_label, data_tooltip, record_table

if TYPE_CHECKING:
    from counter_app.store.case_history import SyncAttempt
    from counter_app.store.deliveries import DeliveryRecord
    from counter_app.store.retention import Purge
    from ui.approval import SupervisorApprovalDialog
    from ui.approval_wait import ApprovalWait
    from ui.correction import ApplicantEditDialog, CorrectionDialog
    from ui.deferral_supply import SupplyDialog
    from ui.facade_types import CaseAgentShown, CaseDetail
    from ui.handover import HandoverDialog, PostDialog
    from ui.payment import WindowPaymentDialog
    from ui.preview import PrintPreviewDialog
    from ui.window_session import Session
    from ui.withdrawal import WithdrawalDialog

# Where the applicant's data may still be corrected: a case that is not over.
_EDITABLE = frozenset(CaseState) - TERMINAL_STATES


class CaseDetailDialog(CaseApprovals, CaseSteps):
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
            wrap=True,  # a long detail wraps, whole
        )
        # The content hash stays in the audit log and the sync protocol: no use on screen.
        self.versions = record_table(
            "", [self.tr("数据版本"), self.tr("时间"), self.tr("操作人")], wrap=True
        )
        self.sync = record_table(
            "", [self.tr("时间"), self.tr("数据版本"), self.tr("结果"), self.tr("说明")], wrap=True
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
            wrap=True,
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
        self.payment_dialog: WindowPaymentDialog | None = None
        self.preview: PrintPreviewDialog | None = None
        self.detail: CaseDetail | None = None
        self.pending_shown = False  # the system's unrendered document came up once on opening

    def _actions(self) -> QVBoxLayout:
        """The buttons under the history: the case's next steps, then close."""
        button = self._action_button
        self.reprint_button = button(
            self.tr("补打回执（需值班长）"), "reprintButton", self.reprint, True
        )
        # A reprint or void sent to the hall's supervisors waits here for their decision.
        self.approval_wait: ApprovalWait | None = None
        self.waiting_label = data_label()  # may quote a supervisor's reason
        self.waiting_label.setObjectName("approvalWaitingText")
        self.waiting_label.setWordWrap(True)
        self.waiting_label.hide()
        # A step refused because the case changed elsewhere since it was shown: said here,
        # above the steps, over the case as it is now (``show_changed_elsewhere``).
        self.changed_label = data_label()
        self.changed_label.setObjectName("changedElsewhereText")
        self.changed_label.setWordWrap(True)
        self.changed_label.hide()
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
        # Ctrl+P: a document issued and never printed (稍后打印, a failed print, the 终止受理通知书
        # the system issued for an expired deferral): its first print, no supervisor. The
        # system's comes up by itself when the case is opened; nobody has seen it yet.
        self.print_pending_button = button(
            self.tr("打印待打印文书 (Ctrl+P)"), "printPendingButton", self.print_pending
        )
        # Alt+N prints the 缴费通知书, Alt+P records a card payment at the POS terminal.
        self.payment_notice_button = button(
            self.tr("缴费通知书(&N)"), "paymentNoticeButton", self.print_payment_notice
        )
        self.pay_button = button(self.tr("POS刷卡缴费(&P)"), "payButton", self.pay_by_card)
        # A payment the applicant made on the payment platform, by the voucher's number.
        self.platform_pay_button = button(
            self.tr("登记平台缴费"), "platformPayButton", self.record_platform_payment
        )
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
        rows.addWidget(self.changed_label)
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
                self.platform_pay_button,
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

    def _offer_steps(self, detail: CaseDetail) -> None:
        """The steps the case's state allows, enabled; each one it does not allow says why
        when the pointer rests on it (a greyed button alone leaves the clerk guessing)."""
        ready = detail.state == CaseState.RESULT_READY.value
        delivery = detail.delivery
        by_post = delivery is not None and delivery.method is DeliveryMethod.POST
        posted = delivery is not None and delivery.waybill is not None
        no_fee = self.tr("本件没有待缴的费用")
        handover_why = ""
        if not ready:
            handover_why = self.tr("办件尚未办结，结果还不能领取")
        elif posted:
            handover_why = self.tr("结果已登记邮寄")
        post_why = handover_why or ("" if by_post else self.tr("申请人未选择邮寄送达"))
        for button, why in (
            (self.handover_button, handover_why),
            (self.post_button, post_why),
            (
                self.correct_button,
                "" if detail.correction is not None else self.tr("部门没有要求补正"),
            ),
            (self.payment_notice_button, "" if detail.unpaid else no_fee),
            # A card payment may also replace a voucher the platform has not confirmed.
            (
                self.pay_button,
                ""
                if detail.unpaid
                or (detail.payment is not None and detail.payment.awaiting_confirmation)
                else no_fee,
            ),
            (self.platform_pay_button, "" if detail.unpaid else no_fee),
            (
                self.supply_button,
                "" if detail.owes_deferred else self.tr("本件没有待补交的容缺材料"),
            ),
            (
                self.continue_button,
                ""
                if detail.state == CaseState.NOTIFIED.value
                else self.tr("只有一次性告知的办件才能补齐后受理"),
            ),
        ):
            button.setEnabled(not why)
            button.setToolTip(why)

    def load(self) -> None:
        self.session.worker.submit(
            lambda ws: ws.case_detail(self.case_id),
            self.show_detail,
            self.session.report_error,
            name="case_detail",
        )

    def show_changed_elsewhere(self, detail: CaseDetail) -> None:
        """``detail``, read again after a step was refused because the case changed since
        it was shown, with a word saying so: the clerk sees the case as it is before
        deciding again."""
        self.show_detail(detail)
        self.changed_label.setText(
            self.tr("本办件已在其他地方更改（现为“{state}”），已刷新，请查看后再操作。").format(
                state=state_label(detail.state)
            )
        )
        self.changed_label.show()

    def show_detail(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.changed_label.hide()  # it spoke of the reading before this one
        self.withdraw_button.setEnabled(CaseState(detail.state) in WITHDRAWABLE)
        self._offer_steps(detail)
        # After acceptance and while the case is open (a closed case is no longer edited).
        self.edit_button.setEnabled(
            CaseState(detail.state) in _EDITABLE and detail.promised_date is not None
        )
        self.print_pending_button.setEnabled(detail.pending_document is not None)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        syncs = sync_labels()
        # A fact shown in words may carry the codes behind them, for its tooltip.
        for label, value, *codes in (
            (self.tr("办件编号"), detail.case_no),
            *([(self.tr("排队号"), detail.ticket)] if detail.ticket else []),
            (self.tr("事项"), detail.service_item),
            (
                self.tr("事项目录版本"),
                self.tr("第 {version} 版").format(version=detail.catalog_version),
            ),
            (self.tr("申请人"), self._applicant_text(detail)),
            *self._agent_facts(detail.agent),
            *self._purge_facts(detail.purged),
            (self.tr("状态"), state_text(detail)),
            (self.tr("同步"), syncs.get(detail.sync_state, detail.sync_state)),
            (
                self.tr("承诺办结日"),
                counted_date_text(detail.promised_date, detail.calendar_years),
            ),
            (
                self.tr("法定办结日"),
                counted_date_text(detail.statutory_date, detail.calendar_years),
            ),
            (
                self.tr("证件来源"),
                describe_identity_source(detail.identity_source),
                identity_source_codes(detail.identity_source),
            ),
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
                        self.tr("本窗口受理，由 {name} 办理；办理进度经平台回传本窗口").format(
                            name=detail.routed_to[1]
                        ),
                        detail.routed_to[0],  # the department's code
                    )
                ]
                if detail.routed_to is not None
                else []
            ),
            (self.tr("结果领取"), self._delivery_text(detail.delivery)),
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
            text = data_label(str(value))  # names, catalog texts, reasons: as they are stored
            text.setToolTip(data_tooltip(codes[0]) if codes else "")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(label, text)
        self.materials.show_case(detail)
        kinds = event_labels()
        materials = {m.code: m.name for m in detail.materials}
        self._fill(
            self.events,
            [
                (
                    hall_time_text(e.at),
                    (actor_label(e.actor), e.actor),
                    kinds.get(e.kind, e.kind),
                    f"{state_label(e.from_state or '')} → {state_label(e.to_state or '')}"
                    if e.to_state and e.to_state != e.from_state  # a rating leaves it as it is
                    else "",
                    (describe_event_detail(e.detail, materials), e.detail.get("material", "")),
                )
                for e in detail.events
            ],
        )
        self._fill(
            self.versions,
            [
                (
                    v.data_version,
                    hall_time_text(v.created_at),
                    (actor_label(v.created_by), v.created_by),
                )
                for v in detail.versions
            ],
        )
        outcomes = sync_outcomes()
        self._fill(self.sync, [sync_attempt_cells(a, outcomes) for a in detail.sync_attempts])
        titles, statuses = document_titles(), print_status_labels()
        self._fill(
            self.prints,
            [
                (
                    hall_time_text(p.issued_at),
                    titles.get(DocumentKind(p.kind), p.kind),
                    p.reprint_no,
                    statuses.get(p.print_status, p.print_status),
                    (actor_label(p.issued_by), p.issued_by),
                )
                for p in detail.documents
            ],
        )
        self.loaded.emit()
        if detail.pending_unrendered and not self.pending_shown:
            self.pending_shown = True
            self.print_pending()

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
        """The name, the English name on a foreigner's card, the masked number and, for a
        foreign document, its nationality (which, with the number, identifies the holder)."""
        english = detail.english_name
        name = (
            f"{detail.applicant_name}（{english}）"
            if english and english != detail.applicant_name
            else detail.applicant_name
        )
        shown = f"{name}  {detail.applicant_masked_id}"
        if detail.nationality:
            shown += self.tr("  国籍 {code}").format(code=detail.nationality)
        return shown

    def _agent_facts(self, agent: CaseAgentShown | None) -> list[tuple[str, str]]:
        """Who came for the applicant (代办人, or an organisation's 经办人), masked."""
        if agent is None:
            return []
        english = current_lang() == "en"
        role = agent_role_label(agent.applicant_type)
        zh, en = AGENT_AUTHORIZATION_NAMES[AgentAuthorization(agent.authorization)]
        text = self.tr("{name}  {number}，{relation}，{authorization}").format(
            name=agent.name,
            number=agent.masked_id,
            relation=agent.relation,
            authorization=en if english else zh,
        )
        if agent.masked_phone:
            text += f"，{agent.masked_phone}"
        return [(role, text)]

    def _purge_facts(self, purged: Purge | None) -> list[tuple[str, str]]:
        """When the case's personal data was cleared here (local retention)."""
        if purged is None:
            return []
        return [
            (
                self.tr("个人信息"),
                self.tr("已于{0}按保留期限清除（保留{1}天）").format(
                    purged.purged_on, purged.kept_days
                ),
            )
        ]

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
        """``rows`` into ``table``; a cell given as (words, code) has the code as tooltip."""
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                words, code = value if isinstance(value, tuple) else (value, "")
                item = QTableWidgetItem(str(words)[:300])
                if code and code != words:
                    item.setToolTip(data_tooltip(str(code)))
                table.setItem(r, c, item)


def sync_attempt_cells(attempt: SyncAttempt, outcomes: dict[str, str]) -> tuple[Any, ...]:
    """One row of the 同步记录 tab (``outcomes``: ``sync_outcomes()``): a transient failure
    says why in the window's language and, folded, how many attempts in a row failed so and
    when the last one did."""
    outcome = sentence_case(outcomes.get(attempt.outcome, attempt.outcome))
    if attempt.outcome != "transient":
        return (hall_time_text(attempt.at), attempt.data_version, outcome, attempt.detail)
    failed = TransientDetail.from_json(attempt.detail)
    if failed.repeats > 1:
        outcome += QCoreApplication.translate("CaseDetailDialog", "（×{count}，最后 {at}）").format(
            count=failed.repeats, at=hall_time_text(failed.last_at)
        )
    reason = in_language((failed.zh or failed.en, failed.en), current_lang())
    return (hall_time_text(attempt.at), attempt.data_version, outcome, reason)
