"""Queue tickets (叫号) at the window: the clerk calls the next ticket, re-calls it, marks a
no-show, starts and closes the service or redirects the ticket to another window, and puts
a no-show of today whose holder turned up back in the queue, through the hall's queue
system (``sync.queue_system``). Each answer is remembered here
(``counter_app.store.window_tickets``) so the case decided while a ticket is current
carries it, and audited.

Ticket steps need the queue system: when it cannot be reached the step is not taken and
the clerk is told to go on serving without a ticket. A step whose answer was lost is sent
again with the same request id, which the queue system answers without acting twice.
"""

from __future__ import annotations

import re
import uuid

from counter_app.errors import ValidationError
from counter_app.store.database import Store
from counter_app.store.window_tickets import WindowTicket, current_ticket, remember_ticket
from sync.errors import PlatformRefused, PlatformUnreachable, SyncError
from sync.queue_system import QueueSystem
from sync.wire.tickets import (
    TICKET_NUMBER_PATTERN,
    HallTickets,
    Ticket,
    TicketAction,
    TicketActionName,
    TicketAnswer,
)

ACTION_NAMES: dict[TicketActionName, tuple[str, str]] = {
    "call": ("叫号", "call the next ticket"),
    "recall": ("重呼", "re-call"),
    "noshow": ("标记未到", "mark a no-show"),
    "start": ("开始办理", "start service"),
    "close": ("办结", "close the service"),
    "redirect": ("转窗口", "redirect to another window"),
    "requeue": ("过号重新排队", "put a no-show back in the queue"),
}


_TICKET_NUMBER = re.compile(TICKET_NUMBER_PATTERN)


class QueueSystemUnreachable(SyncError):
    """The hall's queue system could not be reached: the ticket step was not taken."""

    code = "queue_system_unreachable"


class AppointmentUnknown(SyncError):
    """The queue system does not know the appointment the window cached: no priority ticket."""

    code = "appointment_unknown"


class PriorityTicketEnded(SyncError):
    """The appointment's priority ticket is over (served, missed or of an ended day): no
    ticket to announce. ``ticket`` as it stands; the message says what became of it
    (``fact``, zh and en) and what the clerk can do, at the command line for a missed one:
    a window says the fact and offers its own way to put the ticket back."""

    code = "priority_ticket_ended"

    def __init__(self, ticket: Ticket, fact: tuple[str, str], todo: tuple[str, str]) -> None:
        super().__init__(f"{fact[0]}{todo[0]}", f"{fact[1]} {todo[1]}")
        self.ticket = ticket
        self.fact = fact


class NoCurrentTicket(ValidationError):
    """A step on the current ticket while this window has none."""


def ticket_step(
    store: Store,
    system: QueueSystem,
    actor: str,
    action: TicketActionName,
    *,
    to_window: str | None = None,
    request_id: str | None = None,
) -> TicketAnswer:
    """Take ``action`` at this window: ``call`` the next ticket, or a step on the window's
    current ticket (``requeue``, which names its ticket by number, is ``requeue_ticket``).
    ``request_id`` names the step; sending a step again whose answer was lost with the same
    id acts on nothing twice.

    Raises ``NoCurrentTicket`` for a step without a current ticket, ``QueueSystemUnreachable``
    when the queue system cannot be reached, and its refusal as ``PlatformRefused``."""
    ticket_id: str | None = None
    if action != "call":
        with store.reading():
            current = current_ticket(store)
        if current is None:
            zh, en = ACTION_NAMES[action]
            raise NoCurrentTicket(
                f"本窗口当前没有叫到的号，不能{zh}。请先叫号（或不叫号直接受理）。",
                f"This window has no called ticket to {en}. Call one first (or serve without "
                "a ticket).",
                field="ticket",
            )
        ticket_id = current.ticket_id
    step = TicketAction(
        request_id=uuid.UUID(request_id) if request_id else uuid.uuid4(),
        action=action,
        ticket_id=uuid.UUID(ticket_id) if ticket_id else None,
        to_window=to_window,
    )
    answer = _act(system, step)
    with store.transaction():
        if answer.ticket is not None:
            remember_ticket(store, window_ticket(answer.ticket))
        store.audit.record(
            actor,
            f"ticket.{action}",
            answer.ticket.number if answer.ticket else None,
            {"status": answer.status, "request_id": str(step.request_id)}
            | ({"to_window": to_window} if to_window else {}),
        )
    return answer


def requeue_ticket(
    store: Store, system: QueueSystem, actor: str, number: str, *, request_id: str | None = None
) -> TicketAnswer:
    """Put today's no-show ticket ``number`` back in the hall's queue: its holder turned up
    after all. It keeps its priority and waits from now for any window (one redirected to a
    window, for that window); it is not this window's current ticket. ``request_id`` as for
    ``ticket_step``.

    Raises ``QueueSystemUnreachable`` when the queue system cannot be reached, and its
    refusal (no such ticket today, one served or still queued) as ``PlatformRefused``."""
    number = number.strip().upper()  # as the hall's screen shows it: Y006
    if not _TICKET_NUMBER.match(number):
        raise ValidationError(
            f"“{number}”不是号码（如 A012、Y006）。",
            f"'{number}' is no ticket number (such as A012 or Y006).",
            field="number",
        )
    step = TicketAction(
        request_id=uuid.UUID(request_id) if request_id else uuid.uuid4(),
        action="requeue",
        number=number,
    )
    answer = _act(system, step)
    with store.transaction():
        store.audit.record(
            actor,
            "ticket.requeue",
            number,
            {"status": answer.status, "request_id": str(step.request_id)},
        )
    return answer


