"""Who applies and who is present: the applicant's type (个人, 法人, 其他组织) and the 代办
switch, which shows the 代办人/经办人 block (an organisation's applicant never comes itself:
for one the switch is on and fixed, its document the unified social credit code). What the
decision takes of them: the agent, their card read, the document whose expiry counts, and
who is present to read the confirmation with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel

from counter_app.domain.agents import is_organisation
from counter_app.domain.id_types import DocKind
from counter_app.domain.idnumber import mask_id_number, shown_applicant_number

if TYPE_CHECKING:
    from datetime import date, datetime

    from counter_app.identity.provenance import IdentitySource
    from counter_app.services.intake_request import AgentInput
    from ui.intake.identity_panel import IdentityPanel

# The panel's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate

APPLICANT_TYPES = (
    ("person", QT_TRANSLATE_NOOP("IdentityPanel", "个人")),
    ("enterprise", QT_TRANSLATE_NOOP("IdentityPanel", "法人")),
    ("other", QT_TRANSLATE_NOOP("IdentityPanel", "其他组织")),
)


def switch_text(organisation: bool) -> str:
    if organisation:
        return translate("IdentityPanel", "经办人到场办理（单位申请必须登记）")
    return translate("IdentityPanel", "代办（他人到场办理）(&D)")


def applicant_type(panel: IdentityPanel) -> str:
    return str(panel.applicant_type.currentData())


def agent_on(panel: IdentityPanel) -> bool:
    """Whether someone else is present for the applicant (the card reader fills them)."""
    return panel.agent_switch.isChecked()


def type_chosen(panel: IdentityPanel) -> None:
    """An organisation: its credit code for the document, the 经办人 switch on and fixed, a
    person's facts (sex, birth, ethnicity …) hidden; a person again: their documents and
    facts, and the switch as the clerk last set it."""
    chosen = applicant_type(panel)
    organisation = chosen != "person"
    credit_code = panel.kind.findData(DocKind.OTHER.value)
    if organisation and credit_code < 0:
        panel.kind.addItem(translate("IdentityPanel", "统一社会信用代码"), DocKind.OTHER.value)
        panel.kind.setCurrentIndex(panel.kind.count() - 1)
    elif not organisation and credit_code >= 0:
        panel.kind.setCurrentIndex(0)
        panel.kind.removeItem(credit_code)
    panel.kind.setEnabled(not organisation)
    panel.agent_switch.blockSignals(True)
    panel.agent_switch.setChecked(organisation or panel.agent_chosen)
    panel.agent_switch.blockSignals(False)
    panel.agent_switch.setEnabled(not organisation)
    panel.agent_switch.setText(switch_text(organisation))
    name_label = panel.form.labelForField(panel.names)
    if isinstance(name_label, QLabel):
        name_label.setText(
            translate("IdentityPanel", "单位名称")
            if organisation
            else translate("IdentityPanel", "姓名")
        )
    panel.name.setAccessibleName(name_label.text() if isinstance(name_label, QLabel) else "")
    panel.show_person_facts(not organisation)
    panel.agent.set_applicant_type(chosen)
    panel.agent.setVisible(agent_on(panel))
    panel.changed.emit()


def switch_toggled(panel: IdentityPanel, on: bool) -> None:
    """The clerk's choice (kept for when an organisation goes back to a person): nothing
    entered in either block is lost by switching."""
    panel.agent_chosen = on
    panel.agent.setVisible(on)
    panel.changed.emit()


def agent_input(panel: IdentityPanel) -> AgentInput | None:
    return panel.agent.agent_input() if agent_on(panel) else None


def agent_identity_source(panel: IdentityPanel) -> IdentitySource | None:
    """The agent's card as read; None when typed in, or no agent."""
    return panel.agent.read_source if agent_on(panel) else None


def agents_card_counts(panel: IdentityPanel) -> bool:
    """Whether the document intake counts is the agent's: theirs was read at the window."""
    return agent_on(panel) and panel.agent.read_source is not None


def card_read_at(panel: IdentityPanel) -> datetime | None:
    """When the document read at the window was read: the agent's when theirs was."""
    return panel.agent.read_at if agents_card_counts(panel) else panel.read_at


def present_role(panel: IdentityPanel) -> str:
    """Who is at the window, in the clerk's language as a sentence names them (lower case in
    English): the 代办人/经办人 when one is, else the 申请人."""
    role = panel.agent.role_word() if agent_on(panel) else translate("IntakeScreen", "申请人")
    return role.lower()


@dataclass(frozen=True)
class ExpiredDocument:
    """A document read at the window that expired ``on`` a day before today; ``holder`` says
    whose it is (申请人, 代办人 or 经办人 in the clerk's language, as a sentence names them),
    for what asks a reason."""

    on: date
    holder: str


def document_expired_on(panel: IdentityPanel, today: date) -> ExpiredDocument | None:
    """The document whose expiry intake counts (the agent's when theirs was read, otherwise
    the applicant's) when it expired before ``today``; None while it is valid."""
    if agents_card_counts(panel):
        on, holder = panel.agent.expired_on(today), panel.agent.role_word()
    else:
        on, holder = panel.expired_on(today), translate("IntakeScreen", "申请人")
    return ExpiredDocument(on, holder.lower()) if on is not None else None


def confirmation_facts(panel: IdentityPanel) -> list[tuple[str, str]]:
    """Who applies (and who is present for them) as a decision's confirmation lists them."""
    facts = [
        (translate("IntakeScreen", "申请人"), panel.name.text()),
        (
            translate("IntakeScreen", "证件号码"),
            shown_applicant_number(
                panel.id_number.text().strip().upper(),
                organisation=is_organisation(panel.chosen_type()),
                id_type=panel.id_type().value,
            ),
        ),
    ]
    if agent_on(panel):
        agent = panel.agent
        facts.append(
            (
                agent.role_word(),
                translate("IntakeScreen", "{name}（{number}），{relation}，{authorization}").format(
                    name=agent.name.text(),
                    number=mask_id_number(agent.id_number.text().strip().upper()),
                    relation=agent.relation.currentText(),
                    authorization=agent.authorization.currentText(),
                ),
            )
        )
    return facts
