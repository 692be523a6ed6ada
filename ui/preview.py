"""Print preview: the issued PDF's pages as images (rasterised off the GUI thread), then print."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.pdf_pages import RasterPage


def page_image(page: RasterPage) -> QImage:
    """A rasterised page as a QImage of its own (one copy of the pixels). QImage, unlike
    QPixmap, may be made off the GUI thread: the worker does this, the window shows it."""
    rgb = QImage(page.rgb, page.width, page.height, 3 * page.width, QImage.Format.Format_RGB888)
    return rgb.convertToFormat(QImage.Format.Format_RGB32)


class PrintPreviewDialog(QDialog):
    """Shows page images; ``print_requested`` asks the opener to print on the worker."""

    print_requested = Signal()

    def __init__(self, title: str, pdf_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(self.tr("打印预览 — {title}").format(title=title))
        self.pdf_path = pdf_path
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
        self.placeholder = QLabel(self.tr("正在生成预览…"))
        self.pages_layout.addWidget(self.placeholder)
        self.page_area.setWidget(self.pages)
        layout.addWidget(self.page_area, 1)
        self.status = QLabel(self.tr("文件：{path}").format(path=pdf_path))
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

    def _print(self) -> None:
        if self.print_button.isEnabled():
            self.print_button.setEnabled(False)
            self.status.setText(self.tr("正在打印…"))
            self.print_requested.emit()

    def printed(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("state", "ok" if ok else "bad")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.print_button.setEnabled(True)
        self.print_button.setText(self.tr("再次打印 (F9)") if ok else self.tr("重试打印 (F9)"))
