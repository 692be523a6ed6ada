"""Sync status for the clerk: a status-bar button always visible, and a details dialog.

``SyncStatusBridge`` lives in the GUI thread; the sync status reader thread calls
``publish`` (a plain callable, so it fits ``SyncProcess``'s listener), and ``changed`` is then
emitted on the GUI thread, where its slots run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import data_label, data_tooltip

if TYPE_CHECKING:
    from counter_app.config import Config


def revoked_text(config: Config, backlog: int, lang: str) -> str:
    """What a window whose enrolment the platform revoked tells IT to do, as doctor and
    ``counter-app sync status`` say it (``sync.status.revoked_words``)."""
    # Imported at a revoked status, not with the status bar (built before the first frame).
    from sync.status import revoked_words
    from ui.i18n import in_language

    return in_language(revoked_words(config, backlog), lang)


def restore_text(status: Any, lang: str) -> str | None:
    """Why acknowledged cases wait again, for a day after the platform was restored from a
    backup, as ``counter-app sync status`` says it (``sync.status.restore_words``)."""
    if status.platform_restored_at is None:
        return None
    # Imported at such a status, as revoked_text's.
    from sync.status import restore_words
    from ui.i18n import in_language

    words = restore_words(status)
    return in_language(words, lang) if words else None


class SyncStatusBridge(QObject):
    """Turns the sync process's status reports into a Qt signal emitted on the GUI thread.

    ``publish`` runs on the reader thread and emits only the private ``_arrived``, connected
    once, here, and so queued to the GUI thread, which emits ``changed``. Slots are connected to
    ``changed`` and disconnected from it at any time, on the GUI thread (the sync details
    dialog, a test's ``waitSignal``); an emission of ``changed`` on the reader thread at the
    same moment crashed PySide6 (a segmentation fault in the GUI thread, twice in CI).
    """

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Automatic connection: queued, since ``_arrived`` is emitted off this object's thread.
        # (No ``Qt`` enum here: the bridge is built before the first frame.)
        self._arrived.connect(self.changed)

    def publish(self, status: Any) -> None:
        self._arrived.emit(status)


class SyncStatusButton(QToolButton):
    """Online / offline / syncing, backlog, last success; click opens the details. A window
    whose enrolment the platform revoked says so, in red, with what to do."""

    def __init__(self, lang: str, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAutoRaise(True)
        # Text only: ui/style.qss (built before the first frame, so no ``Qt`` namespace here).
        self.lang = lang
        self.config = config
        self.status: Any = None
        self.setText(self.tr("同步：未连接"))

    def connectivity_labels(self) -> dict[str, str]:
        """Online, offline, syncing, unknown: as the running ``counter-app sync`` says them
        (``sync.status.CONNECTIVITY_NAMES``)."""
        return {
            "online": self.tr("在线"),
            "offline": self.tr("离线"),
            "syncing": self.tr("同步中"),
            "unknown": self.tr("未知"),
        }

    def update_status(self, status: Any) -> None:
        # Imported at the first status, not with the button (built before the first frame).
        from counter_app.domain.hall_time import hall_time_text

        self.status = status
        labels = self.connectivity_labels()
        state = labels.get(status.connectivity, labels["unknown"])
        if not status.enrolled:
            state = self.tr("未登记")
        elif status.revoked:  # the platform answers, so the run's connectivity says "online"
            state = self.tr("登记已被吊销")
        text = self.tr("同步：{state} · 待上传 {backlog} · 上次成功 {last}").format(
            state=state,
            backlog=status.backlog,
            last=hall_time_text(status.last_success_at)[11:16] or "—",
        )
        if status.needs_supervisor:
            text += self.tr(" · 待处理 {n}").format(n=status.needs_supervisor)
        if status.disk_warning_zh:
            text += self.tr(" · 磁盘将满")
        if status.clock_skew_seconds is not None:
            text += self.tr(" · 时钟不准")
        self.setText(text)
        problem = (
            status.revoked
            or status.connectivity == "offline"
            or status.needs_supervisor
            or status.last_error_zh
            or status.disk_warning_zh
            or status.refused_documents
        )
        self.setProperty("problem", bool(problem))
        # Why the last run failed, what the disk is short of and why acknowledged cases wait
        # again after the platform's restore, in words (the sync's own zh/en texts), one
        # glance away.
        en = self.lang == "en"
        error = status.last_error_en if en else status.last_error_zh
        if status.revoked:  # the platform's refusal says what happened, not what to do
            error = revoked_text(self.config, status.backlog, self.lang)
        words = (
            error,
            status.disk_warning_en if en else status.disk_warning_zh,
            restore_text(status, self.lang),
            *(refused.words()[1 if en else 0] for refused in status.refused_documents),
        )
        self.setToolTip(data_tooltip("\n".join(text for text in words if text)))
        self.style().unpolish(self)
        self.style().polish(self)


class SyncDetailsDialog(QDialog):
    """Everything the clerk or supervisor needs to know about sync, in plain words."""

    sync_now = Signal()

    def __init__(
        self, status: Any, lang: str, config: Config, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncDetails")
        self.setWindowTitle(self.tr("同步详情"))
        self.setMinimumWidth(520)
        self.lang = lang
        self.config = config
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("connectivity", self.tr("连接状态")),
            ("enrolled", self.tr("设备登记")),
            ("backlog", self.tr("待上传案件")),
            ("needs_supervisor", self.tr("需值班长处理")),
            ("last_success_at", self.tr("上次成功同步")),
            ("last_attempt_at", self.tr("上次尝试")),
            ("last_error", self.tr("最近的问题")),
            ("offline_warning", self.tr("离线提醒")),
            ("disk", self.tr("磁盘空间")),
        ):
            value = data_label()  # the platform's and the sync's words, quoting what was sent
            value.setWordWrap(True)
            value.setProperty("selectable", True)
            self.fields[key] = value
            self.form.addRow(label, value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("syncNow")
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.sync_button.clicked.connect(self.sync_now)
        layout.addWidget(buttons)
        self.update_status(status)

    def update_status(self, status: Any) -> None:
        from counter_app.domain.hall_time import hall_time_text  # as SyncStatusButton's

        if status is None:
            return
        connectivity = {
            "online": self.tr("在线：与中心平台连接正常"),
            "offline": self.tr("离线：暂时连不上中心平台，受理照常进行，恢复后自动上传"),
            "syncing": self.tr("正在同步"),
        }.get(status.connectivity, self.tr("尚未连接过"))
        en = self.lang == "en"
        error = (status.last_error_en if en else status.last_error_zh) or self.tr("无")
        enrolment = self.tr("未登记：请管理员在“设置”中登记本设备")
        if status.revoked:
            enrolment = self.tr("已被中心平台吊销")
            error = revoked_text(self.config, status.backlog, self.lang)
        elif status.enrolled:
            enrolment = self.tr("已登记")
        warning = (status.offline_warning_en if en else status.offline_warning_zh) or self.tr("无")
        values = {
            "connectivity": connectivity,
            "enrolled": enrolment,
            "backlog": str(status.backlog),
            "needs_supervisor": str(status.needs_supervisor),
            "last_success_at": hall_time_text(status.last_success_at),
            "last_attempt_at": hall_time_text(status.last_attempt_at),
            "last_error": error,
            "offline_warning": warning,
            "disk": (status.disk_warning_en if en else status.disk_warning_zh) or self.tr("充足"),
        }
        for key, text in values.items():
            self.fields[key].setText(text)
