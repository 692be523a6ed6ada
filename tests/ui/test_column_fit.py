"""A list's columns (ui/column_fit.py): a case number and a state show whole at any width the
hall's screens give; the free text shares what is left, elided at the right; short of room,
a long state wraps onto more lines rather than being cut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTableWidget, QTableWidgetItem

from ui.column_fit import FREE_MIN_WIDTH, free_widths, wrapped_widths
from ui.widgets import record_table

NUMBER = "310104-TRAIN-W01-BC6717CF-20261207-0010"
ROWS = [
    (NUMBER, "Accepted", "上海市居住证卡补领、换领"),
    (NUMBER, "Accepted", "老年综合津贴申领"),
    (NUMBER, "Accepted, materials deferred", "残疾人证换领（全市通办）"),
]


def shown(qtbot, width: int) -> QTableWidget:
    """The rows in a list ``width`` pixels wide, its columns fitted."""
    table = record_table("fitted", ["Case number", "State", "Service item"])
    qtbot.addWidget(table)
    table.setRowCount(len(ROWS))
    for row, values in enumerate(ROWS):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(text))
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    qtbot.waitUntil(lambda: whole(table, 0))  # fitted: the case number shows whole
    return table


def whole(table: QTableWidget, column: int) -> bool:
    return table.horizontalHeader().sectionSize(column) >= table.sizeHintForColumn(column)


def test_with_room_every_column_is_whole_and_the_free_text_takes_the_rest(qtbot) -> None:
    table = shown(qtbot, 1000)
    header = table.horizontalHeader()
    assert all(whole(table, column) for column in range(3))
    assert header.length() == table.viewport().width()  # no gap, no scrolling
    rows = {table.rowHeight(row) for row in range(len(ROWS))}
    assert len(rows) == 1  # nothing wrapped


def test_short_of_room_the_free_text_is_elided_and_the_case_number_stays_whole(qtbot) -> None:
    table = shown(qtbot, 520)
    header = table.horizontalHeader()
    assert whole(table, 0)
    assert header.sectionSize(2) < table.sizeHintForColumn(2)
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(2).initStyleOption(option, table.model().index(0, 2))
    assert option.textElideMode == Qt.TextElideMode.ElideRight
    assert not option.features & QStyleOptionViewItem.ViewItemFeature.WrapText


def test_shorter_still_a_long_state_wraps_whole_and_only_its_row_grows(qtbot) -> None:
    table = shown(qtbot, 440)
    header = table.horizontalHeader()
    assert whole(table, 0)
    state = header.sectionSize(1)
    metrics = table.fontMetrics()
    assert metrics.horizontalAdvance("Accepted, materials deferred") > state
    assert state >= metrics.horizontalAdvance("materials")  # never narrower than a word
    assert header.sectionSize(2) >= FREE_MIN_WIDTH
    assert table.rowHeight(2) > table.rowHeight(0) == table.rowHeight(1)


def test_free_columns_share_the_room_the_narrowest_first() -> None:
    assert free_widths(300, {3: 50, 5: 400}) == {3: 50, 5: 250}
    assert free_widths(500, {3: 50, 5: 100}) == {3: 50, 5: 450}  # the rightmost the rest
    assert free_widths(100, {3: 300, 5: 400}) == {3: FREE_MIN_WIDTH, 5: FREE_MIN_WIDTH}


def test_whole_columns_give_from_the_widest_never_under_their_narrowest() -> None:
    whole_columns = {0: (300, 300), 1: (180, 70), 2: (120, 60), 3: (60, 60)}
    assert wrapped_widths(100, whole_columns) == {0: 300, 1: 100, 2: 100, 3: 60}
    assert wrapped_widths(1000, whole_columns) == {0: 300, 1: 70, 2: 60, 3: 60}
