"""The materials checklist of the chosen situation: one row per material, status per row."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.exemptions import may_be_exempt
from counter_app.domain.hall_time import hall_today
from ui.widgets import data_label, data_tooltip

STATUSES = ("missing", "received", "exempt", "deferred", "commitment")
FORMS = ("original", "copy", "electronic")


class _RowWidgets:
    def __init__(self, material: Any, owner: ChecklistPanel) -> None:
        self.material = material
        self.status = QComboBox()
        self.status.setObjectName(f"status_{material.code}")
        labels, tips = owner.status_labels(), status_tooltips()
        for status in STATUSES:
            if status == "deferred" and getattr(material, "core", False):
                continue  # 容缺 is only for non-core materials
            if status == "exempt" and not may_be_exempt(material):
                continue  # no rule nor the applicant's own e-licence could back it
            if status == "commitment" and not getattr(material, "commitment_allowed", False):
                continue
            self.status.addItem(labels[status], status)
            if status in tips:
                self.status.setItemData(
                    self.status.count() - 1, tips[status], Qt.ItemDataRole.ToolTipRole
                )
        self.form = QComboBox()
        form_labels = owner.form_labels()
        for form in getattr(material, "forms", None) or FORMS:
            self.form.addItem(form_labels.get(str(form), str(form)), str(form))
        self.count = QSpinBox()
        self.count.setRange(0, 99)
        self.count.setValue(int(getattr(material, "count", 1) or 1))
        self.detail = QStackedWidget()
        self.exemption = QLineEdit()
        self.exemption.setPlaceholderText(
            QCoreApplication.translate("ChecklistPanel", "电子证照 / 本市部门核发")
        )
        self.deadline = _DeadlineEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        # Until the clerk picks a date the field reads "默认期限": the intake service then
        # sets hall.deferral_working_days working days, never after the promised date.
        today = hall_today()
        self.deadline.setMinimumDate(QDate(today.year, today.month, today.day).addDays(-1))
        self.deadline.setSpecialValueText(QCoreApplication.translate("ChecklistPanel", "默认期限"))
        self.deadline.setDate(self.deadline.minimumDate())
        self.empty = QWidget()
        self.detail.addWidget(self.empty)
        self.detail.addWidget(self.exemption)
        self.detail.addWidget(self.deadline)
        # What a screen reader announces: each control with its material's name (not a bare
        # 未收). Status, form and count are reached with the arrow keys from the material (as
        # the list's title says), so Tab passes them; it stops at a basis or a deadline to type.
        translate = QCoreApplication.translate
        for widget, name in (
            (self.status, translate("ChecklistPanel", "《{material}》状态")),
            (self.form, translate("ChecklistPanel", "《{material}》形式")),
            (self.count, translate("ChecklistPanel", "《{material}》份数")),
            (self.exemption, translate("ChecklistPanel", "《{material}》免交依据")),
            (self.deadline, translate("ChecklistPanel", "《{material}》补交期限")),
        ):
            widget.setAccessibleName(name.format(material=material.name))
        # On Linux Qt names a combo box by its value whatever its name: the description
        # carries the material there.
        for combo in (self.status, self.form):
            combo.setAccessibleDescription(combo.accessibleName())
        for widget in (self.status, self.form, self.count):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # 已电子提交: the applicant submitted it online (the note names the file and hash).
        self.online_note: str | None = None
        self.by_rule = False  # exempt by rule (本市部门核发): locked at 免交

    def lock_exempt(self, basis: str | None) -> None:
        """Lock the row at 免交 with ``basis``; None unlocks a row the rule no longer covers."""
        if basis is not None:
            self.status.setCurrentIndex(self.status.findData("exempt"))
            self.exemption.setText(basis)
            self.exemption.setCursorPosition(0)  # the narrow column shows how the basis begins
            self.exemption.setToolTip(data_tooltip(basis))
        elif self.by_rule:
            self.status.setCurrentIndex(self.status.findData("missing"))
            self.exemption.clear()  # a basis comes from a lookup or a rule, never a guess
            self.exemption.setToolTip("")
        self.by_rule = basis is not None
        self.status.setEnabled(not self.by_rule)
        self.exemption.setReadOnly(self.by_rule)

    @property
    def deadline_chosen(self) -> bool:
        return self.deadline.date() != self.deadline.minimumDate()

    def sync_enabled(self) -> None:
        status = self.status.currentData()
        received = status == "received"
        self.form.setEnabled(received)
        self.count.setEnabled(received)
        self.detail.setCurrentIndex({"exempt": 1, "deferred": 2}.get(status, 0))

    def entry(self) -> dict[str, Any]:
        status = self.status.currentData()
        entry: dict[str, Any] = {"code": self.material.code, "status": status}
        if status == "received":
            entry["form"] = self.form.currentData()
            entry["count"] = self.count.value()
            if self.online_note and entry["form"] == "electronic":
                entry["note"] = self.online_note
        if status == "exempt":
            entry["exemption"] = self.exemption.text().strip()
        if status == "deferred" and self.deadline_chosen:
            # Without a chosen date the intake service sets the hall's default deadline.
            entry["deadline"] = self.deadline.date().toString("yyyy-MM-dd")
        return entry


class _DeadlineEdit(QDateEdit):
    """A 容缺 deadline. While it reads 默认期限 (its special value) Qt's date edit keeps Tab
    on its date sections, which that text has none of: Tab would never leave it."""

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.date() == self.minimumDate():
            return QAbstractSpinBox.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


def material_status_labels() -> dict[str, str]:
    """What the clerk can mark a material, in the interface language (also the case
    detail's materials tab)."""
    return {
        "missing": QCoreApplication.translate("ChecklistPanel", "未收"),
        "received": QCoreApplication.translate("ChecklistPanel", "已收"),
        "exempt": QCoreApplication.translate("ChecklistPanel", "免交"),
        "deferred": QCoreApplication.translate("ChecklistPanel", "容缺后补"),
        "commitment": QCoreApplication.translate("ChecklistPanel", "告知承诺"),
    }


def status_tooltips() -> dict[str, str]:
    """What the two marks a clerk may not know by their names mean, one sentence each."""
    return {
        "deferred": QCoreApplication.translate(
            "ChecklistPanel",
            "容缺后补：非核心材料暂缺，经值班长同意先受理，申请人在补交期限内补交。",
        ),
        "commitment": QCoreApplication.translate(
            "ChecklistPanel",
            "告知承诺：申请人书面承诺符合条件、材料属实，以承诺代替提交该材料。",
        ),
    }


class ChecklistPanel(QGroupBox):
    """Emits ``changed`` whenever a row changes, so the summary can be recomputed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        # The keys that set a material's status, beside the title: at 1366×768 a line of
        # its own would take a row from the identity panel above.
        self.setTitle(
            self.tr("材料清单  [Ctrl+R 必需材料全部收取]  [→ 状态，空格展开，↓ 选择，Enter 确定]")
        )
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("checklistTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("材料"),
                self.tr("状态"),
                self.tr("形式"),
                self.tr("份数"),
                self.tr("免交依据 / 补交期限"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths fit the longest choice (and 30 % longer translations) of each column.
        for column, width in ((1, 112), (2, 92), (3, 56), (4, 170)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        # Tab leaves the list (a status is reached with →, as the title says), so the
        # keyboard is never kept inside it.
        self.table.setTabKeyNavigation(False)
        layout.addWidget(self.table)
        # Until an item is chosen the list is empty: it says where its rows come from.
        self.empty_hint = QLabel(self.tr("请先选择办理事项"))
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setProperty("centered", True)
        QVBoxLayout(self.table.viewport()).addWidget(self.empty_hint)
        # Each 免交 material's basis in full: its column has room for how the basis begins.
        self.bases = data_label()
        self.bases.setObjectName("exemptionBases")
        self.bases.setWordWrap(True)
        self.bases.hide()
        layout.addWidget(self.bases)
        self.rows: list[_RowWidgets] = []
        self.changed.connect(self._show_bases)

    def status_labels(self) -> dict[str, str]:
        return material_status_labels()

    def form_labels(self) -> dict[str, str]:
        return {
            "original": self.tr("原件"),
            "copy": self.tr("复印件"),
            "electronic": self.tr("电子"),
        }

    def set_materials(
        self,
        materials: list[Any],
        saved: list[dict[str, Any]] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> list[tuple[str, str]]:
        """One row per material, marked as in ``saved`` (entries by code); ``notes`` (by
        code) follow a material's name (a 一件事's material several items share says which).
        Returns the marks of ``saved`` a row does not offer (a core material's 容缺后补, a
        告知承诺 the material does not allow), as (material name, status), left 未收."""
        self.table.setRowCount(0)
        self.rows = []
        by_code = {entry["code"]: entry for entry in saved or []}
        refused: list[tuple[str, str]] = []
        last_in_chain: QWidget = self.table
        for material in materials:
            row = _RowWidgets(material, self)
            index = self.table.rowCount()
            self.table.insertRow(index)
            flags = []
            if getattr(material, "required", False):
                flags.append(self.tr("必需"))
            if getattr(material, "core", False):
                flags.append(self.tr("核心"))
            name = material.name + (f"  [{' · '.join(flags)}]" if flags else "")
            name += (notes or {}).get(material.code, "")
            cell = QTableWidgetItem(name)
            cell.setToolTip(data_tooltip(name))
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(index, 0, cell)
            self.table.setCellWidget(index, 1, row.status)
            self.table.setCellWidget(index, 2, row.form)
            self.table.setCellWidget(index, 3, row.count)
            self.table.setCellWidget(index, 4, row.detail)
            if (entry := by_code.get(material.code)) is not None and not _restore(row, entry):
                refused.append((material.name, entry["status"]))
            if row.online_note:
                cell.setText(name + "  " + self.tr("[已电子提交]"))
                cell.setToolTip(data_tooltip(row.online_note))
            row.sync_enabled()
            for signal in (
                row.status.currentIndexChanged,
                row.form.currentIndexChanged,
                row.count.valueChanged,
            ):
                signal.connect(lambda *_a, r=row: self._row_changed(r))
            row.exemption.textEdited.connect(lambda *_a: self.changed.emit())
            row.deadline.dateChanged.connect(lambda *_a: self.changed.emit())
            # In the focus chain right after the list (in row order), not after whatever was
            # made before the row: the decision buttons.
            chain = (row.status, row.form, row.count, row.exemption, row.deadline)
            for before, after in pairwise((last_in_chain, *chain)):
                QWidget.setTabOrder(before, after)
            last_in_chain = row.deadline
            self.rows.append(row)
        self.table.resizeRowsToContents()
        self.empty_hint.setVisible(not self.rows)
        self.changed.emit()
        return refused

    def _row_changed(self, row: _RowWidgets) -> None:
        row.sync_enabled()
        self.changed.emit()

    def _show_bases(self) -> None:
        lines = [
            self.tr("免交依据 · {material}：{basis}").format(
                material=row.material.name, basis=basis
            )
            for row in self.rows
            if row.status.currentData() == "exempt" and (basis := row.exemption.text().strip())
        ]
        self.bases.setText("\n".join(lines))
        self.bases.setVisible(bool(lines))

    def lock_exempt(self, bases: dict[str, str]) -> None:
        """Show the materials in ``bases`` (code → basis) 免交 by rule, locked; unlock the
        rest that were."""
        for row in self.rows:
            row.lock_exempt(bases.get(row.material.code))
        self._show_bases()  # a basis may change while its row stays 免交

    def mark_exempt(self, bases: dict[str, str]) -> None:
        """Mark the materials in ``bases`` 免交 with their basis, still open to change."""
        for row in self.rows:
            basis = bases.get(row.material.code)
            if basis is not None and not row.by_rule:
                row.status.setCurrentIndex(row.status.findData("exempt"))
                row.exemption.setText(basis)
                row.exemption.setCursorPosition(0)
                row.exemption.setToolTip(data_tooltip(basis))
        self._show_bases()

    def receive_all_required(self) -> None:
        for row in self.rows:
            if getattr(row.material, "required", False) and row.status.currentData() == "missing":
                row.status.setCurrentIndex(row.status.findData("received"))

    def entries(self) -> list[dict[str, Any]]:
        return [row.entry() for row in self.rows]

    def marks(self) -> list[dict[str, Any]]:
        """The entries the clerk marked (not 未收, not 免交 by rule: a rule marks again)."""
        return [
            row.entry()
            for row in self.rows
            if row.status.currentData() != "missing" and not row.by_rule
        ]

    def under_commitment(self) -> list[str]:
        """The names of the materials marked 告知承诺."""
        return [row.material.name for row in self.rows if row.status.currentData() == "commitment"]

    def clear(self, hint: str | None = None) -> None:
        """No rows; the list says what brings them: ``hint``, else choosing an item."""
        self.set_materials([])
        self.empty_hint.setText(hint or self.tr("请先选择办理事项"))


def _restore(row: _RowWidgets, entry: dict[str, Any]) -> bool:
    """Mark ``row`` as ``entry``; False when the row does not offer its status (left 未收)."""
    index = row.status.findData(entry.get("status", "missing"))
    row.status.setCurrentIndex(max(index, 0))
    if entry.get("form"):
        row.form.setCurrentIndex(max(row.form.findData(entry["form"]), 0))
    if "count" in entry:
        row.count.setValue(int(entry["count"]))
    if entry.get("exemption"):
        row.exemption.setText(entry["exemption"])
    if entry.get("deadline"):
        row.deadline.setDate(QDate.fromString(entry["deadline"], "yyyy-MM-dd"))
    if entry.get("note") and entry.get("form") == "electronic":
        row.online_note = entry["note"]
    return index >= 0
