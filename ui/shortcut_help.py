"""F1: the window's keys as the window holds them now (the signed-in role's tabs, the screens
built, their buttons' Alt keys), read from the shortcuts themselves, each with what it does,
and one line on each term of 办件 a clerk meets at the counter."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from PySide6 import QtCore  # its Qt namespace only when used: this module loads before the login
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class KeyHelp(NamedTuple):
    """A key (``QKeySequence`` text, "Ctrl+L"), where it works (a tab's name, or the whole
    window) and what it does."""

    key: str
    where: str
    what: str


def described(shortcut: QShortcut, what: str) -> QShortcut:
    """``shortcut`` with ``what`` it does, as the F1 list shows it."""
    shortcut.setWhatsThis(what)
    return shortcut


def window_keys(window: MainWindow) -> list[KeyHelp]:
    """Every key of the work area: the window's own and its tabs' (those the role has),
    then each tab's keys in the tabs' order. A screen's key without a description of its
    own is described by the text of the button, box or field on that screen that names it
    ("刷新 (F5)", "申请人  [F2 读卡]")."""
    places = _places(window)
    everywhere = places[0][0]
    found: dict[tuple[str, str], KeyHelp] = {}
    tabs = window.work
    for i in range(tabs.count()):
        tab = tabs.tabBar().tabData(i)
        what = QCoreApplication.translate("ShortcutHelp", "打开「{tab}」页").format(
            tab=tab.shown_name()
        )
        found[(everywhere, tab.shortcut)] = KeyHelp(tab.shortcut, everywhere, what)
    for shortcut in window.findChildren(QShortcut):
        place = _place_of(shortcut.parent(), places)
        # Return is the main keyboard's Enter: the window's texts name both "Enter".
        key = shortcut.key().toString().replace("Return", "Enter")
        if (
            place is None
            or not key
            or not shortcut.isEnabled()
            # A box's own keys (Down from the search to its rows) are not the window's.
            or shortcut.context() == QtCore.Qt.ShortcutContext.WidgetShortcut
        ):
            continue
        # The window's own keys are said where they are made or on the status bar (叫号
        # F12); a tab's key is named above, unless the role lacks the tab.
        on = window.statusBar() if place[1] is window else place[1]
        what = shortcut.whatsThis() or _named_on(on, key)
        if place[1] is not window:
            # A key whose button shows only when it applies (Ctrl+Y with a pre-application).
            what = what or QCoreApplication.translate(
                "ShortcutHelp", "本页操作，用时见页面上的提示"
            )
        if what:
            found.setdefault((place[0], key), KeyHelp(key, place[0], what))
    for widget, key, text in _mnemonics(window):
        place = _place_of(widget, places)
        if place is not None and widget.isVisibleTo(place[1]):
            found.setdefault((place[0], key), KeyHelp(key, place[0], _without_key(text, key)))
    order = {name: i for i, (name, _screen) in enumerate(places)}
    return sorted(
        found.values(),
        key=lambda entry: (order[entry.where], _key_order(entry.key)),
    )


def _mnemonics(window: MainWindow) -> list[tuple[QWidget, str, str]]:
    """The Alt keys of buttons ("代办(&D)") and of labels naming their box ("文书语言(&Y)"),
    with the widget and its text."""
    found: list[tuple[QWidget, str, str]] = [
        (button, button.shortcut().toString(), button.text())
        for button in window.findChildren(QAbstractButton)
    ]
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None:
            found.append((buddy, QKeySequence.mnemonic(label.text()).toString(), label.text()))
    return [(widget, key, text) for widget, key, text in found if key]


def _places(window: MainWindow) -> list[tuple[str, QWidget]]:
    """Where a key works: the whole window first, then each tab of the work area."""
    everywhere = QCoreApplication.translate("ShortcutHelp", "任何页面")
    tabs = window.work
    places: list[tuple[str, QWidget]] = [(everywhere, window)]
    for i in range(tabs.count()):
        screen = tabs.widget(i)
        if screen is not None:
            places.append((tabs.tabBar().tabData(i).shown_name(), screen))
    return places


def _place_of(widget: object, places: list[tuple[str, QWidget]]) -> tuple[str, QWidget] | None:
    """The tab ``widget`` lives on, or the whole window for one of the window's own; None
    for the login and lock screens' and an open dialog's."""
    if not isinstance(widget, QWidget):
        return None
    window = places[0][1]
    if widget is window:
        return places[0]
    for place in places[1:]:
        if place[1] is widget or place[1].isAncestorOf(widget):
            return place
    return None


def _named_on(screen: QWidget, key: str) -> str:
    """What the first button, menu entry, box title, label or input box on ``screen`` that
    names ``key`` says it does (an input box: that the key goes there)."""
    texts = [
        *(button.text() for button in screen.findChildren(QAbstractButton)),
        *(action.text() for action in screen.findChildren(QAction)),
        *(box.title() for box in screen.findChildren(QGroupBox)),
        *(label.text() for label in screen.findChildren(QLabel)),
    ]
    pattern = _key_pattern(key)
    said = next((_without_key(text, key) for text in texts if pattern.search(text)), "")
    if said:
        return said
    fields = (field.placeholderText() for field in screen.findChildren(QLineEdit))
    typed = next((_without_key(text, key) for text in fields if pattern.search(text)), "")
    return (
        QCoreApplication.translate("ShortcutHelp", "光标到输入框：{what}").format(what=typed)
        if typed
        else ""
    )


def _key_pattern(key: str) -> re.Pattern[str]:
    # F1 is not F12's start, nor Ctrl+R Ctrl+Return's.
    return re.compile(r"(?<![\w+])" + re.escape(key) + r"(?![\w])")


def _without_key(text: str, key: str) -> str:
    """``text`` as a description: a bracketed hint that says more than the key is taken
    alone ("申请人  [F2 读卡]": 读卡), else the key and its brackets go ("刷新 (F5)": 刷新);
    a mnemonic's ``&`` goes too, and an Alt key's letter in brackets ("代办(&D)": 代办)."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    if key.startswith("Alt+"):
        text = re.sub(r"[(（]\s*" + re.escape(key[4:]) + r"\s*[)）]", "", text)
    key_text = re.escape(key)
    for hint in re.finditer(r"[\[(（]([^\])）]*)[\])）]", text):
        inside = hint.group(1)
        if re.search(key_text, inside) and inside.strip() != key:
            return _tidy(re.sub(key_text, "", inside))
    return _tidy(re.sub(r"[\[(（]\s*" + key_text + r"\s*[\])）]|" + key_text, "", text))


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ：:，,。")


