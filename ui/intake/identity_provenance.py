"""Where the applicant's identity came from, as the case will record it, and what the panel
shows of it: the origin (card, chip with its passive authentication, MRZ, typed by hand),
the document's validity, and a warning when it has expired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from counter_app.domain.hall_time import hall_today
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.identity.sod import PaOutcome
from ui.case_history_text import validity_text
from ui.i18n import current_lang
from ui.intake.agent_switch import agents_card_counts
from ui.intake.state_labels import set_state

if TYPE_CHECKING:
    from datetime import date

    from ui.intake.identity_panel import IdentityPanel

# The panel's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def show_origin(panel: IdentityPanel) -> None:
    source = panel.identity_source()
    texts = {
        SourceKind.CARD: translate("IdentityPanel", "读卡器读取"),
        SourceKind.CHIP: translate(
            "IdentityPanel",
            "来自芯片：姓名、证件号码、性别、出生日期、国籍、有效期、照片（BAC 读取）",
        ),
        SourceKind.MRZ: translate("IdentityPanel", "护照机读码录入（未读芯片）"),
        SourceKind.MANUAL: translate("IdentityPanel", "手工录入"),
        SourceKind.IMPORT: translate("IdentityPanel", "批量导入"),
    }
    panel.origin.setText(texts[source.kind])
    set_state(panel.origin, "ok" if source.kind == SourceKind.CHIP else "")
    auth = source.chip_auth
    panel.chip_auth.setText(auth.message(current_lang()) if auth else "")
    panel.chip_auth.setVisible(auth is not None)
    set_state(panel.chip_auth, "" if auth is None else chip_auth_state(auth.outcome))
    panel.show_expiry(hall_today())


def chip_auth_state(outcome: PaOutcome) -> str:
    """How the chip's passive authentication looks: "bad" (red) when the chip's data or its
    signature failed, "partial" (amber) when it stopped short of the country's root
    certificate (CSCA) or was not done: never the green of a check passed, as no outcome
    here reaches that root."""
    if outcome in (PaOutcome.HASH_MISMATCH, PaOutcome.SIGNATURE_INVALID):
        return "bad"
    return "partial"


def expired_on(panel: IdentityPanel, today: date) -> date | None:
    """The document's expiry date when it is before ``today`` (else None)."""
    expiry = panel.identity_source().expiry()
    return expiry if expiry is not None and expiry < today else None


def show_expiry(panel: IdentityPanel, today: date) -> None:
    expired = panel.expired_on(today)
    panel.expiry_warning.setVisible(expired is not None)
    if expired is None:
        set_state(panel.expiry_warning, "")
    elif agents_card_counts(panel):
        # Intake counts the card read at the window: the agent's, which needs no reason here.
        panel.expiry_warning.setText(
            translate(
                "IdentityPanel",
                "申请人证件已过期（有效期至 {date}）：本次以{role}证件受理，无须说明理由。",
            ).format(date=expired.isoformat(), role=panel.agent.role_word().lower())
        )
        set_state(panel.expiry_warning, "partial")
    else:
        panel.expiry_warning.setText(
            translate("IdentityPanel", "证件已过期（有效期至 {date}）：受理须说明理由。").format(
                date=expired.isoformat()
            )
        )
        set_state(panel.expiry_warning, "bad")


def identity_source(panel: IdentityPanel) -> IdentitySource:
    """Where the identity on the form came from, as the case will record it."""
    if panel.read_source is not None:
        return panel.read_source
    return IdentitySource(
        SourceKind.MRZ if panel.source == "mrz" else SourceKind.MANUAL,
        doc_type=panel.current_kind().value if panel.source == "mrz" else "",
        valid_to=panel.valid_to_value,
    )


def set_valid_to(panel: IdentityPanel, value: str) -> None:
    """``value`` as read (ISO date, "长期" or ""); the label says it in the clerk's words."""
    panel.valid_to_value = value
    panel.valid_to.setText(validity_text(value) if value else "—")