def _act(system: QueueSystem, step: TicketAction) -> TicketAnswer:
    try:
        return system.act(step)
    except PlatformUnreachable as exc:
        zh, en = ACTION_NAMES[step.action]
        raise QueueSystemUnreachable(
            f"叫号系统连接不上，{zh}未完成：{exc.zh} 可以不叫号继续受理，恢复连接后再{zh}。",
            f"The queue system cannot be reached, so '{en}' was not done: {exc.en} You can "
            f"go on serving without a ticket and {en} once it is back.",
        ) from exc


def appointment_ticket(
    store: Store, system: QueueSystem, actor: str, appointment_id: str
) -> Ticket:
    """The priority ticket of the appointment whose holder's card was just read, from the
    hall's queue system: issued at the first read, the same ticket at every later one (and
    the one the hall's ticket machine gave for it). It waits in the hall's queue, priority
    first, until a window calls it; it is not this window's current ticket.

    Raises ``QueueSystemUnreachable`` when the queue system cannot be reached,
    ``AppointmentUnknown`` when it holds no such appointment of this hall,
    ``PriorityTicketEnded`` when its ticket was served or missed (no number to announce: a
    missed one can be put back, ``requeue_ticket``), and any other refusal (e.g. a
    cancelled appointment) as ``PlatformRefused``. Each message is whole: the window shows
    it as it is."""
    try:
        answer = system.issue(appointment_id)
    except PlatformUnreachable as exc:
        raise QueueSystemUnreachable(
            f"叫号系统连接不上，优先号未能取得：{exc.zh} 可以不叫号继续受理。",
            f"The queue system cannot be reached, so no priority ticket was issued: {exc.en} "
            "You can go on serving without a ticket.",
        ) from exc
    except PlatformRefused as exc:
        if exc.platform_code != "unknown_appointment":
            raise
        raise AppointmentUnknown(
            "优先号未能取得：叫号系统里没有这个预约（本窗口缓存的预约与平台的不一致，"
            "可能平台的数据已重置）。可以不叫号继续受理；如反复出现，请联系信息技术人员。",
            "No priority ticket: the queue system does not know this appointment (the "
            "appointments this window cached differ from the platform's; was its data reset?). "
            "You can go on serving without a ticket; if this happens again, call IT support.",
        ) from exc
    if answer.status == "done":
        with store.transaction():
            store.audit.record(
                actor,
                "ticket.issue",
                answer.ticket.number,
                {"appointment_id": appointment_id, "ticket_id": str(answer.ticket.ticket_id)},
            )
    _check_live(answer.ticket)
    return answer.ticket


def _check_live(ticket: Ticket) -> None:
    """Refuse to announce a priority ticket that is over, saying what became of it."""
    number = ticket.number
    if ticket.state == "closed":
        raise PriorityTicketEnded(
            ticket,
            (
                f"优先号 {number} 已办结：该预约的号已经叫过并办理完毕。",
                f"Priority ticket {number} was served: this appointment's ticket was called "
                "and closed.",
            ),
            (
                "如申请人还要办理，请取普通号。",
                "If the applicant has more to do, they take a normal ticket.",
            ),
        )
    if ticket.state == "no_show":
        raise PriorityTicketEnded(
            ticket,
            (
                f"优先号 {number} 已过号（叫号时未到）。",
                f"Priority ticket {number} was missed (a no-show when called).",
            ),
            (
                f"申请人现已到厅，可让其重新排队：counter-app ticket requeue {number}（保留优先）。",
                f"The applicant is here now and can go back in the queue: counter-app ticket "
                f"requeue {number} (priority kept).",
            ),
        )
    if ticket.state == "expired":  # a platform answering another day's ticket
        raise PriorityTicketEnded(
            ticket,
            (
                f"优先号 {number} 是 {ticket.day} 的号，已过期。",
                f"Priority ticket {number} is of {ticket.day} and has expired.",
            ),
            ("请申请人取今天的号。", "The applicant takes a ticket of today."),
        )


def hall_tickets(store: Store, system: QueueSystem) -> HallTickets:
    """The hall's waiting tickets and this window's current one, as the queue system says;
    this window's current ticket is remembered as it stands there."""
    try:
        listed = system.tickets()
    except PlatformUnreachable as exc:
        raise QueueSystemUnreachable(
            f"叫号系统连接不上，无法读取排队情况：{exc.zh} 可以不叫号继续受理。",
            f"The queue system cannot be reached to read the queue: {exc.en} You can go on "
            "serving without a ticket.",
        ) from exc
    if listed.current is not None:
        with store.transaction():
            remember_ticket(store, window_ticket(listed.current))
    return listed


def window_ticket(ticket: Ticket) -> WindowTicket:
    return WindowTicket(
        ticket_id=str(ticket.ticket_id),
        number=ticket.number,
        state=ticket.state,
        priority=ticket.priority,
        item_code=ticket.item_code,
    )
