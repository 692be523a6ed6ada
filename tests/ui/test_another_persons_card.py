"""Another applicant's card placed on a form the clerk has worked on (phone typed, item
chosen, materials ticked) never mixes two people: the window asks whether to start a new
intake (as Ctrl+N does: the form cleared) or to keep the form and ignore the card. A form
with only the last card's fields takes the new card; the same card again keeps what was
entered. Removing a card whose read failed leaves the error on the card line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from counter_app.store.case_plaintext import case_document
from counter_app.store.database import open_store
from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically, fill_from_card_and_choose_item
from ui.app import RunningApp

RARE_NAME = "陈𪚥"  # the resident_rare sample card's holder


def question(intake) -> QMessageBox | None:  # type: ignore[no-untyped-def]
    box = intake.findChild(QMessageBox, "anotherApplicantCard")
    return box if box is not None and box.isVisible() else None


def worked_on_form_then_other_card(qtbot, running: RunningApp) -> QMessageBox:
    """王建国's card read, phone typed, the residence permit chosen, its materials ticked;
    then 陈𪚥's card placed. Returns the question it raises."""
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    running.reader.place("resident_rare")
    qtbot.waitUntil(lambda: question(intake) is not None, timeout=20_000)
    box = question(intake)
    assert box is not None
    return box


def accepted_case(qtbot, intake) -> dict:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    session = intake.session
    with open_store(session.home, session.config) as store:
        document: dict = case_document(store, str(stored.args[0]))
    return document


def test_yes_starts_a_new_intake_with_nothing_of_the_previous_applicant(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    box = worked_on_form_then_other_card(qtbot, running)
    intake = running.window.intake
    assert "另一位申请人" in box.text() and "陈*" in box.text()
    assert RARE_NAME not in box.text()  # masked, as anyone at the counter may see it
    assert intake.identity.name.text() == "王建国"  # nothing replaced while it asks

    box.button(QMessageBox.StandardButton.Yes).click()

    identity = intake.identity
    qtbot.waitUntil(lambda: identity.name.text() == RARE_NAME)  # once the question closed
    assert identity.phone.text() == ""
    assert intake.item is None
    assert intake.checklist.entries() == []
    assert identity.card_state.text() == "已读取证件，可取走"

    identity.phone.setText("13800001111")
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "jzz")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    intake.checklist.receive_all_required()
    applicant = accepted_case(qtbot, intake)["applicant"]
    assert (applicant["name"], applicant["phone"]) == (RARE_NAME, "13800001111")


def test_no_keeps_the_form_and_ignores_the_card(qtbot, running: RunningApp, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    box = worked_on_form_then_other_card(qtbot, running)
    intake = running.window.intake
    number = intake.identity.id_number.text()
    entries = intake.checklist.entries()

    box.button(QMessageBox.StandardButton.No).click()

    identity = intake.identity
    assert (identity.name.text(), identity.id_number.text()) == ("王建国", number)
    assert identity.phone.text() == "13912340000"
    assert intake.item is not None and "居住证" in intake.item.name
    assert intake.checklist.entries() == entries
    assert "已忽略另一位申请人的证件" in identity.card_state.text()
    applicant = accepted_case(qtbot, intake)["applicant"]
    assert (applicant["name"], applicant["id_number"]) == ("王建国", number)
    assert applicant["phone"] == "13912340000"


def test_a_form_with_only_the_cards_fields_takes_the_new_card(qtbot, running: RunningApp) -> None:
    login(qtbot, running)
    intake = running.window.intake
    running.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    running.reader.place("resident_rare")
    qtbot.waitUntil(lambda: intake.identity.name.text() == RARE_NAME, timeout=20_000)
    assert question(intake) is None


def test_the_same_card_again_keeps_what_was_entered(qtbot, running: RunningApp) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    entries = intake.checklist.entries()
    language = intake.identity.document_language
    language.setCurrentIndex(1 - language.currentIndex())  # the clerk's choice
    chosen = intake.identity.language()

    intake.identity.set_card_state("")  # the read's note, not the first read's, is waited on
    running.reader.place("resident")
    qtbot.waitUntil(
        lambda: intake.identity.card_state.text() == "已读取证件，可取走", timeout=20_000
    )
    assert question(intake) is None
    assert intake.identity.phone.text() == "13912340000"
    assert intake.item is not None and "居住证" in intake.item.name
    assert intake.checklist.entries() == entries
    assert intake.identity.language() == chosen


def test_a_read_error_stays_shown_when_the_card_is_taken_off(qtbot, running: RunningApp) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    window = running.window
    error = "读卡过程中证件被移开，请重新放置证件。"
    # The reader thread's signals, in the order it sends them after a failed read.
    window.card_prompt(error)
    window.card_removed()
    assert window.intake.identity.card_state.text() == error
