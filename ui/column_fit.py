"""Columns that show their whole text where the table has room, and give way where it has
not: on a 1920 px screen a supervisor reads whole case numbers and states; at 1366 px they
keep a set width (elided, the whole text in the tooltip) so the stretched column (the
item's name, a note) stays readable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

# What the stretched column keeps before the fitted columns give way.
STRETCH_MIN_WIDTH = 220


class ColumnFit(QObject):
    """Fits ``widths`` (column → its set width) of ``table``: each takes its content's width
    when all of them fit beside the other columns and ``STRETCH_MIN_WIDTH`` for the stretched
    one, else its set width. Refitted when the table is resized or its rows change."""

    def __init__(self, table: QTableView, widths: dict[int, int]) -> None:
        super().__init__(table)
        self.table = table
        self.widths = widths
        header = table.horizontalHeader()
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        # Once per turn of the event loop, however many rows were just set.
        self.pending = QTimer(self)
        self.pending.setSingleShot(True)
        self.pending.setInterval(0)
        self.pending.timeout.connect(self.fit)
        model = table.model()
        for changed in (model.modelReset, model.rowsInserted, model.dataChanged):
            changed.connect(self.pending.start)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.pending.start()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        count = header.count()
        stretched = {
            column
            for column in range(count)
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
        }
        if header.stretchLastSection():
            stretched.add(count - 1)
        others = sum(
            header.sectionSize(column)
            for column in range(count)
            if column not in self.widths
            and column not in stretched
            and not header.isSectionHidden(column)
        )
        wanted = {
            column: max(width, self.table.sizeHintForColumn(column))
            for column, width in self.widths.items()
        }
        room = self.table.viewport().width() - others - STRETCH_MIN_WIDTH
        roomy = sum(wanted.values()) <= room
        for column, width in self.widths.items():
            header.resizeSection(column, wanted[column] if roomy else width)
