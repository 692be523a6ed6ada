"""The wire schema between a counter and the central platform: the ONE definition.

Both ``central`` (the server) and ``sync`` (the client) import this module, so the models,
the request-signing string, the body digest and the case content hash can never drift
apart. Protocol version 1; ``docs/sync-protocol.md`` explains every rule in prose.

Request signing (every endpoint except ``/v1/health`` and ``/v1/enroll``):

- The device holds an Ed25519 private key it generated itself; only the public key was sent
  at enrolment, so the platform stores nothing that could impersonate a device.
- Headers: ``X-Counter-Device``, ``X-Counter-Timestamp`` (Unix seconds), ``X-Counter-Nonce``
  (16-64 of ``[A-Za-z0-9_-]``, fresh for every attempt, retries included),
  ``X-Counter-Content-SHA256`` (hex digest of the exact body bytes, ``body_digest``) and
  ``X-Counter-Signature`` (base64 Ed25519 signature over ``signing_string``).
- The path is the request target exactly as sent on the wire: path plus ``?query`` when
  there is one (``requests``: ``PreparedRequest.path_url``).
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.hall_notices import BODY_MAX_CHARS, TITLE_MAX_CHARS
from counter_app.domain.review_states import NEEDS_REASON

PROTOCOL_VERSION = 1
SIGNATURE_SCHEME = "COUNTER-ED25519-1"

HEADER_DEVICE = "X-Counter-Device"
HEADER_TIMESTAMP = "X-Counter-Timestamp"
HEADER_NONCE = "X-Counter-Nonce"
HEADER_DIGEST = "X-Counter-Content-SHA256"
HEADER_SIGNATURE = "X-Counter-Signature"

#: A request whose timestamp is further than this from the platform's clock is refused
#: with ``clock_skew``; nonces are remembered at least this long (times two) to stop replays.
MAX_CLOCK_SKEW_SECONDS = 300

NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
"""Hall, window and device codes: short ASCII identifiers that fit into case numbers."""

NumberDevice = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,8}$")]
"""The DEVICE part of a case number (``counter_app.domain.case_number``)."""

# Free text without control characters (PostgreSQL text cannot even hold NUL).
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class WireModel(BaseModel):
    """Strict about unknown fields in requests so a typo is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------------------- hashing


def body_digest(body: bytes) -> str:
    """The ``X-Counter-Content-SHA256`` value: SHA-256 hex of the exact body bytes."""
    return hashlib.sha256(body).hexdigest()


def signing_string(
    *, method: str, path: str, timestamp: str, nonce: str, digest: str, device_id: str
) -> bytes:
    """The exact bytes a device signs and the platform verifies."""
    return "\n".join(
        [SIGNATURE_SCHEME, method.upper(), path, timestamp, nonce, digest, device_id]
    ).encode("utf-8")


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64: what ``EnrollRequest.public_key`` carries."""
    return base64.b64encode(private_key.public_key().public_bytes_raw()).decode("ascii")


def signed_headers(
    private_key: Ed25519PrivateKey,
    *,
    device_id: str,
    method: str,
    path: str,
    body: bytes,
    now: float | None = None,
) -> dict[str, str]:
    """All authentication headers for one request attempt (fresh nonce every call)."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = new_nonce()
    digest = body_digest(body)
    message = signing_string(
        method=method,
        path=path,
        timestamp=timestamp,
        nonce=nonce,
        digest=digest,
        device_id=device_id,
    )
    return {
        HEADER_DEVICE: device_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_DIGEST: digest,
        HEADER_SIGNATURE: base64.b64encode(private_key.sign(message)).decode("ascii"),
    }


# ----------------------------------------------------------------------------- errors


class ErrorDetail(BaseModel):
    code: str
    message_zh: str
    message_en: str
    retryable: bool
    details: dict[str, Any] | None = None


class ErrorBody(BaseModel):
    """The body of every non-2xx answer, validation errors included."""

    error: ErrorDetail


# ----------------------------------------------------------------------------- health


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


# ----------------------------------------------------------------------------- enrolment


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


# ----------------------------------------------------------------------------- push


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


