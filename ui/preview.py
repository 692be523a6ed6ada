"""Print preview: the issued PDF's pages as images (rasterised off the GUI thread), then print."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.approval import SupervisorApprovalDialog
from ui.pdf_pages import RasterPage
from ui.widgets import CLOSED_FOR_LOCK, ask_yes_no, data_label


def page_image(page: RasterPage) -> QImage:
    """A rasterised page as a QImage of its own (one copy of the pixels). QImage, unlike
    QPixmap, may be made off the GUI thread: the worker does this, the window shows it."""
    rgb = QImage(page.rgb, page.width, page.height, 3 * page.width, QImage.Format.Format_RGB888)
    return rgb.convertToFormat(QImage.Format.Format_RGB32)


class PrintPreviewDialog(QDialog):
    """Shows page images; ``print_requested`` asks the opener to print on the worker. Once the
    document is on paper a further copy is only a 补打: ``reprint_requested(approval,
    reason)`` after a supervisor approved here, and the opener answers with
    ``reprinted`` or ``reprint_refused``. Closing before it was printed asks first: the
    applicant leaves without the paper only when the clerk says so."""

    print_requested = Signal()
    reprint_requested = Signal(object, str)

    def __init__(self, title: str, pdf_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(self.tr("打印预览 — {title}").format(title=title))
        self.pdf_path = pdf_path
        self.printed_once = False
        self.unprinted_question: QMessageBox | None = None
        self.reprint_approval: SupervisorApprovalDialog | None = None
        # As large as the counter window allows (the window, not the screen: a second
        # screen may be larger than the clerk's).
        area = (
            parent.window().geometry() if parent is not None else self.screen().availableGeometry()
        )
        self.resize(min(860, area.width() - 40), max(480, area.height() - 60))
        layout = QVBoxLayout(self)
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.pages = QWidget()
        self.pages.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.placeholder = data_label(self.tr("正在生成预览…"))  # or what went wrong
        self.pages_layout.addWidget(self.placeholder)
        self.page_area.setWidget(self.pages)
        layout.addWidget(self.page_area, 1)
        self.status = data_label(self.tr("文件：{path}").format(path=pdf_path))
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.close_button = QPushButton(self.tr("完成 (Esc)"))
        self.print_button = QPushButton(self.tr("打印 (F9)"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.print_button)
        layout.addLayout(row)
        self.close_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self._print)
        QShortcut(QKeySequence("F9"), self).activated.connect(self._print)

    def page_width(self) -> int:
        return max(320, min(760, self.width() - 60))

    def show_pages(self, images: Sequence[QImage]) -> None:
        """Page images made on the worker (``page_image``)."""
        self.placeholder.hide()
        for image in images:
            page = QLabel()
            page.setObjectName("previewPage")
            page.setPixmap(QPixmap.fromImage(image))
            self.pages_layout.addWidget(page)

    def show_problem(self, text: str) -> None:
        self.placeholder.setText(text)
        self.placeholder.show()

    def already_printed(self) -> None:
        """The document was printed before this preview opened (打印上一件)."""
        self.printed_once = True
        self.print_button.setText(self.tr("补打（需值班长） (F9)"))
        # Enter now finishes: a 补打 is asked for on purpose (F9), never by an Enter
        # meant to close the preview.
        self.print_button.setAutoDefault(False)
        self.close_button.setDefault(True)

    def _print(self) -> None:
        if not self.print_button.isEnabled():
            return
        if self.printed_once:
            self._ask_reprint()
            return
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("正在打印…"))
        self.print_requested.emit()

    def _ask_reprint(self) -> None:
        dialog = SupervisorApprovalDialog(
            self.tr("补打"), self.windowTitle(), need_reason=True, parent=self
        )
        self.reprint_approval = dialog
        dialog.approval_requested.connect(self.reprint_requested)
        dialog.open()

    def reprinted(self, text: str) -> None:
        if self.reprint_approval is not None:
            self.reprint_approval.accept()
        self.printed(text, ok=True)

    def reprint_refused(self, exc: BaseException) -> None:
        if self.reprint_approval is not None:
            self.reprint_approval.refused(exc)

    def printed(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("state", "ok" if ok else "bad")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.print_button.setEnabled(True)
        if ok:
            self.already_printed()
        else:
            self.print_button.setText(self.tr("重试打印 (F9)"))

    def done(self, result: int) -> None:
        # Esc, 完成 and the window's close button all end here; the lock closes without asking
        # (the case keeps its "回执未打印" mark either way).
        if self.printed_once or result == CLOSED_FOR_LOCK:
            super().done(result)
            return
        self.unprinted_question = ask_yes_no(
            self,
            "unprintedQuestion",
            self.tr("文书未打印"),
            self.tr(
                "文书尚未打印，申请人还没有拿到。稍后打印吗？\n"
                "办件将标记为“回执未打印”，直到在案件详情中打印（Ctrl+P，无需值班长）。"
            ),
            answers=(self.tr("稍后打印(&L)"), self.tr("返回打印")),
            on_yes=lambda: super(PrintPreviewDialog, self).done(result),
        )
        self.unprinted_question.finished.connect(self._question_answered)

    def _question_answered(self, _result: int) -> None:
        self.unprinted_question = None
