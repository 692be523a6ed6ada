"""The change-feed page (``GET /v1/feeds/{feed}``) and the items of the platform's own feeds:
published catalog and calendar versions, back-office progress, and the hall's queue of cases
(with one case's history). Feeds of another family carry that family's models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, Field

from counter_app.domain.case_states import CaseState

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
    effective_from: datetime | None = None
    """A catalog version served ahead of its day (to a window asking ``ahead=1``): the
    moment, a hall day's midnight, it comes into force; None: in force since published.
    A window of an older release neither asks nor reads it."""
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
        "withdrawn",
    ]
    """The back-office step; a payment confirmation repeats the state the case is in
    (``accepted`` and ``accepted_deferred`` only there; also ``withdrawn`` for a case the
    window withdrew, whose fee is then owed back); otherwise ``withdrawn``: the applicant
    withdrew a case the department had in process or suspended (the reason in ``note``)."""
    at: datetime
    note: str
    correction_materials: list[str] = Field(default_factory=list)
    """补正: codes of the materials the department asks to correct (empty otherwise)."""
    correction_fields: list[str] = Field(default_factory=list)
    """补正: the applicant's or the agent's fields to correct (``EDITABLE_FIELDS`` of
    ``counter_app.domain.case_document``; empty otherwise)."""
    department: str | None = None
    """全市通办: the handling department that recorded the step (``counter-central progress
    --department``); absent: the platform's own operator. Older clients ignore it (this
    model, unlike the pushed ones, ignores fields it does not know)."""
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
    appeal_decision: Literal["upheld", "rejected"] | None = None
    """Set when the event is the platform's reviewer's decision of the hall's appeal of the
    case's bad rating (the state is then the case's current one, unchanged); older clients
    ignore it, a platform that decides no appeal never sends it."""
    appeal_reason: str | None = None
    """The reviewer's reason (with ``appeal_decision``)."""
    appeal_by: str | None = None
    """The reviewer's account on the platform (with ``appeal_decision``)."""


# What ``counter-central delivery --status`` reports of a posted result.
DELIVERY_STATUSES: tuple[str, ...] = ("posted", "delivered")

PROGRESS_STATES: tuple[str, ...] = (
    "in_process",
    "suspended",
    "completed_approved",
    "completed_denied",
    "result_ready",
    "correction_requested",
    "withdrawn",
)


# The states a progress item may name: an event for a case in any other cannot reach its
# window (a payment confirmation, an online rating repeat the case's state).
PROGRESS_ITEM_STATES = frozenset(
    CaseState(s) for s in get_args(ProgressEvent.model_fields["state"].annotation)
)


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
    rating whose follow-up is open, ``unpaid``: a fee recorded and not paid; the catalog's:
    ``item_withdrawn``, ``catalog_changed`` followed by what changed, ``catalog_unknown``,
    ``counter_app.domain.hall_queue``); flags that depend on the day or the state (overdue,
    deferral due, result ready) are the reader's to compute. A reader shows a flag it does
    not know as it is."""
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
    decision: Literal["accepted", "accepted_deferred", "notified", "refused"] | None = None
    """The decision the window took on the case when it took it (容缺 ``accepted_deferred``,
    一次性告知 ``notified``), fixed whatever came since: the materials supplied, an acceptance
    on the applicant's return, the back office's steps. None: none (a case withdrawn or voided
    first), or a platform from before the field (the reader then goes by ``state`` and
    ``deferral_due``)."""
    bundle_id: str | None = None
    """高效办成一件事: the id shared by the cases decided together with this one; None: decided
    alone, or a platform from before bundles."""
    bundle_name: str | None = None
    """That bundle's name (e.g. 失业一件事)."""


class HallCaseHistory(BaseModel):
    """``GET /v1/hall/cases/{case_id}/history``: every item the feed carried for one case of
    the device's hall, oldest first."""

    case_id: uuid.UUID
    entries: list[HallCase]
