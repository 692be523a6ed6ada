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
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.hall_notices import BODY_MAX_CHARS, TITLE_MAX_CHARS
from counter_app.domain.review_states import NEEDS_REASON
from counter_app.domain.staff import USERNAME_PATTERN

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
Cents = Annotated[int, Field(ge=0, le=10**15)]


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
    # Fees of the day's cases (integer cents); 0 in a sign-off made before they were counted.
    fees_recorded: Count = 0
    fees_recorded_cents: Cents = 0
    fees_paid: Count = 0
    fees_paid_cents: Cents = 0
    fees_unpaid: Count = 0
    fees_unpaid_cents: Cents = 0


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


# ----------------------------------------------------------------------------- device health

HealthText = Annotated[str, StringConstraints(max_length=500, pattern=NO_CONTROL_CHARACTERS)]
CheckStatus = Literal["ok", "warn", "fail"]


class DoctorCheck(WireModel):
    """One check of ``counter-app doctor`` (its ``--json`` ``checks``)."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    status: CheckStatus
    detail: HealthText


class DoctorSummary(WireModel):
    """The last doctor run at the workstation: when, its worst status, and its checks."""

    ran_at: datetime
    worst: CheckStatus
    checks: Annotated[list[DoctorCheck], Field(max_length=100)]


class Printers(WireModel):
    """The printers the window is set to use (names as the system knows them; "" unset)."""

    a4: HealthText
    receipt: HealthText


class DeviceHealthReport(WireModel):
    """``POST /v1/device-health``, once per sync run: how the window is, for IT. The platform
    keeps the latest per device with when it arrived (the device's last contact) and the
    clock offset it measured from ``clock_at`` against its own clock. No personal data."""

    program_version: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    clock_at: AwareDatetime
    """The workstation's clock when it sent the report."""
    pending: Count
    """Case versions waiting to go up after this run's push."""
    doctor: DoctorSummary | None
    """None: doctor never ran at this workstation."""
    reader: HealthText
    """The configured ID-card reader (``reader.spec``)."""
    printers: Printers


class DeviceHealthResult(BaseModel):
    """When the platform received the report and the clock offset it measured (seconds the
    workstation is ahead of the platform; negative: behind)."""

    received_at: datetime
    clock_offset_seconds: float


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
    evaluation_channel: Literal["online"] | None = None
    """Set when the event is the applicant's 一事一评 given on the progress page (the state
    is then the case's current one, unchanged); older clients ignore it."""
    evaluation_level: int | None = None
    """That rating's level, 1 (very dissatisfied) to 5 (with ``evaluation_channel``)."""
    evaluation_reason_code: str | None = None
    """Its reason category for a level 1–2 rating (``REASON_CODES``)."""


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


class StaffAccount(BaseModel):
    """One item of the ``staff`` feed: an account of the device's hall as it stands after a
    change on the platform (``counter-central staff …``). ``verifier`` is a salted scrypt
    verifier (``counter_app.domain.staff``) for sign-in at any window of the hall, offline
    too; the password never travels. A reader keeps the newest item per ``username``."""

    sequence: int
    username: str
    display_name: str
    role: Literal["clerk", "supervisor", "admin"]
    disabled: bool
    verifier: str
    changed_at: datetime
    unlocked_at: datetime | None = None
    """The platform's newest unlock of the account (``counter-central staff unlock``): a
    window lifts its lockouts of the account made at or before then. None: never unlocked
    there (and from a platform that predates unlocking)."""


class LockoutReport(WireModel):
    """``POST /v1/staff-lockouts``, at the sync after a lockout at the window and after its
    lifting there: one login lockout of an account of the platform's staff register, as it
    now is. The same ``lockout_id`` again updates nothing but a lifting not yet held."""

    lockout_id: uuid.UUID
    username: Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)]
    locked_at: AwareDatetime
    until: AwareDatetime
    failed_attempts: Annotated[int, Field(ge=1, le=10_000)]
    """The failed sign-ins in a row that locked the account."""
    lifted_at: AwareDatetime | None = None
    lifted_by: (
        Annotated[
            str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
        ]
        | None
    ) = None
    """Who lifted it at the window (an administrator's name, or ``platform``)."""


