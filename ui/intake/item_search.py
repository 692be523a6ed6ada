"""Service-item search: name, code, pinyin initials ("jzz") or full pinyin, plus recent items;
a 一件事 bundle is found the same way, tagged 「一件事」.

The matching itself is the catalog's (``counter_app``); this widget only asks and lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.payment import amount_text
from ui.widgets import data_tooltip

SearchFn = Callable[[str], Sequence[Any]]


class _SearchEdit(QLineEdit):
    """Down/Up move through the results without leaving the search field."""

    step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.step.emit(1)
        elif event.key() == Qt.Key.Key_Up:
            self.step.emit(-1)
        else:
            super().keyPressEvent(event)


class ItemSearch(QGroupBox):
    """Emits ``item_chosen(code)`` (an item's or a bundle's) and ``situation_chosen(code)``."""

    item_chosen = Signal(str)
    situation_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemSearch")
        self.setTitle(self.tr("办理事项  [F3 搜索]"))
        self._search: SearchFn = lambda _text: []
        self._recent: list[Any] = []
        layout = QVBoxLayout(self)
        self.query = _SearchEdit()
        self.query.setObjectName("itemQuery")
        self.query.setPlaceholderText(self.tr("输入事项名称、编码或拼音首字母，如 jzz"))
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setObjectName("itemResults")
        self.results.setUniformItemSizes(True)
        self.results.setMinimumHeight(90)
        # Seven rows: at 1366×768 the height above that goes to the decision panel's list
        # of what the form lacks (with a pre-application's banner it would show three lines).
        self.results.setMaximumHeight(128)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.results, 1)
        row = QHBoxLayout()
        self.chosen = QLabel(self.tr("尚未选择事项"))
        self.chosen.setObjectName("chosenItem")
        # The item in bold: rich text, every catalog text in it escaped.
        self.chosen.setTextFormat(Qt.TextFormat.RichText)
        self.chosen.setWordWrap(True)
        row.addWidget(self.chosen, 3)
        layout.addLayout(row)
        sit_row = QHBoxLayout()
        self.situation_label = QLabel(self.tr("情形"))
        sit_row.addWidget(self.situation_label)
        self.situation = QComboBox()
        self.situation.setObjectName("situation")
        self.situation.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.situation.setMinimumContentsLength(12)
        sit_row.addWidget(self.situation, 1)
        layout.addLayout(sit_row)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(80)
        self._debounce.timeout.connect(self._run_search)
        self.query.textEdited.connect(lambda _t: self._debounce.start())
        self.query.returnPressed.connect(self._choose_current)
        self.query.step.connect(self._move)
        self.results.itemActivated.connect(self._choose)
        self.situation.activated.connect(
            lambda _i: self.situation_chosen.emit(self.situation.currentData() or "")
        )

    def set_search(self, search: SearchFn) -> None:
        self._search = search

    def set_recent(self, items: Sequence[Any]) -> None:
        self._recent = list(items)
        if not self.query.text():
            self._show(self._recent, recent=True)

    def _run_search(self) -> None:
        text = self.query.text().strip()
        self._show(self._search(text) if text else self._recent, recent=not text)

    def run_search_now(self) -> None:
        self._debounce.stop()
        self._run_search()

    def _show(self, items: Sequence[Any], recent: bool) -> None:
        self.results.clear()
        for item in items:
            label = self._label(item)
            if recent:
                label = self.tr("最近：") + label
            entry = QListWidgetItem(label)
            entry.setData(Qt.ItemDataRole.UserRole, item.code)
            entry.setToolTip(data_tooltip(f"{label}  ·  {item.code}"))
            self.results.addItem(entry)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _label(self, found: Any) -> str:
        # A bundle (ServiceBundle) has members where an item has a department.
        members = getattr(found, "members", None)
        if members is None:
            return f"{found.name}  ·  {found.department}"
        return self.tr("「一件事」{name}  ·  {count} 项").format(
            name=found.name, count=len(members)
        )

    def _move(self, step: int) -> None:
        if self.results.count():
            row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
            self.results.setCurrentRow(row)

    def _choose_current(self) -> None:
        self._debounce.stop()
        if self.query.text().strip() and not self.results.count():
            self._run_search()
        current = self.results.currentItem()
        if current is not None:
            self._choose(current)

    def _choose(self, entry: QListWidgetItem) -> None:
        self.item_chosen.emit(entry.data(Qt.ItemDataRole.UserRole))

    def show_item(
        self, item: Any, situations: Sequence[tuple[str, str]], current: str | None = None
    ) -> None:
        """Show the chosen item and its situations as (code, name)."""
        fee = (
            "<br>" + self.tr("收费 {amount}，缴费后办理").format(amount=amount_text(item.fee_cents))
            if item.fee_cents
            else ""
        )
        self.chosen.setText(
            f"<b>{escape(item.name)}</b><br>{escape(item.department)} · {escape(item.code)}{fee}"
        )
        self.situation.blockSignals(True)
        self.situation.clear()
        for code, name in situations:
            self.situation.addItem(name, code)
        index = self.situation.findData(current) if current else 0
        self.situation.setCurrentIndex(max(index, 0))
        self.situation.blockSignals(False)
        self.situation.setEnabled(len(situations) > 1)
        self._show_situation(True)

    def show_bundle(self, bundle: Any) -> None:
        """Show the chosen 一件事 bundle; each member's situation is chosen in the bundle's
        panel, not here."""
        self.chosen.setText(
            f"<b>{escape(self.tr('「一件事」') + bundle.name)}</b><br>"
            f"{escape(bundle.description)} · {escape(bundle.code)}"
        )
        self.situation.clear()
        self._show_situation(False)

    def _show_situation(self, shown: bool) -> None:
        self.situation_label.setVisible(shown)
        self.situation.setVisible(shown)

    def clear(self) -> None:
        self.query.clear()
        self.chosen.setText(self.tr("尚未选择事项"))
        self.situation.clear()
        self._show_situation(True)
        self._show(self._recent, recent=True)
