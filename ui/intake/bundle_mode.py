"""一件事 at the intake screen: a bundle found by the item search puts the screen in bundle
mode — its members in the bundle panel (each taken or left out, in its situation, with the
applicant's earlier cases of its item), their merged checklist (a material several members
ask for is one row, marked once), and a live preview of what the decision gives each member.
Choosing an item, or the next applicant, leaves it; the applicant stays, and so do the marks
of the materials the item asks for too."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from counter_app.domain.case_states import CaseState
from ui.correction import list_separator
from ui.i18n import error_text
from ui.intake import decision_panel, earlier_cases

if TYPE_CHECKING:
    from counter_app.domain.bundles import ServiceBundle
    from counter_app.domain.catalog import ServiceItem, Situation
    from counter_app.services.bundle_intake import BundleRequest, MemberOutcome
    from ui.facade_types import BundleDraft
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate

Marks = dict[str, dict[str, Any]]  # checklist entries by material name


def choose_found(screen: IntakeScreen, code: str) -> None:
    """What the item search found was chosen: a bundle, or an item (leaving bundle mode)."""
    if code in screen.bundles:
        choose_bundle(screen, code)
        return
    item = screen.items.get(code)
    if screen.bundle is None or item is None:
        screen.choose_item(code)
        return
    marks = marks_by_name(screen)
    leave_bundle(screen)
    situation = item.default_situation
    saved = [{**marks[m.name], "code": m.code} for m in situation.materials if m.name in marks]
    screen.choose_item(code, situation.code, saved)


def choose_bundle(
    screen: IntakeScreen,
    code: str,
    chosen: BundleDraft | None = None,
    saved: list[dict[str, Any]] | None = None,
) -> None:
    """Bundle mode for the bundle ``code``: its members as ``chosen`` (all, each in its
    default situation, if not given), the marks of ``saved`` (checklist entries keyed by
    material name; if not given, those of the checklist shown)."""
    bundle = screen.bundles.get(code)
    if bundle is None or any(m.item not in screen.items for m in bundle.members):
        return
    marks = marks_by_name(screen) if saved is None else {e["code"]: e for e in saved}
    earlier_cases.forget_earlier(screen)  # looked up for one item: each member is, below
    screen.item = None
    screen.licences = []
    screen.bundle = bundle
    screen.search.show_bundle(bundle)
    members = []
    for member in bundle.members:
        item = screen.items[member.item]
        situation = item.situation(member.situation)  # None: the item's first
        assert situation is not None  # the catalog checked each member's situation
        members.append((item, situation.code))
    screen.bundle_panel.set_members(members, after=screen.search.situation)
    if chosen is not None:
        screen.bundle_panel.restore(chosen["taken"], chosen["situations"])
    decision_panel.show_bundle_mode(screen, True)
    _rebuild_checklist(screen, marks)
    screen.look_up_earlier()
    screen.checklist.table.setFocus()


def bundle_draft(screen: IntakeScreen) -> BundleDraft | None:
    """The bundle chosen and its members as the form shows them (None: no bundle)."""
    if screen.bundle is None:
        return None
    panel = screen.bundle_panel
    return {
        "code": screen.bundle.code,
        "taken": list(panel.taken()),
        "situations": panel.situations(),
    }


def leave_bundle(screen: IntakeScreen) -> None:
    """Back to one item at a time; the checklist is the caller's to refill."""
    if screen.bundle is None:
        return
    screen.bundle = None
    screen.shared = ()
    screen.plan_serial += 1  # a preview still on its way is of the bundle left
    screen.bundle_panel.clear()
    decision_panel.show_bundle_mode(screen, False)


def members_changed(screen: IntakeScreen) -> None:
    """A member taken or left out, or its situation changed: the merged checklist follows,
    every mark of a material still asked for kept, and the earlier cases of the members
    taken are looked up."""
    if screen.bundle is not None:
        _rebuild_checklist(screen, marks_by_name(screen))
        screen.look_up_earlier()


def marks_by_name(screen: IntakeScreen) -> Marks:
    """The checklist's marks by material name (a bundle's rows are keyed by their name)."""
    return {row.material.name: row.entry() for row in screen.checklist.rows}


def taken_members(screen: IntakeScreen) -> list[tuple[ServiceItem, Situation]]:
    """The members taken, each with the situation chosen for it, in the bundle's order."""
    situations = screen.bundle_panel.situations()
    taken = []
    for code in screen.bundle_panel.taken():
        item = screen.items[code]
        situation = item.situation(situations[code])
        assert situation is not None  # chosen from the item's own situations
        taken.append((item, situation))
    return taken


