"""代办 / 经办人 at the intake screen: with 代办 on the card reader fills the person present
(the agent), whichever of the two a clerk reads or types first, and nothing entered is lost;
an organisation's applicant always has its 经办人; the decision stores the agent in the case
document; the draft keeps them and 下一位 clears them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.store.case_plaintext import case_document
from counter_app.store.database import open_store
from tests.ui.conftest import activate, login
from tests.ui.intake.bundle_steps import choose_elderly_bundle
from tests.ui.intake_steps import (
    choose_residence_item,
    confirm_automatically,
    facts_of,
    set_receipt_and_rating_aside,
)
from ui.app import RunningApp
from ui.facade_types import CaseAgentShown
from ui.intake.bundle_mode import bundle_request
from ui.intake.screen import IntakeScreen

APPLICANT, AGENT = "王建国", "买买提·艾力"  # the resident and resident_uyghur samples
APPLICANT_NUMBER = "310104195803120011"  # the resident sample's, typed
AGENT_NUMBER = "650102198511020050"


def signed_in(qtbot, running: RunningApp) -> IntakeScreen:
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    return intake


def read(qtbot, running: RunningApp, card: str, field: Any, name: str) -> None:
    """``card`` placed and taken off once ``field`` shows ``name``."""
    running.reader.place(card)
    qtbot.waitUntil(lambda: field.text() == name, timeout=20_000)
    running.reader.remove()
    qtbot.waitUntil(lambda: "已取走" in running.window.intake.identity.card_state.text())


def switch_on_by_keyboard(qtbot, running: RunningApp) -> None:
    identity = running.window.intake.identity
    activate(qtbot, running.window)
    identity.name.setFocus()
    qtbot.keyClick(identity.name, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(identity.agent_switch.isChecked)
    assert identity.agent.isVisible()


def accept_with_agent(qtbot, running: RunningApp, monkeypatch) -> tuple[str, dict[str, Any]]:
    """The applicant's card read first, 代办 switched on (Alt+D), the agent's card read, the
    relation chosen, the residence permit accepted: the case id and its document."""
    confirm_automatically(monkeypatch)
    intake = signed_in(qtbot, running)
    identity = intake.identity
    assert not identity.agent.isVisible()
    read(qtbot, running, "resident", identity.name, APPLICANT)
    switch_on_by_keyboard(qtbot, running)
    read(qtbot, running, "resident_uyghur", identity.agent.name, AGENT)

    assert identity.name.text() == APPLICANT  # the applicant's read stays theirs
    assert identity.read_source is not None and identity.agent.read_source is not None
    assert identity.agent.origin.text() == "读卡器读取"
    assert any("关系" in p for p in identity.problems())  # the relation is required
    identity.agent.relation.setCurrentIndex(identity.agent.relation.findData("子女"))
    assert identity.problems() == []
    choose_residence_item(qtbot, intake)
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    session = intake.session
    case_id = str(stored.args[0])
    with open_store(session.home, session.config) as store:
        return case_id, case_document(store, case_id)


def test_applicant_read_first_then_agent_card_and_the_case_stores_the_agent(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    _case_id, document = accept_with_agent(qtbot, running, monkeypatch)
    assert document["applicant"]["name"] == APPLICANT
    agent = document["agent"]
    assert (agent["name"], agent["id_number"]) == (AGENT, AGENT_NUMBER)
    assert (agent["relation"], agent["authorization"]) == ("子女", "power_of_attorney")
    assert agent["identity_source"]["kind"] == "card"


def test_case_detail_shows_the_agent_masked(qtbot, running: RunningApp, monkeypatch) -> None:
    case_id, document = accept_with_agent(qtbot, running, monkeypatch)
    intake = running.window.intake
    qtbot.waitUntil(lambda: intake.preview is not None, timeout=30_000)
    set_receipt_and_rating_aside(qtbot, intake)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    assert detail.detail is not None
    # What the case desk reads of the stored document (ui.desks.cases sets it).
    detail.show_detail(replace(detail.detail, agent=CaseAgentShown.of_case(document)))
    facts = facts_of(detail)
    assert facts["代办人"] == f"{AGENT}  6501**********0050，子女，授权委托书"
    assert AGENT_NUMBER not in "".join(facts.values())
    detail.close()


def test_agent_card_first_then_applicant_typed_or_their_own_card_brought_along(
    qtbot, running: RunningApp
) -> None:
    intake = signed_in(qtbot, running)
    identity = intake.identity
    switch_on_by_keyboard(qtbot, running)
    read(qtbot, running, "resident_uyghur", identity.agent.name, AGENT)
    assert identity.name.text() == "" and identity.id_number.text() == ""
    assert intake.arrival_banner.isHidden()  # nothing looked up by the agent's number

    identity.name.setText(APPLICANT)
    qtbot.keyClicks(identity.id_number, APPLICANT_NUMBER)
    identity.agent.relation.setEditText("侄子")
    assert identity.source == "manual" and identity.problems() == []
    agent = identity.agent_input()
    assert agent is not None and agent.relation == "侄子" and agent.name == AGENT
    assert identity.agent_identity_source() is identity.agent.read_source

    # The applicant's own card, brought along: it fills the applicant, the agent stays.
    running.reader.place("resident")
    qtbot.waitUntil(lambda: identity.source.startswith("card:"), timeout=20_000)
    assert identity.name.text() == APPLICANT
    assert identity.agent.name.text() == AGENT
    assert identity.agent.relation.currentText() == "侄子"


def test_agent_with_the_applicants_own_number_is_refused_at_the_field(
    qtbot, running: RunningApp
) -> None:
    intake = signed_in(qtbot, running)
    identity = intake.identity
    read(qtbot, running, "resident", identity.name, APPLICANT)
    identity.agent_switch.setChecked(True)
    identity.agent.name.setText(APPLICANT)
    identity.agent.id_number.setText(APPLICANT_NUMBER)
    identity.agent.relation.setEditText("本人")
    assert identity.problems() == ["代办人与申请人为同一人，请取消代办"]
    assert identity.agent.hint.text() == "代办人与申请人为同一人，请取消代办"
    assert identity.agent.hint.property("state") == "bad"


def test_an_organisation_always_has_its_agent(qtbot, running: RunningApp) -> None:
    intake = signed_in(qtbot, running)
    identity = intake.identity
    switch = identity.agent_switch
    identity.applicant_type.setCurrentIndex(identity.applicant_type.findData("enterprise"))

    assert switch.isChecked() and not switch.isEnabled() and "经办人" in switch.text()
    assert identity.agent.isVisible() and identity.agent.role.text() == "经办人"
    assert identity.current_kind().value == "other" and not identity.kind.isEnabled()
    assert identity.agent.authorization.findData("legal_representative") >= 0
    assert identity.agent_input() is not None
    assert identity.chosen_type() == "enterprise"
    assert intake._applicant().applicant_type == "enterprise"

    identity.applicant_type.setCurrentIndex(identity.applicant_type.findData("person"))
    assert not switch.isChecked() and switch.isEnabled() and not identity.agent.isVisible()
    assert identity.kind.isEnabled() and identity.kind.findData("other") < 0
    assert identity.agent.authorization.findData("legal_representative") < 0
    assert identity.agent_input() is None


def test_the_draft_keeps_the_agent_and_next_applicant_clears_them(
    qtbot, running: RunningApp
) -> None:
    intake = signed_in(qtbot, running)
    identity = intake.identity
    switch_on_by_keyboard(qtbot, running)
    read(qtbot, running, "resident_uyghur", identity.agent.name, AGENT)
    identity.agent.relation.setCurrentIndex(identity.agent.relation.findData("配偶"))
    identity.agent.phone.setText("13912340000")
    identity.name.setText(APPLICANT)
    identity.id_number.setText(APPLICANT_NUMBER)
    draft = intake.draft()

    intake.next_applicant(confirm=False)
    assert not identity.agent_switch.isChecked() and not identity.agent.isVisible()
    assert identity.agent.name.text() == "" and identity.agent.read_source is None
    assert identity.agent_input() is None

    intake.restore_draft(draft)
    assert identity.agent_switch.isChecked() and identity.agent.isVisible()
    agent = identity.agent_input()
    assert agent is not None
    assert (agent.name, agent.id_number, agent.relation) == (AGENT, AGENT_NUMBER, "配偶")
    assert agent.phone == "13912340000"
    assert identity.agent_identity_source() is not None  # the card read, kept
    assert identity.name.text() == APPLICANT


def test_a_bundle_decision_carries_the_agent(qtbot, running: RunningApp) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    identity = intake.identity
    switch_on_by_keyboard(qtbot, running)
    read(qtbot, running, "resident_uyghur", identity.agent.name, AGENT)
    identity.agent.relation.setCurrentIndex(identity.agent.relation.findData("子女"))
    assert intake.bundle is not None

    request = bundle_request(intake, intake.bundle)
    assert request.agent is not None and request.agent.id_number == AGENT_NUMBER
    assert request.agent_identity_source is identity.agent.read_source
    assert request.card_read_at == identity.agent.read_at


def test_the_agent_block_is_reached_by_tab_after_the_switch(qtbot, running: RunningApp) -> None:
    intake = signed_in(qtbot, running)
    identity = intake.identity
    switch_on_by_keyboard(qtbot, running)
    identity.applicant_type.setFocus()
    order = [identity.agent_switch, identity.agent.kind, identity.agent.id_number]
    order += [identity.agent.name, identity.agent.phone, identity.agent.relation]
    order += [identity.agent.authorization, identity.kind]
    for expected in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    assert identity.agent.id_number.accessibleName() == "代办人 证件号码"
