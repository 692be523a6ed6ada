"""Approval requests (``/v1/hall/approval-requests``): a clerk asks the supervisors of the
device's own hall to approve an action; they decide at another window."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from central.errors import WrongHall
from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import approval_requests
from sync.wire.approvals import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRequestDraft,
    ApprovalRequestList,
)


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    path = "/v1/hall/approval-requests"

    @router.post(
        path,
        response_model=ApprovalRequest,
        tags=["approvals"],
        openapi_extra=json_body("ApprovalRequestDraft"),
    )
    async def request_approval(request: Request) -> dict[str, Any]:
        """A clerk asks the supervisors of the device's own hall to approve an action (403
        for another hall; 422 for a reprint, void or correction without a reason; 409
        ``too_many_open_requests`` while the window has as many open as it may). Sending the
        same draft again answers the request stored first."""
        auth, body = await platform.signed(request)
        draft = parsed(ApprovalRequestDraft, body)
        if draft.hall != auth.device.hall:
            raise WrongHall(
                "本设备只能向本大厅的值班长请求审批。",
                "This device may ask only its own hall's supervisors for approval.",
                details={"device_hall": auth.device.hall, "asked_hall": draft.hall},
            )
        return _on_wire(
            await run_in_threadpool(
                approval_requests.create_request, platform.store, auth.device, auth.nonce, draft
            )
        )

    @router.get(path, response_model=ApprovalRequestList, tags=["approvals"])
    async def pending_approvals(request: Request) -> dict[str, Any]:
        """The open approval requests of the device's hall, from every window (one whose hall
        day ended is expired and left out)."""
        auth, _ = await platform.signed(request)
        pending = await run_in_threadpool(
            approval_requests.pending_requests, platform.store, auth.device, auth.nonce
        )
        return {"requests": [_on_wire(held) for held in pending]}

    @router.get(f"{path}/{{request_id}}", response_model=ApprovalRequest, tags=["approvals"])
    async def approval_request(request: Request, request_id: uuid.UUID) -> dict[str, Any]:
        """One approval request of the device's hall (the asking window polls it for the
        decision while it waits); 404 for another hall's."""
        auth, _ = await platform.signed(request)
        held = await run_in_threadpool(
            approval_requests.one_request,
            platform.store,
            auth.device,
            auth.nonce,
            str(request_id),
        )
        return _on_wire(held)

    @router.post(
        f"{path}/{{request_id}}/decision",
        response_model=ApprovalRequest,
        tags=["approvals"],
        openapi_extra=json_body("ApprovalDecision"),
    )
    async def decide_approval(request: Request, request_id: uuid.UUID) -> dict[str, Any]:
        """Approve or refuse (with a reason) a pending request of the device's hall, or
        cancel one's own; decided once (409 ``already_decided``), never after its hall day
        (409 ``approval_expired``), never by the clerk who asked nor one who made the case
        (403 ``four_eyes``)."""
        auth, body = await platform.signed(request)
        decision = parsed(ApprovalDecision, body)
        held = await run_in_threadpool(
            approval_requests.decide,
            platform.store,
            auth.device,
            auth.nonce,
            str(request_id),
            decision,
        )
        return _on_wire(held)

    return router


def _on_wire(held: dict[str, Any]) -> dict[str, Any]:
    """A request as held, answered: an expired one ``pending`` with ``expired`` true, as a
    window of the release before expiry can still read it (``ApprovalRequest.expired``)."""
    expired = held["status"] == "expired"
    return {**held, "status": "pending" if expired else held["status"], "expired": expired}