class LockoutResult(BaseModel):
    """``stored`` (first report, or a lifting the platform did not hold) or ``duplicate``
    (held as it is), with when the platform first received the lockout."""

    status: Literal["stored", "duplicate"]
    received_at: datetime


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
    rating whose follow-up is open, ``unpaid``: a fee recorded and not paid); flags that
    depend on the day or the state (overdue, deferral due, result ready) are the reader's
    to compute."""
    acknowledged_at: str | None = None
    """When the platform first stored the case (the hall's sync delay starts at acceptance).
    The statistics' facts (this one and the three below) are the case's as the platform holds
    them when the feed is read, carried by the feed only (not by a case's history)."""
    card_read_at: str | None = None
    """When the applicant's card was read at the window (the case document's)."""
    rating_level: int | None = None
    """The 好差评 level 1–5; None when not rated or declined."""
    rating_declined: bool = False
    """The applicant declined to rate."""
    fee_cents: int | None = None
    """The case's fee in integer cents (None: its item has no fee); paid unless ``unpaid``."""


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


# ----------------------------------------------------------------------------- approvals
ApprovalKind = Literal["deferral", "reprint", "void", "correction", "over_limit"]
"""What a clerk asks a supervisor to allow: 容缺 acceptance, 补打, 作废, a correction of the
applicant's data, a decision over a limit."""
ApprovalStatus = Literal["pending", "approved", "refused", "cancelled"]
_UserName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
]
_ApprovalText = Annotated[str, StringConstraints(max_length=500, pattern=NO_CONTROL_CHARACTERS)]


class ApprovalRequestDraft(WireModel):
    """``POST /v1/hall/approval-requests``: a clerk asks the hall's supervisors to approve an
    action. No personal data: ``summary`` names the item, the case number and what is asked,
    never the applicant."""

    request_id: uuid.UUID
    """Chosen by the device: the same draft sent again is stored once (the first answer)."""
    hall: Code
    """The device's hall; any other is refused (403 ``wrong_hall``)."""
    kind: ApprovalKind
    summary: Annotated[
        str, StringConstraints(min_length=1, max_length=500, pattern=NO_CONTROL_CHARACTERS)
    ]
    reason: _ApprovalText
    """Why the clerk asks (may be empty where the action needs no reason)."""
    requested_by: _UserName
    """The clerk's user name at that window: nobody of that name may answer (four eyes)."""


class ApprovalDecision(WireModel):
    """``POST /v1/hall/approval-requests/{request_id}/decision``: a supervisor approves or
    refuses (with a reason) a pending request of the device's hall, or the requesting window
    cancels its own. A request is decided once: the same ``decision_id`` again answers the
    request as decided; any other decision of a decided request is 409 ``already_decided``."""

    decision_id: uuid.UUID
    decision: Literal["approved", "refused", "cancelled"]
    decided_by: _UserName
    """The supervisor (or, for ``cancelled``, the clerk) at the deciding window."""
    reason: _ApprovalText
    """Required for ``refused``: the clerk reads it."""


class ApprovalRequest(BaseModel):
    """A request as the platform holds it (every approval-request endpoint answers one)."""

    request_id: uuid.UUID
    hall: str
    window_code: str
    kind: ApprovalKind
    summary: str
    reason: str
    requested_by: str
    requested_at: datetime
    status: ApprovalStatus
    decided_by: str | None
    decision_reason: str | None
    decided_at: datetime | None
    decision_id: uuid.UUID | None


class ApprovalRequestList(BaseModel):
    """``GET /v1/hall/approval-requests``: the device's hall's pending requests, oldest
    first."""

    requests: list[ApprovalRequest]


# ----------------------------------------------------------------------------- arrivals

PREAPP_REVIEWS: tuple[str, ...] = ("passed", "failed")
Sm3Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ArrivalMaterial(BaseModel):
    """A material the applicant submitted online with a pre-application: the file itself
    stays on the platform; the window gets its name and both digests."""

    code: str
    """The material's code in the item's situation (``M01``…)."""
    file_name: str
    size: int
    sha256: Sha256Hex
    sm3: Sm3Hex


class Arrival(BaseModel):
    """One item of the ``arrivals`` feed: an appointment (预约) or a pre-application (网上申报)
    of the device's hall, as it stands after its newest change (booked, cancelled, no-show;
    submitted, consumed). A reader keeps the newest item per ``arrival_id``; the feed may
    carry an arrival again (from the start, for another date window) and an older item
    never follows a newer one."""

    sequence: int
    arrival_id: uuid.UUID
    kind: Literal["appointment", "preapp"]
    revision: int
    """1 when created, +1 with every change."""
    hall: str
    state: Literal["booked", "cancelled", "no_show", "submitted", "consumed"]
    item_code: str
    item_name: str
    situation: str | None
    """A pre-application's situation (情形) code; None for an appointment."""
    id_number: str
    name: str
    first_day: date
    """The first hall day the arrival concerns (an appointment's slot day; the day a
    pre-application was submitted)."""
    last_day: date
    """Its last day (the slot day; the day a pre-application's pre-review expires): after
    it a window forgets the arrival."""
    slot_at: datetime | None
    """An appointment's slot (hall time); None for a pre-application."""
    appointment_no: str | None
    """An appointment's 预约号, read out to the applicant and printed on the ticket."""
    review: Literal["passed", "failed"] | None
    """A pre-application's pre-review (网上预审) result."""
    review_note: str
    materials: list[ArrivalMaterial]
    consumed_case_id: uuid.UUID | None
    """The case a pre-application was accepted as (once consumed)."""


class PreappConsumption(WireModel):
    """``POST /v1/preapps/{preapp_id}/consumed``: a window accepted a case from the
    pre-application. Idempotent: the same case again answers ``duplicate``."""

    case_id: uuid.UUID
    case_no: CaseNumber
    consumed_at: datetime
    clerk: Annotated[
        str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
    ]


class PreappConsumed(BaseModel):
    """``stored`` (first report) or ``duplicate`` (this case already consumed it)."""

    status: Literal["stored", "duplicate"]
    preapp_id: uuid.UUID
    case_id: uuid.UUID
    recorded_at: datetime


# ----------------------------------------------------------------------------- e-licences

ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=NO_CONTROL_CHARACTERS)
]


