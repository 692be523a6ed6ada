"""The change feeds this client applies, and how each item lands in the local store.

Every applier runs inside the page transaction of ``sync.pull`` and uses the core's own
loaders and rules (catalog and calendar loaders, case state transitions), never its own.
Progress moves a case only through the domain's transitions (``apply_progress_event``).
An item the core refuses (a catalog version re-published with other content, a calendar
that fails validation) is logged and skipped: the cursor moves on so one bad document
cannot stop every later update; the operator publishes a corrected version. A catalog or
calendar refused is kept too (``sync.status_refusals``): the window tells that it goes on
with an older one until a corrected version loads.
"""

from __future__ import annotations

import logging
from datetime import datetime

from counter_app.domain.case_states import CaseState
from counter_app.domain.delivery import PostalStatus
from counter_app.errors import CounterError, IllegalTransition
from counter_app.services.auth import Accounts
from counter_app.services.case_changes import PLATFORM_ACTOR
from counter_app.services.case_progress import apply_progress
from counter_app.services.delivery import apply_delivery_report
from counter_app.services.evaluations import apply_appeal_decision, apply_online_evaluation
from counter_app.services.payments import apply_platform_payment
from counter_app.store import sync_writes
from counter_app.store.calendar import load_calendar_version
from counter_app.store.case_writes import insert_event
from counter_app.store.catalog import load_catalog_version
from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, upsert_hall_case
from counter_app.store.platform_steps import record_step_not_applied
from counter_app.store.sqlite_failures import DiskFailed, DiskFull
from counter_app.store.timestamps import now_text, to_text
from sync.arrivals import apply_arrival, arrival_window
from sync.instructions import apply_hall_problem, apply_instruction
from sync.own_cases import department_step, hold_step_of_missing_case
from sync.pull import Feed, apply_notice
from sync.reviews import apply_review
from sync.status_refusals import clear_refusal, record_refusal
from sync.wire.arrivals import Arrival
from sync.wire.feeds import HallCase, ProgressEvent, PublishedDocument
from sync.wire.notices import Notice
from sync.wire.problems import HallProblem, Instruction
from sync.wire.reviews import CaseReview
from sync.wire.staff import StaffAccount

log = logging.getLogger(__name__)


def apply_catalog(store: Store, item: PublishedDocument) -> bool:
    """A catalog version the platform published, kept with the moment it comes into force
    when sent ahead of its day; one the core refuses is kept as refused
    (``sync.status_refusals``) for sync, status and doctor to tell, and a newer one that
    loads ends that."""
    effective = None if item.effective_from is None else to_text(item.effective_from)
    try:
        loaded = load_catalog_version(
            store,
            item.document,
            source=f"platform:catalog:{item.version}",
            effective_from=effective,
        )
    except (DiskFull, DiskFailed):
        raise  # the disk's failure, not the document's: the page is not taken
    except CounterError as exc:
        _refused(store, "catalog", item.version, exc)
        return False
    clear_refusal(store, "catalog", loaded)
    return True


def apply_calendar(store: Store, item: PublishedDocument) -> bool:
    """A calendar version the platform published, as :func:`apply_catalog` a catalog's."""
    try:
        loaded = load_calendar_version(
            store, item.document, source=f"platform:calendar:{item.version}"
        )
    except (DiskFull, DiskFailed):
        raise
    except CounterError as exc:
        _refused(store, "calendar", item.version, exc)
        return False
    if loaded is None:
        return False
    clear_refusal(store, "calendar", loaded)
    return True


def _refused(store: Store, feed: str, version: int, exc: CounterError) -> None:
    log.warning(
        "%s version %d from the platform not loaded, its document refused: %s",
        feed,
        version,
        exc.en,
    )
    record_refusal(store, feed, version, exc)


