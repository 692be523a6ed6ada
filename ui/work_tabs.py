"""The work area's tabs: each tab's name and shortcut, defined once here (the window binds
its keys from the same ``WorkTab``), and ``WorkTabs``, which labels every tab with its
shortcut hint while the whole row fits and with its name alone when it does not, and a
tab that has things waiting with their count: "审批 (2) [Ctrl+7]", written alike in every
language and on every tab (the key in brackets, as the intake's sections name theirs)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTabWidget, QWidget

# Linguist's context of the names, spelled out in each ``QT_TRANSLATE_NOOP`` too: lupdate
# reads literals only. (``str()`` there only tells mypy what PySide6's stub calls ``object``.)
CONTEXT = "work_tabs"


class WorkTab(NamedTuple):
    """``name``: the Chinese source text, translated when shown; ``shortcut``: the key that
    opens the tab, as ``QKeySequence`` reads it ("" for a tab without one)."""

    name: str
    shortcut: str = ""

    def shown_name(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.name)

    def label(self, *, with_hint: bool, count: int = 0) -> str:
        """With the hint, "容缺到期 [Ctrl+D]"; without, "容缺到期"; with a ``count`` of
        things waiting, "审批 (2) [Ctrl+7]"."""
        parts = [self.shown_name()]
        if count:
            parts.append(f"({count})")
        if with_hint and self.shortcut:
            parts.append(f"[{self.shortcut}]")
        return " ".join(parts)

    def tooltip(self) -> str:
        """Names the shortcut, "容缺到期 — Ctrl+D": at hand when the label has no room for it."""
        return f"{self.shown_name()} — {self.shortcut}" if self.shortcut else self.shown_name()


INTAKE = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "受理")), "Ctrl+1")
CASES = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "案件")), "Ctrl+2")
SETTINGS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "设置")), "Ctrl+3")
DEFERRALS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "容缺到期")), "Ctrl+D")
HALL_QUEUE = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "大厅队列")), "Ctrl+4")
END_OF_DAY = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "日结")), "Ctrl+5")
NOTICES = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "通知")), "Ctrl+6")
APPROVALS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "审批")), "Ctrl+7")
PROBLEMS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "问题办件")), "Ctrl+8")
FOLLOWUPS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "好差评")), "Ctrl+E")
STATISTICS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "统计")), "Ctrl+T")
ELICENCE_TASKS = WorkTab(str(QT_TRANSLATE_NOOP("work_tabs", "电子证照核验")), "Ctrl+9")


class WorkTabs(QTabWidget):
    """An administrator's dozen tabs with their hints need about 1,260 px (1,460 in
    English); the hall PCs' screens are mostly 1,366 px wide, less the training hall's card
    tray. Rather than scroll the first tabs out of sight, every label drops its hint while
    the row with hints would not fit; the tooltips keep the shortcuts. The names alone fit
    beside the card tray at 1366 px (about 950 px in English, of 1,130); Qt's scroll arrows
    are left for a window narrower than any hall's screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hinted_width = 0  # the tab row's width with every hint shown
        self.counts: dict[QWidget, int] = {}  # things waiting, by screen (``set_count``)

    def add_tab(self, screen: QWidget, tab: WorkTab) -> None:
        index = self.addTab(screen, tab.label(with_hint=True))
        self.setTabToolTip(index, tab.tooltip())
        self.tabBar().setTabData(index, tab)
        self._measure()

    def set_count(self, screen: QWidget, count: int) -> None:
        """Show on ``screen``'s tab how many things wait there (0: none, no count); a
        screen whose tab is gone (signed out, its answer late) is ignored."""
        if self.indexOf(screen) >= 0 and self.counts.get(screen, 0) != count:
            self.counts[screen] = count
            self._measure()

    def tabRemoved(self, index: int) -> None:
        super().tabRemoved(index)
        shown = {self.widget(i) for i in range(self.count())}
        self.counts = {screen: n for screen, n in self.counts.items() if screen in shown}
        self._measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _measure(self) -> None:
        """Lay the row out with every hint once to learn its width, then pick the labels."""
        bar = self.tabBar()
        bar.ensurePolished()  # the style sheet's font, even while the tabs are not shown
        self._show_labels(with_hints=True)
        self.hinted_width = bar.sizeHint().width()
        self._fit()

    def _fit(self) -> None:
        self._show_labels(with_hints=self.hinted_width <= self.width())

    def _show_labels(self, *, with_hints: bool) -> None:
        bar = self.tabBar()
        for index in range(bar.count()):
            tab: WorkTab = bar.tabData(index)  # every tab comes through ``add_tab``
            screen = self.widget(index)
            count = self.counts.get(screen, 0) if screen is not None else 0
            label = tab.label(with_hint=with_hints, count=count)
            if bar.tabText(index) != label:  # each change lays the row out again
                bar.setTabText(index, label)
