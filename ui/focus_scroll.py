"""A scroll area for part of a screen that may not fit a small or scaled screen (1920×1080 at
200 %, 1366×768 at 150 %): it keeps the focused widget in view, so a keyboard-only clerk
never types into a field scrolled out of sight, and it is invisible where its content fits."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

# Room kept round a focused widget brought into view: its frame and focus ring show too.
FOCUS_MARGIN = 8


class FocusScrollArea(QScrollArea):
    """Holds ``content`` at the viewport's size while that is at least the content's least
    size (so a layout around it lays out as if the content stood there itself: its size hint
    is the content's) and scrolls below it; no frame, no stop of its own in the Tab order,
    which stays the content's, and no keys of its own."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(content)
        # The page shows through, as where the content stood itself (setWidget fills it).
        content.setAutoFillBackground(False)
        self.viewport().setAutoFillBackground(False)
        self.setSizePolicy(content.sizePolicy())
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._show_focused)

    def sizeHint(self) -> QSize:
        content = self._content
        hint = content.sizeHint()
        if content.hasHeightForWidth():
            # Wrapped lines (an item's department and code, a chip's provenance) take the
            # height they need at the width the content has here, as in a layout of its own.
            width = max(self.viewport().width(), content.minimumSizeHint().width())
            hint.setHeight(content.heightForWidth(width))
        return hint

    def viewportEvent(self, event: QEvent) -> bool:
        # The content's new size asks its parent, the viewport, for a layout: this area's
        # size hint is the content's, so the layout around it asks again.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._fit_content()
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_content()
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped at another width, the content needs another height

    def _fit_content(self) -> None:
        """The content at the viewport's size, but never below its least size at that width:
        a resizable QScrollArea would hold wrapped lines' content at its preferred height
        and scroll where the content, squeezed a little, still fits (the evaluation step at
        1366×768)."""
        content = self._content
        room = self.viewport().size()
        width = max(room.width(), content.minimumSizeHint().width())
        layout = content.layout()
        least = (
            layout.minimumHeightForWidth(width)
            if layout is not None and layout.hasHeightForWidth()
            else content.minimumSizeHint().height()
        )
        content.resize(width, max(room.height(), least))
        # A banner shown or a panel grown above the focused field moves it: keep it in view.
        self._show_focused(None, QApplication.focusWidget())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # An arrow or Page key a field leaves unused goes on to the screen (the evaluation
        # step moves its frame with the arrows): this area scrolls with the focus only.
        event.ignore()

    def focusNextPrevChild(self, next: bool) -> bool:
        # QScrollArea's own would then scroll the new focus to 50 px from the edge, undoing
        # what the focus change has just shown.
        return QWidget.focusNextPrevChild(self, next)

    def _show_focused(self, _old: QWidget | None, child: QWidget | None) -> None:
        """Scroll the newly focused ``child``, when inside the content, into view: whole
        when it fits the viewport, else the part the keyboard works in (a text cursor, a
        table's current cell)."""
        if child is None or not self._content.isAncestorOf(child):
            return
        place = QRect(child.mapTo(self._content, QPoint(0, 0)), child.size())
        room = self.viewport().size()
        if place.width() + 2 * FOCUS_MARGIN <= room.width() and (
            place.height() + 2 * FOCUS_MARGIN <= room.height()
        ):
            centre = place.center()
            self.ensureVisible(
                centre.x(),
                centre.y(),
                place.width() // 2 + FOCUS_MARGIN,
                place.height() // 2 + FOCUS_MARGIN,
            )
        else:
            self.ensureWidgetVisible(child, FOCUS_MARGIN, FOCUS_MARGIN)
