"""The two endpoints a counter calls without a device key: the health check
(``GET /v1/health``) and enrolment (``POST /v1/enroll``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from sync.wire.base import NO_CONTROL_CHARACTERS, WireModel

NumberDevice = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,8}$")]
"""The DEVICE part of a case number (``counter_app.domain.case_number``)."""


class Limits(BaseModel):
    """What one push may carry; a bigger batch is answered 413 with the limit in ``details``."""

    max_batch_cases: int
    max_body_bytes: int
    feed_page_max: int


class Health(BaseModel):
    """``GET /v1/health`` (no authentication): connectivity and clock-skew check."""

    status: Literal["ok"]
    server_time: datetime
    server_timestamp: int
    version: str
    protocol: int
    limits: Limits


class EnrollRequest(WireModel):
    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    public_key: Annotated[str, StringConstraints(min_length=40, max_length=64)]
    """Base64 of the device's raw 32-byte Ed25519 public key (``public_key_b64``)."""
    label: Annotated[str, StringConstraints(max_length=100, pattern=NO_CONTROL_CHARACTERS)] = ""
    """Free text for operators, e.g. the workstation's host name."""
    number_devices: Annotated[list[NumberDevice], Field(min_length=1, max_length=32)]
    """The DEVICE parts of the case numbers this workstation writes: first its own local
    device id (``[hall] device_id``), then those its store's cases carry from a PC it
    replaced. The platform binds ``HALL-WINDOW-DEVICE`` for each to the new device."""


class EnrollResponse(BaseModel):
    device_id: str
    hall: str
    window: str
    key_algorithm: Literal["ed25519"]
    enrolled_at: datetime
    server_time: datetime
    replaced_device: str | None = None
    """The device this enrolment replaced (a code made with ``counter-central enroll-code
    --replaces``), whose case-number prefixes the new device took over; None otherwise, and
    from a platform that does not say."""
