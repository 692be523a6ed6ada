"""容缺后补 at the window: the deferred materials a case still waits for, each checked (all
are, at first: the applicant usually brings everything at once); Enter records them. When the
last is in, the case is accepted and the 补齐材料回执 comes up in the print preview
(``ui.document_preview``); a case the department took into processing meanwhile stays there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ui.case_labels import counted_date_text
from ui.widgets import checkable_list, checked_codes, error_label, ok_cancel_buttons

if TYPE_CHECKING:
    from counter_app.store.cases import CaseMaterial


class SupplyDialog(QDialog):
    """Emits ``supplied`` with the checked material codes when the clerk confirms."""

    supplied = Signal(list)

    def __init__(
        self,
        case_no: str,
        deferred: list[CaseMaterial],
        calendar_years: frozenset[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supplyDeferred")
        self.setWindowTitle(self.tr("补交容缺材料 — {case_no}").format(case_no=case_no))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选申请人本次补交的材料（空格切换，回车确认）：")))
        self.materials = checkable_list(
            (
                material.code,
                self.tr("{name}（补齐期限 {deadline}）").format(
                    name=material.name,
                    deadline=counted_date_text(material.deadline, calendar_years),
                ),
            )
            for material in deferred
        )
        layout.addWidget(self.materials, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认补交"), self.tr("取消"))
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _confirm(self) -> None:
        codes = checked_codes(self.materials)
        if not codes:
            self.show_error(self.tr("请至少勾选一项补交的材料。"))
            return
        self.buttons.setEnabled(False)
        self.supplied.emit(codes)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.buttons.setEnabled(True)