def apply_progress_event(store: Store, event: ProgressEvent) -> bool:
    """A back-office step for one of this workstation's cases, through the domain's own
    transition rules (the news of a posted result also keeps its waybill and postal status
    beside the case). It changes the case's state only, never its content, so a newer local
    version still waiting in the outbox is untouched and still goes out. When the local state
    forbids the step (e.g. the case was withdrawn here and that is not uploaded yet), the
    local decision stands and the refused step is recorded on the case for the supervisor,
    at the time it happened (``platform_steps.record_step_not_applied``).
    A step to the very state of a withdrawal the platform keeps in conflict (the platform
    withdrew the case too) settles that conflict (``sync_writes.settle_conflict``)."""
    case_id = str(event.case_id)
    if store.db.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
        # A case of another window of this hall; or one of this workstation's own, lost with
        # a restore from an older backup: this run fetches it back after the feeds, in the
        # state the platform holds (``sync.own_cases``).
        hold_step_of_missing_case(store, event)
        return False
    if event.payment_reference is not None:
        return _apply_payment(store, case_id, event)
    if event.evaluation_channel is not None and event.evaluation_level is not None:
        return _apply_online_rating(store, case_id, event)
    if event.appeal_decision is not None:
        return _apply_appeal_decision(store, case_id, event)
    try:
        if event.delivery_status is not None and event.waybill is not None:
            # A posted result's news: its waybill, and the carrier's delivery.
            return apply_delivery_report(
                store,
                case_id,
                waybill=event.waybill,
                status=PostalStatus(event.delivery_status),
                note=event.note,
                at=event.at,
            )
        return apply_progress(
            store,
            case_id,
            event.state,
            note=event.note,
            at=event.at,
            materials=event.correction_materials,
            fields=event.correction_fields,
            department=event.department,
        ) or _settle_conflict(store, case_id, event)
    except IllegalTransition as exc:
        # The window's own act got there first, or the case moved past the step: the step
        # happened all the same, and the history shows it in its place, not applied here.
        log.warning("progress %s for case %s not applied: %s", event.state, case_id, exc.en)
        with store.transaction() as db:
            record_step_not_applied(
                db, case_id, department_step(event), {"zh": exc.zh, "en": exc.en}
            )
        return False


# The conflicts about a case's state alone, by the step that settles them: the window's
# withdrawal of a case the department had taken into processing, once the platform (the
# only one who then may) withdraws it as well.
_SETTLED_BY_STEP = {CaseState.WITHDRAWN.value: "withdrawn_after_step"}


def _settle_conflict(store: Store, case_id: str, event: ProgressEvent) -> bool:
    """The step found the case already in its state: when that is a version the platform
    keeps in conflict about that very state, the two sides now agree and the conflict is
    settled; otherwise the feed repeated itself and nothing is written."""
    reason = _SETTLED_BY_STEP.get(event.state)
    if reason is None:
        return False
    with store.transaction() as db:
        version = sync_writes.settle_conflict(
            db,
            store.audit,
            case_id=case_id,
            state=event.state,
            reason=reason,
            note=event.note,
            actor=PLATFORM_ACTOR,
            at=to_text(event.at),
        )
    if version is None:
        return False
    log.info(
        "case %s: the platform's step %s settles the conflict of v%d", case_id, event.state, version
    )
    return True


def _apply_payment(store: Store, case_id: str, event: ProgressEvent) -> bool:
    """The payment platform confirmed the case's fee: a new version marks it paid (once),
    a case that ended without a result meanwhile (withdrawn before the upload) too, its money
    then owed back; a case paid by card at the window meanwhile keeps that payment and the
    confirmation is recorded as its second one (``apply_platform_payment``). A confirmation
    that is not this case's (reference, amount) is recorded on the case for the supervisor,
    like a refused step."""
    reference = event.payment_reference or ""
    try:
        return apply_platform_payment(
            store, case_id, reference, event.amount_cents or 0, event.paid_at or event.at
        )
    except CounterError as exc:
        log.warning("payment %s for case %s not applied: %s", reference, case_id, exc.en)
        _not_applied(store, case_id, "payment", reference, sequence=event.sequence, reason=exc)
        return False


def _apply_online_rating(store: Store, case_id: str, event: ProgressEvent) -> bool:
    """The applicant rated the case on its progress page: a new version carries the rating.
    One the hall would refuse (a level or reason it does not know) is recorded on the case
    for the supervisor, like a refused step."""
    level = event.evaluation_level or 0
    try:
        return apply_online_evaluation(
            store, case_id, level, event.evaluation_reason_code, event.at
        )
    except CounterError as exc:
        log.warning("online rating for case %s not applied: %s", case_id, exc.en)
        _not_applied(store, case_id, "rating", level, sequence=event.sequence, reason=exc)
        return False


