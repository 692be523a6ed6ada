"""E-licence tasks (两个免于提交) at the window: a licence marked 待核验 offline that the
register did not confirm after the sync is the clerk's and the supervisor's to close, here
(the 电子证照核验 tab, every role) or in the case's materials tab: the applicant hands the
material in on paper (收取纸质材料), or authorises a new lookup (重新核验, their app code).
Either way the case's next version records it and syncs like any change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.store.elicence_checks import detail_in
from ui.dialog_lifetime import delete_on_close
from ui.widgets import ask_yes_no, data_tooltip, record_table, refresh_on_f5

if TYPE_CHECKING:
    from ui.facade_types import CaseLicence, ElicenceTask
    from ui.window_session import Session


def licence_text(licence: CaseLicence) -> str:
    """What the materials tab says of a material's e-licence: 免交 · number · issuer once
    confirmed, else where its verification stands."""
    if licence.verification == "verified":
        text = QCoreApplication.translate("elicence", "免交 · {number} · {issuer}").format(
            number=licence.number, issuer=licence.issuer
        )
        if licence.has_document:
            text += QCoreApplication.translate("elicence", " · 证照文件已附")
        return text
    if licence.verification == "pending":
        return QCoreApplication.translate("elicence", "待核验（{kind}），同步后自动核验").format(
            kind=licence.licence_type
        )
    return QCoreApplication.translate(
        "elicence", "核验未通过（{kind}）：请收取纸质材料或重新核验"
    ).format(kind=licence.licence_type)


class ElicenceTaskActions:
    """Closing one task through the worker, for the tab and the case's materials tab alike:
    ``done(material_code)`` runs on the GUI thread once the case's new version is written."""

    def __init__(self, session: Session, parent: QWidget, done: Callable[[str], None]) -> None:
        self.session = session
        self.parent = parent
        self.done = done

    def take_paper(self, case_no: str, material_code: str) -> None:
        self.session.worker.submit(
            lambda ws: ws.resolve_elicence_with_paper(case_no, material_code),
            lambda _version: self.done(material_code),
            self.session.report_error,
            name="resolve_elicence_with_paper",
        )

    def ask_recheck(self, case_no: str, material_code: str) -> QInputDialog:
        """The applicant's new authorisation code (made in the 随申办 app), asked window-modal;
        the lookup runs once it is given."""
        dialog = delete_on_close(QInputDialog(self.parent))
        dialog.setObjectName("elicenceConsentDialog")
        dialog.setWindowTitle(QCoreApplication.translate("elicence", "重新核验电子证照"))
        dialog.setLabelText(
            QCoreApplication.translate(
                "elicence", "请申请人在“随申办”生成授权码，输入后重新查询电子证照库："
            )
        )
        dialog.textValueSelected.connect(
            lambda code: self._recheck(case_no, material_code, code.strip())
        )
        dialog.open()
        return dialog

    def _recheck(self, case_no: str, material_code: str, code: str) -> None:
        if not code:
            return  # nothing typed: nothing to ask the register with
        self.session.platform_worker.submit(
            lambda desk: desk.recheck_elicence(case_no, material_code, code),
            lambda _none: self.done(material_code),
            self.session.report_error,
            name="recheck_elicence",
        )


