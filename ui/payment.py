"""缴费 at the window: the fee's words on screen, and the POS card payment the clerk records
with the receipt number the terminal printed (the only payment the window records: the
payment platform confirms its own, and sync brings them). The dialog only collects the
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
    PaymentMethod,
    format_yuan,
)
from counter_app.domain.hall_time import hall_time_text
from ui.i18n import current_lang, in_language
from ui.labels import state_label
from ui.widgets import error_label, ok_cancel_buttons

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
    refund is recorded (``已退费（凭证号 …，日期）``)."""
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
    platform."""
    method = method_names().get(payment.method or "", payment.method or "")
    if payment.method == PaymentMethod.POS.value:
        return QCoreApplication.translate("payment", "{method}，凭条号 {number}").format(
            method=method, number=payment.receipt_no or ""
        )
    return method


class PosPaymentDialog(QDialog):
    """Emits ``payment_requested(receipt_no)`` once the terminal's receipt number is typed
    (Enter submits); the opener then calls ``accept()`` or ``show_error()``."""

    payment_requested = Signal(str)

    def __init__(self, case_no: str, payment: CasePayment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("posPayment")
        self.setWindowTitle(self.tr("POS刷卡缴费"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.heading = QLabel(
            self.tr("办件 {case_no} 应缴 {amount}（缴费识别码 {reference}）。").format(
                case_no=case_no,
                amount=amount_text(payment.fee_cents),
                reference=payment.reference,
            )
        )
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel(self.tr("POS机签购单上的凭条号")))
        self.receipt_no = QLineEdit()
        self.receipt_no.setObjectName("posReceiptNo")
        self.receipt_no.setMaxLength(40)
        layout.addWidget(self.receipt_no)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认已刷卡"), self.tr("取消"))
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
