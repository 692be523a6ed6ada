"""A focus-following scroll area: laid out as its content where that fits, scrolled to the
focused field where it does not, and no Tab stop of its own."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from tests.ui.conftest import activate
from ui.focus_scroll import FocusScrollArea


def column(count: int) -> tuple[QWidget, list[QLineEdit]]:
    content = QWidget()
    layout = QVBoxLayout(content)
    fields = [QLineEdit(f"field {n}") for n in range(count)]
    for field in fields:
        layout.addWidget(field)
    return content, fields


def test_tab_brings_each_field_into_view_and_only_the_fields_take_focus(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    content, fields = column(12)
    area = FocusScrollArea(content)
    QVBoxLayout(window).addWidget(area)
    window.resize(300, 160)
    window.show()
    activate(qtbot, window)
    fields[0].setFocus()
    for field in fields[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert field.hasFocus()  # the area itself is no stop between two fields
        place = QRect(field.mapTo(area.viewport(), QPoint(0, 0)), field.size())
        assert area.viewport().rect().contains(place)
    assert area.verticalScrollBar().value() > 0


def test_where_the_content_fits_the_area_takes_its_size(qtbot) -> None:
    content, _fields = column(3)
    area = FocusScrollArea(content)
    qtbot.addWidget(area)
    assert area.sizeHint() == content.sizeHint()
    area.resize(area.sizeHint())
    area.show()
    assert area.verticalScrollBar().maximum() == 0 and content.size() == area.viewport().size()
