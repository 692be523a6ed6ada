"""The supervisor's statistics tab: a period (today, this week, or chosen days) and the whole
hall's charts, cases per hour and per window, decisions, top items, handling time (card read
to decision), 好差评 and sync delay, with the 一件事 bundles decided (their cases counted in
the charts as any case is); exported as CSV.

The figures are read on the worker (``CoreFacade.statistics``); the charts are ``BarChart``s,
each bar labelled with its value. They say when they were read (统计时间) and are read again
whenever the tab is shown or a sync run reports while it is shown, if a case or the hall
queue feed changed since."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.services.end_of_day import BUNDLE_FIGURE
from counter_app.services.statistics import DECISION_STATES, InvalidPeriod, Period
from ui import shown_fresh
from ui.charts import BarChart
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text, in_language
from ui.labels import state_labels
from ui.widgets import chosen_day, data_label, day_edit, refresh_on_f5, show_day

if TYPE_CHECKING:
    from counter_app.services.statistics import Durations, Statistics
    from ui.window_session import Session

TODAY, THIS_WEEK, CHOSEN_DAYS = "today", "week", "days"


class StatisticsScreen(shown_fresh.ShownFreshScreen):
    """Emits ``loaded`` after each period's figures arrived and ``exported(path)`` after a
    CSV was written (tests wait on them)."""

    loaded = Signal()
    exported = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statistics")
        self.session = session
        layout = QVBoxLayout(self)
        layout.addLayout(self._period_row())
        self.summary = data_label()
        self.summary.setObjectName("statsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.bundles = data_label()  # the period's 一件事, shown for a period with any
        self.bundles.setObjectName("statsBundles")
        self.bundles.setWordWrap(True)
        self.bundles.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bundles.hide()
        layout.addWidget(self.bundles)
        self.per_hour = BarChart(self.tr("每小时办件"))
        self.per_window = BarChart(self.tr("各窗口办件"), horizontal=True)
        self.decisions = BarChart(self.tr("受理决定"), horizontal=True)
        self.top_items = BarChart(self.tr("热门事项"), horizontal=True)
        self.handling = BarChart(self.tr("办理时长，分钟（读卡至决定）"))
        self.ratings = BarChart(self.tr("好差评"))
        self.sync_delay = BarChart(self.tr("同步延迟，分钟（受理至平台确认）"))
        charts = QWidget()
        grid = QGridLayout(charts)
        for index, chart in enumerate(self.charts()):
            grid.addWidget(chart, index // 2, index % 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        layout.addWidget(scroll, 1)
        self.stats: Statistics | None = None
        self.dialog: QFileDialog | None = None
        self.requested = 0
        self._show_period()  # read when the tab is first shown
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.first.dateChanged.connect(lambda _d: self.refresh())
        self.last.dateChanged.connect(lambda _d: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.ask_export)
        refresh_on_f5(self, self.refresh)

    def _period_row(self) -> QHBoxLayout:
        """The period chooser, its days, refresh and export."""
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("期间")))
        self.period = QComboBox()
        self.period.setObjectName("statsPeriod")
        self.period.addItem(self.tr("今天"), TODAY)
        self.period.addItem(self.tr("本周"), THIS_WEEK)
        self.period.addItem(self.tr("自定义"), CHOSEN_DAYS)
        row.addWidget(self.period)
        today = hall_today()
        self.first = day_edit("statsFrom", today)
        self.last = day_edit("statsTo", today)
        row.addWidget(QLabel(self.tr("从")))
        row.addWidget(self.first)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.last)
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        row.addWidget(self.refresh_button)
        self.as_of = QLabel()  # when the figures shown were read
        self.as_of.setObjectName("statsAsOf")
        row.addWidget(self.as_of)
        row.addStretch(1)
        self.export_button = QPushButton(self.tr("导出 CSV……"))
        self.export_button.setObjectName("statsExport")
        self.export_button.setEnabled(False)
        row.addWidget(self.export_button)
        return row

    def charts(self) -> tuple[BarChart, ...]:
        return (
            self.per_hour,
            self.per_window,
            self.decisions,
            self.top_items,
            self.handling,
            self.ratings,
            self.sync_delay,
        )

    def _period_chosen(self) -> None:
        self._show_period()
        self.refresh()

    def _show_period(self) -> None:
        """Today and this week set the days themselves; the days are the clerk's to change
        only for a period of their own."""
        kind = self.period.currentData()
        today = hall_today()
        first = today - timedelta(days=today.weekday()) if kind == THIS_WEEK else today
        chosen = kind == CHOSEN_DAYS
        for edit in (self.first, self.last):
            edit.setEnabled(chosen)
            edit.blockSignals(True)
        if not chosen:
            show_day(self.first, first)
            show_day(self.last, today)
        for edit in (self.first, self.last):
            edit.blockSignals(False)

    def chosen_period(self) -> Period:
        return Period.of(chosen_day(self.first), chosen_day(self.last))

    def refresh(self) -> None:
        if self.session.username is None:
            return
        try:
            period = self.chosen_period()
        except InvalidPeriod as exc:  # a backwards or too long period: said on screen
            # The figures shown are another period's: nothing to export until a good one.
            self.export_button.setEnabled(False)
            self.summary.setText(error_text(exc))
            self.session.report_error(exc)
            return
        self.requested += 1
        request = self.requested
        self.session.worker.submit(
            lambda ws: (ws.hall_queue_marker(), datetime.now(HALL_TIMEZONE), ws.statistics(period)),
            lambda result: self._show(*result) if request == self.requested else None,
            self.session.report_error,
            name="statistics",
        )

    def _show(self, marker: tuple[int, int], read_at: datetime, stats: Statistics) -> None:
        self.shown_at = marker
        self.as_of.setText(shown_fresh.as_of_text(read_at))
        self.stats = stats
        self.export_button.setEnabled(True)
        self.per_hour.set_bars(self._hours(stats))
        self.per_window.set_bars([(w.window_code, w.cases) for w in stats.per_window])
        names = state_labels()
        self.decisions.set_bars([(names[DECISION_STATES[d]], n) for d, n in stats.decisions])
        self.top_items.set_bars([(i.item_name, i.cases) for i in stats.top_items])
        self.handling.set_bars([(b.label, b.cases) for b in stats.handling.buckets])
        s = stats.satisfaction
        self.ratings.set_bars(
            [
                *((self.tr("{n}星").format(n=level), n) for level, n in enumerate(s.levels, 1)),
                (self.tr("拒评"), s.declined),
                (self.tr("未评"), s.not_rated),
            ]
        )
        self.sync_delay.set_bars(
            [
                *((b.label, b.cases) for b in stats.sync_delay.buckets),
                (self.tr("本机待确认"), stats.sync_waiting),
            ]
        )
        self.summary.setText(self._summary(stats))
        self._show_bundles(stats)
        self.loaded.emit()

    @staticmethod
    def _hours(stats: Statistics) -> list[tuple[str, int]]:
        """The hall's working hours: from the first hour with a case to the last (at least
        08–18, so an empty morning still shows as empty)."""
        busy = [hour for hour, n in enumerate(stats.per_hour) if n]
        start = min([8, *busy])
        end = max([18, *busy])
        return [(f"{hour:02d}", stats.per_hour[hour]) for hour in range(start, end + 1)]

    def _summary(self, stats: Statistics) -> str:
        s = stats.satisfaction
        return self.tr(
            "{first} 至 {last}：{cases}。办理时长 {handling}；"
            "评价率 {rate}，满意率 {satisfied}；同步延迟 {delay}；{waiting}。"
        ).format(
            first=stats.period.first.isoformat(),
            last=stats.period.last.isoformat(),
            cases=self.tr("全大厅 %n 件", "", stats.cases),
            handling=self._durations(stats.handling),
            rate=_percent(s.rating_rate),
            satisfied=_percent(s.satisfied_rate),
            delay=self._durations(stats.sync_delay),
            waiting=self.tr("本机 %n 件待平台确认", "", stats.sync_waiting),
        )

    def _show_bundles(self, stats: Statistics) -> None:
        """The 一件事 decided in the period, then per bundle name, in the words of ``stats``;
        hidden for a period without."""
        bundles, cases = stats.bundle_figures
        if not bundles:
            self.bundles.clear()
            self.bundles.hide()
            return
        figure = in_language(BUNDLE_FIGURE, self.session.lang)
        unnamed = self.tr("一件事")  # another window's, from a platform that sent no name
        names = self.tr("；").join(
            f"{b.bundle_name or unnamed} {figure.format(b.bundles, b.cases)}" for b in stats.bundles
        )
        self.bundles.setText(
            self.tr("一件事：{total}——{names}").format(
                total=figure.format(bundles, cases), names=names
            )
            + "\n"
            + self.tr("一件事的每个办件已按其事项计入下列图表。")
        )
        self.bundles.show()

    def _durations(self, figures: Durations) -> str:
        if figures.median_seconds is None or figures.p90_seconds is None:
            return self.tr("无数据")
        return self.tr(
            "中位 {median} 分钟，90% 在 {p90} 分钟内（%n 件）", "", figures.measured
        ).format(median=f"{figures.median_seconds / 60:.1f}", p90=f"{figures.p90_seconds / 60:.1f}")

    # -- export ------------------------------------------------------------------------
    def ask_export(self) -> QFileDialog | None:
        """The save dialog for the shown figures' CSV (window-modal, so the window keeps
        running while it is open)."""
        stats = self.stats
        if stats is None:
            return None
        name = f"statistics-{stats.period.first.isoformat()}-{stats.period.last.isoformat()}.csv"
        dialog = delete_on_close(
            QFileDialog(self, self.tr("导出统计 CSV"), str(Path.home() / name))
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV 表格 (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self._export(stats, Path(path)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _export(self, stats: Statistics, path: Path) -> None:
        self.session.worker.submit(
            lambda ws: ws.export_statistics(stats, path),
            self._exported,
            self.session.report_error,
            name="export_statistics",
        )

    def _exported(self, path: Path) -> None:
        self.summary.setText(
            self.summary.text() + " " + self.tr("已导出到 {path}。").format(path=str(path))
        )
        self.exported.emit(str(path))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"