def _apply_appeal_decision(store: Store, case_id: str, event: ProgressEvent) -> bool:
    """The platform's reviewer decided the hall's appeal of the case's bad rating: a new
    version records it on the follow-up. One that finds no appeal waiting here is recorded on
    the case for the supervisor, like a refused step."""
    try:
        return apply_appeal_decision(
            store,
            case_id,
            upheld=event.appeal_decision == "upheld",
            reason=event.appeal_reason or "",
            by=event.appeal_by or PLATFORM_ACTOR,
            at=event.at,
        )
    except CounterError as exc:
        log.warning("appeal decision for case %s not applied: %s", case_id, exc.en)
        _not_applied(
            store, case_id, "appeal", event.appeal_decision, sequence=event.sequence, reason=exc
        )
        return False


def apply_hall_case(store: Store, item: HallCase) -> bool:
    """The platform's newest summary of a case of this hall (any window's), for the queue."""
    row = HallCaseRow(
        case_id=str(item.case_id),
        sequence=item.sequence,
        case_no=item.case_no,
        window_code=item.window_code,
        clerk=item.clerk,
        item_code=item.item_code,
        item_name=item.item_name,
        state=item.state,
        data_version=item.data_version,
        updated_at=to_text(item.at),
        received_at=item.received_at,
        accepted_at=item.accepted_at,
        promised_date=item.promised_date,
        deferral_due=item.deferral_due,
        flags=tuple(item.flags),
        acknowledged_at=item.acknowledged_at,
        card_read_at=item.card_read_at,
        rating_level=item.rating_level,
        rating_declined=item.rating_declined,
        fee_cents=item.fee_cents,
        decision=item.decision,
        bundle_id=item.bundle_id,
        bundle_name=item.bundle_name,
    )
    with store.transaction() as db:
        return upsert_hall_case(db.conn, row)


def apply_staff_account(store: Store, item: StaffAccount) -> bool:
    """An account of this hall's staff register as the platform now states it: a clerk signs
    in at any window of the hall, offline too, a supervisor with the one-time codes set up at
    any of them; a disabling, a role change, a reset of the codes or the platform's unlock
    holds from here."""
    Accounts(store).apply_platform_account(
        item.username,
        item.display_name,
        item.role,
        disabled=item.disabled,
        verifier=item.verifier,
        unlocked_at=item.unlocked_at,
        must_change_password=item.must_change_password,
        second_factor=item.second_factor,
    )
    return True


def ask_for_versions_ahead(store: Store, now: datetime) -> dict[str, str]:
    """The catalog feed's parameter asking for versions ahead of their day as well: this
    window keeps them and switches at their moment (``apply_catalog``). The same at every
    pull; it takes the store and the moment only because a feed's parameters are asked so."""
    return {"ahead": "1"}


# Order matters: catalog and calendar first, so progress and notices see current reference data.
DEFAULT_FEEDS: dict[str, Feed] = {
    "catalog": Feed("catalog", PublishedDocument, apply_catalog, params=ask_for_versions_ahead),
    "calendar": Feed("calendar", PublishedDocument, apply_calendar),
    "progress": Feed("progress", ProgressEvent, apply_progress_event, hall_scoped=True),
    "notices": Feed("notices", Notice, apply_notice, hall_scoped=True),
    "hall_queue": Feed("hall_queue", HallCase, apply_hall_case, hall_scoped=True),
    "staff": Feed("staff", StaffAccount, apply_staff_account, hall_scoped=True),
    "arrivals": Feed("arrivals", Arrival, apply_arrival, hall_scoped=True, params=arrival_window),
    "problems": Feed("problems", HallProblem, apply_hall_problem, hall_scoped=True),
    "instructions": Feed("instructions", Instruction, apply_instruction, hall_scoped=True),
    "reviews": Feed("reviews", CaseReview, apply_review, hall_scoped=True),
}


def _not_applied(
    store: Store, case_id: str, what: str, value: object, *, sequence: int, reason: CounterError
) -> None:
    """Record on the case that a feed item (``what``: payment, rating, appeal) was not
    applied, and why in both languages (``{"zh", "en"}``: the history shows the clerk's),
    for the supervisor to see in its history."""
    with store.transaction() as db:
        insert_event(
            db,
            case_id=case_id,
            at=now_text(),
            actor="sync",
            kind="sync",
            from_state=None,
            to_state=None,
            detail={
                f"{what}_not_applied": value,
                "sequence": sequence,
                "reason": {"zh": reason.zh, "en": reason.en},
            },
        )
