"""两个免于提交 at the intake screen: the materials a city department issued for the
applicant, and those an e-licence looked up (F4) covers, are marked 免交 with their basis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog

from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import holder_number
from counter_app.errors import CounterError
from ui.i18n import current_lang, error_text

if TYPE_CHECKING:
    from counter_app.domain.exemptions import Exemption, LicenceFound
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def apply_exemptions(screen: IntakeScreen) -> dict[str, Exemption]:
    """两个免于提交: the materials a city department issued for this applicant, and those
    an e-licence looked up (F4) covers, are shown 免交 with the basis and cannot be
    marked otherwise (the intake service records them so whatever the rows say)."""
    if screen.item is None:
        return {}
    from counter_app.domain.exemptions import exemptions_for
    from counter_app.services.intake_validation import applicant_facts

    situation = screen.item.situation(screen.situation_code()) or screen.item.default_situation
    facts = applicant_facts(screen._applicant(), screen.identity.identity_source(), hall_today())
    english = current_lang() == "en"
    exemptions = exemptions_for(situation, facts, screen.licences)
    screen.checklist.lock_exempt(
        {code: e.basis_en if english else e.basis_zh for code, e in exemptions.items() if e.binding}
    )
    return exemptions


def look_up_elicences(screen: IntakeScreen) -> None:
    """F4: ask the e-licence register for the applicant's licences of this situation's
    materials. The card read at this window is their consent; without one the applicant
    gives the authorisation code from the app. Offline the materials become 待核验."""
    if screen.busy:
        return  # a decision is being recorded
    item, typed = screen.item, screen.identity.id_number.text().strip()
    if item is None or not typed:
        screen._warn(
            translate("IntakeScreen", "无法查询电子证照"),
            translate("IntakeScreen", "请先读取申请人的证件（或录入证件号码）并选择事项。"),
        )
        return
    try:
        number = holder_number(typed)  # as the register knows it: no spaces, no full-width
    except CounterError as exc:
        screen._warn(translate("IntakeScreen", "无法查询电子证照"), error_text(exc))
        return
    from counter_app.identity.provenance import SourceKind

    code: str | None = None
    if screen.identity.identity_source().kind is not SourceKind.CARD:
        code, given = QInputDialog.getText(
            screen,
            translate("IntakeScreen", "申请人授权"),
            translate("IntakeScreen", "请申请人在“随申办”生成电子证照授权码，并输入："),
        )
        if not given or not code.strip():
            return
    situation, serves = screen.situation_code(), f"intake-{screen.request_id}"
    screen.elicence_consent_code = code

    def found(licences: list[LicenceFound]) -> None:
        if screen.item is item and screen.situation_code() == situation:
            screen.licences = licences
            pending = [e for e in screen.apply_exemptions().values() if not e.binding]
            # 待核验 (offline): marked 免交 once, left open: the clerk may still take the paper.
            english = current_lang() == "en"
            screen.checklist.mark_exempt(
                {e.code: e.basis_en if english else e.basis_zh for e in pending}
            )
        screen.elicences_looked_up.emit(len(licences))

    screen.session.platform_worker.submit(
        lambda desk: desk.look_up_elicences(item.code, situation, number, code, serves),
        found,
        screen.session.report_error,
        name="look_up_elicences",
    )
