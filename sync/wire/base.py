"""What every family of wire models shares: the protocol version, the request models' strict
base (``WireModel``), the field types several families use, and the body of every error."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

PROTOCOL_VERSION = 1

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
"""Hall, window and device codes: short ASCII identifiers that fit into case numbers."""

# Free text without control characters (PostgreSQL text cannot even hold NUL).
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
CaseNumber = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,80}$")]
UserName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
]
REASON_MAX_CHARS = 1000  # the counter's own limit (counter_app.services.intake_checks)


class WireModel(BaseModel):
    """Strict about unknown fields in requests so a typo is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    code: str
    message_zh: str
    message_en: str
    retryable: bool
    details: dict[str, Any] | None = None


class ErrorBody(BaseModel):
    """The body of every non-2xx answer, validation errors included."""

    error: ErrorDetail
