"""Wire models of the hall's queue tickets (叫号) on the reference platform: the window's
requests (``POST /v1/hall/tickets/actions``) and the tickets it answers with.

A ticket is one person's place in the hall's queue; each time it waits for, is called to
and served at a window is a *visit*. Redirecting closes the visit and opens another one for
the other window, so wait (queued→called), walk (called→started) and service
(started→closed) times are kept per window and item.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from sync.wire.base import Code, WireModel

TicketActionName = Literal["call", "recall", "noshow", "start", "close", "redirect"]
TicketState = Literal["waiting", "called", "serving", "closed", "no_show"]
VisitOutcome = Literal["served", "no_show", "redirected"]
Seconds = Annotated[int, Field(ge=0)]


class TicketAction(WireModel):
    """One step a window takes. ``request_id`` is the device's: the same request sent again
    (its answer was lost) is answered with the ticket as it stands, never acted on twice -
    a repeated ``call`` never calls a second ticket."""

    request_id: uuid.UUID
    action: TicketActionName
    ticket_id: uuid.UUID | None = None
    """The ticket acted on; every action but ``call`` needs it."""
    to_window: Code | None = None
    """``redirect`` only: the window of the same hall that is to call it next."""


class AppointmentTicketRequest(WireModel):
    """``POST /v1/hall/tickets/appointment``: the priority ticket of an appointment of the
    device's hall whose holder's card was just read. Asked again for the same appointment
    (another read, or the hall's ticket machine issued it), the same ticket is answered."""

    appointment_id: Annotated[str, Field(min_length=1, max_length=64)]
    """The appointment's ``arrival_id`` in the arrivals feed."""


class TicketVisit(BaseModel):
    window: str | None
    """The window that called it; ``None`` while it waits."""
    for_window: str | None
    """A redirected visit waits for this window only; ``None``: any window of the hall."""
    item_code: str | None
    queued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    closed_at: datetime | None
    outcome: VisitOutcome | None
    recalls: int
    wait_seconds: Seconds | None
    walk_seconds: Seconds | None
    service_seconds: Seconds | None


class Ticket(BaseModel):
    ticket_id: uuid.UUID
    number: str
    """Shown on the hall's screen: ``A001`` in turn, ``Y001`` for an appointment (预约)."""
    hall: str
    priority: bool
    item_code: str | None
    appointment_id: str | None
    issued_at: datetime
    state: TicketState
    window: str | None
    """The window calling or serving it now, or the one it was redirected to."""
    visits: list[TicketVisit]


class TicketAnswer(BaseModel):
    status: Literal["done", "repeated", "none_waiting"]
    """``repeated``: the request id was answered before, nothing was done again;
    ``none_waiting``: a ``call`` found no ticket for this window."""
    ticket: Ticket | None


class AppointmentTicket(BaseModel):
    """The answer to ``AppointmentTicketRequest``."""

    status: Literal["done", "repeated"]
    """``done``: issued now; ``repeated``: the appointment had this ticket already."""
    ticket: Ticket


class HallTickets(BaseModel):
    """``GET /v1/hall/tickets``: the hall's waiting tickets in the order this window would
    call them, and the ticket this window is calling or serving."""

    window: str
    current: Ticket | None
    waiting: list[Ticket]
