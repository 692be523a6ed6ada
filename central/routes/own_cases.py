"""The device's own cases (sync-protocol.md, "A device's own cases"): what a window restored
from an older backup walks to fetch back the cases it synced after that backup."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from central.platform import Platform
from central.store.own_cases import own_cases
from sync.wire.own_cases import OWN_CASES_PATH, OwnCasesPage

# A case number or nothing (the first page): what a page's ``after`` carries.
AFTER_PATTERN = r"^[A-Za-z0-9_-]{0,80}$"


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    cfg = platform.cfg

    async def read_own_cases(
        request: Request,
        after: str = Query("", pattern=AFTER_PATTERN),
        limit: int = Query(cfg.feed_page_default, ge=1, le=cfg.feed_page_max),
    ) -> dict[str, Any]:
        """The cases whose number carries a prefix bound to the calling device (its own and
        those it took over with ``--replaces``), in case-number order after ``after``: each
        with its newest version number and where it stands. The whole document of each is
        ``GET /v1/hall/cases/{case_id}/platform-version``."""
        auth, _ = await platform.signed(request)
        return await run_in_threadpool(
            own_cases, platform.store, auth.device, auth.nonce, after, limit
        )

    router.add_api_route(
        OWN_CASES_PATH,
        read_own_cases,
        methods=["GET"],
        response_model=OwnCasesPage,
        tags=["devices"],
    )
    return router
