"""The supervisor's problems tab (Ctrl+8): the hall's cases the platform refused or holds in
conflict, with its reason in plain words and what to do, and where an instruction about each
stands ("waiting for W02"). Enter opens a case: the local and the platform's version side by
side, field by field in words (masked; a field whose values differ behind alike masked texts
is marked so), then resend as corrected, adopt the platform's version or void, with a reason.
Supervisors and administrators only, like ``counter-app problems``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.problems import Resolution, instruction_text
from ui.case_labels import sync_labels
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text
from ui.labels import state_label
from ui.widgets import data_label, data_tooltip, record_table, refresh_on_f5

if TYPE_CHECKING:
    from counter_app.services.problems import ProblemCase
    from sync.instructions import HeldInstruction
    from sync.problems import Comparison, FieldRow
    from ui.window_session import Session

DIFFERS = QColor("#fff1c2")


class ProblemsScreen(QWidget):
    """Emits ``loaded`` after each refresh arrived (tests wait on it) and ``pending_count(n)``
    with the cases listed (its tab shows the count; it refreshes with every sync status)."""

    loaded = Signal()
    pending_count = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.session = session
        self.cases: list[ProblemCase] = []
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("平台拒收或冲突的办件：选中后按回车，逐项对照并处理（F5 刷新）"))
        )
        self.table = record_table(
            "problemsTable",
            [
                self.tr("办件编号"),
                self.tr("窗口"),
                self.tr("状态"),
                self.tr("同步"),
                self.tr("平台说明"),
                self.tr("处理指令"),
            ],
            # The platform's reason and the instruction share the room left; the reason's
            # whole text is the tooltip.
            free=(4, 5),
        )
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("没有问题办件：平台拒收或冲突的办件会列在这里。"))
        self.empty.setObjectName("problemsEmpty")
        self.empty.hide()  # until a refresh found none
        layout.addWidget(self.empty)
        self.count = QLabel()
        self.count.setObjectName("problemsCount")
        layout.addWidget(self.count)
        self.table.itemActivated.connect(lambda item: self.open_case(self.cases[item.row()]))
        refresh_on_f5(self, self.refresh)
        self.dialog: ProblemDialog | None = None
        self.syncs = sync_labels()

    def refresh(self) -> None:
        if self.session.username is None:
            return
        self.session.worker.submit(
            lambda ws: ws.problem_cases(), self._show, self.session.report_error, name="problems"
        )

    def _show(self, cases: list[ProblemCase]) -> None:
        # The row chosen stays on its case: the list refreshes with every sync, in which
        # cases may come and go ahead of it.
        row = self.table.currentRow()
        chosen = self.cases[row].case_no if 0 <= row < len(self.cases) else None
        self.cases = cases
        english = self.session.lang == "en"
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            problem = case.problem
            said = problem.message_en if english else problem.message_zh
            todo = problem.window_todo_en if english else problem.window_todo_zh
            where = ""
            if case.instruction is not None:
                zh, en = instruction_text(case.instruction)
                where = en if english else zh
            values = (
                case.case_no,
                case.window_code,
                state_label(case.state) if case.state else "",
                self.syncs.get(case.sync_state, case.sync_state),
                said,
                where,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(data_tooltip(f"{said}\n{todo}"))
                self.table.setItem(row, column, item)
        numbers = [case.case_no for case in cases]
        if chosen in numbers:
            self.table.selectRow(numbers.index(chosen))
        else:
            self.table.setCurrentCell(-1, -1)  # nothing chosen: Enter opens nothing
        self.count.setText(self.tr("共 {n} 件").format(n=len(cases)))
        self.empty.setVisible(not cases)
        self.pending_count.emit(len(cases))
        self.loaded.emit()

    def open_case(self, case: ProblemCase) -> ProblemDialog:
        self.dialog = delete_on_close(ProblemDialog(self.session, case, self))
        self.dialog.resolved.connect(self.refresh)
        self.dialog.show()
        self.dialog.load()
        return self.dialog


class ProblemDialog(QDialog):
    """One problem case: both versions side by side, then its resolution. Emits ``loaded``
    when the platform's version arrived (or could not) and ``resolved`` after a resolution
    was made or sent."""

    loaded = Signal()
    resolved = Signal()

    def __init__(self, session: Session, case: ProblemCase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemDialog")
        self.session = session
        self.case = case
        self.setWindowTitle(
            self.tr("问题办件 {case_no}（{window}）").format(
                case_no=case.case_no, window=case.window_code
            )
        )
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        problem = case.problem
        english = session.lang == "en"
        advice = data_label(
            f"{problem.message_en}\n{problem.window_todo_en}"
            if english
            else f"{problem.message_zh}\n{problem.window_todo_zh}"
        )
        advice.setObjectName("problemAdvice")
        advice.setWordWrap(True)
        layout.addWidget(advice)
        self.status = data_label(self.tr("正在向平台查询平台版本……"))
        self.status.setObjectName("problemStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        mine = self.tr("本机版本") if case.local else self.tr("{window} 提交的版本")
        # The field in words; its path last, for IT (a long one elided, whole in the tooltip).
        self.fields = record_table(
            "problemFields",
            [
                self.tr("字段"),
                mine.format(window=case.window_code),
                self.tr("平台版本"),
                self.tr("差异"),
                self.tr("路径"),
            ],
            free=(1, 2, 4),
        )
        layout.addWidget(self.fields, 1)
        reason_row = QHBoxLayout()
        reason_row.addWidget(QLabel(self.tr("处理原因：")))
        self.reason = QLineEdit()
        self.reason.setObjectName("problemReason")
        self.reason.setPlaceholderText(self.tr("必填，记入办件和审计日志"))
        reason_row.addWidget(self.reason, 1)
        layout.addLayout(reason_row)
        buttons = QHBoxLayout()
        self.resend = QPushButton(self.tr("按本机版本重新提交 (&R)"))
        self.resend.setObjectName("problemResend")
        self.adopt = QPushButton(self.tr("采用平台版本 (&A)"))
        self.adopt.setObjectName("problemAdopt")
        self.void = QPushButton(self.tr("作废 (&V)"))
        self.void.setObjectName("problemVoid")
        for button, action in ((self.resend, "resend"), (self.adopt, "adopt"), (self.void, "void")):
            button.clicked.connect(lambda _c=False, a=action: self.resolve(a))
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.comparison: Comparison | None = None
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for button in (self.resend, self.adopt, self.void):
            button.setEnabled(on)

    def load(self) -> None:
        case_id = self.case.case_id
        self.session.platform_worker.submit(
            lambda desk: desk.compare_problem(case_id),
            self._show,
            self._failed,
            name="compare_problem",
        )

    def _show(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.fields.setRowCount(len(comparison.rows))
        english = self.session.lang == "en"
        for row, field in enumerate(comparison.rows):
            values = (
                field.label_en if english else field.label_zh,
                field.local or "",
                field.platform or "",
                self._difference(field),
                field.path,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if field.differs:
                    item.setBackground(QBrush(DIFFERS))
                self.fields.setItem(row, column, item)
        differing = sum(field.differs for field in comparison.rows)
        self.status.setText(
            self.tr("平台持有第 {platform} 版；有 %n 个字段不同（已标出）。", "", differing).format(
                platform=comparison.platform_version
            )
        )
        self._enable(True)
        self.reason.setFocus()
        self.loaded.emit()

    def _difference(self, field: FieldRow) -> str:
        if field.differs_masked:  # both show 申***: say so, never the values themselves
            return self.tr("不同（已遮蔽）")
        return self.tr("不同") if field.differs else ""

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(
            self.tr("无法从平台取得平台版本：{reason}").format(reason=error_text(exc))
        )
        self.loaded.emit()

    def resolve(self, action: str) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.status.setText(self.tr("请先填写处理原因。"))
            self.reason.setFocus()
            return
        self._enable(False)
        case_id = self.case.case_id
        self.session.platform_worker.submit(
            lambda desk: desk.resolve_problem(case_id, action, reason),
            self._done,
            self._refused,
            name="resolve_problem",
        )

    def _done(self, outcome: Resolution | HeldInstruction) -> None:
        english = self.session.lang == "en"
        if isinstance(outcome, Resolution):
            self.status.setText(outcome.outcome_en if english else outcome.outcome_zh)
        else:
            self.status.setText(
                self.tr("已发出指令，等待 {window} 执行。").format(window=outcome.target_window)
            )
        self.resolved.emit()

    def _refused(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self._enable(True)
