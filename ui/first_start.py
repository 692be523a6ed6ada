"""The first-start screen of a production window that is not provisioned yet: IT types the
platform address, an optional CA certificate file and the one-time enrolment code, or
chooses a provisioning file; the window enrols and pulls the catalog and calendar
(``sync.provisioning``) off the GUI thread, and only then does the login show. With the
system's provisioning file in place (``sync.provision_file``) it starts by itself: a silent
install asks nothing. Closing it leaves the window unprovisioned."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from counter_app.config import Config
from counter_app.domain.replacement_code import replacement_code_command
from counter_app.home import Home
from ui.i18n import error_text
from ui.login import centered_card
from ui.widgets import error_label
from ui.worker import CoreWorker

log = logging.getLogger(__name__)
T = TypeVar("T")


class FirstStartScreen(QWidget):
    """Emits ``provisioned`` once enrolment and the first catalog pull have succeeded."""

    provisioned = Signal()

    def __init__(
        self,
        home: Home,
        config: Config,
        actor: str,
        config_file: str | None = None,
        provision_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("firstStartScreen")
        self.setWindowTitle(self.tr("窗口受理系统 — 首次启动"))
        self.home, self.actor, self.config_file = home, actor, config_file
        # Nothing to open for the thread: provisioning opens the store itself.
        self.worker: CoreWorker[None] = CoreWorker(lambda: None, parent=self)
        _, card = centered_card(self)
        title = QLabel(self.tr("首次启动：在中心平台登记本机"))
        title.setObjectName("screenTitle")
        title.setProperty("centered", True)
        card.addWidget(title)
        intro = QLabel(
            self.tr(
                "本机尚未在中心平台登记，暂不能受理。请信息技术人员填写平台地址和一次性登记码："
                "登记成功并取得事项目录和工作日历后，才会显示登录界面；之后断网也能照常受理。"
            )
        )
        intro.setWordWrap(True)
        card.addWidget(intro)
        self.restored_hint = self._restored_hint(home)
        card.addWidget(self.restored_hint)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.url = QLineEdit(config.sync.url)
        self.url.setObjectName("platformUrl")
        self.url.setPlaceholderText("https://")
        self.ca_bundle = QLineEdit(config.sync.ca_bundle)
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("可选：平台的 CA 证书文件"))
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self._choose_ca_bundle)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(choose)
        self.code = QLineEdit()
        self.code.setObjectName("enrolmentCode")
        self.code.setMaxLength(200)
        form.addRow(self.tr("平台地址"), self.url)
        form.addRow(self.tr("CA 证书文件"), ca_row)
        form.addRow(self.tr("登记码"), self.code)
        card.addLayout(form)
        self.error = error_label()
        card.addWidget(self.error)
        self.status = QLabel()
        self.status.setWordWrap(True)
        card.addWidget(self.status)
        self.button = QPushButton(self.tr("登记并同步"))
        self.from_file = QPushButton(self.tr("使用配置文件…"))
        card.addLayout(self._buttons())
        self.code.returnPressed.connect(self._provision)
        # The field each error names (a refused address is ``sync.url`` in config terms).
        self._fields = {
            "url": self.url,
            "sync.url": self.url,
            "ca_bundle": self.ca_bundle,
            "code": self.code,
        }
        if provision_file is not None:
            # After the first frame: the screen shows what it is doing.
            QTimer.singleShot(0, lambda: self._provision_from(provision_file))

    def _restored_hint(self, home: Home) -> QLabel:
        """Hidden unless the home's store records another device's enrolment (restored from
        its backup): only a replacement code for that device enrols this PC in its place.
        One read-only row: read here, before the first frame."""
        from sync.restored_home import restored_unenrolled  # loads the crypto libraries

        hint = QLabel()
        hint.setObjectName("restoredHint")
        hint.setWordWrap(True)
        recorded = restored_unenrolled(home)
        if recorded is None:
            hint.hide()
            return hint
        code = replacement_code_command(recorded.hall, recorded.window, recorded.device_id)
        hint.setText(
            self.tr(
                "本机数据恢复自另一台电脑（设备 %1）的备份：请平台管理员签发替换登记码（%2），"
                "再在下方输入该登记码。登记后那台设备的办件归本机，缺少的会从平台取回。"
            )
            .replace("%1", recorded.device_id)
            .replace("%2", code)
        )
        return hint

    def _buttons(self) -> QHBoxLayout:
        self.button.setObjectName("provisionButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self._provision)
        self.from_file.setObjectName("provisionFileButton")
        self.from_file.setToolTip(self.tr("信息技术人员准备的 provision.toml"))
        self.from_file.clicked.connect(self._choose_provision_file)
        row = QHBoxLayout()
        row.addWidget(self.from_file)
        row.addStretch(1)
        row.addWidget(self.button)
        return row

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择 CA 证书文件"), "", self.tr("证书 (*.pem *.crt *.cer);;所有文件 (*)")
        )
        if path:
            self.ca_bundle.setText(path)

    def _choose_provision_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择配置文件"), "", self.tr("配置文件 (*.toml);;所有文件 (*)")
        )
        if path:
            self._provision_from(Path(path))

    def _provision_from(self, path: Path) -> None:
        """Provision as the file says, its settings shown in the fields so that IT can
        correct them by hand when the file's attempt fails."""
        if not self.button.isEnabled():
            return
        from sync.provision_file import provision_from_file, read_provision_file
        from sync.provisioning import ProvisioningFailed

        try:
            file = read_provision_file(path)
        except ProvisioningFailed as exc:
            self._failed(exc)
            return
        self.url.setText(file.urls[0])
        self.ca_bundle.setText(file.ca_bundle)
        self.code.setText(file.enrolment_code)
        self._start(
            self.tr("正在按配置文件 %1 登记并下载事项目录和工作日历…").replace("%1", str(path)),
            lambda: provision_from_file(
                self.home, file, config_file=self.config_file, actor=self.actor
            ),
            lambda done: self._log_warnings(done.warnings),
        )

    @staticmethod
    def _log_warnings(warnings: tuple[tuple[str, str], ...]) -> None:
        for _zh, en in warnings:
            log.warning("provisioning file: %s", en)

    def _provision(self) -> None:
        if not self.button.isEnabled():
            return
        from sync.provisioning import provision

        url, code, ca_bundle = self.url.text(), self.code.text(), self.ca_bundle.text()
        self._start(
            self.tr("正在登记并下载事项目录和工作日历…"),
            lambda: provision(
                self.home,
                url,
                code,
                ca_bundle=ca_bundle,
                config_file=self.config_file,
                actor=self.actor,
            ),
            lambda _identity: None,
        )

    def _start(self, doing: str, provisioning: Callable[[], T], after: Callable[[T], None]) -> None:
        self.error.hide()
        self.button.setEnabled(False)
        self.from_file.setEnabled(False)
        self.status.setText(doing)

        def succeeded(result: T) -> None:
            after(result)
            self.provisioned.emit()

        self.worker.submit(lambda _none: provisioning(), succeeded, self._failed, name="provision")

    def _failed(self, exc: BaseException) -> None:
        self.status.clear()
        self.error.setText(error_text(exc))
        self.error.show()
        self.button.setEnabled(True)
        self.from_file.setEnabled(True)
        field = self._fields.get(getattr(exc, "field", None) or "")
        if field is not None:
            field.setFocus()
            field.selectAll()

    def stop(self) -> None:
        """Join the worker thread (a provisioning still running finishes first)."""
        self.worker.stop()