class ElicenceConsent(WireModel):
    """The applicant's authorisation of one lookup: a code from the 随申办 app (``code``), or
    their card read at this window (``card_read``, ``read_at`` the read's time), which the
    platform records as consent given in person."""

    kind: Literal["code", "card_read"]
    code: str | None = Field(default=None, max_length=32, pattern=r"^[A-Z0-9-]{4,32}$")
    read_at: datetime | None = None


class ElicenceLookup(WireModel):
    """``POST /v1/elicences:lookup``: the holder's licences of the given types. Like an X-Road
    query it names the official (``clerk``) and what it serves (``serves``: a case number or
    the id of a check), and the platform keeps a signed record of the request and answer."""

    holder_id_number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{6,40}$")]
    types: list[ShortText] = Field(min_length=1, max_length=50)
    consent: ElicenceConsent
    clerk: ShortText
    serves: ShortText


class Licence(BaseModel):
    """One e-licence (电子证照) of the register."""

    licence_type: str
    number: str
    issuer: str
    valid_from: str | None
    valid_to: str | None
    """None: no expiry (长期)."""
    file_sha256: str | None
    """SHA-256 of the licence's document file, when the register holds one."""


class ElicenceAnswer(BaseModel):
    """The licences found (none: the holder has no licence of those types) and the id of the
    signed log record of this lookup."""

    lookup_id: str
    licences: list[Licence]
    logged_at: datetime


class ElicenceDocumentRequest(WireModel):
    """``POST /v1/elicences:document``: the document file of a licence a lookup of this device
    answered with (``lookup_id``), to attach to the case it serves. The lookup's consent
    covers it; the platform logs the fetch like a lookup."""

    lookup_id: ShortText
    licence_type: ShortText
    number: ShortText
    clerk: ShortText
    serves: ShortText


class ElicenceDocument(BaseModel):
    """The licence's document file (``content``, base64) and the id of the signed log record
    of the fetch; the window checks the file against the lookup answer's ``file_sha256``."""

    fetch_id: str
    licence_type: str
    number: str
    file_sha256: str
    content: str


# ----------------------------------------------------------------------------- instructions

INSTRUCTION_SCHEME = "COUNTER-INSTRUCTION-1"
InstructionAction = Literal["resend", "adopt", "void"]
"""What a supervisor tells the window that owns a case to do about its problem: send its
own version again as a corrected, approved new version; take the platform's version as a
new version; or void (作废) the case."""
InstructionState = Literal["issued", "done", "refused"]
REASON_MAX_CHARS = 1000  # the counter's own limit (counter_app.services.intake_checks)
_Reason = Annotated[
    str,
    StringConstraints(min_length=1, max_length=REASON_MAX_CHARS, pattern=NO_CONTROL_CHARACTERS),
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
