"""The applicant's earlier cases of the chosen item, told before the clerk decides: once the
form holds a complete identity (read or typed) and an item, a banner under the identity
names them (case number, state, time) and another name the ID number is on file under; a
受理 or 容缺受理 while there are any asks the clerk once whether to go on. A second case may
be right (a new application after a refusal, a family member's matter): the clerk decides,
and cancelling leaves the form as it is. A one-time notice waiting for this applicant is
not among them: its own banner offers to continue that case (Ctrl+O).

The banner's answer may not be in yet when the clerk presses the key (a card read and F5 at
once): the decision's own job on the worker then looks again before it stores anything, and
brings back what it found instead of a case (``ui.intake.decisions.submit``).

In bundle mode every member taken is looked up in one job (a store query per item): each
member's earlier cases are told under it in the bundle panel, in the same words naming its
item, and another name on file in the banner; the bundle's decision looks again in its own
job and reads them back in its confirmation (``ui.intake.bundle_decision``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from counter_app.domain.hall_time import hall_today
from counter_app.domain.idnumber import normalize_id_number
from counter_app.domain.names import normalize_name
from ui.correction import list_separator
from ui.dialog_lifetime import deleted_after
from ui.intake.dialogs import EarlierCasesDialog
from ui.labels import state_label

if TYPE_CHECKING:
    from counter_app.store.earlier_cases import EarlierCase, EarlierCases
    from ui.core_facade import Workstation
    from ui.facade_types import Decision, DecisionRequest
    from ui.intake.bundle_panel import EarlierAsked
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate

# Whom and what a lookup is for: the ID number and name as the rules compare them, the item.
FormKey = tuple[str, str, str]
# The decisions that make a second case of the item.
_ASKED_FOR = ("accept", "defer")


def key_of(id_number: str, name: str, item_code: str) -> FormKey:
    return (normalize_id_number(id_number), normalize_name(name), item_code)


def form_key(screen: IntakeScreen) -> FormKey | None:
    """The applicant and item the form holds now; None until both are complete."""
    if screen.item is None or screen.identity.problems():
        return None
    identity = screen.identity
    return key_of(identity.id_number.text(), identity.name.text(), screen.item.code)


def request_key(request: DecisionRequest) -> FormKey:
    return key_of(request.applicant.id_number, request.applicant.name, request.item_code)


def look_up_earlier(screen: IntakeScreen) -> None:
    """Ask the core for the form's applicant's earlier cases of its item (in bundle mode:
    of each member taken), unless they were asked for already; the banner goes while the
    form holds no complete applicant."""
    if screen.bundle is not None:
        _look_up_for_members(screen)
        return
    key = form_key(screen)
    if key is None:
        screen.earlier_asked = None
        show_earlier(screen, None)
        return
    if key == screen.earlier_asked:
        return
    screen.earlier_asked = key

    def found(earlier: EarlierCases) -> None:
        if form_key(screen) == key:  # else the form moved on, and its own lookup follows
            screen.earlier_known = key
            show_earlier(screen, earlier)

    screen.session.worker.submit(
        lambda ws: ws.earlier_cases(*key),
        found,
        screen.session.report_error,
        name="earlier_cases",
    )


def members_key(screen: IntakeScreen) -> EarlierAsked | None:
    """The applicant and the members taken the form holds now (bundle mode); None until the
    applicant is complete and a member is taken."""
    taken = screen.bundle_panel.taken()
    if screen.bundle is None or not taken or screen.identity.problems():
        return None
    identity = screen.identity
    return (
        normalize_id_number(identity.id_number.text()),
        normalize_name(identity.name.text()),
        taken,
    )


def members_earlier(ws: Workstation, key: EarlierAsked) -> dict[str, EarlierCases]:
    """On the worker: the applicant's earlier cases of each member taken, by item code."""
    id_number, name, codes = key
    return {code: ws.earlier_cases(id_number, name, code) for code in codes}


def _look_up_for_members(screen: IntakeScreen) -> None:
    panel = screen.bundle_panel
    key = members_key(screen)
    if key is None:
        panel.earlier_asked = None
        show_members_earlier(screen, {})
        return
    if key == panel.earlier_asked:
        return
    panel.earlier_asked = key

    def found(earlier: dict[str, EarlierCases]) -> None:
        if members_key(screen) == key:  # else the form moved on, and its own lookup follows
            show_members_earlier(screen, earlier)

    screen.session.worker.submit(
        lambda ws: members_earlier(ws, key),
        found,
        screen.session.report_error,
        name="earlier_cases",
    )


