"""The login screen and the lock screen (idle lock keeps the clerk's draft underneath).

Both are built before the window's first frame, so they never touch the ``Qt`` namespace
(its first use costs about 45 ms): alignment and text selection come from the style sheet
(``centered`` and ``selectable`` properties, ui/style.qss).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.one_time_code import CodeRow, show_refusal
from ui.widgets import data_label, error_label


def centered_card(owner: QWidget) -> tuple[QVBoxLayout, QVBoxLayout]:
    """An outer layout centering a fixed-width card; returns (outer, card) layouts."""
    outer = QVBoxLayout(owner)
    outer.addStretch(1)
    card = QFrame(owner)
    card.setObjectName("card")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setMinimumWidth(420)
    card.setMaximumWidth(560)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(32, 28, 32, 28)
    inner.setSpacing(14)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return outer, inner


class LoginScreen(QWidget):
    """Username and password, and the one-time code once the core asks for it; in the
    training hall it also lists the sample accounts. Emits ``login_requested(username,
    password, code)``, the code None until asked for."""

    login_requested = Signal(str, str, object)
    language_chosen = Signal(str)

    def __init__(self, hall_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginScreen")
        _, card = centered_card(self)
        title = QLabel(self.tr("窗口受理系统"))
        title.setObjectName("screenTitle")
        title.setProperty("centered", True)
        card.addWidget(title)
        self.hall_label = data_label(hall_title)
        self.hall_label.setProperty("centered", True)
        self.hall_label.setWordWrap(True)
        card.addWidget(self.hall_label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.code = CodeRow(form, self.tr("动态口令"), "loginCode")
        card.addLayout(form)
        self.error = error_label()
        card.addWidget(self.error)
        self.button = QPushButton(self.tr("登录 (Enter)"))
        self.button.setObjectName("loginButton")
        self.button.setDefault(True)
        card.addWidget(self.button)
        self.language = _language_choice(card)
        self.training_hint = data_label()  # the sample accounts' names
        self.training_hint.setObjectName("trainingHint")
        self.training_hint.setWordWrap(True)
        self.training_hint.setProperty("selectable", True)
        self.training_hint.hide()
        card.addWidget(self.training_hint)
        self.language.activated.connect(
            lambda _i: self.language_chosen.emit(self.language.currentData())
        )
        self.button.clicked.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.username.textEdited.connect(lambda _text: self.code.hide())
        self.password.returnPressed.connect(self._submit)
        self.code.field.returnPressed.connect(self._submit)

    def show_language(self, lang: str) -> None:
        self.language.setCurrentIndex(max(self.language.findData(lang), 0))

    def show_training_accounts(self, accounts: list[tuple[str, str, str]]) -> None:
        """(username, password, role) rows; only ever called in the training hall."""
        roles = {
            "clerk": self.tr("受理员"),
            "supervisor": self.tr("值班长"),
            "admin": self.tr("管理员"),
        }
        lines = [self.tr("培训账号（仅培训模式显示）：")]
        lines += [
            f"{user} / {password}  —  {roles.get(role, role)}" for user, password, role in accounts
        ]
        self.training_hint.setText("\n".join(lines))
        self.training_hint.show()

    def _submit(self) -> None:
        username = self.username.text().strip()
        if not username or not self.password.text():
            self.show_error(self.tr("请输入用户名和密码。"))
            return
        self.set_busy(True)
        self.login_requested.emit(username, self.password.text(), self.code.code())

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.code.field.setEnabled(not busy)
        # Keys typed ahead while signing in must not land on the language (Down would
        # switch the window and save it).
        self.language.setEnabled(not busy)

    def refused(self, exc: BaseException) -> None:
        """The core's refusal of a sign-in: a question or a mistake about the one-time code
        keeps the password typed; any other starts the password again."""
        self.set_busy(False)
        show_refusal(self.code, exc, self.error, self.password)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        self.code.hide()
        self.password.clear()
        self.password.setFocus()

    def reset(self, *, clear_username: bool) -> None:
        """Ready for the next sign-in: ``clear_username`` after 退出登录（换人）, whose next
        member types their own (a password typed against the last one's name would count
        towards that account's lockout); else the same member is expected back."""
        self.set_busy(False)
        self.error.hide()
        self.code.hide()
        self.password.clear()
        if clear_username:
            self.username.clear()
        (self.password if self.username.text() else self.username).setFocus()


def _language_choice(card: QVBoxLayout) -> QComboBox:
    """The interface language's row at the foot of ``card``, labelled in both languages; the
    label is the box's buddy, which is what a screen reader names a combo box by (else by
    its value, 中文)."""
    row = QHBoxLayout()
    label = QLabel("界面语言 / Language")
    row.addWidget(label)
    language = QComboBox()
    language.setObjectName("language")
    language.addItem("中文", "zh")
    language.addItem("English", "en")
    label.setBuddy(language)
    row.addWidget(language, 1)
    card.addLayout(row)
    return language


class LockScreen(QWidget):
    """Covers the work area after the idle period; only the signed-in user's password unlocks."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()
    locked = Signal(str)  # the username it was locked for (audited: ``ui.sign_in``)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        _, card = centered_card(self)
        title = QLabel(self.tr("屏幕已锁定"))
        title.setObjectName("screenTitle")
        title.setProperty("centered", True)
        card.addWidget(title)
        self.who = data_label()  # the clerk's name, as an administrator typed it
        self.who.setWordWrap(True)
        self.who.setProperty("centered", True)
        card.addWidget(self.who)
        note = QLabel(self.tr("正在办理的内容已保存，解锁后继续。"))
        note.setWordWrap(True)
        note.setProperty("centered", True)
        card.addWidget(note)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("输入密码解锁"))
        # The placeholder is the field's only label, and it goes as soon as a key is typed.
        self.password.setAccessibleName(self.tr("密码"))
        card.addWidget(self.password)
        self.error = error_label()
        card.addWidget(self.error)
        # A card was read while locked (not whose: anyone may read this screen).
        self.card_held = QLabel(self.tr("锁屏期间读到证件，解锁后再处理。"))
        self.card_held.setObjectName("cardHeld")
        self.card_held.setWordWrap(True)
        self.card_held.setProperty("centered", True)
        self.card_held.hide()
        card.addWidget(self.card_held)
        self.button = QPushButton(self.tr("解锁 (Enter)"))
        self.button.setObjectName("unlockButton")
        self.button.setDefault(True)
        card.addWidget(self.button)
        self.sign_out = QPushButton(self.tr("退出登录（换人）"))
        self.sign_out.setFlat(True)
        card.addWidget(self.sign_out)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.sign_out.clicked.connect(self.sign_out_requested)

    def lock_for(self, display_name: str, username: str) -> None:
        self.who.setText(
            self.tr("当前用户：{name}（{user}）").format(name=display_name, user=username)
        )
        self.error.hide()
        self.card_held.hide()
        self.password.clear()
        self.button.setEnabled(True)
        self.password.setFocus()
        self.locked.emit(username)

    def show_card_held(self) -> None:
        self.card_held.show()

    def wrong_password(self, tries_left: int | None) -> None:
        """Said with the tries the account still takes when the core knows them."""
        if tries_left is None:
            self.show_error(self.tr("密码不正确。连续多次错误将锁定账号。"))
        else:
            self.show_error(self.tr("密码不正确。再输错 %n 次，账号将被锁定。", "", tries_left))

    def _submit(self) -> None:
        if not self.password.text():
            self.show_error(self.tr("请输入密码。"))
            return
        self.button.setEnabled(False)
        self.unlock_requested.emit(self.password.text())

    def show_error(self, text: str) -> None:
        self.button.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        self.password.clear()
        self.password.setFocus()
