"""The change feeds a window pulls (``GET /v1/feeds/{feed}``): pages of items after a signed
cursor, the device's hall's only (catalog and calendar: every hall's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from central.cursors import MAX_CURSOR_CHARS, decode_cursor, encode_cursor
from central.errors import WrongHall
from central.platform import Platform
from central.store import feeds
from sync.wire.feeds import FeedPage, HallCase, ProgressEvent, PublishedDocument
from sync.wire.notices import Notice
from sync.wire.problems import HallProblem, Instruction
from sync.wire.reviews import CaseReview
from sync.wire.staff import StaffAccount


@dataclass(frozen=True)
class FeedQuery:
    cursor: str | None
    limit: int
    hall: str | None


GLOBAL_FEEDS = ("catalog", "calendar")
_FEED_ITEMS: dict[str, Any] = {
    "catalog": PublishedDocument,
    "calendar": PublishedDocument,
    "progress": ProgressEvent,
    "notices": Notice,
    "hall_queue": HallCase,
    "staff": StaffAccount,
    "instructions": Instruction,
    "problems": HallProblem,
    "reviews": CaseReview,
}
_FEED_SUMMARIES = {
    "catalog": "Catalog versions (every hall)",
    "calendar": "Working-day calendar versions (every hall)",
    "progress": "Back-office progress of the device's hall's cases",
    "notices": "Notices for the device's hall (and for every hall)",
    "hall_queue": "Summaries of every case of the device's hall (no personal data)",
    "staff": "Changes to the staff accounts of the device's hall, with password verifiers",
    "instructions": "Supervisors' instructions about problem cases of the device's hall",
    "problems": "Submissions of the device's hall kept in conflict or rejected, with reasons",
    "reviews": "Supervisors' reviews of the device's hall's cases",
}


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    for feed in _FEED_ITEMS:
        _add_feed_route(router, platform, feed)
    return router


def _add_feed_route(router: APIRouter, platform: Platform, feed: str) -> None:
    cfg = platform.cfg

    async def read(
        request: Request,
        cursor: str | None = Query(None, max_length=MAX_CURSOR_CHARS),
        limit: int = Query(cfg.feed_page_default, ge=1, le=cfg.feed_page_max),
        hall: str | None = Query(None, max_length=32),
    ) -> dict[str, Any]:
        return await _feed_page(platform, request, feed, FeedQuery(cursor, limit, hall))

    page_model: Any = FeedPage[_FEED_ITEMS[feed]]  # type: ignore[valid-type]
    router.add_api_route(
        f"/v1/feeds/{feed}",
        read,
        methods=["GET"],
        response_model=page_model,
        tags=["feeds"],
        summary=_FEED_SUMMARIES[feed],
        name=f"feed_{feed}",
    )


async def _feed_page(
    platform: Platform, request: Request, feed: str, query: FeedQuery
) -> dict[str, Any]:
    auth, _ = await platform.signed(request)
    device = auth.device
    if query.hall is not None and query.hall != device.hall:
        raise WrongHall(
            "本设备只能读取本大厅的数据。",
            "This device may read only its own hall's data.",
            details={"device_hall": device.hall, "asked_hall": query.hall},
        )
    scope = "*" if feed in GLOBAL_FEEDS else device.hall
    after = decode_cursor(platform.secret, query.cursor, feed, scope) if query.cursor else 0

    def work() -> dict[str, Any]:
        platform.store.consume_nonce(device.device_id, auth.nonce)
        rows, more = feeds.read_feed(platform.store, feed, device.hall, after, query.limit)
        last = rows[-1].sequence if rows else after
        return {
            "items": [row.item for row in rows],
            "cursor": encode_cursor(platform.secret, feed, scope, last),
            "more": more,
        }

    return await run_in_threadpool(work)
