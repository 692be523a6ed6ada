"""The hall queue's summary of a case (``case_summaries``, the ``hall_queue`` feed): what a
supervisor sees of another window's case. No personal data: no applicant at all.

Pure: the store writes the rows these functions build, in the transaction that stored the
version or recorded the back-office step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.evaluation import BAD_LEVELS, CLOSED_STATES, followup_state
from counter_app.domain.exemptions import Verification
from counter_app.domain.fees import NO_RESULT_STATES, PaymentMethod
from counter_app.domain.hall_queue import (
    BAD_RATING,
    DATED_AHEAD,
    DEFERRED_MATERIALS,
    ELICENCE_UNVERIFIED,
    PAYMENT_TWICE,
    REFUND_OWED,
    UNPAID,
)
from sync.wire.signing import MAX_CLOCK_SKEW_SECONDS

# The columns after ``seq``, in the order the row tuples hold them.
COLUMNS = (
    "case_id",
    "hall",
    "case_no",
    "window_code",
    "clerk",
    "item_code",
    "item_name",
    "state",
    "data_version",
    "kind",
    "actor",
    "note",
    "at",
    "received_at",
    "accepted_at",
    "promised_date",
    "deferral_due",
    "flags",
    "decision",
)
INSERT = (
    f"INSERT INTO case_summaries ({', '.join(COLUMNS)}) "  # noqa: S608 - constant column names
    f"VALUES ({', '.join('?' * len(COLUMNS))})"
)
# A back-office step: the case's latest summary with the new state and the step's actor
# (one statement, so it reads the summary the step's own transaction sees); a step that ends
# the case (the platform's withdrawal, the carrier's delivery) with no deferral due and only
# the flags that outlive it (``ended_flags``); the window's decision stays. Parameters:
# state, actor, note, at, ended, flags, case_id.
INSERT_PROGRESS = (
    f"INSERT INTO case_summaries ({', '.join(COLUMNS)}) "  # noqa: S608 - constant column names
    "SELECT case_id, hall, case_no, window_code, clerk, item_code, item_name, ?, data_version,"
    " 'progress', ?, ?, ?, received_at, accepted_at, promised_date,"
    " CASE WHEN ? THEN NULL ELSE deferral_due END, COALESCE(?, flags), decision"
    " FROM case_summaries WHERE case_id = ? ORDER BY seq DESC LIMIT 1"
)
LATEST_FLAGS = "SELECT flags FROM case_summaries WHERE case_id = ? ORDER BY seq DESC LIMIT 1"
# The same with the state the summary says the case is in (an ended case takes no new flag).
LATEST_STATE_AND_FLAGS = (
    "SELECT state, flags FROM case_summaries WHERE case_id = ? ORDER BY seq DESC LIMIT 1"
)


# What outlives a case's end: a bad rating's follow-up, a double payment's refund, a fee
# paid for a case that ended without its result, dates a window's clock put ahead.
_OUTLIVING = (BAD_RATING, PAYMENT_TWICE, REFUND_OWED, DATED_AHEAD)


def ended_flags(flags: str) -> str:
    """A summary's flags (JSON) once its case has ended: a bad rating's follow-up and a
    double payment's check go on, no deferred material and no fee is waited for."""
    return json.dumps([flag for flag in json.loads(flags) if flag in _OUTLIVING])


# The latest summary, state kept, with other flags and a note: the payment platform
# confirmed the fee (without ``unpaid``), a window was refused a pre-application another case
# used first (with ``preapp_used_twice``). Parameters: note, at, flags, case_id.
INSERT_REFLAGGED = (
    f"INSERT INTO case_summaries ({', '.join(COLUMNS)}) "  # noqa: S608 - constant column names
    "SELECT case_id, hall, case_no, window_code, clerk, item_code, item_name, state,"
    " data_version, 'progress', 'platform', ?, ?, received_at, accepted_at, promised_date,"
    " deferral_due, ?, decision FROM case_summaries WHERE case_id = ? ORDER BY seq DESC LIMIT 1"
)
# A case's history (``case_history``) and the ``hall_queue`` feed's items: its summaries
# without the hall.
HISTORY_KEYS = ("sequence", *(c for c in COLUMNS if c != "hall"))


