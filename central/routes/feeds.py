"""The change feeds a window pulls (``GET /v1/feeds/{feed}``): pages of items after a signed
cursor, the device's hall's only (catalog and calendar: every hall's).

The catalog feed brings a window the version in force (the newest published whose date of
effect, if it has one, has come) and, to a window that asks (``ahead=1``), every version
published ahead of its day, with that moment, which the window keeps and goes by from it;
not the history, which the window would load only to prune it. A window without a cursor
(enrolled just now) gets that version alone (with those ahead); so does one whose cursor is
behind several versions (offline for months): the cases it took name the versions it holds.
Only a window the platform holds cases of reads every version from the start, when it has no
cursor: restored from a backup, it may walk back cases taken under versions it lacks
(``sync.own_cases`` drops its cursor for that). Its pages carry a history cursor, so the read
goes on to the end; the last page's cursor is a plain one again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from central.cursors import MAX_CURSOR_CHARS, decode_cursor, encode_cursor
from central.errors import BadCursor, CursorAhead, WrongHall
from central.platform import Platform
from central.store import feeds
from central.store.base import Device
from central.store.feed_ends import feed_end
from sync.wire.feeds import FeedPage, HallCase, ProgressEvent, PublishedDocument
from sync.wire.notices import Notice
from sync.wire.problems import HallProblem, Instruction
from sync.wire.reviews import CaseReview
from sync.wire.staff import StaffAccount

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedQuery:
    cursor: str | None
    limit: int
    hall: str | None


# What a catalog cursor in the middle of a read of every version names instead of its feed.
CATALOG_HISTORY = "catalog-history"
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
    if feed == "catalog":
        after, history = _catalog_position(platform, query.cursor)
        await run_in_threadpool(_refuse_cursor_ahead, platform, device, feed, after)
        return await run_in_threadpool(
            _catalog_page,
            platform,
            device,
            auth.nonce,
            after=after,
            history=history,
            limit=query.limit,
            # A window that keeps versions ahead of their day asks for them (sync.feeds).
            ahead=request.query_params.get("ahead") == "1",
        )
    scope = "*" if feed in feeds.DOCUMENT_FEEDS else device.hall
    after = decode_cursor(platform.secret, query.cursor, feed, scope) if query.cursor else 0

    def work() -> dict[str, Any]:
        _refuse_cursor_ahead(platform, device, feed, after)
        platform.store.consume_nonce(device.device_id, auth.nonce)
        if feed in feeds.DOCUMENT_FEEDS:
            read = feeds.read_documents(platform.store, feed, after, query.limit, newest_only=False)
        else:
            read = feeds.read_feed(platform.store, feed, device.hall, after, query.limit)
        rows, more = read
        last = rows[-1].sequence if rows else after
        return {
            "items": [row.item for row in rows],
            "cursor": encode_cursor(platform.secret, feed, scope, last),
            "more": more,
        }

    return await run_in_threadpool(work)


def _refuse_cursor_ahead(platform: Platform, device: Device, feed: str, after: int) -> None:
    """Refuse a cursor past the feed's end (``CursorAhead``) and raise the alarm: this
    store went backwards without ``counter-central restored``, so every window's cursors
    point past rows this store will number again, and the windows would skip them."""
    end = feed_end(platform.store, feed)
    if after <= end:
        return
    log.error(
        "ALERT: device %s read feed %s from position %d, past the feed's end at %d: this "
        "store was restored from a backup without 'counter-central restored'. Stop the "
        "platform, run 'counter-central restored', start it again (docs/operations.md §13.4)",
        device.device_id,
        feed,
        after,
        end,
    )
    raise CursorAhead(
        "中心平台的数据库已从备份恢复，但管理员没有运行 counter-central restored：本机的同步位置"
        "在平台现存数据之后。本机已重新上传平台确认过的办件并从头重新读取；请通知平台管理员停止平台、"
        "运行 counter-central restored 后再启动，让其他窗口也得知。",
        "The platform's store was restored from a backup, but its operator did not run "
        "counter-central restored: this workstation's feed position is past what the platform "
        "holds. This workstation sends the cases the platform had acknowledged again and reads "
        "its feeds from the start; ask the platform operator to stop the platform, run "
        "counter-central restored and start it again, so every window learns it.",
        details={"feed": feed, "cursor_at": after, "feed_end": end},
    )


def _catalog_position(platform: Platform, cursor: str | None) -> tuple[int, bool | None]:
    """Where a catalog cursor stands, and whether it continues a read of every version
    (None: no cursor, the read starts)."""
    if not cursor:
        return 0, None
    try:
        return decode_cursor(platform.secret, cursor, "catalog", "*"), False
    except BadCursor:
        return decode_cursor(platform.secret, cursor, CATALOG_HISTORY, "*"), True


def _catalog_page(
    platform: Platform,
    device: Device,
    nonce: str,
    *,
    after: int,
    history: bool | None,
    limit: int,
    ahead: bool,
) -> dict[str, Any]:
    """A page of the catalog feed (see the module): the version in force, or every version
    for a window starting a read whose cases the platform holds, and one continuing it."""
    platform.store.consume_nonce(device.device_id, nonce)
    if history is None:
        history = feeds.holds_own_cases(platform.store, device)
    rows, more = feeds.read_documents(
        platform.store, "catalog", after, limit, newest_only=not history, ahead=ahead
    )
    last = rows[-1].sequence if rows else after
    kind = CATALOG_HISTORY if history and more else "catalog"
    return {
        "items": [row.item for row in rows],
        "cursor": encode_cursor(platform.secret, kind, "*", last),
        "more": more,
    }
