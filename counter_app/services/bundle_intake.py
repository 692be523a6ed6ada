"""高效办成一件事 at the counter: one decision on a bundle (``domain.bundles``) creates one
case per member item taken, all in ONE transaction (all or none), linked by a bundle id.

The applicant is read once and the clerk marks one merged checklist; each member is then
decided by its own share of those marks: complete → accepted; only non-core materials
missing and a supervisor's 容缺 approval → accepted with them deferred; otherwise notified
(一次性告知) of what it lacks. So the applicant leaves with what could be accepted accepted
and one notice for the rest. A refusal is no bundle decision: the clerk leaves that item out
and decides it alone. Qt-free: the window and the command line both call this.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from counter_app.domain.bundles import (
    ServiceBundle,
    SharedMaterial,
    member_marks,
    shared_checklist,
)
from counter_app.domain.case_document import CaseBundle
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import ServiceItem, Situation
from counter_app.domain.checklist import (
    MaterialStatus,
    Shortfall,
    ShortfallKind,
    SubmittedMaterial,
)
from counter_app.domain.delivery import DeliveryChoice
from counter_app.domain.exemptions import LicenceFound
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CounterError, NotFound, ValidationError
from counter_app.identity.provenance import IdentitySource
from counter_app.services.auth import User
from counter_app.services.intake import (
    IntakeResult,
    decide_within,
    earlier_result,
    notice_marks,
    request_uuid,
)
from counter_app.services.intake_checks import IntakeRejected, PlannedRequest, decision_day
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.services.intake_validation import ValidatedRequest, validate_request
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store import cases as case_rows
from counter_app.store.calendar import catalog_and_calendar_versions
from counter_app.store.catalog import get_bundle, get_item
from counter_app.store.database import Store
from counter_app.store.timestamps import as_utc, to_text, utc_now

# Fields of a member's problem that are the whole submission's (the applicant and the agent
# read once, the delivery, the approvals): reported once, not once per member.
_SHARED_FIELDS = frozenset(
    {
        "applicant",
        "agent",
        "delivery",
        "document_language",
        "expired_id_reason",
        "supervisor",
        "over_limit_reason",
        "request_id",
    }
)
# What a supervisor's 容缺 approval lets a member lack: non-core materials not handed in.
_DEFERRABLE = frozenset({ShortfallKind.MISSING, ShortfallKind.DEFERRED})


@dataclass(frozen=True)
class BundleRequest:
    bundle: str  # bundle code
    applicant: ApplicantInput
    items: tuple[str, ...] = ()  # the member item codes taken; (): every member
    situations: Mapping[str, str] = field(default_factory=dict)  # item code -> situation
    materials: Mapping[str, SubmittedMaterial] = field(default_factory=dict)  # row name -> mark
    # One UUID for the submission: member i's request id is uuid5(request_id, item code),
    # and a resubmission returns the cases the first one created.
    request_id: str | None = None
    catalog_version: int | None = None
    # Shared by every member, meaning as in IntakeRequest:
    identity_source: IdentitySource | None = None
    expired_id_reason: str = ""
    delivery: DeliveryChoice | None = None
    document_language: str | None = None
    eligibility_reason: str = ""
    card_read_at: datetime | None = None
    # Each member's e-licences by its item code: those a lookup serving that item found (the
    # platform's lookup log names one item per lookup, so a member takes only its own).
    licences: Mapping[str, Sequence[LicenceFound]] = field(default_factory=dict)
    elicence_consent_code: str | None = None
    agent: AgentInput | None = None
    agent_identity_source: IdentitySource | None = None


@dataclass(frozen=True)
class MemberOutcome:
    item: ServiceItem
    situation: Situation
    state: CaseState  # what the decision gives this member
    # What a notified member lacks, or what a 容缺 member is accepted without (deferred).
    shortfalls: tuple[Shortfall, ...]


@dataclass(frozen=True)
class BundleResult:
    bundle_id: str
    code: str
    name: str
    cases: tuple[IntakeResult, ...]  # in bundle order
    created: bool  # False when a resubmitted request found its earlier cases


@dataclass(frozen=True)
class _MemberPlan:
    outcome: MemberOutcome
    request: IntakeRequest  # the member's own request, its marks as the outcome needs them
    valid: ValidatedRequest  # that request validated
    rows: Mapping[str, str]  # its problems' material fields -> the merged checklist's


def plan_bundle(
    store: Store, request: BundleRequest, *, with_supervisor: bool, now: datetime | None = None
) -> tuple[MemberOutcome, ...]:
    """What ``decide_bundle`` would give each member taken, in bundle order, without
    writing anything (the window's live preview); ``with_supervisor``: a supervisor
    approves 容缺. ``IntakeRejected`` with every problem of invalid input."""
    moment = as_utc(now or utc_now())
    today = hall_today(moment)
    version, _ = catalog_and_calendar_versions(store, to_text(moment))
    _, plans = _plan(store, request, with_supervisor=with_supervisor, today=today, version=version)
    return tuple(plan.outcome for plan in plans)


def bundle_id_of(request_id: str) -> str:
    """The bundle id a submission's request id gives: the same request, the same bundle."""
    return str(uuid.uuid5(uuid.UUID(request_uuid(request_id)), "bundle"))


def decide_bundle(
    store: Store,
    request: BundleRequest,
    clerk: User,
    *,
    supervisor: User | None = None,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> BundleResult:
    """One case per member taken, each decided as ``plan_bundle`` says, written in one
    transaction with consecutive case numbers and one bundle id. ``supervisor``: an
    authenticated supervisor approving 容缺 (members lacking only non-core materials are
    then accepted with them deferred); ``over_limit`` covers every case of the bundle.
    ``IntakeRejected`` (nothing written) naming the member of every problem."""
    moment = as_utc(now or utc_now())
    bundle_id = bundle_id_of(request.request_id) if request.request_id else str(uuid.uuid4())
    with store.transaction() as db:
        earlier = case_rows.bundle_cases(store, bundle_id)
        if earlier:
            return _earlier_bundle(store, bundle_id, earlier)
        # The clock, the pause of intake, the catalog and calendar: once for every member.
        day = decision_day(store, over_limit=over_limit, now=moment)
        bundle, plans = _plan(
            store,
            request,
            with_supervisor=supervisor is not None,
            today=day.local_day,
            version=day.catalog_version,
        )
        linked = CaseBundle(
            id=bundle_id,
            code=bundle.code,
            name=bundle.name,
            items=[plan.outcome.item.code for plan in plans],
        )
        results: list[IntakeResult] = []
        problems: list[CounterError] = []
        for plan in plans:
            state = plan.outcome.state
            try:
                results.append(
                    decide_within(
                        db,
                        store,
                        replace(plan.request, bundle=linked),
                        clerk,
                        state,
                        supervisor=supervisor if state == CaseState.ACCEPTED_DEFERRED else None,
                        over_limit=over_limit,
                        now=moment,
                        planned=PlannedRequest(day, plan.valid),
                    )
                )
            except IntakeRejected as rejected:
                # The members before it are rolled back with the transaction; the ones after
                # it are still checked, so that the clerk sees every problem at once.
                problems.extend(
                    _of_member(plan.outcome.item, p, plan.rows) for p in rejected.problems
                )
        if problems:
            raise IntakeRejected(_once(problems))
    return BundleResult(bundle_id, bundle.code, bundle.name, tuple(results), created=True)


def _plan(
    store: Store,
    request: BundleRequest,
    *,
    with_supervisor: bool,
    today: date,
    version: int | None,
) -> tuple[ServiceBundle, list[_MemberPlan]]:
    """Each member's outcome and its request validated on the hall's ``today`` against
    catalog ``version``; ``IntakeRejected`` with every problem."""
    try:
        bundle = get_bundle(store, request.bundle, version)
    except NotFound as missing:
        raise IntakeRejected([missing]) from None
    members = {member.item: member for member in bundle.members}
    problems: list[CounterError] = []
    taken = [m.item for m in bundle.members if not request.items or m.item in request.items]
    strangers = [code for code in (*request.items, *request.situations) if code not in members]
    if strangers:
        problems.append(
            ValidationError(
                f"事项 {strangers[0]} 不属于“{bundle.name}”。",
                f"Item {strangers[0]} is not a member of '{bundle.name}'.",
                field="items",
            )
        )
    if not taken:
        problems.append(
            ValidationError(
                "请至少选择一个一件事中的事项。",
                "Take at least one item of the bundle.",
                field="items",
            )
        )
    pairs: list[tuple[ServiceItem, Situation]] = []
    for code in taken:
        # Present: a stored bundle was checked against its version's items when loaded.
        item = get_item(store, code, version)
        chosen = request.situations.get(code) or members[code].situation
        situation = item.situation(chosen)
        if situation is None:
            problems.append(
                ValidationError(
                    f"事项“{item.name}”没有编码为“{chosen}”的情形，请重新选择情形。",
                    f"The item '{item.name}' has no situation '{chosen}'.",
                    field=f"items[{code}].situation",
                )
            )
        else:
            pairs.append((item, situation))
    shared = shared_checklist(pairs)
    names = {row.name for row in shared}
    problems.extend(
        ValidationError(
            f"“{name}”不在“{bundle.name}”的材料清单中。",
            f"'{name}' is not on the materials checklist of '{bundle.name}'.",
            field=f"materials.{name}",
        )
        for name in request.materials
        if name not in names
    )
    marks = member_marks(shared, request.materials)
    plans = []
    for item, situation in pairs:
        own = _member_request(request, item.code, situation.code, marks.get(item.code, ()))
        rows = _row_fields(shared, request.materials, item.code)
        valid, found = validate_request(store, own, today, version)
        problems.extend(_of_member(item, p, rows) for p in found)
        if valid is None:
            continue
        problems.extend(_of_member(item, p, rows) for p in valid.checklist.errors)
        state, lacking = _outcome(valid.checklist.shortfalls, with_supervisor=with_supervisor)
        recorded = _recorded_marks(state, own.materials, lacking)
        if recorded != tuple(own.materials):
            own = replace(own, materials=recorded)
            # Validated again: its checklist is of the marks the decision records.
            valid, found = validate_request(store, own, today, version)
            problems.extend(_of_member(item, p, rows) for p in found)
            if valid is None:
                continue
            if state == CaseState.NOTIFIED:
                lacking = valid.checklist.shortfalls  # what was marked deferred now missing
        outcome = MemberOutcome(item, situation, state, lacking)
        plans.append(_MemberPlan(outcome, own, valid, rows))
    if problems:
        raise IntakeRejected(_once(problems))
    return bundle, plans


def _member_request(
    request: BundleRequest, code: str, situation: str, marks: Sequence[SubmittedMaterial]
) -> IntakeRequest:
    return IntakeRequest(
        service_item=code,
        applicant=request.applicant,
        materials=marks,
        situation=situation,
        request_id=str(uuid.uuid5(uuid.UUID(request_uuid(request.request_id)), code))
        if request.request_id
        else None,
        catalog_version=request.catalog_version,
        identity_source=request.identity_source,
        expired_id_reason=request.expired_id_reason,
        delivery=request.delivery,
        document_language=request.document_language,
        eligibility_reason=request.eligibility_reason,
        card_read_at=request.card_read_at,
        licences=request.licences.get(code, ()),
        elicence_consent_code=request.elicence_consent_code,
        agent=request.agent,
        agent_identity_source=request.agent_identity_source,
    )


def _outcome(
    shortfalls: tuple[Shortfall, ...], *, with_supervisor: bool
) -> tuple[CaseState, tuple[Shortfall, ...]]:
    if not shortfalls:
        return CaseState.ACCEPTED, ()
    deferrable = all(s.kind in _DEFERRABLE and not s.line.requirement.core for s in shortfalls)
    if deferrable and with_supervisor:
        return CaseState.ACCEPTED_DEFERRED, shortfalls
    return CaseState.NOTIFIED, shortfalls


def _recorded_marks(
    state: CaseState, marks: Sequence[SubmittedMaterial], lacking: tuple[Shortfall, ...]
) -> tuple[SubmittedMaterial, ...]:
    """The member's marks as its decision records them: 容缺 defers what it lacks; a notice
    grants no 容缺, so what was marked deferred is missing."""
    if state == CaseState.ACCEPTED_DEFERRED:
        return _deferring(marks, lacking)
    if state == CaseState.NOTIFIED:
        return notice_marks(marks)
    return tuple(marks)


def _deferring(
    marks: Sequence[SubmittedMaterial], lacking: tuple[Shortfall, ...]
) -> tuple[SubmittedMaterial, ...]:
    """The member's marks with every material it lacks deferred (a deadline the clerk gave
    kept; otherwise intake gives the hall's default)."""
    codes = {s.line.requirement.code for s in lacking}
    kept = tuple(
        mark
        if mark.code not in codes or mark.status == MaterialStatus.DEFERRED
        else SubmittedMaterial(mark.code, MaterialStatus.DEFERRED)
        for mark in marks
    )
    marked = {mark.code for mark in marks}
    return kept + tuple(
        SubmittedMaterial(code, MaterialStatus.DEFERRED) for code in sorted(codes - marked)
    )


def _row_fields(
    shared: Sequence[SharedMaterial], marks: Mapping[str, SubmittedMaterial], code: str
) -> dict[str, str]:
    """How intake names a member's materials in its problems (``materials[i]``: its i-th
    mark, as ``member_marks`` orders them; ``materials.<code>``: an unmarked one) and the
    merged checklist's row each is (``materials.<row name>``)."""
    fields: dict[str, str] = {}
    marked = 0
    for row in shared:
        for item_code, material_code in row.uses:
            if item_code == code:
                if row.name in marks:
                    fields[f"materials[{marked}]"] = f"materials.{row.name}"
                    marked += 1
                fields[f"materials.{material_code}"] = f"materials.{row.name}"
    return fields


def _of_member(item: ServiceItem, problem: CounterError, rows: Mapping[str, str]) -> CounterError:
    """``problem`` of one member as the bundle reports it: the whole submission's as it is,
    the member's own naming the item, its field under ``items[<item code>].``, a
    material's by its row of the merged checklist (``items[<item code>].materials.<name>``)."""
    field = problem.field or ""
    root = field.split(".", 1)[0].split("[", 1)[0]
    if root in _SHARED_FIELDS:
        return problem
    if field.startswith("materials["):
        head = field[: field.index("]") + 1]
    else:
        head = ".".join(field.split(".", 2)[:2])
    field = rows.get(head, head) + field[len(head) :]
    return ValidationError(
        f"“{item.name}”：{problem.zh}",
        f"'{item.name}': {problem.en}",
        field=f"items[{item.code}].{field}" if field else f"items[{item.code}]",
    )


def _once(problems: Sequence[CounterError]) -> list[CounterError]:
    """Each problem once: the whole submission's come once from every member."""
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for problem in problems:
        key = (problem.field, problem.zh)
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def _earlier_bundle(
    store: Store, bundle_id: str, earlier: list[case_rows.CaseRecord]
) -> BundleResult:
    """What a resubmitted bundle gets: the cases the first submission created."""
    first = earlier[0]  # its bundle's code and name were written with its bundle id
    return BundleResult(
        bundle_id,
        first.bundle_code or "",
        first.bundle_name or "",
        tuple(earlier_result(store, record) for record in earlier),
        created=False,
    )