def summary_item(keys: tuple[str, ...], row: Any) -> dict[str, Any]:
    """A stored summary row (``keys``) as an item: flags decoded, ``rating_declined`` a bool."""
    item = dict(zip(keys, row, strict=True))
    item["flags"] = json.loads(item["flags"])
    if "rating_declined" in item:
        item["rating_declined"] = bool(item["rating_declined"])
    return item


def version_summary(
    document: CaseDocument,
    *,
    hall: str,
    window: str,
    at: str,
    catalog_flags: Sequence[str] = (),
    duplicate_flags: Sequence[str] = (),
    paid_on_platform: bool = False,
) -> tuple[Any, ...]:
    """The summary row of a stored version; ``hall`` and ``window`` are the authenticated
    device's (what the platform itself vouches for), ``at`` when it was stored;
    ``catalog_flags`` what the platform found of the catalog the case names against the one
    in force when the case was received (``item_withdrawn``, ``catalog_changed`` and what
    changed, ``catalog_unknown``: ``BatchPlan``); ``duplicate_flags`` what it found of
    another case the case repeats (``central.store.duplicates``); ``paid_on_platform``
    whether the payment platform confirmed the case's fee, which a card payment in the
    version then repeats (``payment_twice``), and without which the version's own claim of
    a payment there leaves the fee ``unpaid``. An open case with an e-licence the register
    did not confirm is ``elicence_unverified`` (``unverified_licences``). A fee paid for a
    case that ended without its result is owed back (``refund_owed``). A version carrying the refund flags neither. The document's case id, number and version are
    those its submission was checked and filed under: a push whose payload names others is
    refused (``payload_mismatch``)."""
    # A case whose story is over (voided, withdrawn, refused, terminated, delivered) waits
    # for no deferred material and no fee; a bad rating's follow-up goes on after it.
    ended = document.state in TERMINAL_STATES
    deferred = [
        m.deadline
        for m in document.materials
        if m.status == MaterialStatus.DEFERRED and m.deadline is not None and not ended
    ]
    flags = [DEFERRED_MATERIALS] if deferred else []
    if not ended and unverified_licences(document):
        flags.append(ELICENCE_UNVERIFIED)
    followup = document.evaluation_followup
    if followup is not None and followup_state([s.step for s in followup.steps]) not in (
        CLOSED_STATES
    ):
        flags.append(BAD_RATING)
    # A payment on the payment platform is the platform's to confirm: the window's claim of
    # one the platform never confirmed pays nothing (``central.store.push``).
    unconfirmed = document.payment_method is PaymentMethod.PLATFORM and not paid_on_platform
    paid = document.paid_at is not None and not unconfirmed
    if document.fee_cents is not None and not paid and not ended:
        flags.append(UNPAID)
    # A refund the window recorded (a supervisor's, with its voucher) settles either.
    refunded = document.refund is not None
    if paid_on_platform and document.payment_method is PaymentMethod.POS and not refunded:
        flags.append(PAYMENT_TWICE)
    if (
        not refunded
        and document.fee_cents is not None
        and document.state in NO_RESULT_STATES
        and (paid or paid_on_platform)
    ):
        flags.append(REFUND_OWED)  # paid, and ended without the result it paid for
    flags.extend(catalog_flags)
    flags.extend(duplicate_flags)
    return (
        document.case_id,
        hall,
        document.case_no,
        window,
        document.clerk,
        document.service_item.code,
        document.service_item.name,
        str(document.state),
        document.data_version,
        "version",
        document.updated_by or document.clerk,
        "",
        at,
        document.received_at,
        document.accepted_at,
        document.promised_date,
        min(deferred) if deferred else None,
        json.dumps(flags),
        window_decision(document),
    )


def unverified_licences(document: CaseDocument) -> list[str]:
    """The codes of the materials the window marked exempt by an e-licence the register did
    not confirm (``failed``): their task is the clerk's and the supervisor's, and the
    material is not in the case until the paper one or a new lookup closes it."""
    return [
        line.code
        for line in document.materials
        if line.licence is not None and line.licence.verification == Verification.FAILED
    ]