# ----------------------------------------------------------------------------- audit head


class AuditHeadReport(WireModel):
    """``POST /v1/audit-head``, once per sync run: the end of the device's audit chain.

    The request signature binds it to the device. The platform keeps the highest ``seq``
    it was sent per device; a lower ``seq``, or the same ``seq`` with another ``head``, is
    refused (kept as an anomaly), so a log later cut below it cannot go unnoticed."""

    seq: Annotated[int, Field(ge=0, le=2**62)]
    """The last entry's seq (0: the log is empty)."""
    head: Sha256Hex
    """That entry's hash (HMAC-SM3 or SM3: 64 hex digits, like SHA-256)."""
    keyed_from: Annotated[int, Field(ge=1, le=2**62)]
    """The first seq hashed under the device's audit key."""


class HeldAuditHead(BaseModel):
    """The head the platform holds for a device, and when it received it."""

    seq: int
    head: str
    keyed_from: int
    received_at: datetime


AuditHeadStatus = Literal["stored", "unchanged", "refused"]


class AuditHeadResult(BaseModel):
    """The answer to a report: ``stored`` (higher than before), ``unchanged`` (the same
    head again) or ``refused`` (behind or forked; ``held`` is what the platform kept)."""

    status: AuditHeadStatus
    held: HeldAuditHead


class AuditHeadHeld(BaseModel):
    """``GET /v1/audit-head``: the head held for the asking device (``None``: none yet)."""

    held: HeldAuditHead | None


# ----------------------------------------------------------------------------- end of day

Count = Annotated[int, Field(ge=0, le=10_000_000)]


class DayWindowFigures(WireModel):
    """One window's figures of a signed-off day (``counter-app eod --json``'s ``windows``)."""

    window_code: Code
    source: Literal["local", "platform"]
    accepted: Count
    notified: Count
    refused: Count
    deferred: Count
    voided: Count
    withdrawn: Count
    received: Count
    documents: Count
    reprints: Count
    deferrals_due: Count
    unsynced: Count
    acknowledged: Count


CaseNumber = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,80}$")]


class DaySignOff(WireModel):
    """``POST /v1/day-sign-offs``: a supervisor signed a hall day off at the device's window.

    The hall and window are the device's own (from its signature, not this body).
    ``sign_off_id`` makes the delivery idempotent: sent again (a retry after a lost answer),
    the platform answers ``duplicate`` and keeps what it has. A day may be signed off more
    than once (after the backlog went through): each sign-off is kept."""

    sign_off_id: uuid.UUID
    day: date
    signed_by: Annotated[
        str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
    ]
    signed_at: datetime
    reconciled: bool
    unacknowledged: Annotated[list[CaseNumber], Field(max_length=100_000)]
    flagged_windows: Annotated[list[Code], Field(max_length=1000)]
    windows: Annotated[list[DayWindowFigures], Field(max_length=1000)]


class DaySignOffResult(BaseModel):
    """``stored`` (first delivery) or ``duplicate`` (this sign-off was already kept)."""

    status: Literal["stored", "duplicate"]
    received_at: datetime


# ----------------------------------------------------------------------------- feeds

Item = TypeVar("Item")


class FeedPage(BaseModel, Generic[Item]):
    """One page of a change feed. Store ``cursor`` with what you applied, in one transaction;
    ask again with it while ``more`` is true. The cursor is opaque: never build or edit one."""

    items: list[Item]
    cursor: str
    more: bool


class PublishedDocument(BaseModel):
    """A catalog or calendar version: the whole document, as published by the operator."""

    sequence: int
    version: int
    published_at: datetime
    document: dict[str, Any]


