"""Problem cases of the device's hall (sync-protocol.md, "Problem cases, instructions and
reviews"): the platform's newest version of a case beside the submission kept in conflict,
supervisors' signed instructions to the owning device and its answers, and their reviews."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from central.auth import check_instruction_signature
from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import cases as case_store
from central.store import instructions, reviews
from sync.wire.problems import Instruction, InstructionAnswer, InstructionDraft, PlatformVersion
from sync.wire.reviews import CaseReview, ReviewDraft


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get(
        "/v1/hall/cases/{case_id}/platform-version",
        response_model=PlatformVersion,
        tags=["hall"],
    )
    async def case_platform_version(request: Request, case_id: uuid.UUID) -> dict[str, Any]:
        """The newest version of a case of the device's hall the platform holds, field by
        field with personal data masked, beside the newest submission kept in conflict with
        it; the whole document only for the device that owns the case. 404 for another
        hall's case."""
        auth, _ = await platform.signed(request)
        return await run_in_threadpool(
            case_store.platform_version, platform.store, auth.device, auth.nonce, str(case_id)
        )

    @router.post(
        "/v1/hall/instructions",
        response_model=Instruction,
        tags=["hall"],
        openapi_extra=json_body("InstructionDraft"),
    )
    async def issue_instruction(request: Request) -> dict[str, Any]:
        """Issue a signed instruction (resend, adopt, void) about a case of the device's hall
        to the device that owns it, through the ``instructions`` feed; 401
        ``bad_instruction_signature`` unless the sending device signed it. The same draft
        again answers the instruction held."""
        auth, body = await platform.signed(request)
        draft = parsed(InstructionDraft, body)
        check_instruction_signature(draft, auth.device)
        return await run_in_threadpool(
            instructions.issue_instruction, platform.store, auth.device, auth.nonce, draft
        )

    @router.post(
        "/v1/hall/instructions/{instruction_id}/answer",
        response_model=Instruction,
        tags=["hall"],
        openapi_extra=json_body("InstructionAnswer"),
    )
    async def answer_instruction(request: Request, instruction_id: uuid.UUID) -> dict[str, Any]:
        """The owning device carried an instruction out (``done``) or could not
        (``refused``); kept once, 403 ``not_case_owner`` for any other device."""
        auth, body = await platform.signed(request)
        answer = parsed(InstructionAnswer, body)
        return await run_in_threadpool(
            instructions.answer_instruction,
            platform.store,
            auth.device,
            auth.nonce,
            str(instruction_id),
            answer,
        )

    @router.post(
        "/v1/hall/reviews",
        response_model=CaseReview,
        tags=["hall"],
        openapi_extra=json_body("ReviewDraft"),
    )
    async def record_review(request: Request) -> dict[str, Any]:
        """Keep a supervisor's review (has_issues, approved, rejected; with a
        reason for rejected and has_issues) of a case of the device's hall, passed to every
        window through the ``reviews`` feed; the same draft again answers the review held."""
        auth, body = await platform.signed(request)
        draft = parsed(ReviewDraft, body)
        return await run_in_threadpool(
            reviews.record_review, platform.store, auth.device, auth.nonce, draft
        )

    return router
