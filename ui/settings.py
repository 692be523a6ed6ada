"""Settings for the administrator: hall/window identity, card reader (live test), printers
(chosen from the print system's queues, saved, test page), the accounts that sign in here,
sync endpoint and enrolment.
Changes are written to the user config file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.audit_log import AuditLogPanel
from ui.case_history_text import reader_words, sentence_case
from ui.i18n import error_text, in_language
from ui.printer_settings import PrinterSettings
from ui.staff_accounts import StaffAccountsPanel
from ui.widgets import ask_yes_no, data_label, data_tooltip

if TYPE_CHECKING:
    from ui.facade_types import WindowEnrolment
    from ui.window_session import Session


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
            (
                self.tr("大厅名称"),
                config.hall.hall_name.strip() or self.tr("未设置（文书以大厅编码代替）"),
            ),
            (self.tr("窗口编号"), config.hall.window_code),
            (self.tr("设备编号"), config.hall.device_id),
            (self.tr("配置来源"), "\n".join(config.sources) or self.tr("内置默认值")),
        ):
            text = data_label(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            form.addRow(label, text)
        note = QLabel(self.tr("大厅与窗口由中心平台登记时确定；如需更改，请重新登记本设备。"))
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(hall)
        reader = QGroupBox(self.tr("读卡器"))
        reader_form = QFormLayout(reader)
        spec = data_label(sentence_case(reader_words(config.reader.spec)))
        # As config.toml spells it.
        spec.setToolTip(data_tooltip(f"reader.spec = {config.reader.spec}"))
        reader_form.addRow(self.tr("读卡器配置"), spec)
        self.reader_result = data_label(self.tr("请放一张证件后点击“测试读卡”（F2 同样可用）。"))
        self.reader_result.setObjectName("readerTestResult")
        self.reader_result.setWordWrap(True)
        test_reader = QPushButton(self.tr("测试读卡"))
        test_reader.clicked.connect(session.read_card_now)
        reader_form.addRow(test_reader, self.reader_result)
        layout.addWidget(reader)
        self.printers = PrinterSettings(session)
        layout.addWidget(self.printers)
        self.accounts = StaffAccountsPanel(session)
        layout.addWidget(self.accounts)
        self.audit_log = AuditLogPanel(session)
        layout.addWidget(self.audit_log)
        sync = QGroupBox(self.tr("中心平台与登记"))
        sync_form = QFormLayout(sync)
        sync_form.addRow(self.tr("平台地址"), data_label(config.sync.url or self.tr("未配置")))
        row = QHBoxLayout()
        self.enrol_url = QLineEdit()
        self.enrol_url.setObjectName("enrolUrl")
        self.enrol_url.setPlaceholderText("https://platform.example/")
        self.enrol_code = QLineEdit()
        self.enrol_code.setObjectName("enrolCode")
        self.enrol_code.setPlaceholderText(self.tr("一次性登记码"))
        enrol = QPushButton(self.tr("登记本设备"))
        enrol.setObjectName("enrolButton")
        row.addWidget(self.enrol_url, 2)
        row.addWidget(self.enrol_code, 1)
        row.addWidget(enrol)
        sync_form.addRow(self.tr("登记"), row)
        self.enrol_result = data_label()
        self.enrol_result.setWordWrap(True)
        sync_form.addRow(self.enrol_result)
        enrol.clicked.connect(self.enrol)
        layout.addWidget(sync)
        if training is not None:
            layout.addWidget(
                QLabel(self.tr("培训模式：本机已自动登记到后台运行的培训用中心平台。"))
            )
        layout.addStretch(1)
        self.setWidget(body)

    def show_reader_result(self, text: str) -> None:
        self.reader_result.setText(text)

    def enrol(self) -> QMessageBox | None:
        """Enrol with the address and code typed; a workstation enrolled already is asked
        first: the new enrolment replaces its hall and window (and another hall's lists)."""
        url, code = self.enrol_url.text().strip(), self.enrol_code.text().strip()
        if not url or not code:
            self.enrol_result.setText(self.tr("请填写平台地址和一次性登记码。"))
            return None
        from sync.credential import load_identity

        # The identity the platform gave, not the configured address: a provisioned
        # workstation has one before it ever enrolled.
        identity = load_identity(self.session.home)
        if identity is None:
            self._enrol(url, code)
            return None
        return ask_yes_no(
            self,
            "reenrolQuestion",
            self.tr("重新登记本设备"),
            self.tr(
                "本机已登记在 {current}（大厅 {hall}，窗口 {window}）。\n"
                "用新的登记码重新登记后，本机按平台的答复改用新的大厅与窗口，"
                "重新启动程序后生效。确定重新登记吗？"
            ).format(current=identity.platform_url, hall=identity.hall, window=identity.window),
            answers=(self.tr("重新登记"), self.tr("取消")),
            on_yes=lambda: self._enrol(url, code),
            warning=True,
        )

    def _enrol(self, url: str, code: str) -> None:
        self.enrol_result.setText(self.tr("正在登记…"))
        self.session.platform_worker.submit(
            lambda desk: desk.enrol(url, code),
            self._enrolled,
            lambda exc: self.enrol_result.setText(error_text(exc)),
            name="enrol",
        )

    def _enrolled(self, enrolment: WindowEnrolment) -> None:
        """Say where the workstation is enrolled now and, when it replaced a device, which
        one IT must revoke on the platform (its key could still speak for this window)."""
        identity = enrolment.identity
        text = self.tr("登记成功：大厅 {hall}，窗口 {window}。重新启动程序后生效。").format(
            hall=identity.hall, window=identity.window
        )
        if enrolment.replaced_note is not None:
            text += "\n" + in_language(enrolment.replaced_note, self.session.lang)
        self.enrol_result.setText(text)
