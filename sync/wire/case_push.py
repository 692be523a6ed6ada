"""The case push (``POST /v1/cases:batch``): the case versions a counter sends and what the
platform did with each."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from counter_app.domain.case_document import CaseDocument
from sync.wire.base import NO_CONTROL_CHARACTERS, Code, Sha256Hex, WireModel


class CaseSubmission(WireModel):
    """One data version of one case. ``(case_id, data_version)`` is the idempotency key."""

    case_id: uuid.UUID
    data_version: Annotated[int, Field(ge=1, le=1_000_000)]
    content_hash: Sha256Hex
    """``content_hash(payload)``; the platform recomputes it and rejects a mismatch."""
    hall: Code
    window: Code
    device: Code
    case_no: Annotated[
        str, StringConstraints(min_length=1, max_length=80, pattern=NO_CONTROL_CHARACTERS)
    ]
    payload: CaseDocument
    """The whole case document; the platform validates it against the counter's own type."""


class CaseBatch(WireModel):
    cases: list[CaseSubmission]


CaseOutcome = Literal["stored", "duplicate", "conflict", "rejected"]


class CaseResult(BaseModel):
    """What the platform did with one submission.

    ``stored`` and ``duplicate`` are success (``reference`` set, identical for a resend);
    ``conflict`` was kept for a supervisor (``reason`` says why); ``rejected`` is permanent
    (``reason``, ``message_zh``/``message_en`` say what to fix). Never retry either of those
    automatically.
    """

    case_id: uuid.UUID
    data_version: int
    status: CaseOutcome
    reference: str | None = None
    reason: str | None = None
    message_zh: str | None = None
    message_en: str | None = None


class BatchResult(BaseModel):
    results: list[CaseResult]
    server_time: datetime
