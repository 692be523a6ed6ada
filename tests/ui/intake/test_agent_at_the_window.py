"""What the window says and shows around a 代办人/经办人: an agent's expired card is named as
theirs in the summary and in the dialog that asks for a reason, and the confirmation is read
with whoever is present; an organisation's applicant has none of a person's facts (sex,
birth date, ethnicity …) on the form nor in what the decision sends, and they come back
unchanged for a person; a card read with 代办 off on a form worked on for another applicant
may be taken as the card of that applicant's 代办人; an applicant's expired card needs no
reason once the agent's card, the one intake counts, was read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton

from tests.ui.conftest import activate, login
from tests.ui.intake_steps import choose_residence_item, fill_from_card_and_choose_item
from ui.app import RunningApp
from ui.intake.dialogs import ConfirmDecisionDialog, ExpiredDocumentDialog

APPLICANT, EXPIRED_HOLDER, RARE_NAME = "王建国", "李𠮷", "陈𪚥"  # resident samples
PERSON_ONLY_LABELS = ("性别", "出生日期", "民族/国籍", "英文姓名")


def confirm_recording_headings(monkeypatch) -> list[str]:
    """The confirmation accepted, as Enter does; the heading each one showed."""
    headings: list[str] = []

    def exec_(self: ConfirmDecisionDialog) -> int:
        headings.append(self.findChild(QLabel, "dialogHeading").text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConfirmDecisionDialog, "exec", exec_)
    return headings


def test_the_applicant_present_confirms_the_decision(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    headings = confirm_recording_headings(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000):
        intake.decide("accept")
    assert headings == ["请与申请人核对以下信息："]


def test_an_agents_expired_card_is_named_as_the_agents(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    headings = confirm_recording_headings(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    identity = intake.identity
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident")
    qtbot.waitUntil(lambda: identity.name.text() == APPLICANT, timeout=20_000)
    identity.agent_switch.setChecked(True)
    running.reader.place("resident_expired")  # the agent's card, expired on 2020-01-10
    qtbot.waitUntil(lambda: identity.agent.name.text() == EXPIRED_HOLDER, timeout=20_000)
    identity.agent.relation.setCurrentIndex(identity.agent.relation.findData("子女"))
    choose_residence_item(qtbot, intake)
    intake.checklist.receive_all_required()
    assert "2020-01-10" in identity.agent.origin.text()
    assert identity.expiry_warning.isHidden()  # the applicant's own card is valid
    assert "注意：代办人证件已过期（有效期至 2020-01-10）" in intake.summary_label.text()
    shown: list[str] = []

    def exec_(self: ExpiredDocumentDialog) -> int:
        shown.append(self.findChild(QLabel, "expiredWarning").text())
        self.text.setPlainText("新证在办，已核验临时身份证明")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(ExpiredDocumentDialog, "exec", exec_)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000):
        intake.decide("accept")
    assert shown and shown[0].startswith("代办人证件已于 2020-01-10 过期")
    assert "申请人" not in shown[0]
    assert headings == ["请与代办人核对以下信息："]


def test_an_applicants_expired_card_needs_no_reason_when_the_agents_card_was_read(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running)
    intake = running.window.intake
    identity = intake.identity
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident_expired")  # the applicant's card, expired on 2020-01-10
    qtbot.waitUntil(lambda: identity.name.text() == EXPIRED_HOLDER, timeout=20_000)
    assert identity.expiry_warning.text().endswith("受理须说明理由。")
    identity.agent_switch.setChecked(True)
    running.reader.place("resident")  # the agent's, valid: the card intake counts
    qtbot.waitUntil(lambda: identity.agent.name.text() == APPLICANT, timeout=20_000)
    assert identity.expiry_warning.text() == (
        "申请人证件已过期（有效期至 2020-01-10）：本次以代办人证件受理，无须说明理由。"
    )


def test_an_organisation_has_no_persons_facts_and_a_person_gets_them_back(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running)
    intake = running.window.intake
    identity = intake.identity
    typed = {
        identity.sex: "女",
        identity.birth: "1990-05-21",
        identity.nation: "汉",
        identity.english_name: "LI JI",
    }
    for field, text in typed.items():
        field.setText(text)

    def person_facts_shown() -> list[bool]:
        labels = [
            label
            for label in identity.findChildren(QLabel)
            if label.text().replace("(&Y)", "") in PERSON_ONLY_LABELS
        ]
        assert len(labels) == len(PERSON_ONLY_LABELS)
        widgets = [*typed, *labels, identity.photo]
        return [widget.isVisibleTo(identity) for widget in widgets]

    assert all(person_facts_shown())
    assert identity.present_role() == "申请人"
    for organisation in ("enterprise", "other"):
        identity.applicant_type.setCurrentIndex(identity.applicant_type.findData(organisation))
        assert not any(person_facts_shown())
        assert identity.name.isVisibleTo(identity)  # 单位名称
        assert identity.document_language.isVisibleTo(identity)
        assert identity.address.isVisibleTo(identity) and identity.phone.isVisibleTo(identity)
        applicant = intake._applicant()  # what a decision sends: none of the hidden facts
        assert (applicant.english_name, applicant.birth_date) == (None, None)
        assert identity.present_role() == "经办人"  # who reads the confirmation

    identity.applicant_type.setCurrentIndex(identity.applicant_type.findData("person"))
    assert all(person_facts_shown())
    assert {field: field.text() for field in typed} == typed
    applicant = intake._applicant()
    assert (applicant.english_name, applicant.birth_date) == ("LI JI", "1990-05-21")


def test_the_card_holder_taken_as_the_applicants_agent(qtbot, running: RunningApp) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    identity = intake.identity
    intake.checklist.receive_all_required()
    number = identity.id_number.text()
    entries = intake.checklist.entries()
    assert not identity.agent_switch.isChecked()
    running.reader.place("resident_rare")
    qtbot.waitUntil(
        lambda: intake.findChild(QMessageBox, "anotherApplicantCard") is not None,
        timeout=20_000,
    )
    box = intake.findChild(QMessageBox, "anotherApplicantCard")
    as_agent = box.findChild(QPushButton, "cardHolderIsAgent")
    assert as_agent is not None and as_agent.text() == "此人为代办人"
    answers = [
        box.button(QMessageBox.StandardButton.Yes),
        box.button(QMessageBox.StandardButton.No),
    ]
    for button in (*answers, as_agent):  # each announced by its words, as a clerk reads it
        interface = QAccessible.queryAccessibleInterface(button)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name) == button.text()
    assert as_agent.focusPolicy() == answers[0].focusPolicy()

    activate(qtbot, box)
    for _ in range(len(box.buttons())):
        if QApplication.focusWidget() is as_agent:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is as_agent
    qtbot.keyClick(as_agent, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: identity.agent.name.text() == RARE_NAME, timeout=20_000)
    assert identity.agent_switch.isChecked() and identity.agent.isVisible()
    assert identity.agent.read_source is not None
    assert (identity.name.text(), identity.id_number.text()) == (APPLICANT, number)
    assert identity.phone.text() == "13912340000"
    assert intake.item is not None and "居住证" in intake.item.name
    assert intake.checklist.entries() == entries
    assert identity.card_state.text() == "已读取证件，可取走"
    assert any("关系" in problem for problem in identity.problems())  # the agent's to finish
