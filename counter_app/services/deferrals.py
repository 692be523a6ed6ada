"""容缺后补 at the window that accepted the case: the deferred materials a case still waits
for are supplied there (the last one makes the case accepted), the supervisor sees which
deferrals fall due and whom to phone about them (the number revealed on purpose, audited),
and a deferral whose deadline has passed ends on its own (终止受理).

The platform may take a 容缺 case into processing before its materials are in (DOMAIN.md
§3: ``accepted_deferred`` → ``in_process``). Until the department decides, such a case
still owes them: it stays listed, and what the applicant brings is supplied to it as to
any 容缺 case (the case stays where the department has it). Its deadline passing does not
end it here: the department holds the case now, and only the platform moves it on (a
denial, ``completed_denied``); the window cannot end a case in processing, and doing so
would race the department's own decision.

:func:`expire_overdue` is the one place deferrals end: the window runs it on its worker at
start-up, every sync run calls it, and so does ``counter-app deferrals expire``. Each end
issues its 终止受理通知书 in the same transaction. An end cannot be undone, so it waits for a
clock the platform confirmed (``clock_sanity.clock_confirmed``): a clock moved a year ahead
offline would end every open deferral on a date that has not come.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_app.domain.case_states import DEFERRAL_OWING_STATES, STATE_NAMES, CaseState
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.documents import DocumentKind
from counter_app.domain.hall_time import hall_today
from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services import later_materials
from counter_app.services.approval import SUPERVISOR_ROLES, require_role
from counter_app.services.auth import User
from counter_app.services.clock_sanity import clock_confirmed, this_boot
from counter_app.services.document_register import issue_unrendered
from counter_app.store import cases as case_rows
from counter_app.store.case_plaintext import reveal_applicant
from counter_app.store.cases import CaseRecord
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.platform_clock import BootReading, ClockNow
from counter_app.store.timestamps import utc_now

log = logging.getLogger(__name__)

# Who ends an overdue deferral at start-up and in a sync run: nobody pressed a key for it.
EXPIRY_ACTOR = "system:deferral-expiry"
# The purpose the audit log gives for a supervisor's look at the phone of a deferral's applicant.
CONTACT_PURPOSE = "deferral_due_contact"


@dataclass(frozen=True)
class OpenDeferral:
    """A case that owes deferred materials (:func:`owes_deferred`): what it still waits for
    and by when (the earliest deadline of its deferred materials, a hall-local day)."""

    case_id: str
    case_no: str
    service_item_name: str
    applicant_masked_id: str
    deadline: date
    materials: tuple[str, ...]  # codes of the materials still deferred
    overdue: bool
    material_names: tuple[str, ...]  # their names, as the window shows them
    applicant_name: str  # in full, as the case list and the pick-up list show it
    applicant_masked_phone: str | None  # None: the applicant left no phone
    # accepted_deferred, or a state of processing: the department took the case before the
    # materials came, and decides it (an overdue one is not ended by the window).
    state: str


@dataclass(frozen=True)
class ApplicantContact:
    """Whom the supervisor phones before a deferral falls due; ``phone`` in clear (``None``:
    the applicant left none)."""

    case_no: str
    applicant_name: str
    phone: str | None


@dataclass(frozen=True)
class Supplied:
    case_id: str
    case_no: str
    data_version: int
    state: str
    remaining: tuple[str, ...]  # codes still deferred; empty once all are in


def owes_deferred(record: CaseRecord) -> bool:
    """Whether ``record`` still waits for a deferred material that can be supplied: one is
    still deferred and the case is in one of the ``DEFERRAL_OWING_STATES``."""
    return record.state in DEFERRAL_OWING_STATES and any(
        m.status == MaterialStatus.DEFERRED.value for m in record.materials
    )


def supply(
    store: Store,
    reference: str,
    clerk: User,
    codes: Sequence[str],
    *,
    now: datetime | None = None,
) -> Supplied:
    """Record the deferred materials ``codes`` as received (in the first form the catalog
    accepts, in the count it asks for) on the case ``reference`` (UUID or case number), one
    that owes them (:func:`owes_deferred`)."""
    record = case_rows.find_case(store, reference)
    if not owes_deferred(record):
        zh_state, en_state = STATE_NAMES[CaseState(record.state)]
        raise ValidationError(
            f"办件 {record.case_no} 没有待补的容缺材料（当前状态：{zh_state}）。",
            f"Case {record.case_no} owes no deferred materials (it is '{en_state}'); nothing "
            "is due.",
            field="case",
        )
    situation = get_item(store, record.service_item_code, record.catalog_version).situation(
        record.situation_code
    )
    requirements = {m.code: m for m in situation.materials} if situation else {}
    marks = [
        # A code the case does not have stays a bare mark: complete_deferred refuses it.
        SubmittedMaterial(code, MaterialStatus.RECEIVED, requirement.forms[0], requirement.count)
        if (requirement := requirements.get(code))
        else SubmittedMaterial(code, MaterialStatus.RECEIVED)
        for code in dict.fromkeys(codes)
    ]
    version = later_materials.complete_deferred(store, record.case_id, clerk, marks, now=now)
    after = case_rows.get_case(store, record.case_id)
    remaining = tuple(m.code for m in after.materials if m.status == MaterialStatus.DEFERRED.value)
    return Supplied(record.case_id, record.case_no, version, after.state, remaining)


def record_viewed(
    store: Store, actor: str, found: Sequence[OpenDeferral], due_within: int | None
) -> None:
    """The list of ``found`` names applicants (and their masked phones): who read it is
    logged (``deferrals.view``); an empty list names nobody and is not."""
    if found:
        store.audit.record(
            actor, "deferrals.view", None, {"cases": len(found), "due_within": due_within}
        )


def open_deferrals(
    store: Store, *, today: date, due_within: int | None = None
) -> list[OpenDeferral]:
    """This window's open deferrals (the cases this workstation accepted that owe deferred
    materials), soonest deadline first; with ``due_within`` only those due within that many
    days of ``today`` (0: due today; overdue ones always included)."""
    found = []
    owing = (
        record
        for state in DEFERRAL_OWING_STATES
        for record in case_rows.list_cases(store, state=state.value, limit=None)
    )
    for record in owing:
        deferred = [m for m in record.materials if m.status == MaterialStatus.DEFERRED.value]
        deadlines = [date.fromisoformat(m.deadline) for m in deferred if m.deadline]
        if not deadlines:
            continue
        deadline = min(deadlines)
        if due_within is not None and deadline > today + timedelta(days=due_within):
            continue
        found.append(
            OpenDeferral(
                case_id=record.case_id,
                case_no=record.case_no,
                service_item_name=record.service_item_name,
                applicant_masked_id=record.applicant_masked_id,
                deadline=deadline,
                materials=tuple(m.code for m in deferred),
                overdue=deadline < today,
                material_names=tuple(m.name for m in deferred),
                applicant_name=record.applicant_name,
                applicant_masked_phone=record.applicant_masked_phone,
                state=record.state,
            )
        )
    return sorted(found, key=lambda d: (d.deadline, d.case_no))


def contact_applicant(store: Store, case_id: str, viewer: User) -> ApplicantContact:
    """The applicant's phone in clear, for a supervisor or an administrator to call before
    the case's deferral falls due. The disclosure is audited (``applicant.reveal``, purpose
    ``deferral_due_contact``): sensitive personal data is revealed on purpose only (PIPL
    art. 28), so a clerk is refused, and so is a case no longer waiting for its materials."""
    require_role(store.audit, viewer, SUPERVISOR_ROLES, action="deferrals.contact", target=case_id)
    record = case_rows.get_case(store, case_id)
    if not owes_deferred(record):
        raise ValidationError(
            f"办件 {record.case_no} 已不在容缺待补状态，无须联系申请人补交材料。",
            f"Case {record.case_no} no longer waits for deferred materials; there is no "
            "need to contact the applicant about them.",
            field="case",
        )
    revealed = reveal_applicant(
        store, case_id, actor=viewer.username, purpose=CONTACT_PURPOSE, fields=("phone",)
    )
    return ApplicantContact(record.case_no, revealed.name, revealed.phone)


def expire_overdue(
    store: Store, *, actor: str, now: datetime | None = None, boot: BootReading | None = None
) -> list[OpenDeferral]:
    """End every deferral whose deadline has passed (hall-local day) as deferred_terminated,
    each a new version queued for the platform and audited as ``actor``, and issue its
    终止受理通知书 (entered unrendered, not printed yet). Returns those ended. A case the
    department took into processing meanwhile stays listed, overdue: it decides that case.
    Nothing ends while the platform has not confirmed the clock reading ``now`` (``boot``:
    the boot clock read with it; default: the system's clocks now)."""
    moment = now or utc_now()
    if not clock_confirmed(store, ClockNow(moment, boot or this_boot())):
        log.info("overdue deferrals wait for the platform to confirm this clock")
        return []
    ended = []
    for deferral in open_deferrals(store, today=hall_today(moment)):
        if not deferral.overdue or deferral.state != CaseState.ACCEPTED_DEFERRED.value:
            continue
        try:
            # The notice is issued with the termination, for the window or `print` to print.
            with store.transaction():
                later_materials.terminate_deferred(store, deferral.case_id, actor, now=moment)
                issue_unrendered(
                    store, deferral.case_id, DocumentKind.TERMINATION, actor=actor, now=moment
                )
        except IllegalTransition:
            # Supplied or voided since it was listed (the window and the sync process each
            # run this), or taken into processing by the platform: nothing to end now.
            log.info("deferral of %s changed meanwhile; not terminated", deferral.case_no)
            continue
        ended.append(deferral)
    return ended
