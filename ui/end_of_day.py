"""The supervisor's 日结 tab: a hall day's figures per window and for the hall (a window with
unsynced cases flagged) and the 一件事 bundles decided among them, this PC's cases of the day
the platform has not acknowledged with their last sync error, this window's approval requests
decided that day and still pending (a warning at the sign-off, not a block), and the
sign-off, confirmed with the supervisor's password.

The figures say when they were read (统计时间) and are read again whenever the tab is shown or a
sync run reports while it is shown, if a case or the hall queue feed changed since: a
supervisor never signs off on the figures of the morning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.fees import format_yuan
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_minute_text, hall_today
from counter_app.services.end_of_day import DAY_COUNTS, sync_error_text
from printing.day_labels import approval_line, bundle_text, count_text
from ui import shown_fresh
from ui.approval import SupervisorApprovalDialog
from ui.case_labels import sync_labels
from ui.correction import list_separator
from ui.dialog_lifetime import delete_on_close
from ui.i18n import in_language
from ui.widgets import chosen_day, data_label, day_edit, record_table, refresh_on_f5

if TYPE_CHECKING:
    from counter_app.services.end_of_day import DayReport, SignOff, WindowDay
    from counter_app.store.case_integrity import AlteredCase
    from counter_app.store.end_of_day import SignOffRow
    from ui.facade_types import InPlaceApproval
    from ui.window_session import Session

FLAGGED = QColor(255, 228, 220)


def hidden_note(name: str) -> QLabel:
    """A wrapped note of the day's data, hidden until a day has something to say there."""
    note = data_label()
    note.setObjectName(name)
    note.setWordWrap(True)
    note.hide()
    return note


