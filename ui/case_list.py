"""The case list: today's cases, search and filters, the results ready for pick-up; a case
opens in its detail. It reads at most ``LIST_LIMIT`` cases (a search ``SEARCH_LIMIT``), the
newest, and says so when it shows that many; while its tab is hidden a sync run's changes
wait for it to be shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_minute_text
from counter_app.store.cases import LIST_LIMIT, SEARCH_LIMIT
from ui.case_detail import CaseDetailDialog
from ui.case_labels import state_text, sync_labels
from ui.dialog_lifetime import delete_on_close
from ui.handover import ResultsDialog
from ui.i18n import error_text
from ui.shortcut_help import described
from ui.widgets import (
    data_label,
    data_tooltip,
    list_table,
    search_as_typed,
    search_field,
    state_filter,
)

if TYPE_CHECKING:
    from counter_app.errors import NotFound
    from ui.core_facade import Workstation
    from ui.facade_types import CaseRow
    from ui.window_session import Session

Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    COLUMNS = (
        "case_no",
        "applicant_name",
        "applicant_masked_id",
        "service_item",
        "state",
        "sync_state",
        "clerk",
        "created_at",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        self.texts: list[tuple[str, ...]] = []  # each row's cells, as shown
        self.headers = [
            self.tr("办件编号"),
            self.tr("申请人"),
            self.tr("证件号码"),
            self.tr("事项"),
            self.tr("状态"),
            self.tr("同步"),
            self.tr("经办人"),
            self.tr("时间"),
        ]
        self.syncs = sync_labels()

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        # Worded once per fill, in ``COLUMNS``' order, not in every ``data`` call: the fit
        # asks for each cell.
        self.texts = []
        for row in rows:
            self.texts.append(
                (
                    row.case_no,
                    row.applicant_name,
                    row.applicant_masked_id,
                    row.service_item,
                    state_text(row),
                    self.syncs.get(row.sync_state, row.sync_state),
                    row.clerk,
                    hall_minute_text(row.created_at),
                )
            )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        text = self.texts[index.row()][index.column()] or ""
        return data_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class CaseListScreen(QWidget):
    """Emits ``loaded`` after each refresh arrived (tests and screenshots wait on it) and
    ``changed`` when ``refresh_if_changed`` found a case changed (a sync run, or something
    done in a case detail opened here)."""

    loaded = Signal(int)
    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseList")
        self.session = session
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.query = search_field(
            "caseQuery", self.tr("办件编号、证件号码、手机号或姓名（Ctrl+F）")
        )
        # What a screen reader announces: the placeholder, the box's only label, goes once
        # something is typed, and a combo box is otherwise named by its current value.
        self.query.setAccessibleName(self.tr("查找办件"))
        self.query.setAccessibleDescription(self.query.placeholderText())
        row.addWidget(self.query, 3)
        self.state = state_filter("stateFilter", self.tr("全部状态"))
        self.sync_state = QComboBox()
        self.sync_state.setObjectName("syncFilter")
        self.state.setAccessibleName(self.tr("按办件状态筛选"))
        self.sync_state.setAccessibleName(self.tr("按同步状态筛选"))
        self.sync_state.addItem(self.tr("全部同步状态"), None)
        for code in ("pending", "synced", "conflict", "rejected"):
            self.sync_state.addItem(sync_labels()[code], code)
        self.today = QCheckBox(self.tr("仅今天"))
        self.today.setChecked(True)
        # 「what I did today」: the signed-in member's own cases (经办人).
        self.mine = QCheckBox(self.tr("只看本人"))
        self.mine.setObjectName("mineOnly")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        # 出件: the results the platform reported ready, to hand over or to post.
        self.results_button = QPushButton(self.tr("待领取结果 (Ctrl+R)"))
        self.results_button.setObjectName("resultsButton")
        for widget in (
            self.state,
            self.sync_state,
            self.today,
            self.mine,
            self.refresh_button,
            self.results_button,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        self.model = CaseTableModel(self)
        self.table = list_table(self.model, "caseTable", free=(1, 3))
        self.table.setAccessibleName(self.tr("办件列表"))
        layout.addWidget(self.table, 1)
        self.count = data_label()  # may quote the search
        self.count.setObjectName("caseCount")
        layout.addWidget(self.count)
        # The timer is the screen's child; Return searches at once, Down goes to the rows.
        self.debounce = search_as_typed(self.query, self.refresh, self)
        self.first_row_wanted = False  # the next rows shown take the focus (Return, Down)
        self.query.returnPressed.connect(self._first_row_after_search)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.query)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._to_first_row)
        for filter_changed in (
            self.state.currentIndexChanged,
            self.sync_state.currentIndexChanged,
            self.today.toggled,
            self.mine.toggled,
        ):
            filter_changed.connect(lambda _value: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.results_button.clicked.connect(self.show_results)
        self.table.activated.connect(self._open)
        self._install_shortcuts()
        self.detail: CaseDetailDialog | None = None
        self.results: ResultsDialog | None = None
        self.shown_at_event = -1  # the newest case event when the rows shown were read
        self.told_event = -1  # the newest case event ``changed`` was emitted for
        # Each refresh is numbered; only the newest one's rows are shown (and ``loaded``
        # emitted), so an earlier refresh still queued never answers a later request.
        self.requested = 0

    def _install_shortcuts(self) -> None:
        for key, what, slot in (
            (
                "Ctrl+F",
                self.tr("查找办件（办件编号、证件号码、手机号或姓名）"),
                self.query.setFocus,
            ),
            ("F5", self.tr("刷新列表"), self.refresh),
            ("Ctrl+R", self.tr("待领取结果（出件）"), self.show_results),
        ):
            shortcut = described(QShortcut(QKeySequence(key), self), what)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def refresh(self) -> None:
        if self.session.username is None:
            return
        query = self.query.text().strip()
        state, sync_state = self.state.currentData(), self.sync_state.currentData()
        today_only = self.today.isChecked() and not query
        mine_only = self.mine.isChecked()
        self.requested += 1
        request = self.requested

        def read(ws: Workstation) -> tuple[int, list[CaseRow], NotFound | None]:
            at_event = ws.last_case_event()
            rows = ws.list_cases(query, state, sync_state, today_only, mine_only)
            # Nothing here: perhaps a case another window of the hall accepted.
            return at_event, rows, ws.held_elsewhere(query) if query and not rows else None

        self.session.worker.submit(
            read,
            lambda result: self._show(*result, query) if request == self.requested else None,
            self.session.report_error,
            name="list_cases",
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_if_changed()

    def refresh_if_changed(self) -> None:
        """Refresh when a case changed since the rows shown were read (a sync run pushed or
        pulled something); a quiet run costs one small query, and the clerk's selection
        stays. ``changed`` is emitted at once; the rows of a hidden tab are read when it is
        shown, not refilled for nobody."""
        if self.session.username is None:
            return
        self.session.worker.submit(
            lambda ws: ws.last_case_event(),
            self._changed_since,
            self.session.report_error,
            name="last_case_event",
        )

    def _changed_since(self, event: int) -> None:
        if event not in (self.shown_at_event, self.told_event):
            self.told_event = event
            self.changed.emit()
        if event != self.shown_at_event and self.isVisible():
            self.refresh()

    def _show(
        self, at_event: int, rows: list[CaseRow], elsewhere: NotFound | None, query: str
    ) -> None:
        self.shown_at_event = at_event
        selected = self._selected_case()
        self.model.set_rows(rows)
        if selected is not None:
            ids = [row.case_id for row in rows]
            if selected in ids:
                self.table.selectRow(ids.index(selected))
        if len(rows) >= (SEARCH_LIMIT if query else LIST_LIMIT):
            self.count.setText(self._capped_text(len(rows), query))
        elif rows or not query:
            self.count.setText(self.tr("共 {n} 件").format(n=len(rows)))
        elif elsewhere is not None:
            self.count.setText(error_text(elsewhere))
        else:
            self.count.setText(
                self.tr(
                    "未找到与“{query}”相符的办件。可按办件编号、证件号码、手机号或完整姓名查找。"
                ).format(query=query)
            )
        if self.first_row_wanted:
            self.first_row_wanted = False
            if self.query.hasFocus():  # the clerk has not gone elsewhere meanwhile
                self._focus_first_row()
        self.loaded.emit(len(rows))

    def _capped_text(self, shown: int, query: str) -> str:
        """What a list of as many rows as are read says: that there may be more."""
        if query:
            return self.tr(
                "显示与“{query}”相符的最新 {n} 件；请用证件号码、办件编号或状态缩小范围"
            ).format(query=query, n=shown)
        return self.tr("显示最新的 {n} 件；请用查找或状态缩小范围").format(n=shown)

    def _first_row_after_search(self) -> None:
        """Return in the search box: it searched already (``search_as_typed``); its rows
        take the focus when shown."""
        self.debounce.stop()
        self.first_row_wanted = True

    def _to_first_row(self) -> None:
        """Down in the search box: the first row, once what was typed is searched."""
        if self.debounce.isActive():
            self.debounce.stop()
            self.first_row_wanted = True
            self.refresh()
        else:
            self._focus_first_row()

    def _focus_first_row(self) -> None:
        if self.model.rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def _selected_case(self) -> str | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.rows[chosen[0].row()].case_id if chosen else None

    def _open(self, index: QModelIndex) -> None:
        self.open_case(self.model.rows[index.row()].case_id)

    def show_results(self) -> None:
        """The pick-up list; Enter opens a case to hand its result over or post it."""
        if self.session.username is None:
            return
        dialog = delete_on_close(ResultsDialog(self), self, "results")
        self.results = dialog
        dialog.open_requested.connect(self._open_result)
        self._load_results(dialog)
        dialog.show()

    def _load_results(self, dialog: ResultsDialog) -> None:
        self.session.worker.submit(
            lambda ws: ws.ready_results(),
            dialog.show_results,
            self.session.report_error,
            name="ready_results",
        )

    def _open_result(self, case_id: str) -> None:
        """A ready result's case; the list follows what is done there (handed over, posted)."""
        detail = self.open_case(case_id)
        results = self.results
        if results is not None:
            detail.loaded.connect(
                lambda: self._load_results(results) if self.results is results else None
            )

    def open_case(self, case_id: str) -> CaseDetailDialog:
        dialog = delete_on_close(CaseDetailDialog(self.session, case_id, self))
        self.detail = dialog
        # What is done there (a payment, a print, a supply) shows in the list at once, not
        # at the sync's next report.
        dialog.loaded.connect(self.refresh_if_changed)
        dialog.show()
        dialog.load()
        dialog.resume_approvals()
        return dialog
