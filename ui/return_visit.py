"""The applicant returns after a one-time notice: the clerk ticks each listed material as it is
handed over and the same case is accepted. The dialog only collects the ticks (and, when the
core says the card contradicts the situation's eligibility rule, the reason to accept
anyway); the opener accepts the case on the worker (the core says what is still missing)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from ui.widgets import FormText, error_label, ok_cancel_buttons


class ReturnVisitDialog(QDialog):
    """Emits ``acceptance_requested(codes, eligibility_reason)``; the opener calls
    ``accept()`` or ``show_error()`` (``ask_reason()`` first when the eligibility rule is
    the problem). ``missing`` is ``(code, name)`` of each material still owed."""

    acceptance_requested = Signal(list, str)

    def __init__(
        self, case_no: str, missing: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("returnVisit")
        self.setWindowTitle(self.tr("补齐材料后受理"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("办件 {case_no}：请逐项勾选申请人本次带来的材料，齐全后予以受理。").format(
                case_no=case_no
            )
        )
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.boxes: list[QCheckBox] = []
        self._codes: list[str] = []
        for code, name in missing:
            box = QCheckBox(name)
            layout.addWidget(box)
            self.boxes.append(box)
            self._codes.append(code)
        self.reason_label = QLabel(self.tr("不符合申请条件仍受理的理由（必填）"))
        self.reason = FormText("eligibilityReason", 70)
        for widget in (self.reason_label, self.reason):
            layout.addWidget(widget)
            widget.hide()
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("受理"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        self.buttons.setEnabled(False)
        self.acceptance_requested.emit(
            [code for code, box in zip(self._codes, self.boxes, strict=True) if box.isChecked()],
            self.reason.text(),
        )

    def ask_reason(self) -> None:
        """The card contradicts the situation's eligibility rule: accepting needs a reason."""
        self.reason_label.show()
        self.reason.show()
        self.reason.setFocus()

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
