"""What a card read brings to the intake screen: the identity filled in, the applicant's
expected arrival (an appointment with its priority ticket, put back in the queue when it
was missed; a pre-application that fills the form) and their open one-time notices; a
passport's MRZ typed to open its chip. Another applicant's card on a form the clerk has
worked on asks before it replaces anything (or takes it as the card of the applicant's
代办人)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox

from counter_app.domain.idnumber import mask_id_number
from counter_app.domain.names import mask_name
from ui.dialog_lifetime import deleted_after
from ui.i18n import current_lang, error_text
from ui.intake.dialogs import MrzDialog
from ui.intake.identity_reading import document_number, entered_by_clerk
from ui.widgets import ask_yes_no

if TYPE_CHECKING:
    from counter_app.identity.document import IdentityDocument
    from ui.facade_types import CaseRow, ExpectedArrival, PreappIntake
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


@dataclass(frozen=True)
class MissedTicket:
    """The missed priority ticket of an appointment of the card just read, which 重新排队
    puts back in the queue: ``number`` on the line of ``arrival_id`` (``headline`` first).
    Every press sends ``request_id``: a press whose answer was lost, pressed again, puts the
    ticket back once."""

    arrival_id: str
    headline: str
    number: str
    request_id: str


def card_read(screen: IntakeScreen, document: IdentityDocument) -> None:
    """Fill the form from ``document``; the same applicant's card again keeps what the clerk
    entered. Another applicant's card on a form the clerk has worked on asks first whether
    to start a new intake (as Ctrl+N does), to keep the form and ignore the card, or (代办
    off) to take the card as the agent's: the person present acts for the applicant."""
    if _another_applicant(screen, document):
        _ask_new_intake(screen, document)
        return
    _take_card(screen, document)


def _read_notes() -> tuple[str, str]:
    """The card line after a read: a card's, a passport chip's."""
    return (
        translate("IntakeScreen", "已读取证件，可取走"),
        translate("IntakeScreen", "已读取护照芯片，可取走"),
    )


def _for_agent(screen: IntakeScreen, document: IdentityDocument) -> bool:
    """With 代办 on, a card is the agent's (the window reads the person present), unless
    it is the applicant's own, brought along: that one fills the applicant."""
    identity = screen.identity
    applicant = identity.id_number.text().strip().upper()
    return identity.agent_on() and document_number(document).upper() != applicant


def _another_applicant(screen: IntakeScreen, document: IdentityDocument) -> bool:
    """Whether ``document`` is neither the applicant's nor (with 代办 on) the agent's of a
    form holding what the clerk entered (a form with only the last card's fields just takes
    the new card)."""
    identity = screen.identity
    field = identity.agent.id_number if _for_agent(screen, document) else identity.id_number
    in_form = field.text().strip().upper()
    if not in_form or in_form == document_number(document).upper():
        return False
    return (
        screen.item is not None or screen.preapp_id is not None or entered_by_clerk(screen.identity)
    )


def _ask_new_intake(screen: IntakeScreen, document: IdentityDocument) -> None:
    """Start a new intake, or keep the form; with 代办 off, a third answer: the person
    present acts for the applicant in the form (代办 on, the card fills the agent)."""
    name = document.name or document.english_name
    holder = f"{mask_name(name)} {mask_id_number(document_number(document))}"
    offer_agent = not screen.identity.agent_on()
    box = ask_yes_no(
        screen,
        "anotherApplicantCard",
        translate("IntakeScreen", "另一位申请人的证件"),
        translate(
            "IntakeScreen",
            "读到另一位申请人的证件（{holder}）。开始新的受理？当前表单的内容将清空。",
        ).format(holder=holder),
        answers=(
            translate("IntakeScreen", "开始新的受理"),
            translate("IntakeScreen", "保留当前表单"),
        ),
        on_yes=lambda: _new_intake(screen, document),
    )
    as_agent = None
    if offer_agent:
        as_agent = box.addButton(
            translate("IntakeScreen", "此人为代办人"), QMessageBox.ButtonRole.ActionRole
        )
        as_agent.setObjectName("cardHolderIsAgent")

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        if as_agent is not None and clicked is as_agent:
            # From the event loop, as ask_yes_no runs its Yes: the box is deleted once closed.
            QTimer.singleShot(0, screen, lambda: _take_as_agent(screen, document))
        elif clicked is not box.button(QMessageBox.StandardButton.Yes):
            screen.identity.set_card_state(
                translate("IntakeScreen", "已忽略另一位申请人的证件，当前表单未改动")
            )

    box.finished.connect(answered)