def show_members_earlier(screen: IntakeScreen, earlier: Mapping[str, EarlierCases]) -> None:
    """Each member's earlier cases under it in the bundle panel, and another name the ID
    number is on file under (the applicant's, not an item's) in the banner."""
    from counter_app.store.earlier_cases import EarlierCases

    names = {member.item.code: member.item.name for member in screen.bundle_panel.members}
    screen.bundle_panel.show_earlier(member_warnings(names, earlier))
    others = next((e.other_names for e in earlier.values() if e.other_names), ())
    show_earlier(screen, EarlierCases(other_names=others) if others else None)


def member_warnings(
    names: Mapping[str, str], earlier: Mapping[str, EarlierCases]
) -> dict[str, str]:
    """Each member's earlier cases as the banner says them, naming its item (``names``: the
    item names by code), by item code; a member without any left out."""
    return {
        code: translate("IntakeScreen", "{item}：{cases}").format(
            item=names[code], cases=_cases_line(found.cases)
        )
        for code, found in earlier.items()
        if found.cases
    }


def show_earlier(screen: IntakeScreen, earlier: EarlierCases | None) -> None:
    """The banner for ``earlier`` (hidden when there is nothing to tell, or None: unknown)."""
    screen.earlier = earlier
    lines = earlier_lines(earlier) if earlier else []
    screen.earlier_banner.setText("\n".join(lines))
    screen.earlier_banner.setVisible(bool(lines))


def earlier_lines(earlier: EarlierCases) -> list[str]:
    """What the banner and the question say: a line for the cases, one for the names."""
    lines = []
    if earlier.cases:
        lines.append(_cases_line(earlier.cases))
    if earlier.other_names:
        lines.append(
            translate("IntakeScreen", "该证件号码已登记为另一姓名：{names}").format(
                names=list_separator().join(earlier.other_names)
            )
        )
    return lines


def _cases_line(cases: tuple[EarlierCase, ...]) -> str:
    today = hall_today()
    named = [
        translate("IntakeScreen", "办件 {case_no}（{state}，{time}）").format(
            case_no=case.case_no, state=state_label(case.state), time=case.time_text(today)
        )
        for case in cases
    ]
    return translate("IntakeScreen", "该申请人已有同一事项的办件：{cases}").format(
        cases=list_separator().join(named)
    )


def confirm_earlier(screen: IntakeScreen, decision: Decision) -> bool:
    """Whether a decision may go on past the earlier cases the banner shows: a 受理 or
    容缺受理 asks, once for the form's applicant and item. True when none are known yet
    (the decision's job looks again)."""
    key = form_key(screen)
    if decision not in _ASKED_FOR or key is None or key != screen.earlier_known:
        return True
    return not screen.earlier or _ask(screen, screen.earlier, key)


def still_to_check(screen: IntakeScreen, request: DecisionRequest) -> bool:
    """Whether the decision's job looks for earlier cases before it stores the decision:
    for a 受理 or 容缺受理 the clerk has not gone on with past them already."""
    return request.decision in _ASKED_FOR and request_key(request) != screen.earlier_confirmed


def found_at_decision(
    screen: IntakeScreen, request: DecisionRequest, earlier: EarlierCases
) -> None:
    """The decision's job found earlier cases instead of storing a case: they are shown,
    and the decision goes again if the clerk goes on (the form stays as it is if not)."""
    key = request_key(request)
    if form_key(screen) == key:
        screen.earlier_asked = screen.earlier_known = key
        show_earlier(screen, earlier)
    if _ask(screen, earlier, key):
        screen._submit(request)


def _ask(screen: IntakeScreen, earlier: EarlierCases, key: FormKey) -> bool:
    with deleted_after(EarlierCasesDialog(earlier_lines(earlier), screen)) as dialog:
        if dialog.exec() != QMessageBox.StandardButton.Yes:
            return False
    screen.earlier_confirmed = key
    return True


def forget_earlier(screen: IntakeScreen) -> None:
    """The next applicant: nothing looked up, nothing confirmed, no banner."""
    screen.earlier_asked = screen.earlier_known = screen.earlier_confirmed = None
    show_earlier(screen, None)
