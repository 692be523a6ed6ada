"""The public progress page behind a receipt's QR code (``GET /track/{token}``) and its
一事一评 form (``POST /track/{token}/rating``): no authentication, rate-limited per client
address, HTML built by ``central.track_page``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from central import track_page
from central.errors import OperatorError
from central.platform import Platform
from central.ratelimit import RateLimiter
from central.store import tracking
from counter_app.domain.tracking import TOKEN_PATTERN, token_digest

_HTML_RESPONSE: dict[str, Any] = {"description": "HTML page", "content": {"text/html": {}}}
_TRACK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: _HTML_RESPONSE,
    404: _HTML_RESPONSE,
    429: _HTML_RESPONSE,
}
_RATING_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "level": {"type": "integer", "minimum": 1, "maximum": 5},
                        "reason_code": {"type": "string", "maxLength": 32},
                    },
                    "required": ["level"],
                }
            }
        },
    }
}


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get(
        "/track/{token}",
        response_class=HTMLResponse,
        tags=["public"],
        responses=_TRACK_RESPONSES,
    )
    def track(
        request: Request, token: str, lang: str | None = Query(None, max_length=8)
    ) -> HTMLResponse:
        """No authentication: the public progress page behind a receipt's QR code (mobile
        HTML, Chinese or English by ``lang`` or ``Accept-Language``), rate-limited per
        client address; a token that is no case's gets a plain 404 page."""
        chosen = track_page.choose_lang(lang, request.headers.get("accept-language"))
        refused = _track_refusal(platform, request, token, chosen)
        if refused is not None:
            return refused
        case = tracking.tracked_case(platform.store, token_digest(token))
        if case is None:
            return _html(track_page.not_found_page(chosen), 404)
        return _html(track_page.case_page(case, token, chosen))

    def track_without_token(
        request: Request, lang: str | None = Query(None, max_length=8)
    ) -> HTMLResponse:
        """The plain 404 page of a wrong token, rate-limited alike."""
        return track(request, "", lang)

    # The address cut short before its token matches no ``/track/{token}``; without this
    # route it would get the API's JSON 404 instead of the applicant's page.
    router.add_api_route(
        "/track/", track_without_token, response_class=HTMLResponse, include_in_schema=False
    )

    @router.post(
        "/track/{token}/rating",
        response_class=HTMLResponse,
        tags=["public"],
        status_code=303,
        responses={**_TRACK_RESPONSES, 400: _HTML_RESPONSE, 303: {"description": "Rated"}},
        openapi_extra=_RATING_FORM,
    )
    async def rate(
        request: Request, token: str, lang: str | None = Query(None, max_length=8)
    ) -> Response:
        """The progress page's 一事一评 form (``level`` 1–5, ``reason_code`` for 1–2): kept
        once per case and sent to the accepting window through the progress feed; 303 back
        to the page, or the page again (400) saying what to change."""
        chosen = track_page.choose_lang(lang, request.headers.get("accept-language"))
        refused = _track_refusal(platform, request, token, chosen)
        if refused is not None:
            return refused
        body = await request.body()  # bounded by ``BodyLimit``
        digest = token_digest(token)
        try:
            form = track_page.parse_rating(body)
            recorded = await run_in_threadpool(
                tracking.record_online_evaluation,
                platform.store,
                digest,
                form.level,
                form.reason_code,
            )
        except track_page.RatingRefused as exc:
            return await _rating_refused(platform, token, digest, chosen, exc)
        except OperatorError as exc:
            refusal = track_page.RatingRefused(exc.zh, exc.en)
            return await _rating_refused(platform, token, digest, chosen, refusal)
        if recorded is None:
            return _html(track_page.not_found_page(chosen), 404)
        # Post/redirect/get: a reload shows the rating, it does not post it again.
        return Response(
            status_code=303,
            headers={**track_page.HEADERS, "Location": f"/track/{token}?lang={chosen}"},
        )

    return router


async def _rating_refused(
    platform: Platform, token: str, digest: str, lang: str, refusal: track_page.RatingRefused
) -> HTMLResponse:
    case = await run_in_threadpool(tracking.tracked_case, platform.store, digest)
    if case is None:
        return _html(track_page.not_found_page(lang), 404)
    return _html(track_page.case_page(case, token, lang, error=refusal), 400)


def _track_refusal(
    platform: Platform, request: Request, token: str, lang: str
) -> HTMLResponse | None:
    """The answer before any look-up: 429 over the address's rate, 404 for a token that
    cannot be one (so guessing costs the same either way)."""
    wait = platform.track_limiter.take(f"track:{platform.client_address.of(request)}")
    if wait > 0:
        response = _html(track_page.rate_limited_page(lang), 429)
        response.headers["Retry-After"] = RateLimiter.retry_after_header(wait)
        return response
    if TOKEN_PATTERN.fullmatch(token) is None:
        return _html(track_page.not_found_page(lang), 404)
    return None


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers=track_page.HEADERS)