def _take_as_agent(screen: IntakeScreen, document: IdentityDocument) -> None:
    """代办 switched on (as Alt+D does), then the card taken: it fills the agent, and the
    applicant in the form stays."""
    screen.identity.agent_switch.setChecked(True)
    _take_card(screen, document)


def _new_intake(screen: IntakeScreen, document: IdentityDocument) -> None:
    """What Ctrl+N does (the form cleared, its draft discarded), then the card taken."""
    screen.next_applicant(confirm=False)
    _take_card(screen, document)


def _take_card(screen: IntakeScreen, document: IdentityDocument) -> None:
    card, chip = _read_notes()
    if _for_agent(screen, document):
        # The applicant's arrivals and notices are theirs: not looked up by the agent's number.
        screen.identity.agent.fill_from_document(document, screen.session.reader_name())
        screen.identity.set_card_state(chip if document.from_chip else card)
        return
    screen.identity.fill_from_document(document, screen.session.reader_name())
    screen.identity.set_card_state(chip if document.from_chip else card)

    number = document.id_number
    screen.session.worker.submit(
        lambda ws: ws.expected_arrivals(number),
        screen._show_arrivals,
        screen.session.report_error,
        name="expected_arrivals",
    )
    screen.session.worker.submit(
        lambda ws: ws.open_notices(number),
        screen._show_notices,
        screen.session.report_error,
        name="open_notices",
    )


def show_arrivals(screen: IntakeScreen, arrivals: list[ExpectedArrival]) -> None:
    """The applicant's expected arrivals, one line each; one of a withdrawn item is marked
    so, and a pre-application of it is not offered to fill the form. A missed ticket of an
    earlier card is no longer offered to put back."""
    _withdraw_requeue(screen)
    english = current_lang() == "en"
    mark = translate("IntakeScreen", "事项已停办，不能按此受理，请告知申请人")
    screen._arrival_lines = {
        a.arrival_id: (a.headline_en if english else a.headline_zh)
        + (f" · {mark}" if a.item_withdrawn else "")
        for a in arrivals
    }
    _show_arrival_lines(screen)
    for arrival in arrivals:
        if arrival.appointment:
            _fetch_priority_ticket(
                screen, arrival.arrival_id, screen._arrival_lines[arrival.arrival_id]
            )
    offered = next((a for a in arrivals if a.fills_intake and not a.item_withdrawn), None)
    screen._preapp_offered = offered.arrival_id if offered else None
    screen.preapp_button.setText(translate("IntakeScreen", "按网上申报填写受理表单  Ctrl+Y"))
    screen.preapp_button.setVisible(offered is not None)


def _show_arrival_lines(screen: IntakeScreen) -> None:
    screen.arrival_banner.setText("\n".join(screen._arrival_lines.values()))
    screen.arrival_banner.setVisible(bool(screen._arrival_lines))


def _note_ticket(screen: IntakeScreen, arrival_id: str, headline: str, note: str) -> None:
    """``note`` after the appointment's headline on its line, unless the applicant left."""
    if arrival_id in screen._arrival_lines:
        screen._arrival_lines[arrival_id] = f"{headline} · {note}"
        _show_arrival_lines(screen)


def _fetch_priority_ticket(screen: IntakeScreen, appointment_id: str, headline: str) -> None:
    """Get the appointment holder a priority ticket from the hall's queue system and add
    it to the appointment's line; without one, or when its ticket is over (已办结 / 已过号:
    never announced as if it were waiting), the line says so and the read goes on. A missed
    one is offered to put back in the queue (重新排队)."""

    def failed(exc: BaseException) -> None:
        from sync.tickets import PriorityTicketEnded

        if isinstance(exc, PriorityTicketEnded) and exc.ticket.state == "no_show":
            if appointment_id in screen._arrival_lines:  # not for an applicant who has left
                missed = MissedTicket(
                    appointment_id, headline, exc.ticket.number, str(uuid.uuid4())
                )
                _offer_requeue(screen, missed, exc.fact)
            return
        # The error says "no priority ticket" and why, or what became of the ticket and what
        # the clerk can do, whole (sync.tickets).
        _note_ticket(screen, appointment_id, headline, error_text(exc))

    screen.session.platform_worker.submit(
        lambda desk: desk.appointment_ticket(appointment_id),
        lambda number: _note_ticket(
            screen,
            appointment_id,
            headline,
            translate("IntakeScreen", "优先号 {number}").format(number=number),
        ),
        failed,
        name="appointment_ticket",
    )