class ElicenceTasksScreen(QWidget):
    """The open tasks, oldest first. Emits ``loaded`` after each refresh arrived,
    ``pending_count(n)`` with the tasks listed (its tab shows the count) and
    ``resolved(material_code)`` after one was closed (the list is read again)."""

    loaded = Signal()
    pending_count = Signal(int)
    resolved = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elicenceTasks")
        self.session = session
        self.tasks: list[ElicenceTask] = []
        self.task_actions = ElicenceTaskActions(session, self, self._resolved)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "离线时标为“待核验”、同步后电子证照库未能确认的材料。"
                    "申请人补交纸质材料，或重新授权查询后，任务即关闭。"
                )
            )
        )
        headers = [
            self.tr("办件编号"),
            self.tr("申请人"),
            self.tr("材料"),
            self.tr("电子证照"),
            self.tr("经办"),
            self.tr("说明"),
        ]
        # The register's answer wraps, whole.
        self.table = record_table("elicenceTaskTable", headers, wrap=True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(
            self.tr("没有待处理的电子证照核验：同步后电子证照库未能确认的材料会列在这里。")
        )
        self.empty.setObjectName("elicenceTasksEmpty")
        self.empty.hide()  # until a refresh found none
        layout.addWidget(self.empty)
        self.paper_button = QPushButton(self.tr("收取纸质材料"))
        self.paper_button.setObjectName("elicencePaperButton")
        self.recheck_button = QPushButton(self.tr("重新核验"))
        self.recheck_button.setObjectName("elicenceRecheckButton")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.paper_button, self.recheck_button, self.refresh_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        layout.addLayout(row)
        self.paper_button.clicked.connect(self.take_paper)
        self.recheck_button.clicked.connect(self.ask_recheck)
        self.refresh_button.clicked.connect(self.refresh)
        refresh_on_f5(self, self.refresh)

    def refresh(self) -> None:
        self.session.worker.submit(
            lambda ws: ws.elicence_tasks(),
            self._show,
            self.session.report_error,
            name="elicence_tasks",
        )

    def _show(self, tasks: list[ElicenceTask]) -> None:
        # The task chosen stays chosen when the list refreshes (with every sync, or a case
        # changed here); the first one is chosen otherwise.
        chosen = self._selected()
        keys = [(t.check.case_no, t.check.material_code) for t in tasks]
        key = (chosen.check.case_no, chosen.check.material_code) if chosen else None
        self.tasks = tasks
        self.table.setRowCount(len(tasks))
        for row, task in enumerate(tasks):
            check = task.check
            answer = QTableWidgetItem(detail_in(check.detail, self.session.lang))
            # Both languages, as the register answered.
            answer.setToolTip(data_tooltip(check.detail or ""))
            material = QTableWidgetItem(task.material_name)
            # The material's name shown, its code at hand.
            material.setToolTip(data_tooltip(check.material_code))
            # Whom to ask for the paper: the name as the case list shows it, the ID masked.
            applicant = QTableWidgetItem(task.applicant_name)
            applicant.setToolTip(data_tooltip(task.applicant_masked_id))
            for column, text in ((0, check.case_no), (3, check.licence_type), (4, check.clerk)):
                self.table.setItem(row, column, QTableWidgetItem(text or ""))
            self.table.setItem(row, 1, applicant)
            self.table.setItem(row, 2, material)
            self.table.setItem(row, 5, answer)
        if tasks:
            self.table.selectRow(keys.index(key) if key in keys else 0)
        self.paper_button.setEnabled(bool(tasks))
        self.recheck_button.setEnabled(bool(tasks))
        self.empty.setVisible(not tasks)
        self.pending_count.emit(len(tasks))
        self.loaded.emit()

    def _selected(self) -> ElicenceTask | None:
        rows = self.table.selectionModel().selectedRows()
        return self.tasks[rows[0].row()] if rows else None

    def take_paper(self) -> QMessageBox | None:
        """Ask first, naming the case and the licence: the list holds every open task, and
        taking the paper writes a new version of the case."""
        selected = self._selected()
        if selected is None:
            return None
        task = selected.check
        return ask_yes_no(
            self,
            "elicencePaperQuestion",
            self.tr("收取纸质材料"),
            self.tr(
                "办件 {case_no} 的“{licence}”（{material}）已收到纸质材料吗？\n"
                "确认后办件生成新版本，该材料记为已收，任务关闭。"
            ).format(
                case_no=task.case_no, licence=task.licence_type, material=selected.material_name
            ),
            answers=(self.tr("已收取"), self.tr("取消")),
            on_yes=lambda: self.task_actions.take_paper(task.case_no, task.material_code),
        )

    def ask_recheck(self) -> QInputDialog | None:
        selected = self._selected()
        if selected is None:
            return None
        return self.task_actions.ask_recheck(selected.check.case_no, selected.check.material_code)

    def _resolved(self, material_code: str) -> None:
        self.resolved.emit(material_code)
        self.refresh()
