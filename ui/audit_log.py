"""Settings → 审计日志, for the administrator: who did what at this window, read back from the
audit log (``counter-app audit list`` on the command line): by hall days, person, kind of
action and case, the newest entries first chosen and shown oldest first, in the hall's
clock. The core checks the role and records the reading itself (``ui.desks.staff``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_time_text, hall_today
from counter_app.store.audit_search import AuditPage, AuditQuery
from ui.i18n import error_text
from ui.widgets import chosen_day, day_edit, record_table

if TYPE_CHECKING:
    from ui.window_session import Session

translate = QCoreApplication.translate
# Entries shown at a time: a day of a busy window; the filters narrow it down.
SHOWN = 500
# The days shown when the panel opens: the last week, today included.
OPENING_DAYS = 7


def action_families() -> dict[str, str]:
    """The kinds of action to choose from, by the audit actions' family (their prefix)."""
    return {
        "": translate("AuditLogPanel", "全部"),
        "login": translate("AuditLogPanel", "登录"),
        "user": translate("AuditLogPanel", "账号"),
        "authorisation": translate("AuditLogPanel", "授权与拒绝"),
        "approval": translate("AuditLogPanel", "值班长审批"),
        "case": translate("AuditLogPanel", "办件"),
        "document": translate("AuditLogPanel", "文书与打印"),
        "audit": translate("AuditLogPanel", "查阅审计日志"),
    }


class AuditLogPanel(QGroupBox):
    """Emits ``loaded`` once a search's entries are shown (tests wait on it)."""

    loaded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("审计日志"), parent)
        self.setObjectName("auditLog")
        self.session = session
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        today = hall_today()
        self.first = day_edit("auditFrom", today - timedelta(days=OPENING_DAYS - 1))
        self.last = day_edit("auditTo", today)
        self.actor = QLineEdit()
        self.actor.setObjectName("auditActor")
        self.actor.setPlaceholderText(self.tr("账号，如 clerk01"))
        self.family = QComboBox()
        self.family.setObjectName("auditFamily")
        for code, name in action_families().items():
            self.family.addItem(name, code)
        self.case = QLineEdit()
        self.case.setObjectName("auditCase")
        self.case.setPlaceholderText(self.tr("办件编号"))
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.setObjectName("auditSearch")
        for label, widget in (
            (self.tr("从"), self.first),
            (self.tr("至"), self.last),
            (self.tr("操作人"), self.actor),
            (self.tr("类别"), self.family),
            (self.tr("办件号"), self.case),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.search_button)
        layout.addLayout(row)
        self.table = record_table(
            "auditEntries",
            [
                self.tr("时间"),
                self.tr("窗口"),
                self.tr("操作人"),
                self.tr("操作"),
                self.tr("对象"),
                self.tr("详情"),
            ],
        )
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table)
        self.status = QLabel(self.tr("选好条件后点击查询；每次查阅都记入审计日志。"))
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.search_button.clicked.connect(self.search)
        self.actor.returnPressed.connect(self.search)
        self.case.returnPressed.connect(self.search)

    def search(self) -> None:
        query = AuditQuery(
            since=chosen_day(self.first),
            until=chosen_day(self.last),
            actor=self.actor.text().strip() or None,
            action=self.family.currentData() or None,
            limit=SHOWN,
        )
        case = self.case.text().strip()
        self.search_button.setEnabled(False)
        self.session.worker.submit(
            lambda ws: ws.audit_entries(query, case), self._show, self._failed, name="audit"
        )

    def _show(self, page: AuditPage) -> None:
        self.search_button.setEnabled(True)
        self.table.setRowCount(len(page.entries))
        for row, entry in enumerate(page.entries):
            detail = entry["detail"] if entry["detail"] not in (None, "{}") else ""
            for column, text in enumerate(
                (
                    hall_time_text(entry["at"]),
                    entry["window_code"] or "",
                    entry["actor"],
                    entry["action"],
                    entry["case_no"] or entry["target"] or "",
                    detail,
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.scrollToBottom()  # the newest, where a question usually starts
        if page.earlier:
            self.status.setText(
                self.tr("显示最近 {shown} 条；更早的 {earlier} 条请缩小日期范围查看。").format(
                    shown=len(page.entries), earlier=page.earlier
                )
            )
        else:
            self.status.setText(self.tr("共 {count} 条。").format(count=len(page.entries)))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.status.setText(error_text(exc))
