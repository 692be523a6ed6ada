"""A list's columns sized to what they hold.

A case number, a date, a state or a count shows whole, always: a case number cut in its
middle names no case. The free-text columns (an item's name, a note, the platform's reason)
share the room the others leave, each as wide as its text while the room lasts, then evenly,
on one line elided at the right, the whole text in the tooltip; the room left over goes to
the rightmost of them, so the table has no gap.

Where even that leaves a free-text column less than ``FREE_MIN_WIDTH`` (English at 1366 px
beside the training hall's card tray), a whole column of several words whose width comes
from a few long cells (a rare state, "Accepted, materials deferred") wraps them onto more
lines, down to its widest word and to the width most of its cells need: still whole, only
those rows taller. A case number (one word) never narrows; a window narrower than all that
scrolls sideways.

A fit reads each cell's text once and measures it with the font: only the widest cell of a
column is sized by its delegate, and only a row with a wrapped cell by its cells, so two
hundred rows refit within a frame. A hidden table is fitted when it is shown."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median_low

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from ui.widgets import data_tooltip

# A free-text column is never narrower: a few words of it stay readable.
FREE_MIN_WIDTH = 90
# A cell's text margins (Qt's item delegate): a text this much narrower than its cell fits.
TEXT_MARGINS = 10


def free_widths(room: int, wanted: dict[int, int]) -> dict[int, int]:
    """``wanted`` (free column → its text's width) fitted into ``room``: the narrowest take
    what they want while each still gets its even share, the others share what remains
    evenly (never under ``FREE_MIN_WIDTH``); when all fit, the rightmost takes the rest."""
    widths: dict[int, int] = {}
    rest = sorted(wanted, key=lambda column: wanted[column])
    while rest:
        share = room // len(rest)
        if wanted[rest[0]] > share:
            widths.update((column, max(share, FREE_MIN_WIDTH)) for column in rest)
            return widths
        column = rest.pop(0)
        widths[column] = wanted[column]
        room -= wanted[column]
    if widths:
        widths[max(widths)] += room
    return widths


def wrapped_widths(short: int, whole: dict[int, tuple[int, int]]) -> dict[int, int]:
    """The whole columns' widths once ``short`` pixels are taken from them: ``whole`` is
    column → (its content's width, the narrowest it wraps to). The widest give first, all
    down to one level, none under its narrowest."""

    def at(level: int) -> dict[int, int]:
        return {c: min(width, max(level, narrowest)) for c, (width, narrowest) in whole.items()}

    taken = sum(width for width, _narrowest in whole.values())
    low, high = 0, max((width for width, _narrowest in whole.values()), default=0)
    while low < high:  # the highest level that takes ``short``, or the lowest there is
        level = (low + high + 1) // 2
        if taken - sum(at(level).values()) >= short:
            low = level
        else:
            high = level - 1
    return at(low)


class FreeText(QStyledItemDelegate):
    """A free-text cell: one line, elided at the right; its tooltip the whole text when it
    is elided and the cell has no tooltip of its own."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideRight

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.data(Qt.ItemDataRole.ToolTipRole) is None:
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if option.fontMetrics.horizontalAdvance(text) + TEXT_MARGINS > option.rect.width():
                QToolTip.showText(event.globalPos(), data_tooltip(text), view)
                return True
        return super().helpEvent(event, view, option, index)


class ColumnFit(QObject):
    """Sizes ``table``'s columns: ``free`` share the room, every other column shows whole
    (see the module). ``wrap``: the free text wraps, whole, every row as tall as its text
    (a case's history), not elided on one line. Refitted when the table is resized or its
    rows change."""

    def __init__(self, table: QTableView, free: Sequence[int], *, wrap: bool = False) -> None:
        super().__init__(table)
        self.table = table
        self.free = tuple(free)
        self.wrap = wrap
        self.rows_grown = False  # a whole column wraps, some rows are taller
        self.unfitted = False  # rows were set while the table was hidden
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if not wrap:
            delegate = FreeText(table)
            for column in self.free:
                table.setItemDelegateForColumn(column, delegate)
        # Once per turn of the event loop, however many rows were just set.
        self.pending = QTimer(self)
        self.pending.setSingleShot(True)
        self.pending.setInterval(0)
        self.pending.timeout.connect(self.fit)
        model = table.model()
        for changed in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            changed.connect(self.pending.start)
        model.dataChanged.connect(self.pending.start)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only a change of width moves the columns (a scroll bar showing takes height only).
        widened = (
            isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width()
        )
        if widened or (event.type() == QEvent.Type.Show and self.unfitted):
            self.pending.start()
        return False

    def fit(self) -> None:
        if not self.table.isVisible():  # rows set in a hidden tab: fitted when it shows
            self.unfitted = True
            return
        self.unfitted = False
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        texts = {c: self._texts(c) for c in shown}
        whole = {c: self._content_width(c, texts[c]) for c in shown if c not in self.free}
        wanted = {c: self._content_width(c, texts[c]) for c in shown if c in self.free}
        room = self.table.viewport().width()
        short = sum(whole.values())
        short += sum(min(width, FREE_MIN_WIDTH) for width in wanted.values()) - room
        widths = (
            wrapped_widths(
                short,
                {c: (width, self._narrowest(c, width, texts[c])) for c, width in whole.items()},
            )
            if short > 0
            else whole
        )
        widths |= free_widths(room - sum(widths.values()), wanted)
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        if self.wrap:
            self.table.resizeRowsToContents()
        elif short > 0 or self.rows_grown:
            narrowed = {c: widths[c] for c in whole if widths[c] < whole[c]}
            self._fit_rows({c: texts[c] for c in narrowed}, narrowed)
            self.rows_grown = short > 0

    def _texts(self, column: int) -> list[str]:
        model = self.table.model()
        return [
            str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole) or "")
            for row in range(model.rowCount())
        ]

    def _content_width(self, column: int, texts: list[str]) -> int:
        """The width ``column`` shows whole at: its heading's, or its widest cell's as its
        delegate sizes it (the view's ``sizeHintForColumn`` asks the delegate of every row)."""
        table = self.table
        width = table.horizontalHeader().sectionSizeHint(column)
        if texts:
            metrics = table.fontMetrics()
            advances = {text: metrics.horizontalAdvance(text) for text in set(texts)}
            widest = texts.index(max(advances, key=advances.__getitem__))
            cell = table.sizeHintForIndex(table.model().index(widest, column)).width()
            width = max(width, cell + (1 if table.showGrid() else 0))  # as the view counts
        return width

    def _narrowest(self, column: int, content: int, texts: list[str]) -> int:
        """The narrowest a whole column wraps to: its widest word, the width most of its
        cells need, its heading's; never wider than its ``content`` (its whole width)."""
        metrics = self.table.fontMetrics()
        words = [metrics.horizontalAdvance(word) for text in texts for word in text.split()]
        cells = [metrics.horizontalAdvance(text) for text in texts]
        narrowest = max([*words, median_low(cells) if cells else 0]) + TEXT_MARGINS
        heading = self.table.horizontalHeader().sectionSizeHint(column)
        return min(content, max(narrowest, heading))

    def _fit_rows(self, texts: dict[int, list[str]], widths: dict[int, int]) -> None:
        """Rows as tall as a wrapped cell needs, the others as tall as rows are: ``widths``
        are the whole columns narrowed to wrap, ``texts`` their cells'."""
        rows, metrics = self.table.verticalHeader(), self.table.fontMetrics()
        for row in range(self.table.model().rowCount()):
            height = rows.defaultSectionSize()
            if any(
                metrics.horizontalAdvance(texts[c][row]) + TEXT_MARGINS > width
                for c, width in widths.items()
            ):
                height = max(height, self.table.sizeHintForRow(row))
            if rows.sectionSize(row) != height:
                rows.resizeSection(row, height)