def _key_order(key: str) -> tuple[int, int, str]:
    """F1…F12 in number order, then the other keys with modifiers, alphabetically."""
    function = re.fullmatch(r"(Shift\+)?F(\d+)", key)
    if function:
        return (0, int(function.group(2)) * 2 + bool(function.group(1)), key)
    return (1, 0, key)


def terms() -> list[tuple[str, str]]:
    """The terms of 办件 on the window's screens and documents, each in one line."""

    translate = QCoreApplication.translate
    return [
        (
            translate("ShortcutHelp", "容缺受理"),
            translate(
                "ShortcutHelp",
                "只缺非核心材料时先受理（F7，需值班长审批），申请人在约定期限内补交"
                "（案件详情 F8），逾期未补的列入「容缺到期」。",
            ),
        ),
        (
            translate("ShortcutHelp", "一次性告知"),
            translate(
                "ShortcutHelp",
                "材料不齐又不能容缺时，打印告知书一次写明所缺全部材料（F6），申请人补齐后再来。",
            ),
        ),
        (
            translate("ShortcutHelp", "告知承诺"),
            translate(
                "ShortcutHelp",
                "申请人书面承诺符合条件、材料属实，以签署的承诺代替提交允许承诺的材料。",
            ),
        ),
        (
            translate("ShortcutHelp", "免交（电子证照）"),
            translate(
                "ShortcutHelp",
                "材料可由电子证照或本市部门数据代替时不必交纸质件（F4 查询）；"
                "平台暂时查不到时标为「待核验」，在「电子证照核验」页补核。",
            ),
        ),
        (
            translate("ShortcutHelp", "即办件 / 承诺件"),
            translate("ShortcutHelp", "即办件当场办结；承诺件在回执写明的工作日数内办结。"),
        ),
    ]


class ShortcutHelpDialog(QDialog):
    """The keys of ``window`` as it now is, and the terms; Esc closes it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutHelp")
        self.setWindowTitle(self.tr("快捷键与常用术语（F1）"))
        layout = QVBoxLayout(self)
        keys = window_keys(window)
        self.table = QTableWidget(len(keys), 3, self)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName(self.tr("快捷键列表"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("按键"), self.tr("所在页面"), self.tr("作用")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(keys):
            for column, text in enumerate(entry):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        # Our own texts, never data typed by someone: rich text is safe here.
        self.terms = QLabel(
            "<br>".join(f"<b>{name}</b>{self.tr('：')}{line}" for name, line in terms())
        )
        self.terms.setObjectName("shortcutTerms")
        self.terms.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.terms.setWordWrap(True)
        layout.addWidget(self.terms)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 620)


def show_help(window: MainWindow) -> None:
    """F1 on the work area: the help for the keys the signed-in role has there."""
    from ui.dialog_lifetime import delete_on_close

    if window.stack.currentWidget() is window.work:
        delete_on_close(ShortcutHelpDialog(window)).show()
