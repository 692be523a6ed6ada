"""The platform's HTTP API (FastAPI). ``create_app(store_url)`` builds it; every answer that
is not 2xx carries the wire error body, validation errors included, and no input yields 500.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from central import track_page
from central.arrival_routes import add_arrival_routes
from central.auth import (
    Authenticated,
    authenticate,
    check_instruction_signature,
    public_key_from_b64,
)
from central.body_limit import BodyLimit
from central.client_address import ClientAddress
from central.cursors import MAX_CURSOR_CHARS, decode_cursor, encode_cursor
from central.errors import (
    BadJson,
    BadPublicKey,
    MethodNotAllowed,
    NotFound,
    OperatorError,
    PlatformError,
    RateLimited,
    TooLarge,
    UnknownInHall,
    ValidationFailed,
    WrongHall,
)
from central.ratelimit import RateLimiter
from central.sealing import DEFAULT_CIPHER
from central.store import (
    CentralStore,
    approval_requests,
    audit_heads,
    day_sign_offs,
    elicences,
    feeds,
    instructions,
    open_store,
    publishing,
    reviews,
    tracking,
)
from central.store import cases as case_store
from central.store import device_health as health_reports
from central.store import devices as device_register
from central.store import push as case_push
from central.store import staff as staff_register
from central.store import tickets as ticket_store
from central.store.base import utc_now
from counter_app.domain.tracking import TOKEN_PATTERN, token_digest
from sync.wire.approvals import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRequestDraft,
    ApprovalRequestList,
)
from sync.wire.arrivals import PreappConsumption
from sync.wire.base import PROTOCOL_VERSION, ErrorBody
from sync.wire.case_push import BatchResult, CaseBatch
from sync.wire.device_reports import (
    AuditHeadHeld,
    AuditHeadReport,
    AuditHeadResult,
    DaySignOff,
    DaySignOffResult,
    DeviceHealthReport,
    DeviceHealthResult,
)
from sync.wire.elicences import (
    ElicenceAnswer,
    ElicenceDocument,
    ElicenceDocumentRequest,
    ElicenceLookup,
)
from sync.wire.enrolment import EnrollRequest, EnrollResponse, Health, Limits
from sync.wire.feeds import FeedPage, HallCase, HallCaseHistory, ProgressEvent, PublishedDocument
from sync.wire.notices import Notice, NoticeDraft
from sync.wire.problems import (
    HallProblem,
    Instruction,
    InstructionAnswer,
    InstructionDraft,
    PlatformVersion,
)
from sync.wire.reviews import CaseReview, ReviewDraft
from sync.wire.staff import LockoutReport, LockoutResult, StaffAccount
from sync.wire.tickets import (
    AppointmentTicket,
    AppointmentTicketRequest,
    HallTickets,
    TicketAction,
    TicketAnswer,
)

log = logging.getLogger("central.app")


@dataclass(frozen=True)
class CentralSettings:
    """Limits and rates; every one is a ``counter-central serve`` option too."""

    max_batch_cases: int = 500
    max_body_bytes: int = 8 * 1024 * 1024
    feed_page_default: int = 100
    feed_page_max: int = 500
    rate_per_second: float = 50.0
    rate_burst: int = 100
    enroll_rate_per_minute: float = 30.0
    track_rate_per_minute: float = 60.0
    """The public progress page, per client address: a person reads a page a minute or so,
    a token guesser needs more than this allows by 10^50."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks of reverse proxies believed about the client's address."""
    client_address_header: str = "X-Forwarded-For"


def platform_version() -> str:
    try:
        return version("counter-app")
    except PackageNotFoundError:
        return "0"


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 410, 413, 422, 429, 503)
}