def _rebuild_checklist(screen: IntakeScreen, marks: Marks) -> None:
    from counter_app.domain.bundles import shared_checklist

    taken = taken_members(screen)
    screen.shared = shared_checklist(taken)
    names = {item.code: item.name for item, _situation in taken}
    separator = list_separator()
    notes = {
        row.name: translate("IntakeScreen", "（{items}共用）").format(
            items=separator.join(names[code] for code, _material in row.uses)
        )
        for row in screen.shared
        if len(row.uses) > 1
    }
    screen.checklist.set_materials(
        [replace(row.requirement, code=row.name) for row in screen.shared],
        [{**mark, "code": name} for name, mark in marks.items()],
        notes,
    )
    screen.apply_exemptions()


def bundle_request(
    screen: IntakeScreen,
    bundle: ServiceBundle,
    *,
    expired_id_reason: str = "",
    eligibility_reason: str = "",
) -> BundleRequest:
    """The 一件事 decision on what the form shows now (one request UUID per applicant: each
    member's case is derived from it, so submitting twice never makes more cases), each
    member with the e-licences looked up for it (F4)."""
    from counter_app.services.bundle_intake import BundleRequest
    from ui.checklist_marks import marks_from_entries

    identity = screen.identity
    taken = screen.bundle_panel.taken()
    situations = screen.bundle_panel.situations()
    return BundleRequest(
        bundle=bundle.code,
        applicant=screen._applicant(),
        items=taken,
        situations={code: situations[code] for code in taken},
        materials={mark.code: mark for mark in marks_from_entries(screen.checklist.entries())},
        request_id=screen.request_id,
        catalog_version=screen.catalog_version,
        identity_source=identity.identity_source(),
        agent=identity.agent_input(),
        agent_identity_source=identity.agent_identity_source(),
        expired_id_reason=expired_id_reason,
        delivery=identity.delivery_choice(),
        document_language=identity.language(),
        eligibility_reason=eligibility_reason,
        card_read_at=identity.card_read_at(),
        licences={code: screen.bundle_panel.licences_of(code) for code in taken},
        elicence_consent_code=screen.elicence_consent_code,
    )


def refresh_bundle(screen: IntakeScreen, bundle: ServiceBundle) -> None:
    """The summary of ``bundle``'s form, and each member's outcome asked of the core."""
    problems = screen.identity.problems()
    if not screen.bundle_panel.taken():
        problems.append(translate("IntakeScreen", "请至少勾选一个要办理的事项"))
    decision_panel.show_summary(
        screen,
        problems,
        can_accept=not problems,
        ready=translate(
            "IntakeScreen", "可以办理一件事（Ctrl+Enter）：各事项的结果见“一件事包含的事项”。"
        ),
    )
    screen.plan_serial += 1
    if problems:
        screen.bundle_panel.show_preview(
            {}, translate("IntakeScreen", "申请人信息完整并勾选事项后，这里显示各事项将如何办理。")
        )
        return
    serial = screen.plan_serial
    request, deferring = bundle_request(screen, bundle), wants_deferral(screen)

    def planned(outcomes: tuple[MemberOutcome, ...]) -> None:
        if serial == screen.plan_serial:
            show_outcomes(screen, outcomes)

    def refused(exc: BaseException) -> None:
        if serial == screen.plan_serial:
            screen.bundle_panel.show_preview({}, error_text(exc))

    screen.session.worker.submit(
        lambda ws: ws.plan_bundle(request, with_supervisor=deferring),
        planned,
        refused,
        name="plan_bundle",
    )


def wants_deferral(screen: IntakeScreen) -> bool:
    """容缺 is asked for as for one item: a material marked 容缺后补. Then each member lacking
    only non-core materials is accepted with them deferred, once a supervisor approves."""
    return any(entry["status"] == "deferred" for entry in screen.checklist.entries())


def show_outcomes(screen: IntakeScreen, outcomes: tuple[MemberOutcome, ...]) -> None:
    left_out = translate("IntakeScreen", "本次不办理（可单独受理）")
    lines = {m.item.code: (left_out, "") for m in screen.bundle_panel.members}
    states = {
        CaseState.ACCEPTED: "ok",
        CaseState.ACCEPTED_DEFERRED: "partial",
        CaseState.NOTIFIED: "bad",
    }
    lines.update({o.item.code: (outcome_text(o), states[o.state]) for o in outcomes})
    screen.bundle_panel.show_preview(lines)


def outcome_text(outcome: MemberOutcome) -> str:
    if outcome.state == CaseState.ACCEPTED:
        return translate("IntakeScreen", "将受理")
    if outcome.state == CaseState.ACCEPTED_DEFERRED:
        return translate("IntakeScreen", "将容缺受理（需值班长审批）")
    names = list_separator().join(s.line.requirement.name for s in outcome.shortfalls)
    return translate("IntakeScreen", "将一次性告知：缺{materials}").format(materials=names)
