"""Queue tickets (叫号) at the window: the clerk calls the next ticket, re-calls it, marks a
no-show, starts and closes the service or redirects the ticket to another window, through
the hall's queue system (``sync.queue_system``). Each answer is remembered here
(``counter_app.store.window_tickets``) so the case decided while a ticket is current
carries it, and audited.

Ticket steps need the queue system: when it cannot be reached the step is not taken and
the clerk is told to go on serving without a ticket. A step whose answer was lost is sent
again with the same request id, which the queue system answers without acting twice.
"""

from __future__ import annotations

import uuid

from counter_app.errors import ValidationError
from counter_app.store.database import Store
from counter_app.store.window_tickets import WindowTicket, current_ticket, remember_ticket
from sync.errors import PlatformRefused, PlatformUnreachable, SyncError
from sync.queue_system import QueueSystem
from sync.wire.tickets import HallTickets, Ticket, TicketAction, TicketActionName, TicketAnswer

ACTION_NAMES: dict[str, tuple[str, str]] = {
    "call": ("叫号", "call the next ticket"),
    "recall": ("重呼", "re-call"),
    "noshow": ("标记未到", "mark a no-show"),
    "start": ("开始办理", "start service"),
    "close": ("办结", "close the service"),
    "redirect": ("转窗口", "redirect to another window"),
}


class QueueSystemUnreachable(SyncError):
    """The hall's queue system could not be reached: the ticket step was not taken."""

    code = "queue_system_unreachable"


class AppointmentUnknown(SyncError):
    """The queue system does not know the appointment the window cached: no priority ticket."""

    code = "appointment_unknown"


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
    current ticket. ``request_id`` names the step; sending a step again whose answer was
    lost with the same id acts on nothing twice.

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
    try:
        answer = system.act(step)
    except PlatformUnreachable as exc:
        zh, en = ACTION_NAMES[action]
        raise QueueSystemUnreachable(
            f"叫号系统连接不上，{zh}未完成：{exc.zh} 可以不叫号继续受理，恢复连接后再{zh}。",
            f"The queue system cannot be reached, so '{en}' was not done: {exc.en} You can "
            f"go on serving without a ticket and {en} once it is back.",
        ) from exc
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


def appointment_ticket(
    store: Store, system: QueueSystem, actor: str, appointment_id: str
) -> Ticket:
    """The priority ticket of the appointment whose holder's card was just read, from the
    hall's queue system: issued at the first read, the same ticket at every later one (and
    the one the hall's ticket machine gave for it). It waits in the hall's queue, priority
    first, until a window calls it; it is not this window's current ticket.

    Raises ``QueueSystemUnreachable`` when the queue system cannot be reached,
    ``AppointmentUnknown`` when it holds no such appointment of this hall, and any other
    refusal (e.g. a cancelled appointment) as ``PlatformRefused``. Each message is whole:
    the window shows it as it is."""
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
    return answer.ticket


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
