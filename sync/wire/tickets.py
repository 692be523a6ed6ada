"""Wire models of the hall's queue tickets (叫号) on the reference platform: the window's
requests (``POST /v1/hall/tickets/actions``) and the tickets it answers with.

A ticket is one person's place in the hall's queue on one hall day; each time it waits for,
is called to and served at a window is a *visit*. Redirecting closes the visit and opens
another one for the other window, which calls it next (its time there is no second wait),
so wait (queued→called), walk (called→started) and service (started→closed) times are kept
per window and item. A no-show of today may be put back in the queue (``requeue``): a new
visit, its wait counted from then. A ticket still open when its hall day is over ends
``expired`` (neither served nor a no-show) once the hall's queue is next used.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from sync.wire.base import Code, WireModel

TicketActionName = Literal["call", "recall", "noshow", "start", "close", "redirect", "requeue"]
TicketState = Literal["waiting", "called", "serving", "closed", "no_show", "expired"]
VisitOutcome = Literal["served", "no_show", "redirected", "expired"]
Seconds = Annotated[int, Field(ge=0)]
# A ticket's number as the hall's screen shows it: a letter and its turn, A012, Y006.
TICKET_NUMBER_PATTERN = r"^[A-Z][0-9]{3,6}$"
TicketNumber = Annotated[str, StringConstraints(pattern=TICKET_NUMBER_PATTERN)]


class TicketAction(WireModel):
    """One step a window takes. ``request_id`` is the device's: the same request sent again
    (its answer was lost) is answered with the ticket as it stands, never acted on twice -
    a repeated ``call`` never calls a second ticket."""

    request_id: uuid.UUID
    action: TicketActionName
    ticket_id: uuid.UUID | None = None
    """The ticket acted on; every action but ``call`` and ``requeue`` needs it."""
    to_window: Code | None = None
    """``redirect`` only: the window of the same hall that is to call it next."""
    number: TicketNumber | None = None
    """``requeue`` only: the number of today's no-show ticket to put back in the queue (the
    window has its number, from the holder's slip or the card read, not its id)."""


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
    """None until called, and for a visit a redirect opened: its holder kept their place."""
    walk_seconds: Seconds | None
    service_seconds: Seconds | None


class Ticket(BaseModel):
    ticket_id: uuid.UUID
    number: str
    """Shown on the hall's screen: ``A001`` in turn, ``Y001`` for an appointment (预约)."""
    hall: str
    day: date | None = None
    """The hall day it was issued for (numbers restart each day); None from a platform older
    than this field."""
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
