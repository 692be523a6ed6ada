"""The members of the 一件事 chosen at the intake screen: each taken or left out (its
checkbox, Alt+its number) with the situation it is decided in, the outcome the decision
would give it (the screen's live preview), the applicant's earlier cases of its item, and
what was looked up for it: its e-licences (F4) and whom its earlier cases were asked for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.intake.state_labels import set_state, state_label
from ui.widgets import data_label, data_tooltip

if TYPE_CHECKING:
    from counter_app.domain.catalog import ServiceItem
    from counter_app.domain.exemptions import LicenceFound

# Whom the members' earlier cases were asked for: the applicant's ID number and name as the
# rules compare them, and the members taken.
EarlierAsked = tuple[str, str, tuple[str, ...]]


@dataclass(frozen=True)
class _Member:
    item: ServiceItem
    taken: QCheckBox
    situation: QComboBox
    preview: QLabel
    earlier: QLabel  # the applicant's earlier cases of the item (hidden: none)


@dataclass(frozen=True)
class _Licences:
    situation: str  # the situation whose materials they were looked up for
    found: tuple[LicenceFound, ...]


class BundlePanel(QGroupBox):
    """Emits ``changed`` when a member is taken or left out, or its situation changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundlePanel")
        self.setTitle(self.tr("一件事包含的事项  [Alt+序号 勾选或取消]"))
        layout = QVBoxLayout(self)
        self._grid_holder = QWidget()
        self._grid = QGridLayout(self._grid_holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        layout.addWidget(self._grid_holder)
        # A note of the whole preview: why there is none yet (an incomplete form).
        self.note = data_label()
        self.note.setObjectName("bundleNote")
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.members: list[_Member] = []
        self._licences: dict[str, _Licences] = {}  # by item code
        self.earlier_asked: EarlierAsked | None = None
        self.hide()

    def set_members(self, members: Sequence[tuple[ServiceItem, str]], after: QWidget) -> None:
        """``members``: each item with the situation it starts in, all taken; in the focus
        chain right after ``after``."""
        self._drop_members()
        last = after
        for index, (item, situation) in enumerate(members, 1):
            taken = QCheckBox(f"&{index} {item.name}")
            taken.setObjectName(f"bundleTake_{item.code}")
            taken.setChecked(True)
            taken.setToolTip(data_tooltip(f"{item.department} · {item.code}"))
            taken.setAccessibleName(item.name)
            combo = QComboBox()
            combo.setObjectName(f"bundleSituation_{item.code}")
            for choice in item.situations:
                combo.addItem(choice.name, choice.code)
            combo.setCurrentIndex(max(combo.findData(situation), 0))
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            # On Linux Qt names a combo box by its value: the description carries the item.
            name = self.tr("《{item}》情形").format(item=item.name)
            combo.setAccessibleName(name)
            combo.setAccessibleDescription(name)
            preview = state_label("bundlePreview")
            # Styled as the single item's banner of earlier cases, whose words it repeats.
            earlier = state_label("earlierCasesBanner")
            earlier.hide()
            row = 3 * (index - 1)
            self._grid.addWidget(taken, row, 0)
            self._grid.addWidget(combo, row, 1)
            self._grid.addWidget(preview, row + 1, 0, 1, 2)
            self._grid.addWidget(earlier, row + 2, 0, 1, 2)
            member = _Member(item, taken, combo, preview, earlier)
            _follow_taken(member)
            taken.toggled.connect(lambda _on, m=member: self._toggled(m))
            combo.activated.connect(lambda _i: self.changed.emit())
            QWidget.setTabOrder(last, taken)
            QWidget.setTabOrder(taken, combo)
            last = combo
            self.members.append(member)
        self.note.hide()
        self._grid_holder.setEnabled(True)
        self.show()

    def restore(self, taken: Sequence[str], situations: Mapping[str, str]) -> None:
        """Take only the members in ``taken``, each in its situation in ``situations``
        (one the item no longer has: left as it is); ``changed`` is not emitted."""
        for member in self.members:
            member.taken.blockSignals(True)
            member.taken.setChecked(member.item.code in taken)
            member.taken.blockSignals(False)
            index = member.situation.findData(situations.get(member.item.code))
            if index >= 0:
                member.situation.setCurrentIndex(index)
            _follow_taken(member)

    def _toggled(self, member: _Member) -> None:
        _follow_taken(member)
        self.changed.emit()

    def taken(self) -> tuple[str, ...]:
        """The codes of the members taken, in the bundle's order."""
        return tuple(m.item.code for m in self.members if m.taken.isChecked())

    def situations(self) -> dict[str, str]:
        """Each member's situation code, by item code."""
        return {m.item.code: m.situation.currentData() for m in self.members}

    def show_preview(self, lines: Mapping[str, tuple[str, str]], note: str = "") -> None:
        """Each member's line and its state (ok, partial, bad: coloured by the style sheet)
        by item code (none: cleared), and a note for all of them."""
        for member in self.members:
            text, state = lines.get(member.item.code, ("", ""))
            member.preview.setText(text)
            set_state(member.preview, state)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def show_earlier(self, lines: Mapping[str, str]) -> None:
        """Each member's warning of the applicant's earlier cases of its item, by item code
        (a member without one: hidden)."""
        for member in self.members:
            text = lines.get(member.item.code, "")
            member.earlier.setText(text)
            member.earlier.setVisible(bool(text))

    def keep_licences(self, found: Mapping[str, tuple[str, Sequence[LicenceFound]]]) -> None:
        """The e-licences F4 found for members, by item code: each with the situation code
        they were looked up for; the other members' stay as they were."""
        self._licences.update(
            {
                code: _Licences(situation, tuple(licences))
                for code, (situation, licences) in found.items()
            }
        )

    def licences_of(self, code: str) -> tuple[LicenceFound, ...]:
        """The e-licences looked up for the member ``code`` in the situation it has now (one
        looked up for another situation: none)."""
        kept = self._licences.get(code)
        if kept is None or kept.situation != self.situations().get(code):
            return ()
        return kept.found

    def freeze(self) -> None:
        """Decided: the members can no longer change."""
        self._grid_holder.setEnabled(False)

    def clear(self) -> None:
        self._drop_members()
        self.note.clear()
        self.hide()

    def _drop_members(self) -> None:
        self._licences = {}
        self.earlier_asked = None
        for member in self.members:
            for widget in (member.taken, member.situation, member.preview, member.earlier):
                widget.hide()
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self.members = []


def _follow_taken(member: _Member) -> None:
    """A member left out has no situation to choose; nor has an item with one only."""
    member.situation.setEnabled(member.taken.isChecked() and len(member.item.situations) > 1)
