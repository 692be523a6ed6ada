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
from ui.intake.bundle_mode import taken_members

if TYPE_CHECKING:
    from datetime import datetime

    from counter_app.domain.exemptions import Exemption, LicenceFound
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def apply_exemptions(screen: IntakeScreen) -> dict[str, Exemption]:
    """两个免于提交: the materials a city department issued for this applicant, and those
    an e-licence looked up (F4) covers, are shown 免交 with the basis and cannot be
    marked otherwise (the intake service records them so whatever the rows say). In bundle
    mode a row is locked when every member asking for it is exempt (nothing returned: F4
    looks up a single item's licences)."""
    if screen.bundle is not None:
        _lock_bundle_rows(screen)
        return {}
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


def _lock_bundle_rows(screen: IntakeScreen) -> None:
    from counter_app.domain.exemptions import exemptions_for
    from counter_app.services.intake_validation import applicant_facts

    facts = applicant_facts(screen._applicant(), screen.identity.identity_source(), hall_today())
    english = current_lang() == "en"
    bases = {
        (item.code, code): e.basis_en if english else e.basis_zh
        for item, situation in taken_members(screen)
        for code, e in exemptions_for(situation, facts, []).items()
        if e.binding
    }
    screen.checklist.lock_exempt(
        {row.name: bases[row.uses[0]] for row in screen.shared if all(u in bases for u in row.uses)}
    )


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

    # Their card read here, when it was read: the platform takes a recent read as consent.
    code: str | None = None
    consent: str | datetime
    read_at = screen.identity.last_read_at
    if read_at is not None and screen.identity.identity_source().kind is SourceKind.CARD:
        consent = read_at
    else:
        code, given = QInputDialog.getText(
            screen,
            translate("IntakeScreen", "申请人授权"),
            translate("IntakeScreen", "请申请人在“随申办”生成电子证照授权码，并输入："),
        )
        if not given or not code.strip():
            return
        consent = code
    # What the lookup serves: the item whose materials the licences replace, and this intake.
    situation, serves = screen.situation_code(), f"{item.code}/intake-{screen.request_id}"
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
        lambda desk: desk.look_up_elicences(item.code, situation, number, consent, serves),
        found,
        lambda exc: _not_looked_up(screen, exc, card_read=code is None),
        name="look_up_elicences",
    )


def _not_looked_up(screen: IntakeScreen, exc: BaseException, *, card_read: bool) -> None:
    """A card read the platform no longer takes as consent (it takes one of the last half
    hour) is said as what to do about it; any other failure as the job's error."""
    from sync.errors import PlatformRefused

    if card_read and isinstance(exc, PlatformRefused) and exc.platform_code == "consent_required":
        screen._warn(
            translate("IntakeScreen", "无法查询电子证照"),
            translate(
                "IntakeScreen",
                "申请人的证件是较早前读取的，平台只把最近半小时内的读卡视为申请人当面授权。"
                "请重新读取申请人的证件（F2）后再按 F4。",
            ),
        )
        return
    screen.session.report_error(exc)