class ProgressEvent(BaseModel):
    sequence: int
    case_id: uuid.UUID
    case_no: str
    state: Literal[
        "in_process",
        "suspended",
        "completed_approved",
        "completed_denied",
        "result_ready",
        "delivered",
        "correction_requested",
        "accepted",
        "accepted_deferred",
    ]
    """The back-office step; ``accepted`` and ``accepted_deferred`` only on a payment
    confirmation, which repeats the state the case waits in."""
    at: datetime
    note: str
    correction_materials: list[str] = Field(default_factory=list)
    """补正: codes of the materials the department asks to correct (empty otherwise)."""
    correction_fields: list[str] = Field(default_factory=list)
    """补正: the applicant's fields (name, phone, address) to correct (empty otherwise)."""
    payment_reference: str | None = None
    """Set when the event is the payment platform's confirmation of this case's fee (the
    state is then the case's current one, unchanged); older clients ignore it."""
    amount_cents: int | None = None
    """The fee paid, integer cents (with ``payment_reference``)."""
    paid_at: datetime | None = None
    """When it was paid (with ``payment_reference``)."""
    waybill: str | None = None
    """A posted result's EMS waybill (with ``delivery_status``); absent on other steps."""
    delivery_status: Literal["posted", "delivered"] | None = None
    """posted: handed to the carrier (state stays result_ready); delivered: state delivered."""


class Notice(BaseModel):
    sequence: int
    notice_id: uuid.UUID
    hall: str
    """The hall it is for, or ``*`` for every hall."""
    title: str
    body: str
    published_at: datetime


# What ``counter-central delivery --status`` reports of a posted result.
DELIVERY_STATUSES: tuple[str, ...] = ("posted", "delivered")


# A notice's text: no control characters but line ends (a body has paragraphs).
_NOTICE_TEXT = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f]*$"


class NoticeDraft(WireModel):
    """``POST /v1/hall/notices``: a notice a supervisor publishes from a window to the
    device's own hall; the platform answers with the stored :class:`Notice`."""

    notice_id: uuid.UUID
    """Chosen by the device: the same draft sent again is stored once (the first answer)."""
    hall: Code
    """The device's hall; any other is refused (403 ``wrong_hall``)."""
    title: Annotated[
        str,
        StringConstraints(min_length=1, max_length=TITLE_MAX_CHARS, pattern=NO_CONTROL_CHARACTERS),
    ]
    body: Annotated[
        str, StringConstraints(min_length=1, max_length=BODY_MAX_CHARS, pattern=_NOTICE_TEXT)
    ]
    published_by: Annotated[
        str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
    ]
    """The supervisor's user name at that window (kept in the platform's audit)."""


class HallCase(BaseModel):
    """One item of the ``hall_queue`` feed: a case of the device's hall as the platform holds
    it, each time it stored a version (``kind`` ``version``) or recorded a back-office step
    (``progress``). No personal data. A reader keeps the newest item per ``case_id``."""

    sequence: int
    case_id: uuid.UUID
    case_no: str
    window_code: str
    clerk: str
    item_code: str
    item_name: str
    state: str
    data_version: int
    """The newest version the platform holds (acknowledged)."""
    kind: Literal["version", "progress"]
    actor: str
    """Who made the version; ``platform`` for a back-office step."""
    note: str
    at: datetime
    """When the platform recorded it."""
    received_at: str
    """When the window took the case (the queue's order)."""
    accepted_at: str | None
    promised_date: str | None
    deferral_due: str | None
    """The earliest deadline of a material deferred (容缺), if any."""
    flags: list[str]
    """Facts fixed by the version (``deferred_materials``, ``bad_rating``: a 好差评 level 1–2
    rating whose follow-up is open); flags that depend on the day
    (overdue, deferral due) are the reader's to compute."""


class HallCaseHistory(BaseModel):
    """``GET /v1/hall/cases/{case_id}/history``: every item the feed carried for one case of
    the device's hall, oldest first."""

    case_id: uuid.UUID
    entries: list[HallCase]


PROGRESS_STATES: tuple[str, ...] = (
    "in_process",
    "suspended",
    "completed_approved",
    "completed_denied",
    "result_ready",
    "correction_requested",
)


# ----------------------------------------------------------------------------- instructions

INSTRUCTION_SCHEME = "COUNTER-INSTRUCTION-1"
InstructionAction = Literal["resend", "adopt", "void"]
"""What a supervisor tells the window that owns a case to do about its problem: send its
own version again as a corrected, approved new version; take the platform's version as a
new version; or void (作废) the case."""
InstructionState = Literal["issued", "done", "refused"]
REASON_MAX_CHARS = 1000  # the counter's own limit (counter_app.services.intake)
_Reason = Annotated[
    str,
    StringConstraints(min_length=1, max_length=REASON_MAX_CHARS, pattern=NO_CONTROL_CHARACTERS),
]
_UserName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
]


