"""The platform's HTTP API (FastAPI). ``create_app(store_url)`` builds it; every answer that
is not 2xx carries the wire error body, validation errors included, and no input yields 500.
The routes live in ``central.routes``, one router per area of the API.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from central.body_limit import BodyBounds, BodyLimit
from central.errors import MethodNotAllowed, NotFound, PlatformError
from central.platform import CentralSettings, Platform, platform_version
from central.refusal_log import RefusalLog
from central.request_bodies import validation_failure
from central.routes import (
    approvals,
    arrivals,
    device_reports,
    elicences,
    enrolment,
    feeds,
    hall,
    own_cases,
    problem_cases,
    push,
    tickets,
    tracking,
)
from central.sealing import DEFAULT_CIPHER
from central.store import open_store
from central.sweeper import PlatformSweeper
from sync.wire.approvals import ApprovalDecision, ApprovalRequestDraft
from sync.wire.arrivals import PreappConsumption
from sync.wire.base import ErrorBody
from sync.wire.case_push import CaseBatch
from sync.wire.device_reports import AuditHeadReport, DaySignOff, DeviceHealthReport
from sync.wire.elicences import ElicenceDocumentRequest, ElicenceLookup
from sync.wire.notices import NoticeDraft
from sync.wire.problems import InstructionAnswer, InstructionDraft
from sync.wire.reviews import ReviewDraft
from sync.wire.staff import LockoutReport, PasswordChange, SecondFactorSetUp
from sync.wire.tickets import AppointmentTicketRequest, TicketAction

log = logging.getLogger("central.app")

# Answers from this size on are gzipped for a client that accepts it (requests does): a
# catalog version of 3,000 service items is 26 MB of JSON and 1.6 MB gzipped. Smaller ones
# (most answers and refusals) gain less than the compressing costs. Level 6, zlib's
# default: level 9 saves a few per cent more for twice the time.
GZIP_MINIMUM_BYTES = 1024
GZIP_LEVEL = 6

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody}
    for status in (400, 401, 403, 404, 408, 409, 410, 413, 422, 429, 503)
}

# In this order: the OpenAPI document lists the paths in the order their routes were added.
_ROUTERS = (
    enrolment,
    push,
    device_reports,
    hall,
    approvals,
    tracking,
    elicences,
    problem_cases,
    own_cases,
    tickets,
    feeds,
    arrivals,
)


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

    sweeper = PlatformSweeper(platform.store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sweeper.start()
        yield
        sweeper.stop()
        platform.store.close()

    app = FastAPI(
        title="counter-app central platform",
        version=platform_version(),
        lifespan=lifespan,
        responses=_ERROR_RESPONSES,
    )
    app.state.platform = platform
    bounds = BodyBounds(
        platform.cfg.max_body_bytes,
        idle_timeout=platform.cfg.body_idle_timeout_seconds,
        max_large=platform.cfg.max_large_uploads,
    )
    # The last added runs first: the refusal log sees every answer, before it is compressed.
    # Answers only: nothing signs or hashes an answer's bytes, and request bodies (signed by
    # the windows) reach the routes as sent.
    app.add_middleware(BodyLimit, bounds=bounds, router=app.router)
    app.add_middleware(RefusalLog, client_address=platform.client_address)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    _install_error_handlers(app)
    for area in _ROUTERS:
        app.include_router(area.routes(platform))
    _install_openapi(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def platform_error(_: Request, exc: PlatformError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        error = validation_failure(exc.errors())
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        error: PlatformError
        if exc.status_code == 404:
            error = NotFound("没有这个接口。", "No such endpoint.")
        elif exc.status_code == 405:
            error = MethodNotAllowed("该接口不支持此请求方法。", "Method not allowed here.")
        else:
            error = PlatformError(
                f"请求未被接受（HTTP {exc.status_code}）：{exc.detail}", str(exc.detail)
            )
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
    staff lockout, own password, one-time code, e-licence lookup, instruction, review and
    ticket bodies are parsed by hand (after the signature check), so their schemas are added
    to the generated document here."""

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
                PasswordChange,
                SecondFactorSetUp,
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
