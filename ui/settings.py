"""Settings for the administrator: hall/window identity, card reader (live test), printers
(chosen from the print system's queues, saved, test page), sync endpoint and enrolment.
Changes are written to the user config file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_text
from ui.widgets import error_label

if TYPE_CHECKING:
    from ui.session import Session


class SettingsScreen(QScrollArea):
    def __init__(  # noqa: PLR0915 - layout
        self, session: Session, training: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.session = session
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        config = session.config
        hall = QGroupBox(self.tr("大厅与窗口"))
        form = QFormLayout(hall)
        for label, value in (
            (self.tr("大厅编码"), config.hall.hall_code),
            (self.tr("大厅名称"), config.hall.hall_name),
            (self.tr("窗口编号"), config.hall.window_code),
            (self.tr("设备编号"), config.hall.device_id),
            (self.tr("配置来源"), "\n".join(config.sources) or self.tr("内置默认值")),
        ):
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            form.addRow(label, text)
        note = QLabel(self.tr("大厅与窗口由中心平台注册时确定；如需更改，请重新注册本设备。"))
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(hall)
        reader = QGroupBox(self.tr("读卡器"))
        reader_form = QFormLayout(reader)
        reader_form.addRow(self.tr("读卡器配置"), QLabel(config.reader.spec))
        self.reader_result = QLabel(self.tr("请放一张证件后点击“测试读卡”（F2 同样可用）。"))
        self.reader_result.setObjectName("readerTestResult")
        self.reader_result.setWordWrap(True)
        test_reader = QPushButton(self.tr("测试读卡"))
        test_reader.clicked.connect(session.read_card_now)
        reader_form.addRow(test_reader, self.reader_result)
        layout.addWidget(reader)
        self.printers = PrinterSettings(session)
        layout.addWidget(self.printers)
        sync = QGroupBox(self.tr("中心平台与注册"))
        sync_form = QFormLayout(sync)
        sync_form.addRow(self.tr("平台地址"), QLabel(config.sync.url or self.tr("未配置")))
        row = QHBoxLayout()
        self.enrol_url = QLineEdit()
        self.enrol_url.setObjectName("enrolUrl")
        self.enrol_url.setPlaceholderText("https://platform.example/")
        self.enrol_code = QLineEdit()
        self.enrol_code.setObjectName("enrolCode")
        self.enrol_code.setPlaceholderText(self.tr("一次性注册码"))
        enrol = QPushButton(self.tr("注册本设备"))
        enrol.setObjectName("enrolButton")
        row.addWidget(self.enrol_url, 2)
        row.addWidget(self.enrol_code, 1)
        row.addWidget(enrol)
        sync_form.addRow(self.tr("注册"), row)
        self.enrol_result = QLabel()
        self.enrol_result.setWordWrap(True)
        sync_form.addRow(self.enrol_result)
        enrol.clicked.connect(self.enrol)
        layout.addWidget(sync)
        if training is not None:
            layout.addWidget(
                QLabel(self.tr("培训模式：本机已自动注册到后台运行的培训用中心平台。"))
            )
        layout.addStretch(1)
        self.setWidget(body)

    def show_reader_result(self, text: str) -> None:
        self.reader_result.setText(text)

    def enrol(self) -> None:
        url, code = self.enrol_url.text().strip(), self.enrol_code.text().strip()
        if not url or not code:
            self.enrol_result.setText(self.tr("请填写平台地址和一次性注册码。"))
            return
        self.enrol_result.setText(self.tr("正在注册…"))
        self.session.worker.submit(
            lambda ws: ws.enrol(self.session.username or "", url, code),
            lambda identity: self.enrol_result.setText(
                self.tr("注册成功：大厅 {hall}，窗口 {window}。重新启动程序后生效。").format(
                    hall=identity.hall, window=identity.window
                )
            ),
            lambda exc: self.enrol_result.setText(error_text(exc)),
            name="enrol",
        )


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
        self.status = QLabel()
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
            self._show(self.tr("打印服务中没有打印机（或打印服务未运行），请联系信息技术人员。"))

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
            lambda ws: ws.set_printers(self.session.username or "", a4, receipt),
            self._saved,
            self._failed,
            name="set_printers",
        )

    def _saved(self, config: Any) -> None:
        self.session.config = config
        printing = config.printing
        self.saved = (printing.a4_printer, printing.receipt_printer)
        self._update_save_button()
        self._show(self.tr("打印机设置已保存，新的打印任务将使用所选打印机。"))

    def print_test_page(self, fmt: str, choice: QComboBox) -> None:
        printer = str(choice.currentData() or "")
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
