"""Settings → 审计日志, for the administrator: who did what at this window, read back from the
audit log (``counter-app audit list`` on the command line): by hall days, person, kind of
action and case, the newest entries first chosen and shown oldest first, in the hall's
clock; each action by its name (the code the log holds as its tooltip) and its detail in
words (``ui.audit_labels``). The core checks the role and records the reading itself
(``ui.desks.staff``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
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
from ui.audit_labels import AuditWording, action_families
from ui.case_labels import actor_label
from ui.i18n import error_text
from ui.widgets import chosen_day, data_label, data_tooltip, day_edit, record_table

if TYPE_CHECKING:
    from ui.window_session import Session

# Entries shown at a time: a day of a busy window; the filters narrow it down.
SHOWN = 500
# The days shown when the panel opens: the last week, today included.
OPENING_DAYS = 7


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
        self.status = data_label(self.tr("选好条件后点击查询；每次查阅都记入审计日志。"))
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
        wording = AuditWording()
        for row, entry in enumerate(page.entries):
            action = entry["action"]
            lines = wording.detail_lines(action, entry["detail"])
            replaced_by = entry.get("replaced_by_restore")
            if replaced_by is not None:  # kept from the log a restore replaced
                lines = [
                    self.tr("（已被第 %1 条恢复备份替换）").replace("%1", str(replaced_by)),
                    *lines,
                ]
            for column, text, tip in (
                (0, hall_time_text(entry["at"]), ""),
                (1, entry["window_code"] or "", ""),
                (2, actor_label(entry["actor"]), entry["actor"]),
                # The code as the log holds it, for support staff reading log files.
                (3, wording.action(action), action),
                (4, entry["case_no"] or entry["target"] or "", ""),
                (5, wording.separator.join(lines), "\n".join(lines)),
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(data_tooltip(tip))
                self.table.setItem(row, column, item)
        self.table.scrollToBottom()  # the newest, where a question usually starts
        if page.earlier:
            self.status.setText(
                self.tr(
                    "显示最近 {shown} 条；更早的 %n 条请缩小日期范围查看。", "", page.earlier
                ).format(shown=len(page.entries))
            )
        else:
            self.status.setText(self.tr("共 %n 条。", "", len(page.entries)))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.status.setText(error_text(exc))