def document_moment(text: str) -> datetime | None:
    """A document's time as a moment (one without its zone is UTC, as the document says
    its times are), or None if it is none."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def dated_ahead_flags(document: CaseDocument, arrived: str) -> tuple[str, ...]:
    """``dated_ahead`` when the document says it was received or made later than it
    ``arrived`` at the platform, beyond the clock skew the platform allows a device: the
    window's clock ran ahead (offline, a year fast, say), so are its dates."""
    limit = datetime.fromisoformat(arrived) + timedelta(seconds=MAX_CLOCK_SKEW_SECONDS)
    stated = (document.received_at, document.updated_at or "")
    moments = (m for m in map(document_moment, stated) if m is not None)
    return (DATED_AHEAD,) if any(m > limit for m in moments) else ()


def window_decision(document: CaseDocument) -> str | None:
    """The decision the window took on the case when it took it (a ``CaseState`` value:
    ``accepted``, ``accepted_deferred`` 容缺, ``notified`` 一次性告知 or ``refused``), as
    every version of the case still tells it: the day's figures of every PC count the case
    under it on the day in its number, whatever happened to it since. None: a version that
    tells none (a case withdrawn or voided before any decision)."""
    if document.accepted_at is not None and document.accepted_at != document.received_at:
        # Accepted after the moment it was taken: only a case the window notified is
        # accepted later (the applicant came back with what the notice listed).
        return CaseState.NOTIFIED.value
    if document.accepted_at is not None:
        # A material deferred at acceptance keeps its deadline once supplied (补齐回执).
        deferred = any(m.deadline is not None for m in document.materials)
        return (CaseState.ACCEPTED_DEFERRED if deferred else CaseState.ACCEPTED).value
    if document.shortfalls or document.state == CaseState.NOTIFIED:
        return CaseState.NOTIFIED.value
    if document.state == CaseState.REFUSED:
        return CaseState.REFUSED.value
    return None


# A stored version's facts for the statistics (``case_service_facts``): the newest version's.
# A bad rating whose appeal the platform upheld (``rating_appeal_decisions``, decided by a
# city-level reviewer) has no level there: every window's figures leave it out, as the
# accepting window's own do. What a window's version says of the appeal counts for nothing
# here, or a window could drop its own bad rating. Parameters: ``service_facts``.
_BAD_LEVEL = f"CAST(? AS INTEGER) IN ({', '.join(str(level) for level in BAD_LEVELS)})"
_UPHELD = (
    "EXISTS (SELECT 1 FROM rating_appeal_decisions d WHERE d.case_id = ? AND d.decision = 'upheld')"
)
UPSERT_SERVICE_FACTS = (
    "INSERT INTO case_service_facts (case_id, card_read_at, rating_level, rating_declined) "  # noqa: S608 - constant text
    f"VALUES (?, ?, CASE WHEN {_BAD_LEVEL} AND {_UPHELD} THEN NULL"
    " ELSE CAST(? AS INTEGER) END, ?) ON CONFLICT (case_id) DO UPDATE SET "
    "card_read_at = excluded.card_read_at, rating_level = excluded.rating_level, "
    "rating_declined = excluded.rating_declined"
)


def service_facts(document: CaseDocument) -> tuple[Any, ...]:
    """The parameters of ``UPSERT_SERVICE_FACTS`` for a stored version (of the case its
    submission names: see ``version_summary``): the case, when its card was read, its
    rating's level (with the case again, to look for an upheld appeal) and whether the
    applicant declined to rate."""
    rating = document.evaluation
    level = rating.level if rating is not None else None
    return (
        document.case_id,
        document.card_read_at,
        level,
        document.case_id,
        level,
        1 if rating is not None and rating.declined else 0,
    )


def without_unpaid(flags: str) -> str:
    """A summary's flags (JSON) once its fee is paid."""
    return json.dumps([flag for flag in json.loads(flags) if flag != UNPAID])


def settle_paid(summaries: list[tuple[Any, ...]], paid: set[str]) -> list[tuple[Any, ...]]:
    """``summaries`` of a batch with ``unpaid`` dropped from the cases in ``paid``: a
    payment the platform confirmed stands against a version the window wrote before it
    heard of it."""
    flags_at = COLUMNS.index("flags")
    return [
        (*row[:flags_at], without_unpaid(row[flags_at]), *row[flags_at + 1 :])
        if row[0] in paid
        else row
        for row in summaries
    ]
