"""What a device reports about its window: the head of its audit chain
(``/v1/audit-head``), a supervisor's day sign-off (``/v1/day-sign-offs``) and its health
(``/v1/device-health``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from counter_app.domain.catalog import LAST_VERSION
from sync.wire.base import NO_CONTROL_CHARACTERS, CaseNumber, Code, Sha256Hex, WireModel

# ----------------------------------------------------------------------------- audit head


AuditSeq = Annotated[int, Field(ge=0, le=2**62)]


class ChainLink(WireModel):
    """One entry of a device's audit chain: its seq and its hash (the genesis hash, 64
    zeros, at seq 0)."""

    seq: AuditSeq
    head: Sha256Hex


class AuditHeadReport(WireModel):
    """``POST /v1/audit-head``, once per sync run: the end of the device's audit chain.

    The request signature binds it to the device. The platform keeps the highest ``seq``
    it was sent per device; a lower ``seq``, or the same ``seq`` with another ``head``, is
    refused (kept as an anomaly), so a log later cut below it cannot go unnoticed. A higher
    ``seq`` is taken only when ``continues`` proves the chain goes on from the head held;
    once a device sent such a proof, a report of it without one is refused."""

    seq: AuditSeq
    """The last entry's seq (0: the log is empty)."""
    head: Sha256Hex
    """That entry's hash (HMAC-SM3 or SM3: 64 hex digits, like SHA-256)."""
    keyed_from: Annotated[int, Field(ge=1, le=2**62)]
    """The first seq hashed under the device's audit key."""
    continues: ChainLink | None = None
    """This chain's own entry at the seq of the head the platform holds (``GET``): a
    chain rewritten below that head, even with the key file at hand, has another hash
    there. Left out (never sent as null, which a platform older than this field refuses)
    when the platform holds no head yet, or one past this chain's end; absent from a window
    older than this field."""


class HeldAuditHead(BaseModel):
    """The head the platform holds for a device, and when it received it."""

    seq: int
    head: str
    keyed_from: int
    received_at: datetime


AuditHeadStatus = Literal["stored", "unchanged", "refused"]


class AuditHeadResult(BaseModel):
    """The answer to a report: ``stored`` (higher than before), ``unchanged`` (the same
    head again) or ``refused`` (behind, forked or not proven to continue the head held;
    ``held`` is what the platform kept)."""

    status: AuditHeadStatus
    held: HeldAuditHead
    last_case_no: CaseNumber | None = None
    """With a report behind the head held (the device's store went back to an older copy):
    the highest case number the platform holds with one of the device's prefixes, which
    the device must never issue again. None otherwise, when it holds none, or from a
    platform older than this field."""


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
    disk_free_mib: Annotated[int, Field(ge=0)] | None = None
    """Free space (MiB) on the disk holding the workstation's home, where its database and
    archived documents grow; None from a counter older than this field."""
    catalog_version: Annotated[int, Field(ge=1, le=LAST_VERSION)] | None = None
    """The catalog version the window goes by (the newest it loaded); None before it loaded
    any, or from a counter older than this field."""


class DeviceHealthResult(BaseModel):
    """When the platform received the report and the clock offset it measured (seconds the
    workstation is ahead of the platform; negative: behind)."""

    received_at: datetime
    clock_offset_seconds: float
    store_epoch: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    """The platform store's epoch: it changes only when IT marks the store restored from a
    backup (``counter-central restored``), and then the window sends again every version
    the platform had acknowledged. None from a platform older than this field."""
