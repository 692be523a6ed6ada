"""容缺后补 at the window: the deferred materials a case still waits for, each checked (all
are, at first: the applicant usually brings everything at once); Enter records them. When the
last is in, the case is accepted and the 补齐材料回执 comes up in the print preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.documents import DocumentKind
from ui.i18n import error_text
from ui.labels import document_titles
from ui.preview import PrintPreviewDialog, page_image

if TYPE_CHECKING:
    from counter_app.store.cases import CaseMaterial
    from ui.core_facade import Workstation
    from ui.facade_types import DocumentPreview
    from ui.window_session import Session


class SupplyDialog(QDialog):
    """Emits ``supplied`` with the checked material codes when the clerk confirms."""

    supplied = Signal(list)

    def __init__(
        self, case_no: str, deferred: list[CaseMaterial], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supplyDeferred")
        self.setWindowTitle(self.tr("补交容缺材料 — {case_no}").format(case_no=case_no))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选申请人本次补交的材料（空格切换，回车确认）：")))
        self.materials = QListWidget()
        for material in deferred:
            item = QListWidgetItem(
                self.tr("{name}（补齐期限 {deadline}）").format(
                    name=material.name, deadline=material.deadline or "—"
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, material.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.materials.addItem(item)
        self.materials.setCurrentRow(0)
        layout.addWidget(self.materials, 1)
        self.error = QLabel()
        self.error.setObjectName("supplyError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认补交"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def checked_codes(self) -> list[str]:
        items = (self.materials.item(row) for row in range(self.materials.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _confirm(self) -> None:
        codes = self.checked_codes()
        if not codes:
            self.show_error(self.tr("请至少勾选一项补交的材料。"))
            return
        self.buttons.setEnabled(False)
        self.supplied.emit(codes)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.buttons.setEnabled(True)


def open_supply_receipt(
    session: Session, case_id: str, case_no: str, parent: QWidget
) -> PrintPreviewDialog:
    """Issue the 补齐材料回执 on the worker and preview it; F9 prints it."""
    kind = DocumentKind.SUPPLY
    dialog = PrintPreviewDialog(f"{document_titles()[kind]} {case_no}", "…", parent)
    width = dialog.page_width()
    username = session.username or ""

    def issue(ws: Workstation) -> tuple[DocumentPreview, list[QImage]]:
        document = ws.issue_document(username, case_id, kind, page_width=width)
        return document, [page_image(page) for page in document.pages]

    def issued(result: tuple[DocumentPreview, list[QImage]]) -> None:
        document, images = result
        dialog.pdf_path = document.pdf_path
        dialog.status.setText(dialog.tr("文件：{path}").format(path=document.pdf_path))
        dialog.show_pages(images)

    def print_it() -> None:
        session.worker.submit(
            lambda ws: ws.print_document(username, case_id, kind),
            lambda _r: dialog.printed(dialog.tr("已发送到打印机。"), ok=True),
            lambda exc: dialog.printed(
                dialog.tr("打印失败：{e} 可稍后补打。").format(e=error_text(exc)), ok=False
            ),
            name="print_document",
        )

    session.worker.submit(
        issue, issued, lambda exc: dialog.show_problem(error_text(exc)), name="issue_document"
    )
    dialog.print_requested.connect(print_it)
    dialog.show()
    return dialog
