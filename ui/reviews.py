"""A supervisor's review of a case of the hall (ODK Central's review states): approved, has
issues or rejected, the last two with a reason. Opened from the hall queue (Alt+V); the
review is kept at once and reaches the platform, and every window, at the next sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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
from ui.i18n import error_text, in_language
from ui.widgets import data_label

if TYPE_CHECKING:
    from counter_app.services.reviews import Review
    from ui.window_session import Session


# Case numbers a review of several shows by name; the rest as "…".
_LISTED = 10


def review_label(state: str, lang: str) -> str:
    return in_language(REVIEW_NAMES.get(state, (state, state)), lang)


class ReviewDialog(QDialog):
    """Reviews ``cases`` (``(case_id, case_no)``, the rows chosen in the hall queue) all
    alike; emits ``reviewed`` once the reviews were kept."""

    reviewed = Signal()

    def __init__(
        self, session: Session, cases: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.session = session
        self.case_ids = [case_id for case_id, _ in cases]
        numbers = [case_no for _, case_no in cases]
        layout = QVBoxLayout(self)
        if len(cases) == 1:
            self.setWindowTitle(self.tr("审核办件 {case_no}").format(case_no=numbers[0]))
        else:
            self.setWindowTitle(self.tr("审核 {count} 件办件").format(count=len(cases)))
            chosen = QLabel(
                self.tr("以下 {count} 件办件审核为同一结果：").format(count=len(cases))
                + "\n"
                + "\n".join(numbers[:_LISTED])
                + ("\n…" if len(numbers) > _LISTED else "")
            )
            chosen.setObjectName("reviewCases")
            chosen.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(chosen)
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
        self.status = data_label()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.submit = QPushButton(self.tr("保存审核结果"))
        self.submit.setObjectName("reviewSubmit")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.save)
        layout.addWidget(self.submit)

    def save(self) -> None:
        state, reason, case_ids = self.state.currentData(), self.reason.text(), self.case_ids
        self.submit.setEnabled(False)
        self.session.worker.submit(
            lambda ws: ws.review_cases(case_ids, state, reason),
            self._saved,
            self._refused,
            name="review_cases",
        )

    def _saved(self, _reviews: list[Review]) -> None:
        self.reviewed.emit()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.submit.setEnabled(True)
