"""The supervisor's hall queue tab: every window's cases of the hall (the platform's hall
queue feed merged with this PC's unsynced cases), searchable and filtered by state; a case
of this PC opens its own detail, another window's its history from the platform."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_queue import (
    ACTOR_OUT_OF_USE,
    AGENT_RULE_BROKEN,
    BAD_RATING,
    CATALOG_CHANGED,
    CATALOG_UNKNOWN,
    DATED_AHEAD,
    DEFERRAL_DUE,
    DEFERRED_MATERIALS,
    DUE_SOON,
    ELICENCE_UNVERIFIED,
    FEE_CHANGED,
    ID_NUMBER_OTHER_NAME,
    ITEM_WITHDRAWN,
    MATERIALS_ADDED,
    OVERDUE,
    PAYMENT_TWICE,
    PAYMENT_UNCONFIRMED,
    PREAPP_USED_TWICE,
    REFUND_OWED,
    RESULT_READY,
    SAME_APPLICANT_SAME_ITEM,
    SAME_DAY_OPEN,
    TIME_LIMIT_CHANGED,
    UNPAID,
)
from counter_app.domain.hall_time import hall_minute_text, hall_time_text
from counter_app.domain.review_states import REVIEW_STATES
from ui.case_detail import CaseDetailDialog
from ui.case_labels import actor_label, sync_labels
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text
from ui.labels import state_label, state_labels
from ui.reviews import ReviewDialog, review_label
from ui.shown_fresh import ShownFreshScreen
from ui.widgets import (
    data_label,
    data_tooltip,
    list_table,
    record_table,
    search_as_typed,
    search_field,
    state_filter,
)
from ui.work_tabs import PROBLEMS

if TYPE_CHECKING:
    from counter_app.services.hall_queue import QueueEntry
    from ui.core_facade import Workstation
    from ui.facade_types import HallHistoryEntry
    from ui.window_session import Session

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200


def flag_labels() -> dict[str, str]:
    return {
        OVERDUE: QCoreApplication.translate("hall_queue", "已超期"),
        DUE_SOON: QCoreApplication.translate("hall_queue", "临近超期"),
        SAME_DAY_OPEN: QCoreApplication.translate("hall_queue", "即办未结"),
        DEFERRAL_DUE: QCoreApplication.translate("hall_queue", "容缺到期"),
        DEFERRED_MATERIALS: QCoreApplication.translate("hall_queue", "有容缺材料"),
        BAD_RATING: QCoreApplication.translate("hall_queue", "差评待整改"),
        UNPAID: QCoreApplication.translate("hall_queue", "待缴费"),
        PAYMENT_UNCONFIRMED: QCoreApplication.translate("hall_queue", "平台缴费未确认"),
        PAYMENT_TWICE: QCoreApplication.translate("hall_queue", "重复缴费待核实"),
        REFUND_OWED: QCoreApplication.translate("hall_queue", "应退费"),
        RESULT_READY: QCoreApplication.translate("hall_queue", "结果待领取"),
        ELICENCE_UNVERIFIED: QCoreApplication.translate("hall_queue", "电子证照未核实"),
        ITEM_WITHDRAWN: QCoreApplication.translate("hall_queue", "事项已停办"),
        CATALOG_CHANGED: QCoreApplication.translate("hall_queue", "目录已变更"),
        MATERIALS_ADDED: QCoreApplication.translate("hall_queue", "新增必交材料"),
        TIME_LIMIT_CHANGED: QCoreApplication.translate("hall_queue", "时限已变"),
        FEE_CHANGED: QCoreApplication.translate("hall_queue", "收费已变"),
        CATALOG_UNKNOWN: QCoreApplication.translate("hall_queue", "目录版本未发布"),
        AGENT_RULE_BROKEN: QCoreApplication.translate("hall_queue", "代办规则不符"),
        SAME_APPLICANT_SAME_ITEM: QCoreApplication.translate(
            "hall_queue", "同一申请人同一事项重复受理"
        ),
        ID_NUMBER_OTHER_NAME: QCoreApplication.translate("hall_queue", "证件号码已登记其他姓名"),
        PREAPP_USED_TWICE: QCoreApplication.translate("hall_queue", "网上申报重复使用"),
        DATED_AHEAD: QCoreApplication.translate("hall_queue", "办件时间晚于平台接收时间"),
        ACTOR_OUT_OF_USE: QCoreApplication.translate("hall_queue", "经办账号已停用"),
    }


class QueueTableModel(QAbstractTableModel):
    COLUMNS = (
        "case_no",
        "window_code",
        "clerk",
        "item_name",
        "state",
        "sync_state",
        "review",
        "accepted_at",
        "promised_date",
        "days_left",
        "flags",
    )

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang  # the platform's own words come in both languages
        self.rows: list[QueueEntry] = []
        self.reviews: dict[str, str] = {}  # review state per case id
        self.headers = [
            self.tr("办件编号"),
            self.tr("窗口"),
            self.tr("受理人"),
            self.tr("事项"),
            self.tr("状态"),
            self.tr("同步"),
            self.tr("审核"),
            self.tr("受理时间"),
            self.tr("承诺日期"),
            self.tr("剩余天数"),
            self.tr("提示"),
        ]
        self.syncs = sync_labels()
        self.state_names = {str(state): label for state, label in state_labels().items()}
        self.flag_names = flag_labels()
        self.separator = self.tr("、")
        self.unnamed_bundle = self.tr("一件事")

    def set_rows(self, rows: list[QueueEntry], reviews: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.reviews = rows, reviews
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        text = self._cell(index, role)
        # Names, item and bundle names, the platform's words: a tooltip shows them as they are.
        return data_tooltip(text) if text and role == Qt.ItemDataRole.ToolTipRole else text

    def _cell(self, index: Index, role: int) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()]
        if key == "review":
            return review_label(self.reviews.get(row.case_id, ""), self.lang)
        value = getattr(row, key)
        if key == "state":
            return self.state_names.get(row.state, row.state)
        if key == "sync_state":
            if role == Qt.ItemDataRole.ToolTipRole and row.problem is not None:
                return self._problem_text(row)
            return self.syncs.get(row.sync_state, row.sync_state)
        if key == "accepted_at":
            return hall_minute_text(value) if value else ""
        if key == "flags":
            return self.separator.join(self.flag_names.get(flag, flag) for flag in row.flags)
        if key == "item_name" and row.bundle_id is not None:
            return self._bundled_item(row)
        return "" if value is None else str(value)

    def _bundled_item(self, row: QueueEntry) -> str:
        """The item, then the bundle (一件事) its case was decided in: 失业登记 ·〔失业一件事〕."""
        return self.tr("{item} ·〔{bundle}〕").format(
            item=row.item_name, bundle=row.bundle_name or self.unnamed_bundle
        )

    def _problem_text(self, row: QueueEntry) -> str:
        """The platform's words and what to do, in the problem dialog's terms, and where
        that dialog is."""
        problem = row.problem
        assert problem is not None
        english = self.lang == "en"
        return self.tr("{said}\n{todo}\n（在“{tab}”[{key}] 中选中该办件后按回车处理。）").format(
            said=problem.message_en if english else problem.message_zh,
            todo=problem.window_todo_en if english else problem.window_todo_zh,
            tab=PROBLEMS.shown_name(),
            key=PROBLEMS.shortcut,
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def queue_table(model: QueueTableModel) -> QTableView:
    """The queue's table: the case number, the state and the dates whole; the item's name
    and the flags share the room the others leave (``ui.column_fit``)."""
    columns = model.COLUMNS
    return list_table(
        model, "queueTable", free=(columns.index("item_name"), columns.index("flags"))
    )


class HallQueueScreen(ShownFreshScreen):
    """Emits ``loaded`` after each refresh arrived (tests wait on it)."""

    loaded = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hallQueue")
        self.session = session
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.query = search_field(
            "queueQuery", self.tr("办件编号、事项、一件事、窗口或受理人（Ctrl+F）")
        )
        row.addWidget(self.query, 3)
        self.state = state_filter("queueStateFilter", self.tr("全部状态"))
        self.review = QComboBox()
        self.review.setObjectName("queueReviewFilter")
        self.review.addItem(self.tr("全部审核状态"), None)
        for review in REVIEW_STATES:
            self.review.addItem(review_label(review, session.lang), review)
        # The promised date's: overdue, or 临近超期 (hall.due_soon_working_days), the oldest
        # promised first.
        self.time_limit = QComboBox()
        self.time_limit.setObjectName("queueTimeLimitFilter")
        self.time_limit.addItem(self.tr("全部办结时限"), None)
        self.time_limit.addItem(self.tr("已超期"), "overdue")
        self.time_limit.addItem(self.tr("临近超期"), "due_soon")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        self.review_button = QPushButton(self.tr("审核 (&V)"))
        self.review_button.setObjectName("queueReview")
        row.addWidget(self.state)
        row.addWidget(self.review)
        row.addWidget(self.time_limit)
        row.addWidget(self.refresh_button)
        row.addWidget(self.review_button)
        layout.addLayout(row)
        self.model = QueueTableModel(session.lang, self)
        self.table = queue_table(self.model)
        # Several rows may be chosen, to review them at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)
        self.count = data_label()  # may quote the search
        self.count.setObjectName("queueCount")
        layout.addWidget(self.count)
        search_as_typed(self.query, self.refresh, self)  # the timer is the screen's child
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.review.currentIndexChanged.connect(lambda _i: self.refresh())
        self.time_limit.currentIndexChanged.connect(lambda _i: self.refresh())
        self.review_button.clicked.connect(self.review_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.activated.connect(self._open)
        for key, slot in (("Ctrl+F", self.query.setFocus), ("F5", self.refresh)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        # Only the newest refresh's rows are shown: an earlier one still queued never
        # answers a later request.
        self.requested = 0
        self.history: HallHistoryDialog | None = None
        self.detail: CaseDetailDialog | None = None
        self.reviewing: ReviewDialog | None = None

    def review_selected(self) -> ReviewDialog | None:
        """Review the selected cases, all alike (Alt+V; Shift or Ctrl with a click, or
        Ctrl+A, chooses several); it refreshes the queue once kept."""
        chosen = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        if not chosen:
            return None
        entries = [self.model.rows[row] for row in chosen]
        cases = [(entry.case_id, entry.case_no) for entry in entries]
        self.reviewing = delete_on_close(ReviewDialog(self.session, cases, self))
        self.reviewing.reviewed.connect(self.refresh)
        self.reviewing.show()
        return self.reviewing

    def refresh(self) -> None:
        if self.session.username is None:
            return
        from ui.facade_types import QueueFilter

        view = QueueFilter(
            text=self.query.text().strip(),
            state=self.state.currentData(),
            review=self.review.currentData(),
            time_limit=self.time_limit.currentData(),
        )
        self.requested += 1
        request = self.requested

        def read(ws: Workstation) -> tuple[tuple[int, int], list[QueueEntry], dict[str, str]]:
            marker = ws.hall_queue_marker()
            rows = ws.hall_queue(view, limit=PAGE_SIZE)
            return marker, rows, ws.review_states([r.case_id for r in rows])

        self.session.worker.submit(
            read,
            lambda result: self._show(*result, view.text) if request == self.requested else None,
            self.session.report_error,
            name="hall_queue",
        )

    def _show(
        self, marker: tuple[int, int], rows: list[QueueEntry], reviews: dict[str, str], text: str
    ) -> None:
        self.shown_at = marker
        chosen = self.table.selectionModel().selectedRows()
        selected = self.model.rows[chosen[0].row()].case_id if chosen else None
        self.model.set_rows(rows, reviews)
        ids = [row.case_id for row in rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        if len(rows) == PAGE_SIZE:
            self.count.setText(
                self.tr("显示最新的 {n} 件；请用查找或状态缩小范围").format(n=len(rows))
            )
        elif rows or not text:
            self.count.setText(self.tr("共 {n} 件").format(n=len(rows)))
        else:
            self.count.setText(
                self.tr(
                    "未找到与“{query}”相符的办件。可按办件编号的开头、事项编码或名称中的字、"
                    "一件事名称中的字、完整的窗口编号或受理人的完整账号查找。"
                ).format(query=text)
            )
        self.loaded.emit(len(rows))

    def _open(self, index: QModelIndex) -> None:
        self.open_case(self.model.rows[index.row()])

    def open_case(self, entry: QueueEntry) -> QDialog:
        """This PC's case: its full detail from this store; another window's: its history
        as the platform holds it."""
        dialog: QDialog
        if entry.local:
            self.detail = delete_on_close(CaseDetailDialog(self.session, entry.case_id, self))
            dialog = self.detail
            self.detail.show()
            self.detail.load()
            self.detail.resume_approvals()
        else:
            self.history = delete_on_close(HallHistoryDialog(self.session, entry, self))
            dialog = self.history
            self.history.show()
            self.history.load()
        return dialog


class HallHistoryDialog(QDialog):
    """Another window's case as the platform holds it: its versions and back-office steps."""

    loaded = Signal()

    def __init__(self, session: Session, entry: QueueEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hallHistory")
        self.session = session
        self.entry = entry
        self.setWindowTitle(
            self.tr("办件 {case_no}（{window}）").format(
                case_no=entry.case_no, window=entry.window_code
            )
        )
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.status = data_label(self.tr("正在向平台查询……"))
        self.status.setObjectName("hallHistoryStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = record_table(
            "hallHistoryTable",
            [self.tr("时间"), self.tr("类型"), self.tr("状态"), self.tr("操作人"), self.tr("说明")],
        )
        layout.addWidget(self.table, 1)
        self.entries: tuple[HallHistoryEntry, ...] = ()

    def load(self) -> None:
        case_id = self.entry.case_id
        self.session.platform_worker.submit(
            lambda desk: desk.hall_case_history(case_id),
            self._show,
            self._failed,
            name="hall_case_history",
        )

    def _show(self, entries: tuple[HallHistoryEntry, ...]) -> None:
        self.entries = entries
        kinds = {"version": self.tr("数据版本 {n}"), "progress": self.tr("平台进度")}
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            kind = kinds.get(e.kind, e.kind).format(n=e.data_version)
            who = QTableWidgetItem(actor_label(e.actor))
            who.setToolTip(data_tooltip(e.actor))  # the account's or the service's code
            cells = [
                *(QTableWidgetItem(text) for text in (hall_time_text(e.at)[:19], kind)),
                QTableWidgetItem(state_label(e.state)),
                who,
                QTableWidgetItem(e.note),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.status.setText(
            self.tr("平台上的记录（本办件由窗口 {window} 受理，完整记录在该窗口）").format(
                window=self.entry.window_code
            )
        )
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(
            self.tr("无法从平台取得该办件的记录：{reason}").format(reason=error_text(exc))
        )
        self.loaded.emit()
