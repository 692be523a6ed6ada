"""E-licences (电子证照库) for a window: an applicant's licences of the given types, with
their authorisation, and the document file of one a lookup answered with; every call kept
in the signed lookup log (``central.store.elicences``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import elicences
from sync.wire.elicences import (
    ElicenceAnswer,
    ElicenceDocument,
    ElicenceDocumentRequest,
    ElicenceLookup,
)


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.post(
        "/v1/elicences:lookup",
        response_model=ElicenceAnswer,
        tags=["elicences"],
        openapi_extra=json_body("ElicenceLookup"),
    )
    async def lookup_elicences(request: Request) -> dict[str, Any]:
        """The applicant's e-licences of the given types (电子证照库). ``serves`` names an
        item of the published catalog whose materials take those types (``<item code>`` or
        ``<item code>/<reference>``): 403 ``serves_no_item`` otherwise. Needs their
        authorisation (an app code, or their card read at this window in the last half hour,
        or read for the case of this hall ``serves`` names): 403 ``consent_required``
        without it. A device answered about so many distinct holders this hour or day that no
        window serves more: 429 ``holder_limit``. Every lookup, refused ones too, is kept in
        the signed lookup log."""
        auth, body = await platform.signed(request)
        lookup = parsed(ElicenceLookup, body)
        cfg = platform.cfg
        limits = elicences.HolderLimits(cfg.elicence_holders_per_hour, cfg.elicence_holders_per_day)

        def work() -> dict[str, Any]:
            platform.store.consume_nonce(auth.device.device_id, auth.nonce)
            return elicences.lookup(platform.store, auth.device, lookup, body, limits)

        return await run_in_threadpool(work)

    @router.post(
        "/v1/elicences:document",
        response_model=ElicenceDocument,
        tags=["elicences"],
        openapi_extra=json_body("ElicenceDocumentRequest"),
    )
    async def fetch_elicence_document(request: Request) -> dict[str, Any]:
        """The document file of a licence one of this device's lookups answered with, to
        attach to the case it serves: 404 for a licence that lookup did not answer with,
        or that has no file. Logged (signed) like a lookup."""
        auth, body = await platform.signed(request)
        wanted = parsed(ElicenceDocumentRequest, body)

        def work() -> dict[str, Any]:
            platform.store.consume_nonce(auth.device.device_id, auth.nonce)
            return elicences.fetch_document(platform.store, auth.device, wanted, body)

        return await run_in_threadpool(work)

    return router
