"""Small widgets every screen builds the same way.

The login screen uses ``error_label`` before the window's first frame, so importing this
module must not touch the ``Qt`` namespace (its first use builds all of its enums: ~15 ms of
CPU), the item views, key sequences and shortcuts (~3 ms more) nor the case states' labels
(the domain modules behind them): the helpers that need them import them when called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.dialog_lifetime import delete_on_close

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QDateEdit, QListWidget, QMessageBox, QTableView, QTableWidget

# The result of a dialog the idle lock or a sign-out closed (not the person at the counter):
# what follows a dialog closed by hand (the evaluation after the preview) does not follow it.
CLOSED_FOR_LOCK = 2


# Qt::PlainText, set by its number: naming the enum builds the ``Qt`` namespace (see above).
_PLAIN_TEXT = 0


def show_as_text(widget: QLabel | QMessageBox) -> None:
    """Show ``widget``'s text as it is, never as Qt rich text. By default a label or a message
    box renders a string that looks like HTML: a name, a catalog text, a notice, a reason or
    an error quoting input would then show a 200 px font, load an image from a file, offer a
    link, or hide the very characters the clerk must read."""
    widget.setProperty("textFormat", _PLAIN_TEXT)


def data_label(text: str = "") -> QLabel:
    """A label for text that comes from data (see ``show_as_text``)."""
    label = QLabel(text)
    show_as_text(label)
    return label


def data_tooltip(text: str) -> str:
    """``text`` (data) as a tooltip shows it as it is. A tooltip is rich text when it looks
    like it, so such text goes as escaped HTML; other text goes as it is (escaped text that
    no longer looks rich would show its entities, and a plain tooltip keeps its own layout)."""
    from PySide6.QtGui import Qt

    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text


def error_label() -> QLabel:
    """A hidden, wrapping label styled as an error (``#errorText`` in style.qss); its text is
    shown as it is (an error may quote what was typed or sent)."""
    label = data_label()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.hide()
    return label


def password_rule_label(min_length: int) -> QLabel:
    """The password rule under a form that takes a new password: the core's words, as its
    refusal says them, in the interface language."""
    from counter_app.domain.staff import password_rule
    from ui.i18n import current_lang

    zh, en = password_rule(min_length)
    label = QLabel(en if current_lang() == "en" else zh)
    label.setWordWrap(True)
    return label


def close_dialogs(root: QWidget) -> None:
    """Close every open dialog under ``root`` (case detail, sync details, print preview,
    approvals, messages) with ``CLOSED_FOR_LOCK``, so nothing that shows case data stays on
    screen for whoever comes to the counter next. Innermost first: a dialog running its own
    event loop (``exec``) must end it itself, not just vanish with its parent."""
    for dialog in reversed(root.findChildren(QDialog)):
        if dialog.isVisible():
            dialog.done(CLOSED_FOR_LOCK)


def ok_cancel_buttons(ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """OK and Cancel with the caller's (translated) labels."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return buttons


class FormText(QPlainTextEdit):
    """A dialog's free-text field (a reason, a legal basis) the keyboard can leave: Tab moves
    on instead of typing a tab, Return and Ctrl+Return press the dialog's default button as
    they do in its one-line fields; Shift+Return starts a new line on purpose. With
    ``lines`` (the MRZ's lines, a scanner's Returns between them) Return starts a new line
    and only Ctrl+Return presses the button. ``text()`` is what was typed, trimmed."""

    def __init__(self, name: str, max_height: int, *, lines: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setMaximumHeight(max_height)
        self.setTabChangesFocus(True)
        self.lines = lines

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # the Qt namespace loads after the login's first paint

        ctrl = Qt.KeyboardModifier.ControlModifier
        presses = (ctrl,) if self.lines else (ctrl, Qt.KeyboardModifier.NoModifier)
        held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # Enter: the keypad's
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and held in presses:
            self._press_default()
            return
        super().keyPressEvent(event)

    def _press_default(self) -> None:
        # As QDialog finds it for Return in a line edit (its own lookup is not public).
        dialog = self.window()
        for button in dialog.findChildren(QPushButton):
            if button.window() is dialog and button.isDefault() and button.isVisible():
                if button.isEnabled():
                    button.click()
                return

    def text(self) -> str:
        """What was typed, trimmed (a tab pasted in reads as a space)."""
        return self.toPlainText().replace("\t", " ").strip()


def ask_yes_no(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    *,
    answers: tuple[str, str],
    on_yes: Callable[[], None],
    warning: bool = False,
) -> QMessageBox:
    """Ask before an action a person may not mean: a window-modal question (object name
    ``name``) with the caller's translated ``answers`` (yes, no), No the default (Enter does
    nothing it cannot undo); ``on_yes`` runs once Yes is pressed and the box is closed.
    Returned open, for tests."""
    from PySide6.QtWidgets import QMessageBox

    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = delete_on_close(QMessageBox(icon, title, text, yes | no, parent))
    show_as_text(box)  # a question may name a person or quote a catalog text
    box.setObjectName(name)
    box.button(yes).setText(answers[0])
    box.button(no).setText(answers[1])
    box.setDefaultButton(no)

    def answered(_result: int) -> None:
        # From the event loop once the box is done, not inside its own ``finished``: the box
        # is deleted once closed, and an event loop ``on_yes`` runs (a dialog's ``exec``)
        # may run that deletion while this handler still runs.
        if box.clickedButton() is box.button(yes):
            QTimer.singleShot(0, parent, on_yes)

    box.finished.connect(answered)
    box.open()
    return box


def send_to_supervisor_button(buttons: QDialogButtonBox, text: str, tooltip: str) -> QPushButton:
    """The F4 button of an approval dialog that sends the request to the hall's supervisors
    instead (请求值班长审批), added to ``buttons`` with the caller's translated texts."""
    from PySide6.QtGui import QKeySequence

    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
    button.setObjectName("sendToSupervisor")
    button.setShortcut(QKeySequence("F4"))
    button.setToolTip(tooltip)
    return button


def checkable_list(entries: Iterable[tuple[str, str]]) -> QListWidget:
    """``(code, text)`` entries, each checked (Space toggles one), the first one current:
    what the applicant brought, for the clerk to untick what is missing."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    widget = QListWidget()
    for code, text in entries:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    widget.setCurrentRow(0)
    return widget


def checked_codes(widget: QListWidget) -> list[str]:
    """The codes of a ``checkable_list``'s checked entries, in order."""
    from PySide6.QtCore import Qt

    items = (widget.item(row) for row in range(widget.count()))
    return [
        str(item.data(Qt.ItemDataRole.UserRole))
        for item in items
        if item.checkState() == Qt.CheckState.Checked
    ]


def search_field(name: str, placeholder: str) -> QLineEdit:
    """A list screen's search box (Ctrl+F focuses it), with the caller's translated hint."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field


def state_filter(name: str, every_state: str) -> QComboBox:
    """A case state filter: ``every_state`` (no filter, data ``None``), then every state by
    its label (data: the state's value)."""
    from ui.labels import state_labels

    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(every_state, None)
    for state, label in state_labels().items():
        combo.addItem(label, state.value)
    return combo


def list_table(model: QAbstractItemModel, name: str, free: Sequence[int]) -> QTableView:
    """A read-only list of rows (cases, the hall queue): whole rows selected one at a time,
    every column sized to its content but the ``free`` text ones, which share the rest
    (``ui.column_fit``)."""
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    from ui.column_fit import ColumnFit

    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    ColumnFit(table, free)  # owned by the table
    return table


SEARCH_DEBOUNCE_MS = 250


def record_table(
    name: str, headers: list[str], free: Sequence[int] = (), *, wrap: bool = False
) -> QTableWidget:
    """A read-only list of records: whole rows selected one at a time, no row numbers, every
    column sized to its content but the ``free`` text ones (default: the last), which share
    the rest, elided on one line or, with ``wrap``, wrapped whole (``ui.column_fit``)."""
    from PySide6.QtWidgets import QAbstractItemView, QTableWidget

    from ui.column_fit import ColumnFit

    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    ColumnFit(table, free or (len(headers) - 1,), wrap=wrap)  # owned by the table
    return table


def refresh_on_f5(screen: QWidget, refresh: Callable[[], None]) -> None:
    """F5 refreshes ``screen`` while it or a widget inside it has the focus (each tab has its
    own: the window-wide F5 is the intake's 受理)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut

    shortcut = QShortcut(QKeySequence("F5"), screen)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(refresh)


def search_as_typed(query: QLineEdit, refresh: Callable[[], None], parent: QWidget) -> QTimer:
    """Run ``refresh`` once typing in ``query`` pauses (and at once on Enter)."""
    debounce = QTimer(parent)
    debounce.setSingleShot(True)
    debounce.setInterval(SEARCH_DEBOUNCE_MS)
    debounce.timeout.connect(refresh)
    query.textEdited.connect(lambda _t: debounce.start())
    query.returnPressed.connect(refresh)
    return debounce


def day_edit(name: str, day: date) -> QDateEdit:
    """A hall day chooser (``yyyy-MM-dd``, with a calendar) showing ``day``."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    from counter_app.domain.hall_time import FIRST_HALL_DAY, LAST_HALL_DAY

    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    first, last = (QDate(d.year, d.month, d.day) for d in (FIRST_HALL_DAY, LAST_HALL_DAY))
    edit.setDateRange(first, last)
    show_day(edit, day)
    return edit


def show_day(edit: QDateEdit, day: date) -> None:
    from PySide6.QtCore import QDate

    edit.setDate(QDate(day.year, day.month, day.day))


def chosen_day(edit: QDateEdit) -> date:
    """The day ``edit`` shows."""
    return date.fromisoformat(edit.date().toString("yyyy-MM-dd"))
