"""The online channel's endpoints for windows: the ``arrivals`` feed (appointments and
pre-applications of the device's hall for a window of days), the report that a case was
accepted from a pre-application (``central.store.arrivals`` does the work), and the
applicant's page of a pre-application (``/preapp/ID``, HTML by ``central.track_page``)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from central import track_page
from central.cursors import MAX_CURSOR_CHARS, decode_cursor, encode_cursor
from central.errors import ValidationFailed
from central.platform import Platform
from central.ratelimit import RateLimiter
from central.request_bodies import json_body, parsed
from central.store import arrivals, preapps
from counter_app.domain.hall_time import hall_today
from sync.wire.arrivals import Arrival, PreappConsumed, PreappConsumption
from sync.wire.feeds import FeedPage

# The longest date window a window may ask for: a hall plans appointments weeks ahead, not
# months, and a longer window only makes every page bigger.
MAX_WINDOW_DAYS = 62


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    cfg = platform.cfg

    @router.get(
        "/v1/feeds/arrivals",
        response_model=FeedPage[Arrival],
        tags=["feeds"],
        summary="Appointments and pre-applications of the device's hall for a window of days",
        name="feed_arrivals",
    )
    async def arrivals_feed(
        request: Request,
        first: Annotated[date, Query(alias="from", description="First hall day (today)")],
        until: Annotated[date, Query(description="Last hall day the window keeps")],
        cursor: str | None = Query(None, max_length=MAX_CURSOR_CHARS),
        limit: int = Query(cfg.feed_page_default, ge=1, le=cfg.feed_page_max),
    ) -> dict[str, Any]:
        """Every change of an arrival concerning a day from ``from`` to ``until``, by
        sequence. The cursor is bound to the date window: the next day's window reads the
        feed again from the start (a cursor of another window answers ``bad_cursor``)."""
        if not timedelta(0) <= until - first <= timedelta(days=MAX_WINDOW_DAYS):
            raise ValidationFailed(
                f"日期范围无效：until 须不早于 from，且最多 {MAX_WINDOW_DAYS} 天。",
                f"Bad date window: until must not be before from, and at most "
                f"{MAX_WINDOW_DAYS} days after it.",
            )
        auth, _ = await platform.signed(request)
        device = auth.device
        scope = arrivals.feed_scope(first, until)
        after = decode_cursor(platform.secret, cursor, scope, device.hall) if cursor else 0

        def work() -> dict[str, Any]:
            platform.store.consume_nonce(device.device_id, auth.nonce)
            rows, more = arrivals.read_arrivals(
                platform.store, device.hall, after, limit, first=first, until=until
            )
            last = rows[-1].sequence if rows else after
            return {
                "items": [row.item for row in rows],
                "cursor": encode_cursor(platform.secret, scope, device.hall, last),
                "more": more,
            }

        return await run_in_threadpool(work)

    @router.post(
        "/v1/preapps/{preapp_id}/consumed",
        response_model=PreappConsumed,
        tags=["hall"],
        openapi_extra=json_body("PreappConsumption"),
    )
    async def preapp_consumed(request: Request, preapp_id: uuid.UUID) -> dict[str, Any]:
        """A window of the pre-application's hall accepted a case from it (one the platform
        may not hold yet); the same case again answers ``duplicate``, another case 409
        ``preapp_consumed_elsewhere``, a pre-application or a case of another hall 404."""
        auth, body = await platform.signed(request)
        report = parsed(PreappConsumption, body)
        status, recorded_at = await run_in_threadpool(
            arrivals.consume_preapp, platform.store, auth.device, auth.nonce, str(preapp_id), report
        )
        return {
            "status": status,
            "preapp_id": preapp_id,
            "case_id": report.case_id,
            "recorded_at": recorded_at,
        }

    @router.get("/preapp/{preapp_id}", response_class=HTMLResponse, include_in_schema=False)
    def preapp_form(
        request: Request, preapp_id: str, lang: str | None = Query(None, max_length=8)
    ) -> Response:
        """The applicant's page of a pre-application: first the form asking their document's
        number; rate-limited per client address as the progress page is."""
        chosen = track_page.choose_lang(lang, request.headers.get("accept-language"))
        limited = _limited(platform, request, chosen)
        if limited is not None:
            return limited
        return _html(track_page.preapp_form_page(_uuid_text(preapp_id), chosen))

    @router.post("/preapp/{preapp_id}", response_class=HTMLResponse, include_in_schema=False)
    async def preapp_view(
        request: Request, preapp_id: str, lang: str | None = Query(None, max_length=8)
    ) -> Response:
        """The pre-application's status and pre-review when the number posted is its
        applicant's; else the form again, 404, saying nothing of whether it exists."""
        chosen = track_page.choose_lang(lang, request.headers.get("accept-language"))
        limited = _limited(platform, request, chosen)
        if limited is not None:
            return limited
        body = await request.body()  # bounded by ``BodyLimit``'s unsigned limit
        try:
            fields = parse_qs(body.decode("utf-8"), max_num_fields=5)
        except (UnicodeDecodeError, ValueError):
            fields = {}
        typed = (fields.get("id_number") or [""])[0]
        shown_id = _uuid_text(preapp_id)
        view = await run_in_threadpool(
            preapps.applicants_view, platform.store, shown_id, typed, hall_today()
        )
        if view is None:
            return _html(track_page.preapp_form_page(shown_id, chosen, unmatched=True), 404)
        return _html(track_page.preapp_page(view, shown_id, chosen))

    return router


def _uuid_text(value: str) -> str:
    """``value`` as a pre-application's id is written, or empty for text that is none (the
    page then matches nothing, as for an unknown id)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def _limited(platform: Platform, request: Request, lang: str) -> HTMLResponse | None:
    """429 over the client address's rate of progress-page look-ups (one budget with
    ``/track/``: guessing either costs the same)."""
    wait = platform.track_limiter.take(f"track:{platform.client_address.of(request)}")
    if wait <= 0:
        return None
    response = _html(track_page.rate_limited_page(lang), 429)
    response.headers["Retry-After"] = RateLimiter.retry_after_header(wait)
    return response


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers=track_page.HEADERS)