def _offer_requeue(screen: IntakeScreen, missed: MissedTicket, fact: tuple[str, str]) -> None:
    """The line says the ticket was missed (``fact``, zh and en) and that 重新排队 puts it
    back; the button is shown, named for the ticket."""
    said = fact[1] if current_lang() == "en" else fact[0]
    note = translate(
        "IntakeScreen", "{fact}申请人现已到厅，可按“重新排队”让其重新排队（保留优先）。"
    ).format(fact=said)
    _note_ticket(screen, missed.arrival_id, missed.headline, note)
    screen._missed_ticket = missed
    screen.requeue_button.setAccessibleName(
        translate("IntakeScreen", "优先号 {number} 重新排队").format(number=missed.number)
    )
    screen.requeue_button.show()


def _withdraw_requeue(screen: IntakeScreen) -> None:
    screen._missed_ticket = None
    screen.requeue_button.hide()


def requeue_missed_ticket(screen: IntakeScreen) -> None:
    """Put the card's missed priority ticket back in the hall's queue (重新排队): its line
    then says so. A refusal is said on the line and the offer ends; a queue system that did
    not answer is said too, and 重新排队 stays for another press."""
    missed = screen._missed_ticket
    if missed is None:
        return

    def note(text: str) -> None:
        _note_ticket(screen, missed.arrival_id, missed.headline, text)

    def requeued(_: None) -> None:
        if screen._missed_ticket is missed:
            _withdraw_requeue(screen)
        note(
            translate("IntakeScreen", "优先号 {number} 已重新排队（保留优先）").format(
                number=missed.number
            )
        )

    def failed(exc: BaseException) -> None:
        from sync.errors import PlatformRefused

        if isinstance(exc, PlatformRefused) and screen._missed_ticket is missed:
            _withdraw_requeue(screen)  # answered: pressing again would be refused again
        note(error_text(exc))

    screen.session.platform_worker.submit(
        lambda desk: desk.requeue_ticket(missed.number, missed.request_id),
        requeued,
        failed,
        name="requeue_ticket",
    )


def fill_from_preapp(screen: IntakeScreen) -> None:
    """Fill the form from the offered pre-application: its item and situation, the
    materials submitted online (received, electronic, 已电子提交); the applicant stays as
    the card was read. Accepting the case then consumes the pre-application."""
    preapp_id = screen._preapp_offered
    if preapp_id is None:
        return

    def filled(intake: PreappIntake) -> None:
        screen.preapp_id = intake.preapp_id
        screen.choose_item(intake.item_code, intake.situation_code, intake.entries)

    screen.session.worker.submit(
        lambda ws: ws.preapp_intake(preapp_id),
        filled,
        screen.session.report_error,
        name="preapp_intake",
    )


def show_notices(screen: IntakeScreen, rows: list[CaseRow]) -> None:
    screen._notice_case = rows[0].case_id if rows else None
    screen.notice_label.setVisible(bool(rows))
    screen.notice_button.setVisible(bool(rows))
    if rows:
        first = rows[0]
        screen.notice_label.setText(
            translate(
                "IntakeScreen",
                "该申请人有一次性告知待补齐的办件 {case_no}（{item}）等 %n 件。",
                "",
                len(rows),
            ).format(case_no=first.case_no, item=first.service_item)
        )


def continue_notice(screen: IntakeScreen) -> None:
    """Open the applicant's notified case to continue it (the same case record)."""
    if screen._notice_case is not None:
        screen.continue_requested.emit(screen._notice_case)


def card_removed(screen: IntakeScreen) -> None:
    # Removing the card must never erase what was read or typed. Its note replaces only the
    # note of a read: a read error, or a question about the card, stays until the next card.
    if screen.identity.card_state.text() in _read_notes():
        screen.identity.set_card_state(translate("IntakeScreen", "证件已取走，信息已保留"))


def card_prompt(screen: IntakeScreen, text: str) -> None:
    screen.identity.set_card_state(text)


def focus_identity(screen: IntakeScreen) -> None:
    identity = screen.identity
    (identity.agent.name if identity.agent_on() else identity.name).setFocus()
    screen.session.read_card_now()


def open_mrz(screen: IntakeScreen) -> None:
    dialog = MrzDialog(screen)

    def parse() -> None:
        try:
            person, key = screen.session.parse_mrz(dialog.lines())
        except Exception as exc:
            dialog.show_error(error_text(exc))
            return
        screen.identity.fill_from_mrz(person)
        dialog.accept()
        # The MRZ opens the chip (BAC): the reader thread reads it now or when placed.
        screen.identity.set_card_state(translate("IntakeScreen", "机读码已录入，等待读取护照芯片"))
        screen.session.read_chip(key)

    dialog.buttons.accepted.connect(parse)
    with deleted_after(dialog):
        dialog.exec()
