"""The hall's queue tickets (叫号) as its windows reach them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import tickets as ticket_store
from sync.wire.tickets import (
    AppointmentTicket,
    AppointmentTicketRequest,
    HallTickets,
    TicketAction,
    TicketAnswer,
)


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/hall/tickets", response_model=HallTickets, tags=["tickets"])
    async def hall_tickets(request: Request) -> dict[str, Any]:
        """The device's hall's waiting queue tickets, in the order its window would call
        them, and the ticket its window calls or serves now."""
        auth, _ = await platform.signed(request)
        return await run_in_threadpool(
            ticket_store.hall_tickets, platform.store, auth.device, auth.nonce
        )

    @router.post(
        "/v1/hall/tickets/actions",
        response_model=TicketAnswer,
        tags=["tickets"],
        openapi_extra=json_body("TicketAction"),
    )
    async def ticket_action(request: Request) -> dict[str, Any]:
        """One window step on a queue ticket of the device's hall: ``call`` the next (one
        redirected to this window first, then priority, then by time queued), ``recall``,
        ``noshow``, ``start``, ``close``, ``redirect`` to another window (one a live device of
        the hall is enrolled under, else 404 ``unknown_window``), ``requeue`` today's no-show
        ``number`` (409 ``ticket_state`` for one served or still queued, 404
        ``unknown_ticket`` for no such number today). Tickets of an earlier hall day still
        open are ended ``expired`` first. The same ``request_id`` again answers ``repeated``
        and does nothing: a lost answer never calls a second ticket.

        A step replayed after its hall day is over answers the ticket as it stands, which
        may be ``expired``: a window older than that state refuses the answer (its
        ``TicketState`` is a closed list). The request tells the platform nothing of the
        window's version (the transport's User-Agent is a bare ``counter-app-sync``), so
        the answer cannot be shaped for an older window: it takes the answer for a version
        mismatch (logged, shown as transient), and its next poll no longer lists the ticket."""
        auth, body = await platform.signed(request)
        action = parsed(TicketAction, body)
        return await run_in_threadpool(
            ticket_store.act, platform.store, auth.device, auth.nonce, action
        )

    @router.post(
        "/v1/hall/tickets/appointment",
        response_model=AppointmentTicket,
        tags=["tickets"],
        openapi_extra=json_body("AppointmentTicketRequest"),
    )
    async def appointment_ticket(request: Request) -> dict[str, Any]:
        """The priority ticket (``Y…``) of a booked appointment of the device's hall, issued
        when its holder's card is read at a window: ``done`` when issued now, ``repeated``
        with the same ticket when the appointment has one already (from an earlier read or
        the hall's ticket machine). One ticket per appointment."""
        auth, body = await platform.signed(request)
        asked = parsed(AppointmentTicketRequest, body)
        return await run_in_threadpool(
            ticket_store.issue_for_appointment,
            platform.store,
            auth.device,
            auth.nonce,
            asked.appointment_id,
        )

    return router