class Platform:
    """The request handling behind the routes: one store, its limits and rate limiters."""

    def __init__(self, store: CentralStore, settings: CentralSettings) -> None:
        self.store = store
        self.cfg = settings
        self.secret = store.cursor_secret()
        self.limiter = RateLimiter(settings.rate_per_second, settings.rate_burst)
        self.enroll_limiter = RateLimiter(settings.enroll_rate_per_minute / 60.0, 10)
        self.track_limiter = RateLimiter(settings.track_rate_per_minute / 60.0, 30)
        self.client_address = ClientAddress.parse(
            settings.trusted_proxies, settings.client_address_header
        )

    async def signed(self, request: Request) -> tuple[Authenticated, bytes]:
        # Bounded already (``BodyLimit``), before anything else looked at the request.
        body = await request.body()
        auth = await run_in_threadpool(authenticate, request, body, self.store, self.limiter)
        return auth, body

    def health(self) -> dict[str, Any]:
        now = utc_now()
        return {
            "status": "ok",
            "server_time": now,
            "server_timestamp": int(now.timestamp()),
            "version": platform_version(),
            "protocol": PROTOCOL_VERSION,
            "limits": Limits(
                max_batch_cases=self.cfg.max_batch_cases,
                max_body_bytes=self.cfg.max_body_bytes,
                feed_page_max=self.cfg.feed_page_max,
            ),
        }

    def enroll(self, client: str, body: EnrollRequest) -> dict[str, Any]:
        wait = self.enroll_limiter.take(f"enroll:{client}")
        if wait > 0:
            raise RateLimited(
                "登记尝试过于频繁，请稍后再试。",
                "Too many enrolment attempts; try again shortly.",
                headers={"Retry-After": RateLimiter.retry_after_header(wait)},
            )
        try:
            public_key_from_b64(body.public_key)
        except ValueError:
            raise BadPublicKey(
                "设备公钥格式不正确（应为 32 字节 Ed25519 公钥的 base64）。",
                "The device public key is malformed (expected base64 of a raw 32-byte "
                "Ed25519 key).",
            ) from None
        device = device_register.enroll(
            self.store, body.code, body.public_key, body.label, body.number_devices
        )
        return {
            "device_id": device.device_id,
            "hall": device.hall,
            "window": device.window,
            "key_algorithm": "ed25519",
            "enrolled_at": device.enrolled_at,
            "server_time": utc_now(),
        }

    async def push(self, request: Request) -> Response:
        auth, body = await self.signed(request)
        batch = _parsed(CaseBatch, body)
        limit = self.cfg.max_batch_cases
        if len(batch.cases) > limit:
            raise TooLarge(
                "batch_too_large",
                f"一次最多提交 {limit} 件，请分批提交。",
                f"At most {limit} cases per batch; split the batch.",
                details={"limit_cases": limit, "got_cases": len(batch.cases)},
            )
        foreign = sorted({str(c.case_id) for c in batch.cases if c.hall != auth.device.hall})
        if foreign:
            raise WrongHall(
                "这些办件不属于本设备所在的大厅，已拒绝。",
                "These cases are not from this device's hall and were refused.",
                details={"device_hall": auth.device.hall, "case_ids": foreign},
            )
        results = await run_in_threadpool(
            case_push.push_batch, self.store, auth.device, auth.nonce, batch.cases
        )
        # Serialised here, once: re-validating hundreds of results through the route's
        # response_model would cost more than storing them.
        answer = BatchResult(results=results, server_time=utc_now())
        return Response(answer.model_dump_json(), media_type="application/json")

    async def report_audit_head(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        report = _parsed(AuditHeadReport, body)
        status, held = await run_in_threadpool(
            audit_heads.record_audit_head, self.store, auth.device, auth.nonce, report
        )
        return {"status": status, "held": held}

    async def day_sign_off(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        sign_off = _parsed(DaySignOff, body)
        status, received_at = await run_in_threadpool(
            day_sign_offs.record_day_sign_off, self.store, auth.device, auth.nonce, sign_off
        )
        return {"status": status, "received_at": received_at}

    async def device_health(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        report = _parsed(DeviceHealthReport, body)
        received_at, offset = await run_in_threadpool(
            health_reports.record_device_health, self.store, auth.device, auth.nonce, report
        )
        return {"received_at": received_at, "clock_offset_seconds": offset}

    async def staff_lockout(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        report = _parsed(LockoutReport, body)
        status, received_at = await run_in_threadpool(
            staff_register.record_lockout, self.store, auth.device, auth.nonce, report
        )
        return {"status": status, "received_at": received_at}

    async def held_audit_head(self, request: Request) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        held = await run_in_threadpool(audit_heads.audit_head, self.store, auth.device, auth.nonce)
        return {"held": held}

    async def feed(self, request: Request, feed: str, query: FeedQuery) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        device = auth.device
        if query.hall is not None and query.hall != device.hall:
            raise WrongHall(
                "本设备只能读取本大厅的数据。",
                "This device may read only its own hall's data.",
                details={"device_hall": device.hall, "asked_hall": query.hall},
            )
        scope = "*" if feed in GLOBAL_FEEDS else device.hall
        after = decode_cursor(self.secret, query.cursor, feed, scope) if query.cursor else 0

        def work() -> dict[str, Any]:
            self.store.consume_nonce(device.device_id, auth.nonce)
            rows, more = feeds.read_feed(self.store, feed, device.hall, after, query.limit)
            last = rows[-1].sequence if rows else after
            return {
                "items": [row.item for row in rows],
                "cursor": encode_cursor(self.secret, feed, scope, last),
                "more": more,
            }

        return await run_in_threadpool(work)

    async def publish_notice(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        draft = _parsed(NoticeDraft, body)
        if draft.hall != auth.device.hall:
            raise WrongHall(
                "本设备只能向本大厅发布通知。",
                "This device may publish notices only to its own hall.",
                details={"device_hall": auth.device.hall, "asked_hall": draft.hall},
            )
        return await run_in_threadpool(
            publishing.publish_device_notice, self.store, auth.device, auth.nonce, draft
        )

    async def request_approval(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        draft = _parsed(ApprovalRequestDraft, body)
        if draft.hall != auth.device.hall:
            raise WrongHall(
                "本设备只能向本大厅的值班长请求审批。",
                "This device may ask only its own hall's supervisors for approval.",
                details={"device_hall": auth.device.hall, "asked_hall": draft.hall},
            )
        return await run_in_threadpool(
            approval_requests.create_request, self.store, auth.device, auth.nonce, draft
        )

    async def pending_approvals(self, request: Request) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        pending = await run_in_threadpool(
            approval_requests.pending_requests, self.store, auth.device, auth.nonce
        )
        return {"requests": pending}

    async def approval_request(self, request: Request, request_id: uuid.UUID) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        return await run_in_threadpool(
            approval_requests.one_request, self.store, auth.device, auth.nonce, str(request_id)
        )

    async def decide_approval(self, request: Request, request_id: uuid.UUID) -> dict[str, Any]:
        auth, body = await self.signed(request)
        decision = _parsed(ApprovalDecision, body)
        return await run_in_threadpool(
            approval_requests.decide,
            self.store,
            auth.device,
            auth.nonce,
            str(request_id),
            decision,
        )

    async def lookup_elicences(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        lookup = _parsed(ElicenceLookup, body)

        def work() -> dict[str, Any]:
            self.store.consume_nonce(auth.device.device_id, auth.nonce)
            return elicences.lookup(self.store, auth.device, lookup, body)

        return await run_in_threadpool(work)

    async def fetch_elicence_document(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        wanted = _parsed(ElicenceDocumentRequest, body)

        def work() -> dict[str, Any]:
            self.store.consume_nonce(auth.device.device_id, auth.nonce)
            return elicences.fetch_document(self.store, auth.device, wanted, body)

        return await run_in_threadpool(work)

    async def issue_instruction(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        draft = _parsed(InstructionDraft, body)
        check_instruction_signature(draft, auth.device)
        return await run_in_threadpool(
            instructions.issue_instruction, self.store, auth.device, auth.nonce, draft
        )

    async def answer_instruction(
        self, request: Request, instruction_id: uuid.UUID
    ) -> dict[str, Any]:
        auth, body = await self.signed(request)
        answer = _parsed(InstructionAnswer, body)
        return await run_in_threadpool(
            instructions.answer_instruction,
            self.store,
            auth.device,
            auth.nonce,
            str(instruction_id),
            answer,
        )

    async def record_review(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        draft = _parsed(ReviewDraft, body)
        return await run_in_threadpool(
            reviews.record_review, self.store, auth.device, auth.nonce, draft
        )

    async def platform_version(self, request: Request, case_id: uuid.UUID) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        return await run_in_threadpool(
            case_store.platform_version, self.store, auth.device, auth.nonce, str(case_id)
        )

    async def hall_case_history(self, request: Request, case_id: uuid.UUID) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        device = auth.device

        def work() -> list[dict[str, Any]]:
            self.store.consume_nonce(device.device_id, auth.nonce)
            return case_store.case_history(self.store, device.hall, str(case_id))

        entries = await run_in_threadpool(work)
        if not entries:  # another hall's case too: its existence is not this device's to know
            raise UnknownInHall(
                "unknown_case",
                "本大厅没有这个办件。",
                "There is no such case in this device's hall.",
            )
        return {"case_id": case_id, "entries": entries}

    def track(self, request: Request, token: str, lang: str | None) -> HTMLResponse:
        chosen = track_page.choose_lang(lang, request.headers.get("accept-language"))
        refused = self._track_refusal(request, token, chosen)
        if refused is not None:
            return refused
        case = tracking.tracked_case(self.store, token_digest(token))
        if case is None:
            return _html(track_page.not_found_page(chosen), 404)
        return _html(track_page.case_page(case, token, chosen))

    async def rate(self, request: Request, token: str, lang: str | None) -> Response:
        chosen = track_page.choose_lang(lang, request.headers.get("accept-language"))
        refused = self._track_refusal(request, token, chosen)
        if refused is not None:
            return refused
        body = await request.body()  # bounded by ``BodyLimit``
        digest = token_digest(token)
        try:
            form = track_page.parse_rating(body)
            recorded = await run_in_threadpool(
                tracking.record_online_evaluation, self.store, digest, form.level, form.reason_code
            )
        except track_page.RatingRefused as exc:
            return await self._rating_refused(token, digest, chosen, exc)
        except OperatorError as exc:
            refusal = track_page.RatingRefused(exc.zh, exc.en)
            return await self._rating_refused(token, digest, chosen, refusal)
        if recorded is None:
            return _html(track_page.not_found_page(chosen), 404)
        # Post/redirect/get: a reload shows the rating, it does not post it again.
        return Response(
            status_code=303,
            headers={**track_page.HEADERS, "Location": f"/track/{token}?lang={chosen}"},
        )

    async def _rating_refused(
        self, token: str, digest: str, lang: str, refusal: track_page.RatingRefused
    ) -> HTMLResponse:
        case = await run_in_threadpool(tracking.tracked_case, self.store, digest)
        if case is None:
            return _html(track_page.not_found_page(lang), 404)
        return _html(track_page.case_page(case, token, lang, error=refusal), 400)

    def _track_refusal(self, request: Request, token: str, lang: str) -> HTMLResponse | None:
        """The answer before any look-up: 429 over the address's rate, 404 for a token that
        cannot be one (so guessing costs the same either way)."""
        wait = self.track_limiter.take(f"track:{self.client_address.of(request)}")
        if wait > 0:
            response = _html(track_page.rate_limited_page(lang), 429)
            response.headers["Retry-After"] = RateLimiter.retry_after_header(wait)
            return response
        if TOKEN_PATTERN.match(token) is None:
            return _html(track_page.not_found_page(lang), 404)
        return None

    async def ticket_action(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        action = _parsed(TicketAction, body)
        return await run_in_threadpool(
            ticket_store.act, self.store, auth.device, auth.nonce, action
        )

    async def appointment_ticket(self, request: Request) -> dict[str, Any]:
        auth, body = await self.signed(request)
        asked = _parsed(AppointmentTicketRequest, body)
        return await run_in_threadpool(
            ticket_store.issue_for_appointment,
            self.store,
            auth.device,
            auth.nonce,
            asked.appointment_id,
        )

    async def hall_tickets(self, request: Request) -> dict[str, Any]:
        auth, _ = await self.signed(request)
        return await run_in_threadpool(
            ticket_store.hall_tickets, self.store, auth.device, auth.nonce
        )


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers=track_page.HEADERS)


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


def create_app(
    store_url: str,
    settings: CentralSettings | None = None,
    *,
    key_file: Path | None = None,
    cipher: str = DEFAULT_CIPHER,
) -> FastAPI:
    """The platform app on the store at ``store_url`` (SQLite path or ``postgresql://``),
    payloads sealed with ``key_file`` (see ``open_store``). The store and key are checked
    here, so a bad key stops start-up rather than failing requests."""
    platform = Platform(open_store(store_url, key_file, cipher), settings or CentralSettings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        platform.store.close()

    app = FastAPI(
        title="counter-app central platform",
        version=platform_version(),
        lifespan=lifespan,
        responses=_ERROR_RESPONSES,
    )
    app.state.platform = platform
    app.add_middleware(BodyLimit, limit=platform.cfg.max_body_bytes)
    _install_error_handlers(app)

    @app.get("/v1/health", response_model=Health, tags=["health"])
    def health() -> dict[str, Any]:
        """No authentication: connectivity, platform clock (for skew checks), limits."""
        return platform.health()

    @app.post("/v1/enroll", response_model=EnrollResponse, tags=["enrolment"])
    def enroll(request: Request, body: EnrollRequest) -> dict[str, Any]:
        """Trade a one-time code for a device identity; the device keeps its private key."""
        return platform.enroll(platform.client_address.of(request), body)

    @app.post(
        "/v1/cases:batch",
        response_model=BatchResult,
        tags=["push"],
        openapi_extra=_json_body("CaseBatch"),
    )
    async def push_cases(request: Request) -> Response:
        """Store a batch of case versions in one transaction; per-case results in order.

        The signature is checked over the exact body bytes before the body is parsed."""
        return await platform.push(request)

    @app.post(
        "/v1/audit-head",
        response_model=AuditHeadResult,
        tags=["audit"],
        openapi_extra=_json_body("AuditHeadReport"),
    )
    async def report_audit_head(request: Request) -> dict[str, Any]:
        """Keep the device's audit-chain head if it is ahead of the one held; a head behind
        it (or forked at the same seq) is refused, kept as an anomaly, and the held one
        returned."""
        return await platform.report_audit_head(request)

    @app.get("/v1/audit-head", response_model=AuditHeadHeld, tags=["audit"])
    async def held_audit_head(request: Request) -> dict[str, Any]:
        """The audit-chain head held for the asking device (for ``audit verify --online``)."""
        return await platform.held_audit_head(request)

    @app.post(
        "/v1/day-sign-offs",
        response_model=DaySignOffResult,
        tags=["hall"],
        openapi_extra=_json_body("DaySignOff"),
    )
    async def day_sign_off(request: Request) -> dict[str, Any]:
        """Keep a supervisor's end-of-day sign-off for the device's hall and window; the
        same ``sign_off_id`` again answers ``duplicate`` and keeps what was stored."""
        return await platform.day_sign_off(request)

    @app.post(
        "/v1/device-health",
        response_model=DeviceHealthResult,
        tags=["devices"],
        openapi_extra=_json_body("DeviceHealthReport"),
    )
    async def device_health(request: Request) -> dict[str, Any]:
        """Keep the device's latest health report (version, last doctor run, backlog, reader,
        printers) with its arrival and the clock offset measured against the platform's."""
        return await platform.device_health(request)

    @app.post(
        "/v1/staff-lockouts",
        response_model=LockoutResult,
        tags=["staff"],
        openapi_extra=_json_body("LockoutReport"),
    )
    async def staff_lockout(request: Request) -> dict[str, Any]:
        """Keep a login lockout at the device's window of an account of its hall's staff
        register (once per ``lockout_id``; the same report again answers ``duplicate``), or
        add its lifting there. The lockout holds at that window only."""
        return await platform.staff_lockout(request)

    @app.get("/v1/hall/cases/{case_id}/history", response_model=HallCaseHistory, tags=["hall"])
    async def hall_case_history(request: Request, case_id: uuid.UUID) -> dict[str, Any]:
        """One case of the device's hall, as the hall queue feed carried it, oldest first;
        404 for a case of another hall."""
        return await platform.hall_case_history(request, case_id)

    @app.post(
        "/v1/hall/notices",
        response_model=Notice,
        tags=["hall"],
        openapi_extra=_json_body("NoticeDraft"),
    )
    async def publish_notice(request: Request) -> dict[str, Any]:
        """Publish a notice to the device's own hall (it reaches every window there through
        the ``notices`` feed); 403 for another hall. Sending the same draft again answers
        the notice stored the first time."""
        return await platform.publish_notice(request)

    _add_approval_routes(app, platform)

    @app.get(
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
        return platform.track(request, token, lang)

    @app.post(
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
        return await platform.rate(request, token, lang)

    @app.post(
        "/v1/elicences:lookup",
        response_model=ElicenceAnswer,
        tags=["elicences"],
        openapi_extra=_json_body("ElicenceLookup"),
    )
    async def lookup_elicences(request: Request) -> dict[str, Any]:
        """The applicant's e-licences of the given types (电子证照库). Needs their
        authorisation (an app code, or their card read at this window): 403
        ``consent_required`` without it. Every lookup, refused ones too, is kept in the
        signed lookup log."""
        return await platform.lookup_elicences(request)

    @app.post(
        "/v1/elicences:document",
        response_model=ElicenceDocument,
        tags=["elicences"],
        openapi_extra=_json_body("ElicenceDocumentRequest"),
    )
    async def fetch_elicence_document(request: Request) -> dict[str, Any]:
        """The document file of a licence one of this device's lookups answered with, to
        attach to the case it serves: 404 for a licence that lookup did not answer with,
        or that has no file. Logged (signed) like a lookup."""
        return await platform.fetch_elicence_document(request)

    @app.get(
        "/v1/hall/cases/{case_id}/platform-version",
        response_model=PlatformVersion,
        tags=["hall"],
    )
    async def case_platform_version(request: Request, case_id: uuid.UUID) -> dict[str, Any]:
        """The newest version of a case of the device's hall the platform holds, field by
        field with personal data masked, beside the newest submission kept in conflict with
        it; the whole document only for the device that owns the case. 404 for another
        hall's case."""
        return await platform.platform_version(request, case_id)

    @app.post(
        "/v1/hall/instructions",
        response_model=Instruction,
        tags=["hall"],
        openapi_extra=_json_body("InstructionDraft"),
    )
    async def issue_instruction(request: Request) -> dict[str, Any]:
        """Issue a signed instruction (resend, adopt, void) about a case of the device's hall
        to the device that owns it, through the ``instructions`` feed; 401
        ``bad_instruction_signature`` unless the sending device signed it. The same draft
        again answers the instruction held."""
        return await platform.issue_instruction(request)

    @app.post(
        "/v1/hall/instructions/{instruction_id}/answer",
        response_model=Instruction,
        tags=["hall"],
        openapi_extra=_json_body("InstructionAnswer"),
    )
    async def answer_instruction(request: Request, instruction_id: uuid.UUID) -> dict[str, Any]:
        """The owning device carried an instruction out (``done``) or could not
        (``refused``); kept once, 403 ``not_case_owner`` for any other device."""
        return await platform.answer_instruction(request, instruction_id)

    @app.post(
        "/v1/hall/reviews",
        response_model=CaseReview,
        tags=["hall"],
        openapi_extra=_json_body("ReviewDraft"),
    )
    async def record_review(request: Request) -> dict[str, Any]:
        """Keep a supervisor's review (has_issues, approved, rejected; with a
        reason for rejected and has_issues) of a case of the device's hall, passed to every
        window through the ``reviews`` feed; the same draft again answers the review held."""
        return await platform.record_review(request)

    _add_ticket_routes(app, platform)
    for feed in _FEED_ITEMS:
        _add_feed_route(app, platform, feed)
    add_arrival_routes(app, platform)
    _install_openapi(app)
    return app


def _add_approval_routes(app: FastAPI, platform: Platform) -> None:
    path = "/v1/hall/approval-requests"

    @app.post(
        path,
        response_model=ApprovalRequest,
        tags=["approvals"],
        openapi_extra=_json_body("ApprovalRequestDraft"),
    )
    async def request_approval(request: Request) -> dict[str, Any]:
        """A clerk asks the supervisors of the device's own hall to approve an action (403
        for another hall). Sending the same draft again answers the request stored first."""
        return await platform.request_approval(request)

    @app.get(path, response_model=ApprovalRequestList, tags=["approvals"])
    async def pending_approvals(request: Request) -> dict[str, Any]:
        """The pending approval requests of the device's hall, from every window."""
        return await platform.pending_approvals(request)

    @app.get(f"{path}/{{request_id}}", response_model=ApprovalRequest, tags=["approvals"])
    async def approval_request(request: Request, request_id: uuid.UUID) -> dict[str, Any]:
        """One approval request of the device's hall (the asking window polls it for the
        decision while it waits); 404 for another hall's."""
        return await platform.approval_request(request, request_id)

    @app.post(
        f"{path}/{{request_id}}/decision",
        response_model=ApprovalRequest,
        tags=["approvals"],
        openapi_extra=_json_body("ApprovalDecision"),
    )
    async def decide_approval(request: Request, request_id: uuid.UUID) -> dict[str, Any]:
        """Approve or refuse (with a reason) a pending request of the device's hall, or
        cancel one's own; decided once (409 ``already_decided``), never by the clerk who
        asked (403 ``four_eyes``)."""
        return await platform.decide_approval(request, request_id)


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


def _add_ticket_routes(app: FastAPI, platform: Platform) -> None:
    """The hall's queue tickets (叫号) as its windows reach them."""

    @app.get("/v1/hall/tickets", response_model=HallTickets, tags=["tickets"])
    async def hall_tickets(request: Request) -> dict[str, Any]:
        """The device's hall's waiting queue tickets, in the order its window would call
        them, and the ticket its window calls or serves now."""
        return await platform.hall_tickets(request)

    @app.post(
        "/v1/hall/tickets/actions",
        response_model=TicketAnswer,
        tags=["tickets"],
        openapi_extra=_json_body("TicketAction"),
    )
    async def ticket_action(request: Request) -> dict[str, Any]:
        """One window step on a queue ticket of the device's hall: ``call`` the next (priority
        first, then by time queued), ``recall``, ``noshow``, ``start``, ``close``, ``redirect``
        to another window. The same ``request_id`` again answers ``repeated`` and does
        nothing: a lost answer never calls a second ticket."""
        return await platform.ticket_action(request)

    @app.post(
        "/v1/hall/tickets/appointment",
        response_model=AppointmentTicket,
        tags=["tickets"],
        openapi_extra=_json_body("AppointmentTicketRequest"),
    )
    async def appointment_ticket(request: Request) -> dict[str, Any]:
        """The priority ticket (``Y…``) of a booked appointment of the device's hall, issued
        when its holder's card is read at a window: ``done`` when issued now, ``repeated``
        with the same ticket when the appointment has one already (from an earlier read or
        the hall's ticket machine). One ticket per appointment."""
        return await platform.appointment_ticket(request)


def _json_body(model: str) -> dict[str, Any]:
    """The OpenAPI request body of a route that parses its body by hand, after the
    signature check (the schema itself is added by ``_install_openapi``)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
        }
    }


def _add_feed_route(app: FastAPI, platform: Platform, feed: str) -> None:
    cfg = platform.cfg

    async def read(
        request: Request,
        cursor: str | None = Query(None, max_length=MAX_CURSOR_CHARS),
        limit: int = Query(cfg.feed_page_default, ge=1, le=cfg.feed_page_max),
        hall: str | None = Query(None, max_length=32),
    ) -> dict[str, Any]:
        return await platform.feed(request, feed, FeedQuery(cursor, limit, hall))

    page_model: Any = FeedPage[_FEED_ITEMS[feed]]  # type: ignore[valid-type]
    app.add_api_route(
        f"/v1/feeds/{feed}",
        read,
        methods=["GET"],
        response_model=page_model,
        tags=["feeds"],
        summary=_FEED_SUMMARIES[feed],
        name=f"feed_{feed}",
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def platform_error(_: Request, exc: PlatformError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        error = _validation_failure(exc.errors())
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        error: PlatformError
        if exc.status_code == 404:
            error = NotFound("没有这个接口。", "No such endpoint.")
        elif exc.status_code == 405:
            error = MethodNotAllowed("该接口不支持此请求方法。", "Method not allowed here.")
        else:
            error = PlatformError(str(exc.detail), str(exc.detail))
            error.status = exc.status_code
            error.code = "http_error"
        return JSONResponse(error.body(), status_code=error.status, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        error = PlatformError(
            "平台内部错误，已记录，将自动重试。",
            "Internal platform error; it was logged and the request will be retried.",
        )
        error.code, error.status, error.retryable = "internal_error", 500, True
        return JSONResponse(error.body(), status_code=500)


def _install_openapi(app: FastAPI) -> None:
    """The push, audit-head, day sign-off, notice, approval, pre-application, device-health,
    staff lockout, e-licence lookup, instruction, review and ticket bodies are parsed by hand (after the
    signature check), so their schemas are added to the generated document here."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (
                CaseBatch,
                AuditHeadReport,
                DaySignOff,
                NoticeDraft,
                ApprovalRequestDraft,
                ApprovalDecision,
                PreappConsumption,
                DeviceHealthReport,
                LockoutReport,
                ElicenceLookup,
                ElicenceDocumentRequest,
                InstructionDraft,
                InstructionAnswer,
                ReviewDraft,
                TicketAction,
                AppointmentTicketRequest,
            ):
                body = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(body.pop("$defs", {}))
                components[model.__name__] = body
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    return [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in error.get("loc", ())],
            "type": str(error.get("type", "")),
            "msg": str(error.get("msg", "")),
        }
        for error in list(errors)[:50]
    ]


M = TypeVar("M", bound=BaseModel)


def _parsed(model: type[M], body: bytes) -> M:
    """A signed request's body as ``model`` (parsed by hand, after the signature check);
    422 ``validation_failed`` naming the fields otherwise."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise _validation_failure(exc.errors()) from None


def _validation_failure(errors: Any) -> PlatformError:
    cleaned = _clean_errors(errors)
    if any(e["type"] == "json_invalid" for e in cleaned):
        return BadJson(
            "请求内容不是合法的 JSON。",
            "The request body is not valid JSON.",
            details={"errors": cleaned},
        )
    where = "; ".join(".".join(str(p) for p in e["loc"]) + ": " + e["msg"] for e in cleaned[:5])
    return ValidationFailed(
        f"请求内容不符合接口格式：{where}",
        f"The request does not match the API schema: {where}",
        details={"errors": cleaned},
    )
