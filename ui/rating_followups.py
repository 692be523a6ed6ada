"""The supervisor's 好差评 tab (Ctrl+E): every bad rating's follow-up with its working-day
limits ("1·5·15" unless the hall's settings say otherwise), whom to call (the applicant's name
and masked phone), the overdue ones first and marked (in words and in colour), and the form
that records the next step: pick a row, Tab to the step, Tab to the note, Enter. An appeal
waits for the platform's reviewer (申诉待审) with the follow-up still open and its limits
running; the decision (申诉成立 / 申诉驳回) comes with a sync. Supervisors and administrators
only, like ``counter-app followups``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.evaluation import FollowupStep
from ui.evaluation import level_names, reason_names
from ui.i18n import error_text
from ui.widgets import data_tooltip, error_label, record_table, refresh_on_f5

if TYPE_CHECKING:
    from counter_app.services.evaluations import Followup
    from ui.window_session import Session

OVERDUE_BACKGROUND = QColor("#fde2e1")


def state_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "open": translate("followups", "待联系"),
        "contacted": translate("followups", "已联系"),
        "found": translate("followups", "已核实"),
        "rectified": translate("followups", "已整改"),
        "appealed": translate("followups", "申诉成立"),
    }


def appeal_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "pending": translate("followups", "申诉待审"),
        "upheld": translate("followups", "申诉成立"),
        "rejected": translate("followups", "申诉驳回"),
    }


def overdue_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "contact": translate("followups", "联系超期"),
        "settle": translate("followups", "办结超期"),
        "rectify": translate("followups", "整改超期"),
    }


class RatingFollowupsScreen(QWidget):
    """Emits ``loaded`` after each refresh arrived and ``recorded`` after a step was stored."""

    loaded = Signal()
    recorded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingFollowups")
        self.session = session
        self.followups: list[Followup] = []
        layout = QVBoxLayout(self)
        hall = session.config.hall
        self.title = QLabel(
            self.tr(
                "差评回访整改（{contact}个工作日内联系、{settle}个内办结、{rectify}个内整改）"
            ).format(
                contact=hall.followup_contact_days,
                settle=hall.followup_settle_days,
                rectify=hall.followup_rectify_days,
            )
        )
        layout.addWidget(self.title)
        headers = [
            self.tr("办件编号"),
            self.tr("申请人"),
            self.tr("电话"),
            self.tr("事项"),
            self.tr("窗口"),
            self.tr("受理人"),
            self.tr("评价"),
            self.tr("原因"),
            self.tr("联系期限"),
            self.tr("办结期限"),
            self.tr("整改期限"),
            self.tr("状态"),
            self.tr("超期"),
            self.tr("申诉"),
            self.tr("最近记录"),
        ]
        # The item's name and the latest note share the room the others leave.
        self.table = record_table("followupsTable", headers, free=(3, 14))
        layout.addWidget(self.table)
        self.empty = QLabel(
            self.tr("没有待回访的差评：申请人评为“不满意”或“非常不满意”的办件会列在这里。")
        )
        self.empty.setObjectName("followupsEmpty")
        self.empty.hide()  # until a refresh found none
        layout.addWidget(self.empty)

        form = QHBoxLayout()
        self.step = QComboBox()
        step_names = {
            FollowupStep.CONTACTED: self.tr("已联系申请人"),
            FollowupStep.UNREACHABLE: self.tr("无法联系"),
            FollowupStep.FINDING: self.tr("核实情况"),
            FollowupStep.RECTIFIED: self.tr("整改完成"),
            FollowupStep.APPEAL: self.tr("申诉（误评或恶意差评，由平台审核）"),
        }
        for step, name in step_names.items():
            self.step.addItem(name, step.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("情况说明（必填）"))
        self.record_button = QPushButton(self.tr("记录 (Enter)"))
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        form.addWidget(QLabel(self.tr("回访步骤：")))
        form.addWidget(self.step)
        form.addWidget(self.note, 1)
        form.addWidget(self.record_button)
        form.addWidget(self.refresh_button)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.setTabOrder(self.table, self.step)
        self.setTabOrder(self.step, self.note)
        self.setTabOrder(self.note, self.record_button)

        self.note.returnPressed.connect(self.record)
        self.record_button.clicked.connect(self.record)
        self.refresh_button.clicked.connect(self.refresh)
        refresh_on_f5(self, self.refresh)

    def refresh(self) -> None:
        self.session.worker.submit(
            lambda ws: ws.rating_followups(),
            self._show,
            self.session.report_error,
            name="rating_followups",
        )

    def _show(self, followups: list[Followup]) -> None:
        selected = self.selected_case_id()
        self.followups = followups
        self.table.setRowCount(len(followups))
        reasons, states, late = reason_names(), state_names(), overdue_names()
        appeals = appeal_names()
        levels = level_names()
        separator = self.tr("、")
        no_phone = self.tr("未留")
        for row, f in enumerate(followups):
            cells = (
                f.case_no,
                f.applicant_name,
                f.applicant_masked_phone or no_phone,  # masked, as every list shows it
                f.item_name,
                f.window_code,
                f.clerk,
                levels.get(f.level, str(f.level)),
                " ".join(filter(None, (reasons.get(f.reason_code or "", ""), f.reason or ""))),
                f.due.contact.isoformat(),
                f.due.settle.isoformat(),
                f.due.rectify.isoformat(),
                states[f.state.value],
                separator.join(late[limit] for limit in f.overdue),
                appeals[f.appeal.value] if f.appeal else "",
                f.last_note or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(data_tooltip(text))  # the whole case number, the whole note
                if f.overdue:  # stands out: in words (last column) and in colour and weight
                    item.setBackground(QBrush(OVERDUE_BACKGROUND))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if f.case_id == selected:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and followups:
            self.table.selectRow(0)
        self.empty.setVisible(not followups)
        self.loaded.emit()

    def selected_case_id(self) -> str | None:
        row = self.table.currentRow()
        return self.followups[row].case_id if 0 <= row < len(self.followups) else None

    def record(self) -> None:
        case_id = self.selected_case_id()
        note = self.note.text().strip()
        if case_id is None:
            self._refuse(self.tr("请先在列表中选择一条差评。"))
            return
        if not note:
            self._refuse(self.tr("请填写情况说明。"))
            self.note.setFocus()
            return
        step = str(self.step.currentData())
        self.error.hide()
        self.record_button.setEnabled(False)
        self.session.worker.submit(
            lambda ws: ws.record_followup_step(case_id, step, note),
            lambda _r: self._recorded(),
            self._failed,
            name="record_followup_step",
        )

    def _recorded(self) -> None:
        self.record_button.setEnabled(True)
        self.note.clear()
        self.recorded.emit()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        """A refused step (out of order, no note) is said beside the form, where it is fixed."""
        self.record_button.setEnabled(True)
        self._refuse(error_text(exc))

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
