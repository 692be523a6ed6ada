"""Supervisors' reviews of a hall's cases: the review a window sends
(``POST /v1/hall/reviews``) and the ``reviews`` feed's items."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from counter_app.domain.review_states import NEEDS_REASON
from sync.wire.base import NO_CONTROL_CHARACTERS, REASON_MAX_CHARS, UserName, WireModel

ReviewState = Literal["has_issues", "approved", "rejected"]


class ReviewDraft(WireModel):
    """``POST /v1/hall/reviews``: a supervisor's review of a case of the device's hall (any
    window's), given on ``data_version``; passed to every window through the ``reviews``
    feed. The same draft sent again is stored once."""

    review_id: uuid.UUID
    case_id: uuid.UUID
    data_version: Annotated[int, Field(ge=1, le=1_000_000)]
    state: ReviewState
    reason: Annotated[
        str, StringConstraints(max_length=REASON_MAX_CHARS, pattern=NO_CONTROL_CHARACTERS)
    ]
    """Why; required for ``rejected`` and ``has_issues``."""
    reviewed_by: UserName
    reviewed_at: datetime

    @model_validator(mode="after")
    def _reason_given(self) -> ReviewDraft:
        if self.state in NEEDS_REASON and not self.reason.strip():
            raise ValueError(f"a {self.state} review needs a reason")
        return self


class CaseReview(BaseModel):
    """One item of the ``reviews`` feed: a supervisor's review of a case of the hall."""

    sequence: int
    review_id: uuid.UUID
    case_id: uuid.UUID
    case_no: str
    data_version: int
    state: ReviewState
    reason: str
    reviewed_by: str
    window_code: str
    """The window where the supervisor gave it."""
    reviewed_at: datetime
