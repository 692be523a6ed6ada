"""The online channel's arrivals: appointments (预约) and pre-applications (网上申报) of the
``arrivals`` feed, and a window's report that it consumed a pre-application."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from sync.wire.base import NO_CONTROL_CHARACTERS, CaseNumber, Sha256Hex, WireModel

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
    of the device's hall, as it stands after its newest change (booked, cancelled, no-show,
    consumed; submitted, consumed). A reader keeps the newest item per ``arrival_id``; the feed may
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
    """The case a pre-application was accepted as, or an appointment's holder was accepted
    under its priority ticket (once consumed)."""
    id_type: str = "111"
    """The holder's document type code (GA/T 2000.156), as the platform checked the number;
    a platform before this field sent resident ID numbers only."""
    doc_kind: str | None = None
    """The holder's document kind where the type code alone does not say it (990)."""


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
