"""A window's look at, and word to, its own hall outside the feeds: one case's history as
the hall queue feed carried it, and a notice published to every window of the hall."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from central.errors import UnknownInHall, WrongHall
from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import cases as case_store
from central.store import publishing
from sync.wire.feeds import HallCaseHistory
from sync.wire.notices import Notice, NoticeDraft


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/hall/cases/{case_id}/history", response_model=HallCaseHistory, tags=["hall"])
    async def hall_case_history(request: Request, case_id: uuid.UUID) -> dict[str, Any]:
        """One case of the device's hall, as the hall queue feed carried it, oldest first;
        404 for a case of another hall."""
        auth, _ = await platform.signed(request)
        device = auth.device

        def work() -> list[dict[str, Any]]:
            platform.store.consume_nonce(device.device_id, auth.nonce)
            return case_store.case_history(platform.store, device.hall, str(case_id))

        entries = await run_in_threadpool(work)
        if not entries:  # another hall's case too: its existence is not this device's to know
            raise UnknownInHall(
                "unknown_case",
                "本大厅没有这个办件。",
                "There is no such case in this device's hall.",
            )
        return {"case_id": case_id, "entries": entries}

    @router.post(
        "/v1/hall/notices",
        response_model=Notice,
        tags=["hall"],
        openapi_extra=json_body("NoticeDraft"),
    )
    async def publish_notice(request: Request) -> dict[str, Any]:
        """Publish a notice to the device's own hall (it reaches every window there through
        the ``notices`` feed); 403 for another hall. Sending the same draft again answers
        the notice stored the first time."""
        auth, body = await platform.signed(request)
        draft = parsed(NoticeDraft, body)
        if draft.hall != auth.device.hall:
            raise WrongHall(
                "本设备只能向本大厅发布通知。",
                "This device may publish notices only to its own hall.",
                details={"device_hall": auth.device.hall, "asked_hall": draft.hall},
            )
        return await run_in_threadpool(
            publishing.publish_device_notice, platform.store, auth.device, auth.nonce, draft
        )

    return router
