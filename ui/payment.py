"""缴费 at the window: the fee's words on screen, and the payments the clerk records: a card
payment at the POS terminal with the receipt number it printed, and a payment on the unified
public payment platform with the transaction number (缴费流水号) on the applicant's voucher,
pending the platform's confirmation (which sync brings). The dialogs only collect the
number; the opener records the payment on the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.fees import (
    PAYMENT_METHOD_NAMES,
    REFUNDED_PAYMENT_STATES,
    WINDOW_RECORDED_PAYMENT_STATES,
    PaymentMethod,
    format_yuan,
)
from counter_app.domain.hall_time import hall_time_text
from ui.i18n import current_lang, in_language
from ui.labels import state_label
from ui.widgets import data_label, error_label, ok_cancel_buttons

if TYPE_CHECKING:
    from counter_app.store.payments import CasePayment


def unpaid_label() -> str:
    return QCoreApplication.translate("payment", "待缴费")


def amount_text(cents: int) -> str:
    """``20.00 元`` from integer cents, in the interface language."""
    return QCoreApplication.translate("payment", "{amount} 元").format(amount=format_yuan(cents))


def fee_text(payment: CasePayment) -> str:
    """The fee with where it stands: ``20.00 元（待缴费）``; a case that ended without a result
    owes nothing (``无需缴费（已撤回）``) and is owed back what it paid (应退费) until the
    refund is recorded (``已退费（凭证号 …，日期）``); a payment on the payment platform the
    window recorded from the applicant's voucher says whether the platform confirmed it
    (``已缴费（统一支付平台，待平台确认，流水号 …）``: the command line's words)."""
    translate = QCoreApplication.translate
    if payment.ended_without_result and not payment.paid:
        return translate("payment", "无需缴费（{state}）").format(
            state=state_label(payment.case_state)
        )
    if payment.refund is not None:  # the command line's words (``domain.fees``)
        standing = in_language(
            REFUNDED_PAYMENT_STATES[payment.ended_without_result], current_lang()
        ).format(
            voucher=payment.refund.reference, day=hall_time_text(payment.refund.refunded_at)[:10]
        )
    elif payment.refund_owed:
        standing = translate("payment", "已缴费，应退费（{state}）").format(
            state=state_label(payment.case_state)
        )
    elif payment.confirmed is not None:
        standing = in_language(
            WINDOW_RECORDED_PAYMENT_STATES[payment.confirmed], current_lang()
        ).format(number=payment.receipt_no or "")
    else:
        standing = translate("payment", "已缴费") if payment.paid else unpaid_label()
    return translate("payment", "{amount}（{state}）").format(
        amount=amount_text(payment.fee_cents), state=standing
    )


def method_names() -> dict[str, str]:
    """How a fee was paid, by its code, in the window's language (the command line's words,
    ``counter_app.domain.fees.PAYMENT_METHOD_NAMES``)."""
    lang = current_lang()
    return {
        method.value: in_language(names, lang) for method, names in PAYMENT_METHOD_NAMES.items()
    }


def paid_text(payment: CasePayment) -> str:
    """How the fee was paid: at the POS terminal with its receipt number, or on the payment
    platform; recorded by the window from the applicant's voucher, with the transaction
    number and whether the platform confirmed it."""
    method = method_names().get(payment.method or "", payment.method or "")
    translate = QCoreApplication.translate
    if payment.method == PaymentMethod.POS.value:
        return translate("payment", "{method}，凭条号 {number}").format(
            method=method, number=payment.receipt_no or ""
        )
    if payment.confirmed is not None:
        words = (
            translate("payment", "{method}，缴费流水号 {number}（平台已确认）")
            if payment.confirmed
            else translate("payment", "{method}，缴费流水号 {number}（待平台确认）")
        )
        return words.format(method=method, number=payment.receipt_no or "")
    return method


class WindowPaymentDialog(QDialog):
    """Emits ``payment_requested(receipt_no)`` once the number the payment is recorded with
    (``CasePayment.receipt_no``: the terminal's or the payment platform's) is typed (Enter
    submits); the opener then calls ``accept()`` or ``show_error()``. The subclasses say
    which payment it is. Its own words go through the ``payment`` context: ``self.tr`` looks
    under the subclass's name, where lupdate never files a base class's strings."""

    payment_requested = Signal(str)

    def __init__(
        self,
        heading: str,
        asked: str,
        confirm: str,
        number_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.heading = data_label(heading)
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel(asked))
        self.receipt_no = QLineEdit()
        self.receipt_no.setObjectName(number_name)
        self.receipt_no.setMaxLength(40)
        layout.addWidget(self.receipt_no)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(confirm, QCoreApplication.translate("payment", "取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.receipt_no.textChanged.connect(self._update)
        self.receipt_no.returnPressed.connect(self._submit)
        self._update()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _update(self) -> None:
        self.ok_button().setEnabled(bool(self.receipt_no.text().strip()))

    def _submit(self) -> None:
        if not self.ok_button().isEnabled() or not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.payment_requested.emit(self.receipt_no.text().strip())

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()


class PosPaymentDialog(WindowPaymentDialog):
    """POS刷卡缴费 (Alt+P): the receipt number the POS terminal printed."""

    def __init__(self, case_no: str, payment: CasePayment, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("办件 {case_no} 应缴 {amount}（缴费识别码 {reference}）。").format(
                case_no=case_no,
                amount=amount_text(payment.fee_cents),
                reference=payment.reference,
            ),
            self.tr("POS机签购单上的凭条号"),
            self.tr("确认已刷卡"),
            "posReceiptNo",
            parent,
        )
        self.setObjectName("posPayment")
        self.setWindowTitle(self.tr("POS刷卡缴费"))


class PlatformPaymentDialog(WindowPaymentDialog):
    """登记平台缴费: a payment on the unified public payment platform as the applicant's
    voucher shows it, by the transaction number (缴费流水号) on it; recorded pending the
    platform's confirmation."""

    def __init__(self, case_no: str, payment: CasePayment, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr(
                "办件 {case_no} 应缴 {amount}（缴费识别码 {reference}）。按申请人的缴费凭证登记，"
                "待缴费平台确认。"
            ).format(
                case_no=case_no,
                amount=amount_text(payment.fee_cents),
                reference=payment.reference,
            ),
            self.tr("缴费凭证上的缴费流水号"),
            self.tr("登记平台缴费"),
            "platformTransactionNo",
            parent,
        )
        self.setObjectName("platformPayment")
        self.setWindowTitle(self.tr("登记平台缴费"))
