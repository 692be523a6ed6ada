"""The supervisor's 容缺到期 tab (Ctrl+D): the hall's deferrals due today (overdue ones, which
the next expiry run ends, with them) and those due this week, i.e. within the next 7 days as
``counter-app deferrals --due-within 7``, each with the applicant's name and masked phone.
Enter on a row opens the case; 联系申请人 (Alt+C) shows the selected applicant's phone in clear
to call them before the deadline (read on the worker, the disclosure audited). Supervisors and
administrators only: following the deferrals up is theirs; a clerk finds a returning
applicant's case by card, number or search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.case_labels import counted_date_text
from ui.dialog_lifetime import delete_on_close
from ui.widgets import record_table, refresh_on_f5, show_as_text

if TYPE_CHECKING:
    from counter_app.services.deferrals import ApplicantContact, OpenDeferral
    from ui.facade_types import DeferralsDue
    from ui.window_session import Session

WEEK_DAYS = 7


class DeferralsDueScreen(QWidget):
    """Emits ``loaded`` after each refresh arrived, ``pending_count(n)`` with the deferrals due
    today or overdue (its tab shows the count; the window refreshes it at sign-in and
    whenever the case list finds a case changed) and ``open_requested(case_id)`` on Enter."""

    loaded = Signal()
    pending_count = Signal(int)
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
        self.contact_button = QPushButton(self.tr("联系申请人 (&C)"))
        self.contact_button.setObjectName("deferralContact")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        for widget in (self.today_label, self.today, self.week_label, self.week, self.empty):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.contact_button, self.refresh_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.contact_button.clicked.connect(self.contact_selected)
        self.refresh_button.clicked.connect(self.refresh)
        refresh_on_f5(self, self.refresh)
        self.case_ids: dict[QTableWidget, list[str]] = {self.today: [], self.week: []}
        # One row is selected across both lists: the one 联系申请人 acts on.
        for table, other in ((self.today, self.week), (self.week, self.today)):
            table.itemSelectionChanged.connect(
                lambda table=table, other=other: self._selected_in(table, other)
            )

    def _table(self, name: str) -> QTableWidget:
        headers = [
            self.tr("办件编号"),
            self.tr("申请人"),
            self.tr("事项"),
            self.tr("证件号码"),
            self.tr("手机号码"),
            self.tr("补齐期限"),
            self.tr("待补材料"),
        ]
        table = record_table(name, headers, free=(2, 6))
        table.activated.connect(lambda index: self._open(table, index))
        return table

    def refresh(self) -> None:
        self.session.worker.submit(
            lambda ws: ws.due_deferrals(WEEK_DAYS),
            self._show,
            self.session.report_error,
            name="due_deferrals",
        )

    def _show(self, due: DeferralsDue) -> None:
        selected = self._selected_case()  # kept on its case: a refresh may reorder the rows
        today, deferrals, years = due.today, due.deferrals, due.calendar_years
        due_today = [d for d in deferrals if d.deadline <= today]
        self._fill(self.today, due_today, years)
        self._fill(self.week, [d for d in deferrals if d.deadline > today], years)
        for table in (self.today, self.week):
            table.clearSelection()
            if selected in self.case_ids[table]:
                table.selectRow(self.case_ids[table].index(selected))
        # Each list says how many it holds: an empty one reads "0", not as still loading.
        self.today_label.setText(self.tr("今天到期（含已逾期）：{n} 件").format(n=len(due_today)))
        self.week_label.setText(
            self.tr("本周到期（7日内）：{n} 件").format(n=len(deferrals) - len(due_today))
        )
        self.empty.setVisible(not deferrals)
        self.pending_count.emit(len(due_today))
        self.loaded.emit()

    def _fill(
        self, table: QTableWidget, deferrals: list[OpenDeferral], calendar_years: frozenset[int]
    ) -> None:
        self.case_ids[table] = [d.case_id for d in deferrals]
        table.setRowCount(len(deferrals))
        overdue, separator = self.tr("（已逾期）"), self.tr("、")
        no_phone = self.tr("未留")
        for row, d in enumerate(deferrals):
            for column, text in enumerate(
                (
                    d.case_no,
                    d.applicant_name,
                    d.service_item_name,
                    d.applicant_masked_id,
                    d.applicant_masked_phone or no_phone,
                    counted_date_text(d.deadline, calendar_years) + (overdue if d.overdue else ""),
                    separator.join(d.material_names),
                )
            ):
                table.setItem(row, column, QTableWidgetItem(text))

    def _open(self, table: QTableWidget, index: QModelIndex) -> None:
        self.open_requested.emit(self.case_ids[table][index.row()])

    def _selected_in(self, table: QTableWidget, other: QTableWidget) -> None:
        if table.selectionModel().hasSelection():
            other.clearSelection()

    def _selected_case(self) -> str | None:
        for table in (self.today, self.week):
            rows = table.selectionModel().selectedRows()
            if rows:
                return self.case_ids[table][rows[0].row()]
        return None

    def contact_selected(self) -> None:
        """联系申请人 (Alt+C): the selected case's applicant's phone in clear, read (and the
        reading audited) on the worker, shown in a small dialog."""
        case_id = self._selected_case()
        if case_id is None:
            return
        self.session.worker.submit(
            lambda ws: ws.deferral_contact(case_id),
            self._show_contact,
            self.session.report_error,
            name="deferral_contact",
        )

    def _show_contact(self, contact: ApplicantContact) -> None:
        if contact.phone:
            text = self.tr("{case_no}\n申请人：{name}\n手机号码：{phone}").format(
                case_no=contact.case_no, name=contact.applicant_name, phone=contact.phone
            )
            text += "\n\n" + self.tr("本次查看已记入审计日志。")
        else:
            text = self.tr("{case_no}\n申请人 {name} 没有留下手机号码，无法电话联系。").format(
                case_no=contact.case_no, name=contact.applicant_name
            )
        box = delete_on_close(
            QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("联系申请人"),
                text,
                QMessageBox.StandardButton.Ok,
                self,
            )
        )
        box.setObjectName("deferralContactDialog")
        show_as_text(box)  # the applicant's name
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
