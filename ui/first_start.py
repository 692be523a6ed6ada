"""The first-start screen of a production window that is not provisioned yet: IT types the
platform address, an optional CA certificate file and the one-time enrolment code; the
window enrols and pulls the catalog and calendar (``sync.provisioning``) off the GUI
thread, and only then does the login show. Closing it leaves the window unprovisioned."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
from counter_app.home import Home
from ui.i18n import error_text
from ui.login import centered_card
from ui.widgets import error_label
from ui.worker import CoreWorker


class FirstStartScreen(QWidget):
    """Emits ``provisioned`` once enrolment and the first catalog pull have succeeded."""

    provisioned = Signal()

    def __init__(
        self, home: Home, config: Config, actor: str, config_file: str | None = None
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
        self.button.setObjectName("provisionButton")
        self.button.setDefault(True)
        card.addWidget(self.button)
        self.button.clicked.connect(self._provision)
        self.code.returnPressed.connect(self._provision)
        # The field each error names (a refused address is ``sync.url`` in config terms).
        self._fields = {
            "url": self.url,
            "sync.url": self.url,
            "ca_bundle": self.ca_bundle,
            "code": self.code,
        }

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择 CA 证书文件"), "", self.tr("证书 (*.pem *.crt *.cer);;所有文件 (*)")
        )
        if path:
            self.ca_bundle.setText(path)

    def _provision(self) -> None:
        if not self.button.isEnabled():
            return
        from sync.provisioning import provision

        url, code, ca_bundle = self.url.text(), self.code.text(), self.ca_bundle.text()
        self.error.hide()
        self.button.setEnabled(False)
        self.status.setText(self.tr("正在登记并下载事项目录和工作日历…"))
        self.worker.submit(
            lambda _none: provision(
                self.home,
                url,
                code,
                ca_bundle=ca_bundle,
                config_file=self.config_file,
                actor=self.actor,
            ),
            lambda _identity: self.provisioned.emit(),
            self._failed,
            name="provision",
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.clear()
        self.error.setText(error_text(exc))
        self.error.show()
        self.button.setEnabled(True)
        field = self._fields.get(getattr(exc, "field", None) or "")
        if field is not None:
            field.setFocus()
            field.selectAll()

    def stop(self) -> None:
        """Join the worker thread (a provisioning still running finishes first)."""
        self.worker.stop()