class EndOfDayScreen(shown_fresh.ShownFreshScreen):
    """Emits ``loaded`` after each report arrived and ``signed(sign_off_id)`` after a
    sign-off was recorded (tests wait on them)."""

    loaded = Signal()
    signed = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("endOfDay")
        self.session = session
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("日期")))
        self.day = day_edit("eodDate", hall_today())
        row.addWidget(self.day)
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        row.addWidget(self.refresh_button)
        self.as_of = QLabel()  # when the figures shown were read
        self.as_of.setObjectName("eodAsOf")
        row.addWidget(self.as_of)
        row.addStretch(1)
        self.sign_button = QPushButton(self.tr("签署日结……"))
        self.sign_button.setObjectName("eodSignOff")
        row.addWidget(self.sign_button)
        layout.addLayout(row)
        self.status = data_label()  # names who signed the day off
        self.status.setObjectName("eodStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        count_headings = {
            "accepted": self.tr("受理"),
            "deferred": self.tr("容缺"),
            "notified": self.tr("告知"),
            "refused": self.tr("不予受理"),
            "withdrawn": self.tr("撤回"),
            "voided": self.tr("作废"),
            "documents": self.tr("文书"),
            "reprints": self.tr("补打"),
            "deferrals_due": self.tr("容缺到期"),
            "acknowledged": self.tr("平台已确认"),
            "unsynced": self.tr("未同步"),
        }
        headings = [
            self.tr("窗口"),
            *(count_headings[key] for key in DAY_COUNTS),
            self.tr("评价（差评）"),
            self.tr("应缴"),
            self.tr("已缴"),
            self.tr("待缴"),
        ]
        self.windows = record_table("eodWindows", headings)
        layout.addWidget(self.windows, 1)
        self.note = QLabel(
            self.tr(
                "其他窗口的数据来自平台的大厅队列（评价为窗口评价器所评）：其文书、补打、"
                "网上评价、作废审批人与未同步办件只在其本机可见，表中记为“—”；"
                "全大厅的这几项只计本窗口，标有“本窗口”。"
            )
        )
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.bundles = hidden_note("eodBundles")  # the day's 一件事, shown on a day with any
        layout.addWidget(self.bundles)
        layout.addWidget(QLabel(self.tr("平台尚未确认的本机当日办件")))
        self.unacknowledged = record_table(
            "eodUnacknowledged",
            [self.tr("办件编号"), self.tr("窗口"), self.tr("同步"), self.tr("最后一次同步结果")],
        )
        layout.addWidget(self.unacknowledged, 1)
        self.approvals = hidden_note("eodApprovals")  # this window's approval requests
        layout.addWidget(self.approvals)
        self.report: DayReport | None = None
        # Who signed the day shown off here, and when, oldest first (a new one is added).
        self.sign_offs: list[tuple[str, str]] = []
        self.dialog: SupervisorApprovalDialog | None = None
        self.syncs = sync_labels()
        self.refresh_button.clicked.connect(self.refresh)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.sign_button.clicked.connect(self.ask_sign_off)
        refresh_on_f5(self, self.refresh)
        self.requested = 0

    def chosen_day(self) -> date:
        return chosen_day(self.day)

    def refresh(self) -> None:
        if self.session.username is None:
            return
        day = self.chosen_day()
        self.requested += 1
        request = self.requested
        self.session.worker.submit(
            lambda ws: (
                ws.hall_queue_marker(),
                datetime.now(HALL_TIMEZONE),
                ws.day_report(day),
                ws.day_sign_offs(day),
            ),
            lambda result: self._show(*result) if request == self.requested else None,
            self.session.report_error,
            name="day_report",
        )

    def _show(
        self,
        marker: tuple[int, int],
        read_at: datetime,
        report: DayReport,
        sign_offs: list[SignOffRow],
    ) -> None:
        self.shown_at = marker
        self.report = report
        self.sign_offs = [(row.signed_by, row.signed_at) for row in sign_offs]
        hall = report.hall  # added up afresh on each read
        rows = [*report.windows, hall]
        self.windows.setRowCount(len(rows))
        for index, window in enumerate(rows):
            self._window_row(index, window, window is hall)
        self._show_bundles(report)
        self._show_approvals(report)
        self.unacknowledged.setRowCount(len(report.unacknowledged))
        for index, case in enumerate(report.unacknowledged):
            values = (
                case.case_no,
                case.window_code,
                self.syncs.get(case.sync_state, case.sync_state),
                in_language(sync_error_text(case.last_error), self.session.lang),
            )
            for column, value in enumerate(values):
                self.unacknowledged.setItem(index, column, QTableWidgetItem(value))
        self._show_status(report)
        self.as_of.setText(shown_fresh.as_of_text(read_at))
        self._check_records(report)

    def _check_records(self, report: DayReport) -> None:
        """The figures are shown; then each case of the day is checked against its sealed
        version (a fraction of a millisecond each), and the reconciliation said again."""
        request = self.requested

        def checked(altered: tuple[AlteredCase, ...]) -> None:
            if request != self.requested:
                return
            self.report = replace(report, altered=altered, records_checked=True)
            self._show_status(self.report)
            self.loaded.emit()

        self.session.worker.submit(
            lambda ws: ws.day_record_check(report.day),
            checked,
            self.session.report_error,
            name="day_record_check",
        )

    def _show_status(self, report: DayReport) -> None:
        flagged = [w.window_code for w in report.windows if w.flagged]
        if report.day > hall_today():  # nothing to reconcile yet, and nothing to sign off
            said = [self.tr("该日尚未到来：没有可对账的办件，也不能日结。")]
        elif report.reconciled:
            said = [self.tr("对账无误：本机当日受理的办件均已被平台确认。")]
        else:
            said = []
            if report.unacknowledged:
                said.append(
                    self.tr(
                        "%n 件办件平台尚未确认；有未同步办件的窗口：{windows}。",
                        "",
                        len(report.unacknowledged),
                    ).format(windows=list_separator().join(flagged))
                )
            if report.altered:
                said.append(
                    self.tr(
                        "%n 件办件的本机记录被改动或删除，与加密封存的版本不符：{cases}。"
                        "请联系信息技术人员运行 counter-app doctor。",
                        "",
                        len(report.altered),
                    ).format(cases=list_separator().join(a.case_no for a in report.altered))
                )
            if not report.records_checked:
                said.append(self.tr("正在核对本机记录……"))
        if self.sign_offs:
            said.append(self._signed_text())
        self.status.setText("\n".join(said))

    def _signed_text(self) -> str:
        """Who signed the day shown off here, and when (the newest)."""
        who, at = self.sign_offs[-1]
        return self.tr(
            "本日已由 {who} 于 {at} 签署日结（本机共 %n 次）。", "", len(self.sign_offs)
        ).format(who=who, at=hall_minute_text(at))

    def _show_bundles(self, report: DayReport) -> None:
        """The 一件事 each window decided and the hall's, in the day report's words (their
        cases are in the table already, each under its own item); hidden on a day without."""
        if not report.hall.bundles:
            self.bundles.clear()
            self.bundles.hide()
            return
        rows = [(w.window_code, w) for w in report.windows if w.bundles]
        rows.append((self.tr("全大厅"), report.hall))
        figures = self.tr("；").join(
            f"{name} {bundle_text(window, self.session.lang)}" for name, window in rows
        )
        self.bundles.setText(
            self.tr("一件事：{figures}").format(figures=figures)
            + "\n"
            + self.tr("一件事的每个办件已按其事项计入上表。")
        )
        self.bundles.show()

    def _show_approvals(self, report: DayReport) -> None:
        """This window's requests to the hall's supervisors decided that day (by whom, what,
        approved or refused) and those still waiting, in the day report's words; hidden on a
        day without."""
        decided, pending = report.approvals_decided, report.approvals_pending
        if not decided and not pending:
            self.approvals.clear()
            self.approvals.hide()
            return
        lang = self.session.lang
        lines = [self.tr("本窗口请求值班长审批的事项：当日已决定 %n 项", "", len(decided))]
        lines += [f"• {approval_line(a, lang)}" for a in decided]
        lines.append(self.tr("仍待审批 %n 项（不影响日结签署）", "", len(pending)))
        lines += [f"• {approval_line(a, lang)}" for a in pending]
        self.approvals.setText("\n".join(lines))
        self.approvals.show()

    def _window_row(self, index: int, window: WindowDay, whole_hall: bool) -> None:
        name = self.tr("全大厅") if whole_hall else window.window_code
        if window.flagged:
            name += self.tr("（未同步！）")
        rated, bad = window.rating_figures
        values = [
            name,
            *(count_text(window, key, self.session.lang) for key in DAY_COUNTS),
            self.tr("{n}（{bad}）").format(n=rated, bad=bad),
            *(
                self.tr("{n}（{yuan} 元）").format(n=count, yuan=format_yuan(cents))
                for count, cents in window.fee_figures
            ),
        ]
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if window.flagged:
                item.setBackground(QBrush(FLAGGED))
            self.windows.setItem(index, column, item)

    def ask_sign_off(self) -> SupervisorApprovalDialog:
        """The sign-off, confirmed with the supervisor's own password."""
        day = self.chosen_day()
        report = self.report
        notes = []
        if report is not None and report.unacknowledged:
            notes.append(
                self.tr(
                    "注意：%n 件办件平台尚未确认，签署后仍会如实报送（窗口被标记）。",
                    "",
                    len(report.unacknowledged),
                )
            )
        if report is not None and report.altered:
            notes.append(
                self.tr(
                    "注意：%n 件办件的本机记录被改动或删除，签署后仍会如实报送（未对平）。",
                    "",
                    len(report.altered),
                )
            )
        if report is not None and report.approvals_pending:
            notes.append(
                self.tr(
                    "注意：本窗口尚有 %n 项审批请求待值班长决定；可以签署，报表如实列出。",
                    "",
                    len(report.approvals_pending),
                )
            )
        if self.sign_offs and report is not None and report.day == day:
            # Signing again archives and reports another copy: say so before the password.
            notes.append(
                f"{self._signed_text()}" + self.tr("再次签署将另存一份报表，并再次报送平台。")
            )
        facts = "\n".join(notes)
        dialog = delete_on_close(
            SupervisorApprovalDialog(
                self.tr("签署 {day} 的日结").format(day=day.isoformat()), facts, False, self
            ),
            self,
            "dialog",
        )
        self.dialog = dialog
        self.dialog.username.setText(self.session.username or "")
        self.dialog.approval_requested.connect(
            lambda approval, _reason: self._sign_off(day, approval)
        )
        self.dialog.show()
        self.dialog.password.setFocus()
        return self.dialog

    def _sign_off(self, day: date, approval: InPlaceApproval) -> None:
        lang = self.session.lang
        self.session.worker.submit(
            lambda ws: ws.sign_off_day(day, approval, lang),
            self._signed,
            self._refused,
            name="sign_off_day",
        )

    def _signed(self, sign_off: SignOff) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        self.status.setText(
            self.tr("{who} 已签署 {day} 的日结，报表已存档，将在下次同步时报送平台。").format(
                who=sign_off.signed_by, day=sign_off.day.isoformat()
            )
        )
        if self.report is not None and self.report.day == sign_off.day:
            self.sign_offs.append((sign_off.signed_by, sign_off.signed_at))
        self.shown_at = (-1, -1)  # the figures as signed, read again when next shown
        self.signed.emit(sign_off.sign_off_id)

    def _refused(self, exc: BaseException) -> None:
        if self.dialog is None:
            self.session.report_error(exc)
            return
        self.dialog.refused(exc)
