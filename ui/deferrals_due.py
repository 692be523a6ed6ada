"""The supervisor's 容缺到期 tab (Ctrl+D): the hall's deferrals due today (overdue ones, which
the next expiry run ends, with them) and those due this week, i.e. within the next 7 days as
``counter-app deferrals --due-within 7``. Enter on a row opens the case. Supervisors and
administrators only: following the deferrals up is theirs; a clerk finds a returning
applicant's case by card, number or search."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import record_table, refresh_on_f5

if TYPE_CHECKING:
    from counter_app.services.deferrals import OpenDeferral
    from ui.window_session import Session

WEEK_DAYS = 7


class DeferralsDueScreen(QWidget):
    """Emits ``loaded`` after each refresh arrived and ``open_requested(case_id)`` on Enter."""

    loaded = Signal()
    open_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deferralsDue")
        self.session = session
        layout = QVBoxLayout(self)
        self.today_label = QLabel()
        self.today = self._table("deferralsToday")
        self.week_label = QLabel()
        self.week = self._table("deferralsThisWeek")
        self.empty = QLabel(
            self.tr("7日内没有到期的容缺办件：容缺受理的办件在补齐期限前7日起列在这里。")
        )
        self.empty.setObjectName("deferralsEmpty")
        self.empty.hide()  # until a refresh found none
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        for widget in (self.today_label, self.today, self.week_label, self.week, self.empty):
            layout.addWidget(widget)
        layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignRight)
        self.refresh_button.clicked.connect(self.refresh)
        refresh_on_f5(self, self.refresh)
        self.case_ids: dict[QTableWidget, list[str]] = {self.today: [], self.week: []}

    def _table(self, name: str) -> QTableWidget:
        headers = [
            self.tr("办件编号"),
            self.tr("事项"),
            self.tr("证件号码"),
            self.tr("补齐期限"),
            self.tr("待补材料"),
        ]
        table = record_table(name, headers)
        table.activated.connect(lambda index: self._open(table, index))
        return table

    def refresh(self) -> None:
        self.session.worker.submit(
            lambda ws: ws.due_deferrals(WEEK_DAYS),
            lambda result: self._show(*result),
            self.session.report_error,
            name="due_deferrals",
        )

    def _show(self, today: date, deferrals: list[OpenDeferral]) -> None:
        due_today = [d for d in deferrals if d.deadline <= today]
        self._fill(self.today, due_today)
        self._fill(self.week, [d for d in deferrals if d.deadline > today])
        # Each list says how many it holds: an empty one reads "0", not as still loading.
        self.today_label.setText(self.tr("今天到期（含已逾期）：{n} 件").format(n=len(due_today)))
        self.week_label.setText(
            self.tr("本周到期（7日内）：{n} 件").format(n=len(deferrals) - len(due_today))
        )
        self.empty.setVisible(not deferrals)
        self.loaded.emit()

    def _fill(self, table: QTableWidget, deferrals: list[OpenDeferral]) -> None:
        self.case_ids[table] = [d.case_id for d in deferrals]
        table.setRowCount(len(deferrals))
        overdue, separator = self.tr("（已逾期）"), self.tr("、")
        for row, d in enumerate(deferrals):
            for column, text in enumerate(
                (
                    d.case_no,
                    d.service_item_name,
                    d.applicant_masked_id,
                    f"{d.deadline.isoformat()}{overdue if d.overdue else ''}",
                    separator.join(d.material_names),
                )
            ):
                table.setItem(row, column, QTableWidgetItem(text))

    def _open(self, table: QTableWidget, index: QModelIndex) -> None:
        self.open_requested.emit(self.case_ids[table][index.row()])
