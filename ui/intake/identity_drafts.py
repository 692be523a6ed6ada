"""The applicant's identity in the intake screen's draft: every field, the delivery choice,
the document language and where the identity came from, the applicant's type and the
代办人/经办人 present for them, saved as a dict and restored."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counter_app.domain.id_types import DocKind
from counter_app.identity.provenance import IdentitySource
from ui.intake.identity_reading import sex_shown

if TYPE_CHECKING:
    from ui.intake.identity_panel import IdentityPanel


def to_draft(panel: IdentityPanel) -> dict[str, Any]:
    return {
        "applicant_type": panel.chosen_type(),
        "agent": panel.agent.to_draft() if panel.agent_on() else None,
        "doc_kind": panel.current_kind().value,
        "name": panel.name.text(),
        "english_name": panel.english_name.text(),
        "document_language": panel.language(),
        "id_number": panel.id_number.text(),
        "sex": panel.sex.value(),
        "birth": panel.birth.text(),
        "nation": panel.nation.text(),
        "address": panel.address.text(),
        "phone": panel.phone.text(),
        "delivery_method": panel.delivery_method.currentData(),
        "delivery_address": panel.delivery_address.text(),
        "valid_to": panel.valid_to_value,
        "source": panel.source,
        "read_source": panel.read_source.to_json() if panel.read_source else None,
    }


def from_draft(panel: IdentityPanel, data: dict[str, Any]) -> None:
    # The type first: an organisation's document (its credit code) is offered only then.
    chosen = panel.applicant_type.findData(data.get("applicant_type", "person"))
    panel.applicant_type.setCurrentIndex(max(chosen, 0))
    agent = data.get("agent")
    panel.agent_switch.setChecked(agent is not None or panel.chosen_type() != "person")
    if agent is not None:
        panel.agent.from_draft(agent)
    index = panel.kind.findData(data.get("doc_kind", DocKind.RESIDENT_ID.value))
    panel.kind.setCurrentIndex(max(index, 0))
    panel.name.setText(data.get("name", ""))
    panel.id_number.setText(data.get("id_number", ""))
    panel.sex.setText(sex_shown(data.get("sex", "")))
    panel.birth.setText(data.get("birth", ""))
    panel.nation.setText(data.get("nation", ""))
    panel.address.setText(data.get("address", ""))
    panel.phone.setText(data.get("phone", ""))
    method = panel.delivery_method.findData(data.get("delivery_method"))
    panel.delivery_method.setCurrentIndex(max(method, 0))
    panel.delivery_address.setText(data.get("delivery_address", ""))
    panel.english_name.setText(data.get("english_name", ""))
    panel._default_language()
    chosen = panel.document_language.findData(data.get("document_language"))
    if chosen >= 0:  # a draft from before the choice existed keeps the default
        panel.document_language.setCurrentIndex(chosen)
    # Drafts saved before the raw value was kept hold the label's "—" for unknown.
    valid_to = data.get("valid_to", "")
    panel._set_valid_to("" if valid_to == "—" else valid_to)
    panel.source = data.get("source", "manual")
    read = data.get("read_source")
    panel.read_source = IdentitySource.from_json(read) if read else None
    panel._mark_chip_fields(panel.source == "chip")
    panel._show_origin()
    panel._validate_number()
