"""A supervisor or an administrator sets up one-time codes (动态口令) right after signing in,
before any work, when their role needs them (``security.second_factor``, 等保 level 3: two
factors for privileged use) and they have none yet: the window shows a fresh secret as a QR
code (and as text, for typing it into the app by hand), its member scans it with any
authenticator app on their phone, and types their password and the app's current code to
show both are theirs.

An account made on this PC keeps the secret here; one of the hall's register on the platform,
for every window of the hall (``sync.staff_second_factors``, on the platform worker), and
only while it is reachable: offline its member works on without (approving nothing, as the
core refuses it) and is asked again at the next sign-in. Signing out instead, or the idle
lock closing the dialog, signs out. A wrong password is a failed sign-in: the lockout it
leads to signs out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.one_time_codes import grouped, new_secret, provisioning_uri
from printing.codes import qr_matrix
from sync.staff_second_factors import SecondFactorSetUpElsewhere, SecondFactorSetUpOffline
from ui.dialog_lifetime import delete_on_close
from ui.own_account_dialog import OwnAccountDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

translate = QCoreApplication.translate
# Pixels per QR module: a phone reads it from arm's length on a hall PC's screen.
_MODULE_PIXELS = 5


def qr_pixmap(text: str) -> QPixmap:
    """``text`` as a black-on-white QR code, quiet zone included."""
    matrix = qr_matrix(text)
    size = len(matrix) * _MODULE_PIXELS
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                painter.fillRect(
                    col * _MODULE_PIXELS,
                    row * _MODULE_PIXELS,
                    _MODULE_PIXELS,
                    _MODULE_PIXELS,
                    QColor("black"),
                )
    painter.end()
    return QPixmap.fromImage(image)


class SecondFactorSetUpDialog(OwnAccountDialog):
    """Emits ``submitted(password, code)``; the opener sets the secret up with them, then
    ``accept()`` or ``show_error()``. ``continued``: the platform could not take it now, and
    its member works on without."""

    submitted = Signal(str, str)

    def __init__(
        self, secret: str, address: str, on_platform: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("secondFactorSetUp")
        self.setWindowTitle(self.tr("设置动态口令"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        why = QLabel(
            self.tr(
                "值班长和管理员登录、审批须在密码之后输入动态口令（双因素认证）。"
                "请先用手机上的验证器应用（支持“基于时间的动态口令”即可）扫描下面的二维码，"
                "再输入您的密码和验证器当前显示的 6 位数字。"
            )
        )
        why.setObjectName("secondFactorWhy")
        why.setWordWrap(True)
        layout.addWidget(why)
        picture = QLabel()
        picture.setObjectName("secondFactorQr")
        picture.setPixmap(qr_pixmap(address))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)
        self.secret = QLabel(
            self.tr("无法扫码时，在应用中手动输入密钥：{secret}").format(secret=grouped(secret))
        )
        self.secret.setObjectName("secondFactorSecret")
        self.secret.setWordWrap(True)
        self.secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.secret)
        if on_platform:
            where = QLabel(
                self.tr("本账号由平台统一管理：动态口令在本大厅的所有窗口生效，须连接平台时设置。")
            )
            where.setWordWrap(True)
            layout.addWidget(where)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.password = QLineEdit()
        self.password.setObjectName("setUpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.code.setObjectName("setUpCode")
        self.code.setMaxLength(8)
        self.code.setPlaceholderText("123456")
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("验证器显示的动态口令"), self.code)
        layout.addLayout(form)
        self.add_buttons(
            layout, self.tr("确认设置"), self.tr("退出登录"), self.tr("先继续办理，稍后设置")
        )
        self.buttons.accepted.connect(self._submit)
        self.set_refusals(
            {"password": self.password},
            self.code,
            (SecondFactorSetUpOffline, SecondFactorSetUpElsewhere),
        )
        self.password.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        if not self.password.text() or not self.code.text().strip():
            self.refuse(self.tr("请输入密码和验证器显示的 6 位动态口令。"), self.password)
            return
        self.buttons.setEnabled(False)
        self.error.hide()
        self.submitted.emit(self.password.text(), self.code.text())


def set_up_second_factor(window: MainWindow) -> None:
    """Open the dialog for the signed-in user (at work, not on the login or lock screen), who
    may not go on without one-time codes (only offline, for a register account)."""
    user = window.session.user
    if user is None or window.stack.currentWidget() is not window.work:
        return
    secret = new_secret()
    address = provisioning_uri(secret, user.username, window.session.config.hall.hall_code)
    dialog = delete_on_close(
        SecondFactorSetUpDialog(secret, address, user.source == "platform", window)
    )
    window.second_factor_dialog = dialog

    dialog.required_before_work(
        window,
        user,
        translate("MainWindow", "动态口令尚未设置：设置前不能审批；平台连上后下次登录时还会提醒。"),
    )
    dialog.submitted.connect(
        lambda password, code: dialog.run_on_platform(
            window,
            user,
            lambda desk: desk.set_up_second_factor(password, secret, code),
            name="set_up_second_factor",
            done_text=translate(
                "MainWindow", "动态口令已设置：以后登录和审批时，在密码之后输入它。"
            ),
        )
    )
    dialog.open()
