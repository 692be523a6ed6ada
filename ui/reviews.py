"""A supervisor's review of a case of the hall (ODK Central's review states): approved, has
issues or rejected, the last two with a reason. Opened from the hall queue (Alt+V); the
review is kept at once and reaches the platform, and every window, at the next sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.review_states import REVIEW_NAMES, SUPERVISOR_STATES
from ui.i18n import error_text

if TYPE_CHECKING:
    from counter_app.services.reviews import Review
    from ui.window_session import Session


def review_label(state: str, lang: str) -> str:
    zh, en = REVIEW_NAMES.get(state, (state, state))
    return en if lang == "en" else zh


class ReviewDialog(QDialog):
    """Emits ``reviewed`` once the review was kept."""

    reviewed = Signal()

    def __init__(
        self, session: Session, case_id: str, case_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.session = session
        self.case_id = case_id
        self.setWindowTitle(self.tr("审核办件 {case_no}").format(case_no=case_no))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.state = QComboBox()
        self.state.setObjectName("reviewState")
        for state in SUPERVISOR_STATES:
            self.state.addItem(review_label(state, session.lang), state)
        form.addRow(self.tr("审核结果："), self.state)
        self.reason = QLineEdit()
        self.reason.setObjectName("reviewReason")
        self.reason.setPlaceholderText(self.tr("驳回或有问题时必填"))
        form.addRow(self.tr("原因："), self.reason)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.submit = QPushButton(self.tr("保存审核结果"))
        self.submit.setObjectName("reviewSubmit")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.save)
        layout.addWidget(self.submit)

    def save(self) -> None:
        state, reason, case_id = self.state.currentData(), self.reason.text(), self.case_id
        self.submit.setEnabled(False)
        self.session.worker.submit(
            lambda ws: ws.review_case(case_id, state, reason),
            self._saved,
            self._refused,
            name="review_case",
        )

    def _saved(self, _review: Review) -> None:
        self.reviewed.emit()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.submit.setEnabled(True)