def instruction_message(
    *,
    instruction_id: uuid.UUID,
    case_id: uuid.UUID,
    action: str,
    reason: str,
    issued_by: str,
    issued_at: datetime,
    issuer_device_id: str,
) -> bytes:
    """The exact bytes the issuing device signs (Ed25519, its device key) and the platform
    and the window that carries the instruction out verify: the instruction is bound to the
    device that issued it, and no field can be changed on the way."""
    return "\n".join(
        [
            INSTRUCTION_SCHEME,
            str(instruction_id),
            str(case_id),
            action,
            reason,
            issued_by,
            issued_at.astimezone(UTC).isoformat(),
            issuer_device_id,
        ]
    ).encode("utf-8")


class InstructionDraft(WireModel):
    """``POST /v1/hall/instructions``: a supervisor's resolution of a problem case of another
    window of the device's hall. The platform checks ``signature`` against the sending
    device's key, names the window's device that owns the case, and carries the instruction
    to it through the ``instructions`` feed. The same draft sent again is stored once."""

    instruction_id: uuid.UUID
    case_id: uuid.UUID
    action: InstructionAction
    reason: _Reason
    issued_by: _UserName
    """The supervisor's user name at the issuing window (authenticated there)."""
    issued_at: datetime
    signature: Annotated[str, StringConstraints(min_length=40, max_length=200)]
    """Base64 Ed25519 signature of ``instruction_message`` by the sending device."""


class Instruction(BaseModel):
    """One item of the ``instructions`` feed (the device's hall): an instruction as issued,
    then again each time its state changed. A reader keeps the newest per
    ``instruction_id``; the window whose device is ``target_device_id`` carries it out."""

    sequence: int
    instruction_id: uuid.UUID
    case_id: uuid.UUID
    case_no: str
    target_device_id: str
    target_window: str
    action: InstructionAction
    reason: str
    issued_by: str
    issuer_device_id: str
    issuer_public_key: str
    """The issuing device's enrolled public key (base64), to check ``signature`` with."""
    issued_at: datetime
    signature: str
    platform_version: int
    """The newest version of the case the platform held when it took the instruction."""
    state: InstructionState
    outcome: str
    """What the window did (``done``: the data version it wrote) or why it could not."""
    at: datetime


class InstructionAnswer(WireModel):
    """``POST /v1/hall/instructions/{id}/answer``: the target window carried the instruction
    out (``done``) or could not (``refused``, ``outcome`` says why)."""

    state: Literal["done", "refused"]
    outcome: Annotated[
        str, StringConstraints(min_length=1, max_length=500, pattern=NO_CONTROL_CHARACTERS)
    ]


class CaseField(BaseModel):
    """One field of a case document, by its path (``applicant.phone``), personal data masked."""

    path: str
    value: str


class PlatformVersion(BaseModel):
    """``GET /v1/hall/cases/{case_id}/platform-version``: the newest version of a case of the
    device's hall the platform holds, field by field (masked), and the newest submission it
    kept in conflict with it (what that window holds). ``document`` is the whole version,
    only for the device that owns the case (to adopt it)."""

    case_id: uuid.UUID
    case_no: str
    window_code: str
    data_version: int
    fields: list[CaseField]
    conflict_version: int | None
    conflict_reason: str | None
    conflict_fields: list[CaseField] | None
    document: CaseDocument | None


class HallProblem(BaseModel):
    """One item of the ``problems`` feed: a submission of a window of the device's hall the
    platform kept in conflict or rejected, with its reason (no personal data). Solved once
    the platform stores a newer version of the case (the ``hall_queue`` feed shows it)."""

    sequence: int
    case_id: uuid.UUID
    case_no: str
    window_code: str
    data_version: int
    status: Literal["conflict", "rejected"]
    reason: str
    message_zh: str
    message_en: str
    at: datetime


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
    reviewed_by: _UserName
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
