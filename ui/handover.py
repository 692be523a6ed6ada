"""出件 at the window: the results ready at the hall (Ctrl+R in the case list), the hand-over
of one (the collector's card is read; the applicant's own, or a proxy's with the power of
attorney and the applicant's number from it) and the waybill of a result sent by post. The
dialogs only collect; their opener does the work on the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.idnumber import mask_id_number
from ui.widgets import data_label, error_label, ok_cancel_buttons, record_table

if TYPE_CHECKING:
    from counter_app.identity.document import IdentityDocument
    from counter_app.services.delivery import Proxy, ReadyResult


def delivery_method_label(method: DeliveryMethod) -> str:
    return {
        DeliveryMethod.PICKUP: QCoreApplication.translate("handover", "窗口领取"),
        DeliveryMethod.POST: QCoreApplication.translate("handover", "邮寄送达（EMS）"),
    }[method]


class ResultsDialog(QDialog):
    """The pick-up list; Enter on a row emits ``open_requested(case_id)``."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readyResults")
        self.setWindowTitle(self.tr("待领取、待邮寄的办理结果"))
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        headers = [
            self.tr("办件编号"),
            self.tr("申请人"),
            self.tr("事项"),
            self.tr("领取方式"),
            self.tr("邮寄地址 / 运单号"),
        ]
        self.table = record_table("resultsTable", headers, free=(2, 4))
        self.table.activated.connect(self._open)
        layout.addWidget(self.table, 1)
        self.count = QLabel(self.tr("正在读取…"))
        self.count.setObjectName("resultsCount")
        layout.addWidget(self.count)
        self.case_ids: list[str] = []

    def show_results(self, results: list[ReadyResult]) -> None:
        self.case_ids = [r.case_id for r in results]
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            where = r.waybill or r.address_masked or ""
            values = (
                r.case_no,
                f"{r.applicant_name} {r.applicant_masked_id}",
                r.service_item_name,
                delivery_method_label(r.method),
                where,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.count.setText(
            self.tr("共 %n 件；选中后按回车打开办件出件或登记邮寄。", "", len(results))
            if results
            else self.tr("没有待领取或待邮寄的办理结果。")
        )
        if results:
            self.table.selectRow(0)
            self.table.setFocus()

    def _open(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.case_ids):
            self.open_requested.emit(self.case_ids[row])


class HandoverDialog(QDialog):
    """Emits ``handover_requested(applicant_id_number, proxy)`` (proxy ``None``: the
    applicant in person) when a card is read or the clerk confirms; the opener then calls
    ``accept()`` or ``show_error()``."""

    handover_requested = Signal(str, object)

    def __init__(self, case_no: str, applicant: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handover")
        self.setWindowTitle(self.tr("出件 — {case_no}").format(case_no=case_no))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        heading = data_label(
            self.tr(
                "申请人：{applicant}。请领取人将证件放在读卡器上：本人领取读申请人证件；"
                "他人代领读代领人证件，并核验授权委托书。"
            ).format(applicant=applicant)
        )
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.holder_name = QLineEdit()
        self.holder_name.setObjectName("holderName")
        self.holder_number = QLineEdit()
        self.holder_number.setObjectName("holderNumber")
        self.holder_number.setMaxLength(40)
        # A card's number is kept here and shown masked; the field is for typing one.
        self.card_number = ""
        self.card_holder = data_label(self.tr("尚未读卡"))
        self.card_holder.setObjectName("cardHolder")
        form.addRow(self.tr("已读证件"), self.card_holder)
        form.addRow(self.tr("领取人姓名"), self.holder_name)
        form.addRow(self.tr("或输入证件号码"), self.holder_number)
        self.by_proxy = QCheckBox(self.tr("他人代领（凭授权委托书）(&P)"))
        self.by_proxy.setObjectName("byProxy")
        form.addRow("", self.by_proxy)
        self.attorney = QCheckBox(self.tr("已核验申请人签署的授权委托书"))
        self.attorney.setObjectName("attorneyChecked")
        self.applicant_number = QLineEdit()
        self.applicant_number.setObjectName("attorneyApplicantNumber")
        self.applicant_number.setMaxLength(40)
        form.addRow("", self.attorney)
        form.addRow(self.tr("委托书上的申请人证件号码"), self.applicant_number)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认出件"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.by_proxy.toggled.connect(self._proxy_toggled)
        self._proxy_toggled(False)
        self.holder_number.textEdited.connect(self._typed)

    def _proxy_toggled(self, on: bool) -> None:
        self.attorney.setEnabled(on)
        self.applicant_number.setEnabled(on)
        if on:
            self.applicant_number.setFocus()

    def _typed(self) -> None:
        self.card_number = ""
        self.card_holder.setText(self.tr("尚未读卡"))

    def card_read(self, document: IdentityDocument) -> None:
        """A card on the reader: its holder collects. In person, it is submitted at once."""
        self.card_number = document.id_number
        self.card_holder.setText(f"{document.name} {mask_id_number(document.id_number)}")
        self.holder_name.setText(document.name)
        self.holder_number.clear()
        self.error.hide()
        if not self.by_proxy.isChecked():
            self._submit()

    def _submit(self) -> None:
        from counter_app.services.delivery import Proxy

        number = self.card_number or self.holder_number.text().strip()
        if not number:
            self.show_error(self.tr("请读取领取人的证件，或输入其证件号码。"))
            return
        proxy: Proxy | None = None
        applicant = number
        if self.by_proxy.isChecked():
            proxy = Proxy(self.holder_name.text().strip(), number, self.attorney.isChecked())
            applicant = self.applicant_number.text().strip()
        self.buttons.setEnabled(False)
        self.handover_requested.emit(applicant, proxy)

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()


class PostDialog(QDialog):
    """Emits ``post_requested(waybill)``; the opener then calls ``accept()`` or ``show_error()``."""

    post_requested = Signal(str)

    def __init__(self, case_no: str, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postResult")
        self.setWindowTitle(self.tr("登记邮寄 — {case_no}").format(case_no=case_no))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        heading = data_label(
            self.tr("结果邮寄至：{address}。请输入 EMS 运单号（可扫描），回车确认。").format(
                address=address
            )
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.waybill = QLineEdit()
        self.waybill.setObjectName("waybill")
        self.waybill.setMaxLength(40)
        layout.addWidget(self.waybill)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认邮寄"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.waybill.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        self.buttons.setEnabled(False)
        self.post_requested.emit(self.waybill.text())

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
