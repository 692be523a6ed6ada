"""Hall notices in the window: the board (the signed-in user's notices, read or not), the
banner over every screen with the newest unread one (Ctrl+J: read), the notices tab (Ctrl+6;
Enter marks the selected one read) and, for supervisors and administrators, the dialog that
publishes a notice to every window of the hall (Ctrl+G)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_notices import TITLE_MAX_CHARS
from counter_app.domain.hall_time import hall_time_text
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text
from ui.widgets import data_label, error_label, ok_cancel_buttons, record_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from counter_app.store.hall_notices import HallNotice
    from ui.core_facade import Workstation
    from ui.window_session import Session


class NoticeBoard(QObject):
    """The signed-in user's notices, newest first; ``changed`` after each load."""

    changed = Signal()

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.notices: list[HallNotice] = []

    def refresh(self) -> None:
        if self.session.username is not None:
            self._load(lambda ws: ws.hall_notices())

    def mark_read(self, notice_id: str) -> None:
        self._load(lambda ws: ws.mark_notice_read(notice_id))

    def clear(self) -> None:
        self.notices = []
        self.changed.emit()

    def newest_unread(self) -> HallNotice | None:
        return next((n for n in self.notices if not n.read), None)

    def _load(self, job: Callable[[Workstation], list[HallNotice]]) -> None:
        username = self.session.username

        def loaded(notices: list[HallNotice]) -> None:
            # A load queued before a sign-out must not show one user's notices to the next.
            if self.session.username == username:
                self.notices = notices
                self.changed.emit()

        self.session.worker.submit(job, loaded, self.session.report_error, name="hall_notices")


class NoticeBanner(QFrame):
    """The newest unread notice, above every screen of the work area; hidden when none."""

    def __init__(self, board: NoticeBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBanner")
        self.board = board
        self.notice_id: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = data_label()  # the operator's or a supervisor's words, as they wrote them
        self.text.setObjectName("noticeBannerText")
        self.text.setWordWrap(True)
        self.dismiss = QPushButton(self.tr("知道了 (Ctrl+J)"))
        self.dismiss.setObjectName("noticeDismiss")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)
        self.dismiss.clicked.connect(self.mark_read)
        board.changed.connect(self.update_notice)
        self.hide()

    def update_notice(self) -> None:
        notice = self.board.newest_unread()
        self.notice_id = notice.notice_id if notice else None
        if notice is not None:
            self.text.setText(
                self.tr("大厅通知（{at}）：{title} — {body}").format(
                    at=hall_time_text(notice.published_at),
                    title=notice.title,
                    body=next(iter(notice.body.splitlines()), ""),  # the operator's may be empty
                )
            )

    def mark_read(self) -> None:
        if self.notice_id is not None:
            self.board.mark_read(self.notice_id)


class NoticesScreen(QWidget):
    """Every notice of the hall, newest first, and the selected one's text; Enter marks it
    read. ``can_publish``: the publish button (supervisors and administrators)."""

    published = Signal()

    def __init__(
        self,
        session: Session,
        board: NoticeBoard,
        *,
        can_publish: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hallNotices")
        self.session = session
        self.board = board
        self.can_publish = can_publish
        self.compose_dialog: NoticeComposeDialog | None = None
        layout = QVBoxLayout(self)
        headers = [self.tr("状态"), self.tr("标题"), self.tr("发布人"), self.tr("发布时间")]
        self.table = record_table("noticeTable", headers, free=(1,))
        self.body = QTextBrowser()
        self.body.setObjectName("noticeBody")
        # Shown while no notice is chosen: none yet, on a new hall PC, says what comes here.
        self.body.setPlaceholderText(
            self.tr("选中一条通知可看全文；值班长发布的大厅通知会列在上方。")
        )
        layout.addWidget(self.table, 2)
        layout.addWidget(self.body, 1)
        self.publish_button = QPushButton(self.tr("发布通知 (Ctrl+G)"))
        # Hidden for a clerk, never shown explicitly: showing a child of this screen before
        # it is in the window left the window inactive, its shortcuts dead (offscreen Qt).
        if not can_publish:
            self.publish_button.hide()
        layout.addWidget(self.publish_button, 0, Qt.AlignmentFlag.AlignRight)
        self.publish_button.clicked.connect(self.compose)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_body(row))
        self.table.activated.connect(lambda index: self._mark_read(index.row()))
        board.changed.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        current = self.table.currentRow()
        notices = self.board.notices
        self.table.setRowCount(len(notices))
        for row, notice in enumerate(notices):
            state = self.tr("已读") if notice.read else self.tr("未读")
            # A supervisor of the hall, by name; else the platform's operator.
            publisher = notice.publisher_name or self.tr("平台")
            for column, text in enumerate(
                (state, notice.title, publisher, hall_time_text(notice.published_at))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if notices:
            self.table.setCurrentCell(min(max(current, 0), len(notices) - 1), 0)
        self._show_body(self.table.currentRow())

    def _show_body(self, row: int) -> None:
        notices = self.board.notices
        self.body.setPlainText(notices[row].body if 0 <= row < len(notices) else "")

    def _mark_read(self, row: int) -> None:
        if 0 <= row < len(self.board.notices):
            self.board.mark_read(self.board.notices[row].notice_id)

    def compose(self) -> None:
        """Open the dialog that publishes a notice (supervisors and administrators)."""
        if not self.can_publish:
            return
        self.compose_dialog = delete_on_close(NoticeComposeDialog(self))
        self.compose_dialog.publish_requested.connect(self._publish)
        self.compose_dialog.open()

    def _publish(self, title: str, body: str, notice_id: str) -> None:
        dialog = self.compose_dialog
        assert dialog is not None

        def done(_notice: HallNotice) -> None:
            dialog.accept()
            self.board.refresh()
            self.published.emit()

        self.session.platform_worker.submit(
            lambda desk: desk.publish_notice(title, body, notice_id),
            done,
            lambda exc: dialog.show_error(error_text(exc)),
            name="publish_notice",
        )


class NoticeComposeDialog(QDialog):
    """Collects a notice's title and text; emits ``publish_requested(title, body, id)``. The
    id stays while the text does, so sending the same notice again after a failure cannot
    publish it twice (the platform stores one draft once)."""

    publish_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeCompose")
        self.setWindowTitle(self.tr("发布大厅通知"))
        self.setMinimumWidth(480)
        self.notice_id = str(uuid.uuid4())
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("通知将发送到本大厅的每个窗口（须连接平台）。"))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("标题")))
        self.title = QLineEdit()
        self.title.setObjectName("noticeTitle")
        self.title.setMaxLength(TITLE_MAX_CHARS)
        layout.addWidget(self.title)
        layout.addWidget(QLabel(self.tr("内容")))
        self.body = QPlainTextEdit()
        self.body.setObjectName("noticeText")
        self.body.setTabChangesFocus(True)
        layout.addWidget(self.body)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("发布"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.title.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        self._edited()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _edited(self) -> None:
        self.notice_id = str(uuid.uuid4())  # another text is another notice
        ready = bool(self.title.text().strip() and self.body.toPlainText().strip())
        self.ok_button().setEnabled(ready)

    def _submit(self) -> None:
        if not self.ok_button().isEnabled():
            return
        self.buttons.setEnabled(False)
        self.error.hide()
        self.publish_requested.emit(self.title.text(), self.body.toPlainText(), self.notice_id)

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
