"""两个免于提交 at the intake screen: the materials a city department issued for the
applicant, and those an e-licence looked up (F4) covers, are marked 免交 with their basis;
in bundle mode, the rows of the merged checklist every member taken need not hand in."""

from __future__ import annotations

from dataclasses import replace
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
    from ui.platform_facade import PlatformDesk

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def apply_exemptions(screen: IntakeScreen) -> dict[str, Exemption]:
    """两个免于提交: the materials a city department issued for this applicant, and those
    an e-licence looked up (F4) covers, are shown 免交 with the basis and cannot be
    marked otherwise (the intake service records them so whatever the rows say). The
    exemptions by the checklist's row code; in bundle mode a row's (keyed by its name) when
    every member asking for it is exempt, locked when each of them is settled."""
    if screen.bundle is not None:
        return _apply_to_bundle_rows(screen)
    if screen.item is None:
        return {}
    from counter_app.domain.exemptions import exemptions_for
    from counter_app.services.intake_validation import applicant_facts

    situation = screen.item.situation(screen.situation_code()) or screen.item.default_situation
    facts = applicant_facts(screen._applicant(), screen.identity.identity_source(), hall_today())
    exemptions = exemptions_for(situation, facts, screen.licences)
    screen.checklist.lock_exempt({code: _basis(e) for code, e in exemptions.items() if e.binding})
    return exemptions


def _apply_to_bundle_rows(screen: IntakeScreen) -> dict[str, Exemption]:
    """A merged row is one mark for every member using it: exempt only when each member's
    own material is, by a city department or by the licences looked up for that member;
    shown by its first pending (待核验) exemption if any, else its first member's."""
    from counter_app.domain.exemptions import exemptions_for
    from counter_app.services.intake_validation import applicant_facts

    facts = applicant_facts(screen._applicant(), screen.identity.identity_source(), hall_today())
    own = {
        (item.code, code): exemption
        for item, situation in taken_members(screen)
        for code, exemption in exemptions_for(
            situation, facts, screen.bundle_panel.licences_of(item.code)
        ).items()
    }
    rows: dict[str, Exemption] = {}
    for row in screen.shared:
        uses = [own.get(use) for use in row.uses]
        exempt = [e for e in uses if e is not None]
        if len(exempt) == len(uses):
            shown = next((e for e in exempt if not e.binding), exempt[0])
            rows[row.name] = replace(shown, code=row.name)
    screen.checklist.lock_exempt({name: _basis(e) for name, e in rows.items() if e.binding})
    return rows


def _basis(exemption: Exemption) -> str:
    return exemption.basis_en if current_lang() == "en" else exemption.basis_zh


def look_up_elicences(screen: IntakeScreen) -> None:
    """F4: ask the e-licence register for the applicant's licences of this situation's
    materials (in bundle mode: of each member taken whose materials take one, a lookup
    serving that member's item). The card read at this window is their consent; without one
    the applicant gives the authorisation code from the app. Offline the materials become
    待核验."""
    if screen.busy:
        return  # a decision is being recorded
    typed = screen.identity.id_number.text().strip()
    if (screen.item is None and screen.bundle is None) or not typed:
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
    asked = _consent(screen)
    if asked is None:
        return  # the applicant gave no authorisation code
    consent, code = asked
    screen.elicence_consent_code = code
    if screen.bundle is not None:
        _look_up_for_members(screen, number, consent, card_read=code is None)
        return
    item = screen.item
    assert item is not None  # checked above, outside bundle mode
    # What the lookup serves: the item whose materials the licences replace, and this intake.
    situation, serves = screen.situation_code(), f"{item.code}/intake-{screen.request_id}"

    def found(licences: list[LicenceFound]) -> None:
        if screen.item is item and screen.situation_code() == situation:
            screen.licences = licences
            _mark_pending(screen)
        screen.elicences_looked_up.emit(len(licences))

    screen.session.platform_worker.submit(
        lambda desk: desk.look_up_elicences(item.code, situation, number, consent, serves),
        found,
        lambda exc: _not_looked_up(screen, exc, card_read=code is None),
        name="look_up_elicences",
    )


def _consent(screen: IntakeScreen) -> tuple[str | datetime, str | None] | None:
    """The applicant's consent to the lookup and the authorisation code they gave for it
    (None: their card read here stands); None when asked for a code and given none."""
    from counter_app.identity.provenance import SourceKind

    # Their card read here, when it was read: the platform takes a recent read as consent.
    read_at = screen.identity.last_read_at
    if read_at is not None and screen.identity.identity_source().kind is SourceKind.CARD:
        return read_at, None
    code, given = QInputDialog.getText(
        screen,
        translate("IntakeScreen", "申请人授权"),
        translate("IntakeScreen", "请申请人在“随申办”生成电子证照授权码，并输入："),
    )
    if not given or not code.strip():
        return None
    return code, code


def _look_up_for_members(
    screen: IntakeScreen, number: str, consent: str | datetime, *, card_read: bool
) -> None:
    """One lookup per member taken whose situation takes an e-licence, each serving its own
    item (the platform checks that the item takes every type asked, and its signed log
    says which item a licence served), all in one job; each member keeps its own licences.
    A type several members take is thus looked up for each of them: the case of each member
    records a lookup made for its item, never another member's."""
    bundle, reference = screen.bundle, f"intake-{screen.request_id}"
    members = [
        (item.code, situation.code)
        for item, situation in taken_members(screen)
        if any(m.exempt_elicence for m in situation.materials)
    ]

    def look_up(desk: PlatformDesk) -> dict[str, list[LicenceFound]]:
        return {
            code: desk.look_up_elicences(code, situation, number, consent, f"{code}/{reference}")
            for code, situation in members
        }

    def found(licences: dict[str, list[LicenceFound]]) -> None:
        if screen.bundle is bundle:
            screen.bundle_panel.keep_licences(
                {code: (situation, licences[code]) for code, situation in members}
            )
            _mark_pending(screen)
        screen.elicences_looked_up.emit(sum(map(len, licences.values())))

    screen.session.platform_worker.submit(
        look_up,
        found,
        lambda exc: _not_looked_up(screen, exc, card_read=card_read),
        name="look_up_elicences",
    )


def _mark_pending(screen: IntakeScreen) -> None:
    """The rows the licences now exempt are locked; those 待核验 (offline) are marked 免交
    once and left open: the clerk may still take the paper."""
    pending = [e for e in screen.apply_exemptions().values() if not e.binding]
    screen.checklist.mark_exempt({e.code: _basis(e) for e in pending})


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
