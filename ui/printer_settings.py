"""Settings → Printers: the A4 and 80 mm receipt printers chosen from the print system's
queues (listed when the screen is first shown, off the GUI thread), each with a test page
through the GUI's print route; saved to the user config, audited, used from the next
print on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ui.i18n import error_text
from ui.widgets import data_label, error_label

if TYPE_CHECKING:
    from counter_app.config import Config
    from ui.window_session import Session


class PrinterSettings(QGroupBox):
    """The A4 and 80 mm receipt printers, chosen from the print system's queues (listed when
    the screen is first shown), each with its test page; saved to the user config and used
    from the next print on."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("打印机"), parent)
        self.session = session
        printing = session.config.printing
        self.saved = (printing.a4_printer, printing.receipt_printer)
        self.loaded = False
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.a4 = self._printer_choice("a4Printer")
        self.roll = self._printer_choice("receiptPrinter")
        for row, (label, choice, fmt) in enumerate(
            (
                (self.tr("A4 打印机"), self.a4, "a4"),
                (self.tr("80mm 小票打印机"), self.roll, "80mm"),
            )
        ):
            test = QPushButton(self.tr("打印测试页"))
            test.setObjectName(f"printTestPage-{fmt}")
            test.setToolTip(self.tr("用所选打印机打印一张示例回执（不记入案件）。"))
            test.clicked.connect(lambda _checked=False, f=fmt, c=choice: self.print_test_page(f, c))
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(choice, row, 1)
            grid.addWidget(test, row, 2)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("刷新打印机列表"))
        self.refresh_button.setObjectName("refreshPrinters")
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button = QPushButton(self.tr("保存打印机设置"))
        self.save_button.setObjectName("savePrinters")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 2, 0, 1, 3)
        self.status = data_label()  # names the printer, or says what it answered
        self.status.setObjectName("printerStatus")
        self.status.setWordWrap(True)
        self.error = error_label()
        note = QLabel(
            self.tr(
                "列表来自本机的打印服务{server}。保存后，新的打印任务立即使用所选打印机；"
                "“未配置”的打印机无法打印该类文书。"
            ).format(server=self._server_text())
        )
        note.setWordWrap(True)
        grid.addWidget(self.status, 3, 0, 1, 3)
        grid.addWidget(self.error, 4, 0, 1, 3)
        grid.addWidget(note, 5, 0, 1, 3)
        self._fill(None, "")

    def _printer_choice(self, name: str) -> QComboBox:
        choice = QComboBox()
        choice.setObjectName(name)
        # Long queue names must not widen the screen beyond 1366 px.
        choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        choice.setMinimumContentsLength(24)
        choice.currentIndexChanged.connect(lambda _index: self._update_save_button())
        return choice

    def _server_text(self) -> str:
        server = self.session.config.printing.cups_server
        return self.tr("（CUPS 服务器 {server}）").format(server=server) if server else ""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:  # the first time the administrator opens the screen, not at login
            self.loaded = True
            self.refresh()

    def chosen(self) -> tuple[str, str]:
        return str(self.a4.currentData() or ""), str(self.roll.currentData() or "")

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self._show(self.tr("正在读取打印机列表…"))
        self.session.worker.submit(
            lambda ws: ws.print_queues(),
            self._listed,
            self._failed,
            name="print_queues",
        )

    def _listed(self, result: tuple[list[str], str]) -> None:
        queues, default = result
        self.refresh_button.setEnabled(True)
        self._fill(queues, default)
        if queues:
            self._show(self.tr("找到 {count} 台打印机。").format(count=len(queues)))
        else:
            # Only an administrator opens this screen: the step is theirs (operations.md §8).
            self._show(
                self.tr(
                    "打印服务中没有打印机（或打印服务未运行）：请在打印服务（CUPS）中添加打印机"
                    "（lpstat -p 可查看），再点“刷新打印机列表”。"
                )
            )

    def _fill(self, queues: list[str] | None, default: str) -> None:
        """List ``queues`` (None: not read yet) in both choices, keeping what is chosen."""
        for choice, saved in zip((self.a4, self.roll), self.saved, strict=True):
            current = str(choice.currentData() or "") if choice.count() else saved
            if queues is not None and current.removeprefix("cups:") in queues:
                current = current.removeprefix("cups:")
            choice.blockSignals(True)
            choice.clear()
            choice.addItem(self.tr("未配置"), "")
            for name in queues or ():
                shown = self.tr("{name}（系统默认）").format(name=name) if name == default else name
                choice.addItem(shown, name)
            if current and choice.findData(current) < 0:
                choice.addItem(self._unlisted(current, known=queues is not None), current)
            choice.setCurrentIndex(choice.findData(current))
            choice.blockSignals(False)
        self._update_save_button()

    def _unlisted(self, spec: str, *, known: bool) -> str:
        if spec.startswith("dir:"):
            return self.tr("{folder}（模拟打印机：存为文件）").format(
                folder=spec.removeprefix("dir:")
            )
        return self.tr("{name}（未找到）").format(name=spec) if known else spec

    def _update_save_button(self) -> None:
        self.save_button.setEnabled(self.chosen() != self.saved)

    def save(self) -> None:
        a4, receipt = self.chosen()
        self.save_button.setEnabled(False)
        self._show(self.tr("正在保存…"))
        self.session.worker.submit(
            lambda ws: ws.set_printers(a4, receipt),
            self._saved,
            self._failed,
            name="set_printers",
        )

    def _saved(self, config: Config) -> None:
        self.session.config = config
        printing = config.printing
        self.saved = (printing.a4_printer, printing.receipt_printer)
        self._update_save_button()
        self._show(self.tr("打印机设置已保存，新的打印任务将使用所选打印机。"))

    def print_test_page(self, fmt: str, choice: QComboBox) -> None:
        printer = str(choice.currentData() or "")
        if not printer:  # the core's words for this are a document's, with command options
            self.error.setText(self.tr("请先在同一行选择打印机，再打印测试页。"))
            self.error.show()
            return
        self._show(self.tr("正在打印测试页…"))
        self.session.worker.submit(
            lambda ws: ws.print_test_page(self.session.username or "", fmt, printer),
            lambda name: self._show(
                self.tr("测试页已发送到打印机“{printer}”。").format(printer=name)
            ),
            self._failed,
            name="print_test_page",
        )

    def _show(self, text: str) -> None:
        self.error.hide()
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self._update_save_button()
        self.status.clear()
        self.error.setText(error_text(exc))
        self.error.show()
