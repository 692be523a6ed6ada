"""The hall's queue system (叫号系统) as a window uses it: a small interface, so a hall's
vendor system can be added as another adapter, and the one real implementation, over HTTP
against the reference platform's ticket service (``GET /v1/hall/tickets``, ``POST
/v1/hall/tickets/actions``, ``POST /v1/hall/tickets/appointment``), signed like every other
device request.

An adapter answers in the wire models of ``sync.wire.tickets``; it raises
``PlatformUnreachable`` when the queue system cannot be reached (the caller tells the clerk
to go on without a ticket) and ``PlatformRefused`` when it refuses the step.
"""

from __future__ import annotations

from typing import Protocol

from counter_app.config import Config
from counter_app.home import Home
from sync.device_transport import platform_transport
from sync.transport import PlatformTransport, Timeouts
from sync.wire.tickets import (
    AppointmentTicket,
    AppointmentTicketRequest,
    HallTickets,
    TicketAction,
    TicketAnswer,
)

TICKETS_PATH = "/v1/hall/tickets"
ACTIONS_PATH = "/v1/hall/tickets/actions"
APPOINTMENT_PATH = "/v1/hall/tickets/appointment"


class QueueSystem(Protocol):
    def act(self, action: TicketAction) -> TicketAnswer:
        """Take one step for this window. The same ``request_id`` again must answer the
        ticket as it stands and act on nothing: a lost answer is asked for again."""
        ...

    def issue(self, appointment_id: str) -> AppointmentTicket:
        """The priority ticket of the hall's appointment ``appointment_id`` (its holder's
        card was read): one per appointment, the same one when asked again."""
        ...

    def tickets(self) -> HallTickets:
        """The hall's waiting tickets and this window's current one."""
        ...

    def close(self) -> None: ...


class PlatformQueueSystem:
    """The reference platform's ticket service, through this workstation's signed transport."""

    def __init__(self, transport: PlatformTransport) -> None:
        self.transport = transport

    def act(self, action: TicketAction) -> TicketAnswer:
        answer = self.transport.request_json("POST", ACTIONS_PATH, action.model_dump(mode="json"))
        return self.transport.parsed(TicketAnswer, answer)

    def issue(self, appointment_id: str) -> AppointmentTicket:
        asked = AppointmentTicketRequest(appointment_id=appointment_id)
        answer = self.transport.request_json("POST", APPOINTMENT_PATH, asked.model_dump())
        return self.transport.parsed(AppointmentTicket, answer)

    def tickets(self) -> HallTickets:
        return self.transport.parsed(HallTickets, self.transport.request_json("GET", TICKETS_PATH))

    def close(self) -> None:
        self.transport.close()


def hall_queue_system(
    home: Home, config: Config, *, timeouts: Timeouts | None = None
) -> QueueSystem:
    """The queue system of this workstation's hall: the platform it is enrolled with
    (``timeouts`` as for ``sync.device_transport.platform_transport``)."""
    return PlatformQueueSystem(platform_transport(home, config, timeouts=timeouts))
