"""一件事 at the intake screen: a bundle found like an item puts the screen in bundle mode
(its members, one merged checklist, each member's outcome previewed); one decision stores a
case per member taken, linked, then the bundle's receipt and the notices print; choosing an
item leaves bundle mode with the applicant kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import activate
from tests.ui.intake.bundle_steps import (
    ALLOWANCE,
    ELDERLY,
    ID_CARD,
    SENIOR_CARD,
    choose_elderly_bundle,
    preview_of,
    publish_next_version,
    receive,
    rows,
)


def test_a_bundle_is_chosen_like_an_item_and_shows_one_merged_checklist(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    panel = intake.bundle_panel
    assert panel.isVisible()
    assert [m.item.name for m in panel.members] == [ALLOWANCE, SENIOR_CARD]
    shown = rows(intake)
    # The materials both items ask for are one row each, saying so.
    assert list(shown).count(ID_CARD) == 1
    assert f"（{ALLOWANCE}、{SENIOR_CARD}共用）" in shown[ID_CARD]
    assert "共用" not in shown["近期免冠照片"]
    assert intake.bundle_button.isVisible() and not intake.accept_button.isVisible()
    assert not intake.notify_button.isVisible() and not intake.defer_button.isVisible()
    assert not intake.refuse_button.isEnabled()
    assert "单独" in intake.refuse_button.toolTip()
    qtbot.waitUntil(lambda: preview_of(intake, SENIOR_CARD).startswith("将一次性告知"))


def test_the_preview_follows_a_shared_material_marked_once(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    allowance_own = [
        name for name in rows(intake) if name not in (ID_CARD, "近期免冠照片", "上海市敬老卡申请表")
    ]
    receive(intake, *allowance_own)
    qtbot.waitUntil(lambda: ID_CARD in preview_of(intake, ALLOWANCE))
    assert preview_of(intake, ALLOWANCE).startswith("将一次性告知")
    receive(intake, ID_CARD)
    qtbot.waitUntil(lambda: preview_of(intake, ALLOWANCE) == "将受理")
    senior = preview_of(intake, SENIOR_CARD)
    assert senior.startswith("将一次性告知") and ID_CARD not in senior, senior


def test_a_member_left_out_leaves_the_checklist_and_comes_back_with_its_marks(
    qtbot, running
) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    receive(intake, ID_CARD, "近期免冠照片")
    senior = next(m for m in intake.bundle_panel.members if m.item.name == SENIOR_CARD)
    senior.taken.setChecked(False)
    shown = rows(intake)
    assert "近期免冠照片" not in shown and "共用" not in shown[ID_CARD]
    assert not senior.situation.isEnabled()
    qtbot.waitUntil(lambda: preview_of(intake, SENIOR_CARD) == "本次不办理（可单独受理）")
    senior.taken.setChecked(True)
    marks = {row.material.name: row.status.currentData() for row in intake.checklist.rows}
    assert marks[ID_CARD] == "received"
    assert marks["近期免冠照片"] == "missing"  # left out, its own row went with it


def test_choosing_an_item_leaves_bundle_mode_with_the_applicant_and_shared_marks(
    qtbot, running
) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    receive(intake, ID_CARD)
    intake.focus_search()
    intake.search.query.setText(ALLOWANCE)
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.bundle is None and intake.item is not None and intake.item.name == ALLOWANCE
    assert not intake.bundle_panel.isVisible() and intake.accept_button.isVisible()
    assert intake.refuse_button.isEnabled() and not intake.refuse_button.toolTip()
    assert intake.search.situation.isVisible()
    assert intake.identity.name.text() == "王建国"
    assert intake.identity.phone.text() == "13912340000"
    marks = {row.material.name: row.status.currentData() for row in intake.checklist.rows}
    assert marks[ID_CARD] == "received"


def test_the_draft_keeps_the_bundle_its_members_and_marks(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    receive(intake, ID_CARD)
    intake.bundle_panel.members[1].taken.setChecked(False)
    draft = intake.draft()
    intake.next_applicant(confirm=False)
    assert intake.bundle is None and not intake.checklist.rows
    intake.restore_draft(draft)
    assert intake.bundle is not None and intake.bundle.name == ELDERLY
    assert [m.taken.isChecked() for m in intake.bundle_panel.members] == [True, False]
    marks = {row.material.name: row.status.currentData() for row in intake.checklist.rows}
    assert marks[ID_CARD] == "received" and "近期免冠照片" not in marks
    assert intake.identity.name.text() == "王建国"


def test_the_members_are_reached_by_tab_and_their_numbers(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    activate(qtbot, running.window)
    allowance, senior = intake.bundle_panel.members
    intake.search.results.setFocus()
    qtbot.keyClick(intake.search.results, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is allowance.taken
    qtbot.keyClick(allowance.taken, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is allowance.situation
    qtbot.keyClick(intake, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not senior.taken.isChecked())  # a button's mnemonic animates a click
    assert [m.item.name for m in intake.bundle_panel.members if m.taken.isChecked()] == [ALLOWANCE]


def test_a_catalog_loaded_during_the_day_keeps_the_bundle_as_chosen(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    receive(intake, ID_CARD)
    intake.bundle_panel.members[1].taken.setChecked(False)
    version = publish_next_version(running, lambda _document: None)
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)
    assert intake.bundle is not None and intake.bundle.name == ELDERLY
    assert [m.taken.isChecked() for m in intake.bundle_panel.members] == [True, False]
    marks = {row.material.name: row.status.currentData() for row in intake.checklist.rows}
    assert marks[ID_CARD] == "received"
    assert "请核对一件事" in intake.catalog_note.text()


def test_a_bundle_no_longer_offered_is_said_and_the_applicant_kept(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)

    def without_elderly(document: dict[str, Any]) -> None:
        document["bundles"] = [b for b in document["bundles"] if b["name"] != ELDERLY]

    version = publish_next_version(running, without_elderly)
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)
    assert intake.bundle is None and not intake.bundle_panel.isVisible()
    assert intake.checklist.rows == [] and intake.accept_button.isVisible()
    assert f"“{ELDERLY}”已不再提供" in intake.catalog_note.text()
    assert intake.identity.name.text() == "王建国"
