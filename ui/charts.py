"""Bar charts painted with QPainter (Qt Charts is an add-on the installer does not carry): the
statistics tab's cases per hour, per window, decisions, items and its distributions.

Every bar carries its value as text, and the chart's accessible description lists every
category with its value: what is drawn can be read without the picture (a screen reader,
a test, a supervisor reading figures aloud).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

_MARGIN = 8
_GAP = 4


class BarChart(QWidget):
    """Bars of ``(label, value)``: vertical (categories along the bottom, for hours and
    durations) or horizontal (categories down the side, for names)."""

    def __init__(
        self, title: str, *, horizontal: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.bars: tuple[tuple[str, int], ...] = ()
        self.empty_text = self.tr("无数据")
        self.setAccessibleName(title)
        self.setAccessibleDescription(self.empty_text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self.bars = tuple(bars)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {value}" for label, value in self.bars) or self.empty_text
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        if self.horizontal:
            return QSize(420, line * 2 + max(1, len(self.bars)) * (line + _GAP) + 2 * _MARGIN)
        return QSize(420, line * 10)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        rows = max(1, len(self.bars)) if self.horizontal else 6
        return QSize(240, line * 2 + rows * (line + _GAP) + 2 * _MARGIN)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
            area = QRectF(self.rect()).adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
            title_font = QFont(self.font())
            title_font.setBold(True)
            painter.setFont(title_font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            title_height = QFontMetrics(title_font).height()
            painter.drawText(
                area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.title
            )
            area.setTop(area.top() + title_height + _GAP)
            painter.setFont(self.font())
            if not any(value for _, value in self.bars):
                painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            elif self.horizontal:
                self._paint_horizontal(painter, area)
            else:
                self._paint_vertical(painter, area)
        finally:
            painter.end()

    def _paint_horizontal(self, painter: QPainter, area: QRectF) -> None:
        metrics = self.fontMetrics()
        top = max(value for _, value in self.bars)
        # Room for the longest name (a pixel more: advances are fractional), at most 45 %.
        label_width = min(
            area.width() * 0.45,
            max(metrics.horizontalAdvance(label) for label, _ in self.bars) + 2.0,
        )
        value_width = metrics.horizontalAdvance(str(top)) + _GAP
        room = max(1.0, area.width() - label_width - value_width - 2 * _GAP)
        row = min(float(metrics.height() + _GAP), area.height() / len(self.bars))
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        text = self.palette().color(QPalette.ColorRole.Text)
        for index, (label, value) in enumerate(self.bars):
            y = area.top() + index * row
            painter.setPen(text)
            name = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width))
            painter.drawText(
                QRectF(area.left(), y, label_width, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            length = room * value / top
            x = area.left() + label_width + _GAP
            painter.fillRect(QRectF(x, y + 1, length, row - 2), bar)
            painter.drawText(
                QRectF(x + length + _GAP, y, value_width, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )

    def _paint_vertical(self, painter: QPainter, area: QRectF) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        top = max(value for _, value in self.bars)
        plot = area.adjusted(0, line, 0, -line - _GAP)  # value labels above, categories below
        slot = area.width() / len(self.bars)
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        text = self.palette().color(QPalette.ColorRole.Text)
        painter.setPen(text)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for index, (label, value) in enumerate(self.bars):
            x = area.left() + index * slot
            height = plot.height() * value / top
            painter.fillRect(
                QRectF(x + slot * 0.15, plot.bottom() - height, slot * 0.7, height), bar
            )
            if value:
                painter.drawText(
                    QRectF(x, plot.bottom() - height - line, slot, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(value),
                )
            painter.drawText(
                QRectF(x, plot.bottom() + _GAP, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)),
            )
