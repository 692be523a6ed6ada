"""The push (``POST /v1/cases:batch``): a signed batch of case versions of the device's
hall, stored in one transaction with a result per case."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from central.errors import TooLarge, WrongHall
from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import push as case_push
from central.store.base import utc_now
from sync.wire.case_push import BatchResult, CaseBatch


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.post(
        "/v1/cases:batch",
        response_model=BatchResult,
        tags=["push"],
        openapi_extra=json_body("CaseBatch"),
    )
    async def push_cases(request: Request) -> Response:
        """Store a batch of case versions in one transaction; per-case results in order.

        The signature is checked over the exact body bytes before the body is parsed."""
        auth, body = await platform.signed(request)
        batch = parsed(CaseBatch, body)
        limit = platform.cfg.max_batch_cases
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
            case_push.push_batch, platform.store, auth.device, auth.nonce, batch.cases
        )
        # Serialised here, once: re-validating hundreds of results through the route's
        # response_model would cost more than storing them.
        answer = BatchResult(results=results, server_time=utc_now())
        return Response(answer.model_dump_json(), media_type="application/json")

    return router
