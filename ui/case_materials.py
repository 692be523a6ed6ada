"""The case detail's materials tab: each material as the case holds it (status, copies, why
it is exempt), the e-licence it is exempt by (免交 · number · issuer) with the attached licence
document to view or save (kept sealed here, so also offline), and for a licence the register
did not confirm the two ways to close that task."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.dialog_lifetime import delete_on_close
from ui.elicence_tasks import ElicenceTaskActions, licence_text
from ui.intake.checklist import material_status_labels
from ui.preview import page_image
from ui.widgets import record_table

if TYPE_CHECKING:
    from ui.core_facade import Workstation
    from ui.facade_types import CaseDetail, CaseLicence
    from ui.window_session import Session


class CaseMaterialsPanel(QWidget):
    """Emits ``saved(path)`` once a licence document is written, ``viewed`` once its pages
    are shown and ``resolved(code)`` once a task was closed (the detail reloads)."""

    saved = Signal(str)
    viewed = Signal()
    resolved = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseMaterials")
        self.session = session
        self.detail: CaseDetail | None = None
        self.codes: list[str] = []
        self.task_actions = ElicenceTaskActions(session, self, self.resolved.emit)
        headers = [
            self.tr("材料"),
            self.tr("状态"),
            self.tr("份数"),
            self.tr("免交依据"),
            self.tr("电子证照"),
        ]
        self.table = record_table("caseMaterialTable", headers, wrap=True)
        self.view_button = self._button(self.tr("查看证照文件"), "licenceViewButton")
        self.save_button = self._button(self.tr("保存证照文件"), "licenceSaveButton")
        self.paper_button = self._button(self.tr("收取纸质材料"), "elicencePaperButton")
        self.recheck_button = self._button(self.tr("重新核验电子证照"), "elicenceRecheckButton")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        buttons = (self.view_button, self.save_button, self.paper_button, self.recheck_button)
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._enable)
        self.view_button.clicked.connect(self.view)
        self.save_button.clicked.connect(self.ask_save)
        self.paper_button.clicked.connect(self.take_paper)
        self.recheck_button.clicked.connect(self.ask_recheck)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setEnabled(False)
        return button

    def show_case(self, detail: CaseDetail) -> None:
        self.detail = detail
        licences = {licence.code: licence for licence in detail.licences}
        statuses = material_status_labels()
        self.codes = [m.code for m in detail.materials]
        self.table.setRowCount(len(detail.materials))
        for row, material in enumerate(detail.materials):
            licence = licences.get(material.code)
            for column, text in enumerate(
                (
                    f"{material.code} {material.name}",
                    statuses.get(material.status, material.status),
                    str(material.count) if material.count else "",
                    material.exemption or "",
                    licence_text(licence) if licence else "",
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._enable()

    def _licence(self) -> CaseLicence | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.detail is None:
            return None
        code = self.codes[rows[0].row()]
        return next((x for x in self.detail.licences if x.code == code), None)

    def _enable(self) -> None:
        licence = self._licence()
        attached = licence is not None and licence.has_document
        self.view_button.setEnabled(attached)
        self.save_button.setEnabled(attached)
        failed = licence is not None and licence.verification == "failed"
        self.paper_button.setEnabled(failed)
        self.recheck_button.setEnabled(failed)

    def view(self) -> None:
        """The selected material's licence document, its pages made on the worker."""
        licence, detail = self._licence(), self.detail
        if licence is None or detail is None or not licence.has_document:
            return
        width = LicenceView.PAGE_WIDTH

        def pages(ws: Workstation) -> list[QImage]:
            return [page_image(p) for p in ws.licence_pages(detail.case_id, licence.code, width)]

        def show(images: list[QImage]) -> None:
            view = LicenceView(f"{licence.licence_type} {licence.number}", images, self)
            delete_on_close(view).open()
            self.viewed.emit()

        self.session.worker.submit(pages, show, self.session.report_error, name="licence_pages")

    def ask_save(self) -> QFileDialog | None:
        """The save dialog for the selected material's licence document (window-modal)."""
        licence, detail = self._licence(), self.detail
        if licence is None or detail is None or not licence.has_document:
            return None
        name = f"{detail.case_no}-{licence.code}-{licence.number}"
        dialog = delete_on_close(
            QFileDialog(self, self.tr("保存电子证照文件"), str(Path.home() / name))
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(
            lambda path: self._save(detail.case_id, licence.code, Path(path))
        )
        dialog.open()
        return dialog

    def _save(self, case_id: str, code: str, path: Path) -> None:
        self.session.worker.submit(
            lambda ws: ws.save_licence_document(case_id, code, path),
            lambda written: self.saved.emit(str(written)),
            self.session.report_error,
            name="save_licence_document",
        )

    def take_paper(self) -> None:
        licence, detail = self._licence(), self.detail
        if licence is not None and detail is not None:
            self.task_actions.take_paper(detail.case_no, licence.code)

    def ask_recheck(self) -> QInputDialog | None:
        licence, detail = self._licence(), self.detail
        if licence is None or detail is None:
            return None
        return self.task_actions.ask_recheck(detail.case_no, licence.code)


class LicenceView(QDialog):
    """The pages of a licence document, to read with the applicant or the department; to
    print or keep it, the clerk saves it (保存证照文件)."""

    PAGE_WIDTH = 760

    def __init__(self, title: str, images: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licenceView")
        self.setWindowTitle(self.tr("电子证照 — {title}").format(title=title))
        self.resize(self.PAGE_WIDTH + 60, 700)
        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for image in images:
            page = QLabel()
            page.setObjectName("licencePage")
            page.setPixmap(QPixmap.fromImage(image))
            column.addWidget(page)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(pages)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(close)
