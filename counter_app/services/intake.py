"""Intake: the counter's decision on an application — accept, accept with non-core
materials deferred (容缺), one-time notice of what is missing (一次性告知), or refuse.

Each decision is validated completely (every problem reported at once, with its field, in
``IntakeRejected``) and written in ONE transaction, validated first under its write lock:
applicant (personal data encrypted, blind indexes, masked forms), case, materials, data
version 1, event, audit entry and outbox entry. A ``request_id`` makes a resubmission return the case the first
submission created instead of a second one. A decision that would create a case while the
hall's offline policy pauses intake raises ``offline_policy.IntakePaused``. Qt-free: the
GUI and the CLI both call this.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from counter_app.config import HallConfig
from counter_app.domain.arrivals import PREAPP
from counter_app.domain.case_document import CaseDocument, EligibilityOverride
from counter_app.domain.case_number import CaseNumber
from counter_app.domain.case_states import Authority, CaseState, check_transition
from counter_app.domain.catalog import MaterialRequirement, ServiceItem, Situation
from counter_app.domain.checklist import (
    Checklist,
    MaterialStatus,
    Shortfall,
    ShortfallKind,
    SubmittedMaterial,
    assess,
)
from counter_app.domain.delivery import DeliveryChoice
from counter_app.domain.document_language import (
    DocumentLanguage,
    default_document_language,
    parse_document_language,
)
from counter_app.domain.eligibility import ApplicantFacts, EligibilityConcern, check_eligibility
from counter_app.domain.exemptions import (
    Exemption,
    LicenceFound,
    exemptions_for,
    with_exemptions,
)
from counter_app.domain.fees import fee_facts, payment_reference
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import IdentityNumber, validate_identity
from counter_app.domain.idnumber import normalize_id_number
from counter_app.domain.names import validate_name
from counter_app.domain.tracking import new_track_token
from counter_app.errors import CounterError, NotFound, ValidationError
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import offline_policy
from counter_app.services.approval import SamePerson, may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.store import case_writes
from counter_app.store import cases as case_rows
from counter_app.store.arrivals import (
    Consumption,
    cached_arrival,
    consumption_of,
    record_consumption,
)
from counter_app.store.audit import AuditFact
from counter_app.store.calendar import catalog_and_calendar_versions, working_calendar
from counter_app.store.catalog import get_item
from counter_app.store.database import Database, Store
from counter_app.store.elicence_checks import (
    ElicenceCheck,
    LicenceDocument,
    attach_document,
    insert_check,
)
from counter_app.store.timestamps import to_text, utc_now
from counter_app.store.window_tickets import bind_current_ticket

APPLICANT_TYPES = ("person", "enterprise", "other")
REASON_MAX_CHARS = 1000
_PHONE = re.compile(r"^\+?[0-9][0-9\-]{5,19}$")
_CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class IntakeRejected(ValidationError):
    """The decision cannot be recorded; ``problems`` lists every reason, each with its field."""

    code = "intake_rejected"

    def __init__(self, problems: Sequence[CounterError]) -> None:
        first = problems[0]
        more_zh = f"（另有{len(problems) - 1}处问题）" if len(problems) > 1 else ""
        more_en = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first.zh + more_zh, first.en + more_en, field=first.field)
        self.problems = list(problems)


@dataclass(frozen=True)
class ApplicantInput:
    name: str
    id_type: str  # GA/T 2000.156 code: 111, 113, 414, 513, 990
    id_number: str
    applicant_type: str = "person"
    doc_kind: str | None = None  # resident_id, foreign_permanent_2017, ... (from a card read)
    phone: str | None = None
    address: str | None = None
    english_name: str | None = None  # as on a foreigner's card or a passport
    birth_date: str | None = None  # ISO date as on the card, for numbers that do not carry it
    nationality: str | None = None  # ISO 3166 alpha-3 as on the card


@dataclass(frozen=True)
class IntakeRequest:
    service_item: str
    applicant: ApplicantInput
    materials: Sequence[SubmittedMaterial] = ()
    situation: str | None = None  # default: the item's first situation
    request_id: str | None = None  # the caller's UUID for this submission (idempotency)
    catalog_version: int | None = None  # default: the current version
    identity_source: IdentitySource | None = None  # where the applicant's identity came from
    # Accepting on a document that has expired (per ``identity_source``) needs a reason.
    expired_id_reason: str = ""
    # How the applicant receives the result (出件); None: pick-up at the hall.
    delivery: DeliveryChoice | None = None
    # The applicant's documents: "zh" or "zh-en"; None: what the card calls for.
    document_language: str | None = None
    # Accepting although the card contradicts the situation's eligibility rule needs one.
    eligibility_reason: str = ""
    # When the identity document was read at the counter (the start of the service): the
    # statistics measure handling time from it. None when the identity was typed in.
    card_read_at: datetime | None = None
    # The online pre-application (网上申报) the case is taken from: an acceptance consumes it.
    preapp_id: str | None = None
    # E-licences the register answered with for this applicant (or, offline, expected:
    # pending), which make their materials exempt (两个免于提交).
    licences: Sequence[LicenceFound] = ()
    # The applicant's authorisation of those lookups: their app code; None: the card read
    # at this window stands as consent.
    elicence_consent_code: str | None = None


@dataclass(frozen=True)
class IntakeResult:
    case_id: str
    case_no: str
    state: CaseState
    created: bool  # False when a resubmitted request found its earlier case
    promised_date: str | None = None
    statutory_date: str | None = None
    shortfalls: tuple[dict[str, str], ...] = field(default=())  # what the notice lists


def accept(
    store: Store, request: IntakeRequest, clerk: User, *, now: datetime | None = None
) -> IntakeResult:
    """受理: every required material received, exempt or replaced by a commitment."""
    return _decide(store, request, clerk, CaseState.ACCEPTED, now=now)


def accept_deferred(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    supervisor: User,
    *,
    now: datetime | None = None,
) -> IntakeResult:
    """容缺受理: non-core materials deferred (deadline at the latest on the promised date;
    when none is given, ``hall.deferral_working_days`` after acceptance), approved by
    ``supervisor`` — a user the caller has just authenticated (``Accounts.authenticate``)
    whose role is supervisor or admin."""
    return _decide(
        store, request, clerk, CaseState.ACCEPTED_DEFERRED, supervisor=supervisor, now=now
    )


def notify(
    store: Store, request: IntakeRequest, clerk: User, *, now: datetime | None = None
) -> IntakeResult:
    """一次性告知: records the case as notified; ``shortfalls`` lists exactly the required
    materials that are missing or do not conform, for the notice."""
    return _decide(store, request, clerk, CaseState.NOTIFIED, now=now)


def refuse(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    *,
    reason: str,
    legal_basis: str,
    redirect_to: str = "",
    now: datetime | None = None,
) -> IntakeResult:
    """不予受理: the reason and the legal basis are required (both go on the notice);
    ``redirect_to``, where the applicant may apply instead, is printed when given."""
    return _decide(
        store,
        request,
        clerk,
        CaseState.REFUSED,
        reason=reason,
        legal_basis=legal_basis,
        redirect_to=redirect_to,
        now=now,
    )


@dataclass
class _Validated:
    item: ServiceItem
    catalog_version: int
    situation: Situation
    name: str
    identity: IdentityNumber
    phone: str | None
    address: str | None
    checklist: Checklist
    english_name: str | None
    language: DocumentLanguage
    facts: ApplicantFacts
    delivery: DeliveryChoice | None = None
    exemptions: dict[str, Exemption] = field(default_factory=dict)


class _Ready(NamedTuple):
    """A decision that passed every check, with what its write needs."""

    valid: _Validated
    checklist: Checklist
    moment: datetime
    local_day: date
    promised: date | None
    statutory: date | None
    expired_reason: str
    override: EligibilityOverride | None


def _checked(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    decision: CaseState,
    *,
    supervisor: User | None,
    reason: str,
    legal_basis: str,
    redirect_to: str,
    now: datetime | None,
) -> _Ready:
    """The decision checked completely, or ``IntakePaused``/``IntakeRejected``."""
    moment = now or utc_now()
    paused = offline_policy.intake_pause(store, store.config, moment)
    if paused is not None:
        raise paused
    local_day = hall_today(moment)
    catalog_version, calendar_version = catalog_and_calendar_versions(store)
    calendar = working_calendar(store, calendar_version)
    valid, problems = _validate(store, request, local_day, catalog_version)
    promised = statutory = None
    if valid is not None:
        promised = calendar.add_working_days(local_day, valid.item.promised_days)
        statutory = calendar.add_working_days(local_day, valid.item.statutory_days)
        problems.extend(
            _decision_problems(
                valid,
                decision,
                promised,
                local_day,
                reason=reason,
                legal_basis=legal_basis,
                redirect_to=redirect_to,
            )
        )
    if decision == CaseState.ACCEPTED_DEFERRED:
        problems.extend(_supervisor_problems(supervisor, clerk))
    if request.preapp_id is not None and valid is not None:
        problems.extend(preapp_problems(store, request.preapp_id, valid.identity.number))
    expired_reason = ""
    override = None
    if decision in (CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED):
        expired_reason, expiry_problem = _expired_document(request, local_day)
        problems.extend(expiry_problem)
        if valid is not None:
            override, eligibility_problem = _override_of(
                _concerns_of(valid.situation, valid.facts, local_day),
                request.eligibility_reason,
            )
            problems.extend(eligibility_problem)
    if problems or valid is None:
        raise IntakeRejected(problems)
    checklist = valid.checklist
    if decision == CaseState.ACCEPTED_DEFERRED and promised is not None:
        due = calendar.add_working_days(local_day, store.config.hall.deferral_working_days)
        checklist = checklist.with_default_deadlines(min(due, promised))
    by = Authority.SUPERVISOR if decision == CaseState.ACCEPTED_DEFERRED else Authority.COUNTER
    check_transition(CaseState.RECEIVED, decision, by)
    accepted = decision in (CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED)
    return _Ready(
        valid,
        checklist,
        moment,
        local_day,
        promised if accepted else None,
        statutory if accepted else None,
        expired_reason,
        override,
    )


def preapp_problems(store: Store, preapp_id: str, id_number: str) -> list[CounterError]:
    """Why a case may not be taken from this pre-application: not in the window's cache
    (another hall's, expired, not synced yet), already accepted, or someone else's."""
    preapp = cached_arrival(store, preapp_id)
    if preapp is None or preapp.kind != PREAPP:
        return [
            ValidationError(
                f"本窗口没有网上申报 {preapp_id}（可能已过期、属于其他大厅或尚未同步）。",
                f"This window holds no pre-application {preapp_id} (it may have expired, "
                "belong to another hall, or not be synced yet).",
                field="preapp_id",
            )
        ]
    taken = consumption_of(store, preapp_id)
    if taken is not None or not preapp.is_open:
        case_no = taken.case_no if taken else preapp.consumed_case_id
        return [
            ValidationError(
                f"该网上申报已受理为办件 {case_no}，不能再次使用。",
                f"This pre-application was already accepted as case {case_no}.",
                field="preapp_id",
            )
        ]
    if normalize_id_number(preapp.id_number) != normalize_id_number(id_number):
        return [
            ValidationError(
                "网上申报的申请人与本次申请人的证件号码不一致。",
                "The pre-application's applicant has another ID number than this applicant.",
                field="preapp_id",
            )
        ]
    return []


def eligibility_concerns(
    situation: Situation,
    applicant: ApplicantInput,
    source: IdentitySource | None,
    today: date,
) -> list[EligibilityConcern]:
    """What the applicant's identity document says against ``situation``'s eligibility
    rule on ``today`` (the hall's date); empty without a rule or with an invalid number
    (which is reported as such). The window asks this before a decision, intake again."""
    if situation.eligibility is None:
        return []
    facts = applicant_facts(applicant, source, today)
    return [] if facts is None else _concerns_of(situation, facts, today)


def _concerns_of(
    situation: Situation, facts: ApplicantFacts, today: date
) -> list[EligibilityConcern]:
    if situation.eligibility is None:
        return []
    return check_eligibility(situation.eligibility, facts, today)


def applicant_facts(
    applicant: ApplicantInput, source: IdentitySource | None, today: date
) -> ApplicantFacts | None:
    """What the identity document tells about the applicant; None for an invalid number."""
    try:
        identity = validate_identity(
            applicant.id_type, applicant.id_number, applicant.doc_kind, today=today
        )
    except CounterError:
        return None
    return _facts_of(identity, applicant, source)


def _facts_of(
    identity: IdentityNumber, applicant: ApplicantInput, source: IdentitySource | None
) -> ApplicantFacts:
    birth = identity.birth_date
    if birth is None and applicant.birth_date:
        try:
            birth = date.fromisoformat(applicant.birth_date.strip())
        except ValueError:
            birth = None
    # Only a resident ID card's address is the household registration address, and only
    # as the reader read it: a typed address may be where the applicant lives now.
    from_card = (
        source is not None and source.kind is SourceKind.CARD and source.doc_type == "resident_id"
    )
    return ApplicantFacts(
        doc_kind=identity.doc_kind,
        id_number=identity.number,
        birth_date=birth,
        address=(applicant.address or "").strip(),
        address_from_card=from_card,
        nationality=(applicant.nationality or "").strip(),
    )


def eligibility_override(
    situation: Situation,
    applicant: ApplicantInput,
    source: IdentitySource | None,
    today: date,
    reason: str,
) -> tuple[EligibilityOverride | None, list[CounterError]]:
    """The override an acceptance records (None when the card contradicts nothing), or the
    problem that the card contradicts the rule and no (or too long a) ``reason`` was given:
    intake's decisions and the return after a one-time notice ask the same."""
    return _override_of(eligibility_concerns(situation, applicant, source, today), reason)


def _override_of(
    concerns: list[EligibilityConcern], reason: str
) -> tuple[EligibilityOverride | None, list[CounterError]]:
    if not concerns:
        return None, []
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX_CHARS:
        zh = "；".join(c.zh for c in concerns)
        en = " ".join(c.en for c in concerns)
        return None, [
            ValidationError(
                f"证件信息与本情形的申请条件不符：{zh} 如仍受理，须写明理由"
                f"（最多{REASON_MAX_CHARS}字）。",
                f"The identity document contradicts this situation's conditions: {en} "
                f"Accepting anyway needs a stated reason (at most {REASON_MAX_CHARS} characters).",
                field="eligibility_reason",
            )
        ]
    return EligibilityOverride.model_validate(
        {"reason": reason, "concerns": [{"code": c.code, "zh": c.zh, "en": c.en} for c in concerns]}
    ), []


def _expired_document(request: IntakeRequest, today: date) -> tuple[str, list[CounterError]]:
    """The stated reason for accepting on an expired document ("" when it has not expired),
    or the problem that none (or too long a one) was given."""
    source = request.identity_source
    expiry = source.expiry() if source is not None else None
    if expiry is None or expiry >= today:
        return "", []
    reason = request.expired_id_reason.strip()
    if not reason:
        return "", [
            ValidationError(
                f"申请人证件已于 {expiry.isoformat()} 过期：在过期证件上受理须写明理由。",
                f"The applicant's document expired on {expiry.isoformat()}: accepting on an "
                "expired document needs a stated reason.",
                field="expired_id_reason",
            )
        ]
    if len(reason) > REASON_MAX_CHARS:
        return "", [
            ValidationError(
                f"过期证件受理理由过长（最多{REASON_MAX_CHARS}字）。",
                "The reason for accepting on an expired document is too long.",
                field="expired_id_reason",
            )
        ]
    return reason, []


def _request_uuid(raw: str) -> str:
    if _CANONICAL_UUID.match(raw):
        return raw  # what str(uuid.UUID(raw)) gives back, without building the UUID
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise IntakeRejected(
            [
                ValidationError(
                    "请求编号应为UUID。", "The request id must be a UUID.", field="request_id"
                )
            ]
        ) from None


def _validate(
    store: Store, request: IntakeRequest, today: date, current_catalog: int | None
) -> tuple[_Validated | None, list[CounterError]]:
    """The request checked on the hall's ``today`` (``current_catalog``: the catalog
    version now loaded), or everything wrong with it."""
    problems: list[CounterError] = []
    item: ServiceItem | None = None
    version = request.catalog_version or current_catalog
    try:
        item = get_item(store, request.service_item, version)
    except NotFound as exc:
        problems.append(exc)
    situation = item.situation(request.situation) if item else None
    if item is not None and situation is None:
        problems.append(
            ValidationError(
                f"事项“{item.name}”没有编码为“{request.situation}”的情形，请重新选择情形。",
                f"The item '{item.name}' has no situation '{request.situation}'.",
                field="situation",
            )
        )
    applicant = request.applicant
    name = identity = phone = address = None
    if applicant.applicant_type not in APPLICANT_TYPES:
        problems.append(
            ValidationError(
                "申请人类型应为个人、法人或其他组织。",
                f"The applicant type must be one of {', '.join(APPLICANT_TYPES)}.",
                field="applicant.type",
            )
        )
    try:
        name = validate_name(applicant.name, field="applicant.name")
    except CounterError as exc:
        problems.append(exc)
    try:
        identity = validate_identity(
            applicant.id_type, applicant.id_number, applicant.doc_kind, today=today
        )
    except CounterError as exc:
        exc.field = f"applicant.{exc.field}" if exc.field else "applicant.id_number"
        problems.append(exc)
    if applicant.phone:
        try:
            phone = normalize_phone(applicant.phone)
        except ValidationError as exc:
            problems.append(exc)
    english_name = (applicant.english_name or "").strip() or None
    if english_name is not None and (
        len(english_name) > 100 or any(ord(c) < 32 for c in english_name)
    ):
        problems.append(
            ValidationError(
                "英文姓名过长或含有控制字符。",
                "The English name is too long or has control characters.",
                field="applicant.english_name",
            )
        )
    language = DocumentLanguage.CHINESE
    try:
        language = (
            parse_document_language(request.document_language)
            if request.document_language
            else default_document_language(
                identity.doc_kind if identity else "other", applicant.nationality or ""
            )
        )
    except ValidationError as exc:
        problems.append(exc)
    if applicant.address:
        address = applicant.address.strip()
        if len(address) > 200 or any(ord(c) < 32 for c in address):
            problems.append(
                ValidationError(
                    "地址过长或含有控制字符。",
                    "The address is too long or has control characters.",
                    field="applicant.address",
                )
            )
    delivery = None
    if request.delivery is not None:
        try:
            delivery = request.delivery.checked()
        except ValidationError as exc:
            problems.append(exc)
    if item is None or situation is None or name is None or identity is None or version is None:
        return None, problems
    facts = _facts_of(identity, applicant, request.identity_source)
    marks, exemptions = _exempt_marks(situation, request, facts)
    return _Validated(
        item,
        version,
        situation,
        name,
        identity,
        phone,
        address,
        assess(situation, marks),
        english_name,
        language,
        facts,
        delivery,
        exemptions,
    ), problems


def _exempt_marks(
    situation: Situation, request: IntakeRequest, facts: ApplicantFacts
) -> tuple[list[SubmittedMaterial], dict[str, Exemption]]:
    """两个免于提交: the clerk's marks with what a city department issued, or an e-licence
    covers, marked exempt with its basis; and the exemptions so applied."""
    exemptions = exemptions_for(situation, facts, request.licences)
    if not exemptions:  # most applications: the clerk's marks stand as they are
        return list(request.materials), {}
    marks = with_exemptions(request.materials, exemptions)
    exempt = {m.code for m in marks if m.status is MaterialStatus.EXEMPT}
    return marks, {code: e for code, e in exemptions.items() if code in exempt}


def _decision_problems(
    valid: _Validated,
    decision: CaseState,
    promised: date,
    today: date,
    *,
    reason: str,
    legal_basis: str,
    redirect_to: str,
) -> list[CounterError]:
    checklist = valid.checklist
    if decision == CaseState.ACCEPTED:
        return list(checklist.problems_for_accept())
    if decision == CaseState.ACCEPTED_DEFERRED:
        return list(checklist.problems_for_deferred(promised, today))
    if decision == CaseState.NOTIFIED:
        return list(checklist.problems_for_notice())
    problems: list[CounterError] = list(checklist.errors)
    for text, field_name, zh, en in (
        (reason, "reason", "不予受理原因", "the reason for refusal"),
        (legal_basis, "legal_basis", "法律依据", "the legal basis"),
    ):
        if not text.strip():
            problems.append(ValidationError(f"请填写{zh}。", f"Enter {en}.", field=field_name))
        elif len(text) > REASON_MAX_CHARS:
            problems.append(
                ValidationError(
                    f"{zh}过长（最多{REASON_MAX_CHARS}字）。",
                    f"{en} is too long.",
                    field=field_name,
                )
            )
    if len(redirect_to) > REASON_MAX_CHARS:
        problems.append(
            ValidationError(
                f"建议申请机关过长（最多{REASON_MAX_CHARS}字）。",
                "Where to apply instead is too long.",
                field="redirect_to",
            )
        )
    return problems


def normalize_phone(raw: str) -> str:
    """The phone without spaces; ``ValidationError`` unless 6-20 digits (+, hyphens allowed)."""
    phone = "".join(raw.split())
    if not _PHONE.match(phone):
        raise ValidationError(
            "联系电话格式不正确：应为6–20位数字（可含区号连字符）。",
            "The phone number must be 6-20 digits (an area-code hyphen is allowed).",
            field="applicant.phone",
        )
    return phone


def _supervisor_problems(supervisor: User | None, clerk: User) -> list[CounterError]:
    if supervisor is None or not may_approve(supervisor):
        return [
            ValidationError(
                "容缺受理须经值班长（主管）审批：请值班长在本机输入账号和密码。",
                "容缺 acceptance needs a supervisor's approval: the supervisor signs in on this screen.",
                field="supervisor",
            )
        ]
    try:
        refuse_own_approval(supervisor, (clerk.username,))
    except SamePerson as exc:
        return [exc]
    return []


def shortfall_dict(shortfall: Shortfall) -> dict[str, str]:
    """One line of the one-time notice. A material the clerk had marked for deferral is,
    on a notice, simply missing."""
    if shortfall.kind == ShortfallKind.DEFERRED:
        shortfall = Shortfall(shortfall.line, ShortfallKind.MISSING)
    zh, en = shortfall.describe()
    req = shortfall.line.requirement
    return {
        "code": req.code,
        "name": req.name,
        "kind": shortfall.kind.value,
        "message": zh,
        "message_en": en,
        "standard": req.standard,
    }


def _decide(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    decision: CaseState,
    *,
    supervisor: User | None = None,
    reason: str = "",
    legal_basis: str = "",
    redirect_to: str = "",
    now: datetime | None = None,
) -> IntakeResult:
    """The decision checked and written in one transaction. The checks run under the write
    lock: their reads need no read transaction each (before BEGIN every statement is one),
    and the case is written under the catalog and calendar versions it was checked against.
    A rejection rolls back a transaction that wrote nothing."""
    request_id = _request_uuid(request.request_id) if request.request_id else None
    with store.transaction() as db:
        if request_id is not None:
            # A resubmission gets its earlier case whatever has changed since (a pause, the
            # catalog); so does the same request another process has just stored.
            earlier = case_rows.case_by_request(store, request_id)
            if earlier is not None:
                return _result_of(store, earlier, created=False)
        valid, checklist, moment, local_day, promised, statutory, expired_reason, override = (
            _checked(
                store,
                request,
                clerk,
                decision,
                supervisor=supervisor,
                reason=reason,
                legal_basis=legal_basis,
                redirect_to=redirect_to,
                now=now,
            )
        )
        reason, legal_basis, redirect_to = reason.strip(), legal_basis.strip(), redirect_to.strip()
        hall = store.config.hall
        source = request.identity_source
        state = decision.value
        at = to_text(moment)
        case_id = case_writes.new_row_id()
        shortfalls = (
            tuple(shortfall_dict(s) for s in checklist.shortfalls)
            if decision == CaseState.NOTIFIED
            else ()
        )
        number = CaseNumber(
            hall=hall.hall_code.upper(),
            window=hall.window_code.upper(),
            device=hall.device_id.upper(),
            day=local_day,
            seq=case_writes.next_case_sequence(db, local_day),
        )
        case_no = str(number)
        applicant = case_writes.seal_applicant(
            store.pii,
            case_writes.new_row_id(),
            case_writes.ApplicantRow(
                applicant_type=request.applicant.applicant_type,
                name=valid.name,
                id_type=valid.identity.id_type.value,
                id_number=valid.identity.number,
                phone=valid.phone,
                address=valid.address,
            ),
        )
        accepted_at = at if promised is not None else None
        case_writes.insert_case(
            db,
            case_writes.CaseRow(
                case_id=case_id,
                case_no=case_no,
                state=state,
                service_item_code=valid.item.code,
                catalog_version=valid.catalog_version,
                situation_code=valid.situation.code,
                applicant=applicant,
                hall_code=hall.hall_code,
                window_code=hall.window_code,
                device_id=hall.device_id,
                clerk=clerk.username,
                created_at=at,
                accepted_at=accepted_at,
                promised_date=promised.isoformat() if promised else None,
                decision_reason=reason or None,
                legal_basis=legal_basis or None,
                updated_at=at,
                request_id=request_id,
                day=local_day.isoformat(),
                identity_source=json.dumps(source.to_json(), ensure_ascii=False)
                if source
                else None,
                expired_id_reason=expired_reason or None,
                redirect_to=redirect_to or None,
                card_read_at=to_text(request.card_read_at) if request.card_read_at else None,
            ),
        )
        ticket = bind_current_ticket(db, case_id, at)
        if valid.delivery is not None:
            case_writes.insert_delivery(
                db,
                store.pii,
                case_id=case_id,
                method=valid.delivery.method.value,
                address=valid.delivery.address,
            )
        case_writes.insert_materials(
            db,
            [_material_row(case_id, line.requirement, line.mark) for line in checklist.lines],
        )
        fees = fee_facts(valid.item.fee_cents, case_no) if promised is not None else {}
        if fees:
            case_writes.record_payment_due(
                db,
                case_id=case_id,
                fee_cents=valid.item.fee_cents,
                reference=payment_reference(case_no),
            )
        document = case_document_of(
            request,
            valid,
            checklist,
            case_id=case_id,
            case_no=case_no,
            decision=decision,
            hall=hall,
            clerk=clerk,
            supervisor=supervisor,
            at=at,
            accepted_at=accepted_at,
            promised=promised,
            statutory=statutory,
            reason=reason,
            legal_basis=legal_basis,
            redirect_to=redirect_to,
            shortfalls=shortfalls,
            expired_reason=expired_reason,
            override=override,
        )
        if fees:  # a copy with the fee fields; a free item's document is used as built
            document = document.model_copy(update=fees)
        decided: dict[str, Any] = {
            "case_no": case_no,
            "item": valid.item.code,
            "catalog_version": valid.catalog_version,
        }
        if supervisor is not None:
            decided["approved_by"] = supervisor.username
        if ticket is not None:
            decided["ticket"] = ticket
        if source is not None:
            decided["identity_source"] = source.kind.value
        also: list[AuditFact] = []
        if expired_reason and source is not None:
            also.append(
                AuditFact(
                    clerk.username,
                    "case.expired_id_accepted",
                    {"case_no": case_no, "valid_to": source.valid_to, "reason": expired_reason},
                )
            )
        if override is not None:
            also.append(
                AuditFact(
                    clerk.username,
                    "case.eligibility_override",
                    {
                        "case_no": case_no,
                        "concerns": [c.code for c in override.concerns],
                        "reason": override.reason,
                    },
                )
            )
        case_writes.insert_version_and_outbox(
            db,
            store.pii,
            store.audit,
            case_id=case_id,
            data_version=1,
            document=document,
            fact=AuditFact(clerk.username, f"case.{state}", decided),
            at=at,
            also=also,
        )
        if request.preapp_id is not None and accepted_at is not None:
            record_consumption(
                store, Consumption(request.preapp_id, case_id, case_no, clerk.username, at)
            )
        case_writes.insert_event(
            db,
            case_id=case_id,
            at=at,
            actor=clerk.username,
            kind="transition",
            from_state=CaseState.RECEIVED.value,
            to_state=state,
            detail=_transition_detail(supervisor, source, expired_reason, override),
        )
        for exemption in valid.exemptions.values():
            if exemption.licence is not None:
                _record_licence_check(
                    db, store, request, exemption.licence, case_id=case_id, clerk=clerk, at=at
                )
    return IntakeResult(
        case_id=case_id,
        case_no=case_no,
        state=decision,
        created=True,
        promised_date=promised.isoformat() if promised else None,
        statutory_date=statutory.isoformat() if statutory else None,
        shortfalls=shortfalls,
    )


def _material_row(
    case_id: str, req: MaterialRequirement, mark: SubmittedMaterial
) -> case_writes.MaterialRow:
    return case_writes.MaterialRow(
        case_id=case_id,
        code=req.code,
        name=req.name,
        required=req.required,
        core=req.core,
        status=mark.status.value,
        form=mark.form.value if mark.form else None,
        copies=mark.count,
        exemption=mark.exemption,
        deadline=mark.deadline.isoformat() if mark.deadline else None,
        note=mark.note,
    )


def _transition_detail(
    supervisor: User | None,
    source: IdentitySource | None,
    expired_reason: str,
    override: EligibilityOverride | None,
) -> dict[str, Any]:
    """What the case history shows beside the decision: approver, identity source, and the
    reasons given for accepting on an expired document or against the card's facts."""
    detail: dict[str, Any] = {}
    if supervisor is not None:
        detail["approved_by"] = supervisor.username
    if source is not None:
        detail["identity_source"] = source.kind.value
    if expired_reason:
        detail["expired_id_reason"] = expired_reason
    if override is not None:
        detail["eligibility_reason"] = override.reason
    return detail


def case_document_of(
    request: IntakeRequest,
    valid: _Validated,
    checklist: Checklist,
    *,
    case_id: str,
    case_no: str,
    decision: CaseState,
    hall: HallConfig,
    clerk: User,
    supervisor: User | None,
    at: str,
    accepted_at: str | None,
    promised: date | None,
    statutory: date | None,
    reason: str,
    legal_basis: str,
    redirect_to: str,
    shortfalls: Sequence[dict[str, str]],
    expired_reason: str,
    override: EligibilityOverride | None,
) -> CaseDocument:
    """Data version 1 of a case: the decision as the counter records and syncs it."""
    # Given as JSON values and validated once, in pydantic's core, rather than part by part
    # (each part's constructor is a validation call of its own): the accept's hot path.
    source = request.identity_source
    item = valid.item
    delivery = valid.delivery
    return CaseDocument.model_validate(
        {
            "case_id": case_id,
            "case_no": case_no,
            "data_version": 1,
            "state": decision,
            "service_item": {
                "code": item.code,
                "name": item.name,
                "catalog_version": valid.catalog_version,
                "case_type": item.case_type,
                "department": item.department,
                "handling_department": item.handling_department,
            },
            "situation": {"code": valid.situation.code, "name": valid.situation.name},
            "applicant": {
                "type": request.applicant.applicant_type,
                "name": valid.name,
                "id_type": valid.identity.id_type,
                "doc_kind": valid.identity.doc_kind,
                "id_number": valid.identity.number,
                "phone": valid.phone,
                "address": valid.address,
                "identity_source": source.to_json() if source else None,
                "english_name": valid.english_name,
            },
            "materials": [
                {
                    "code": line.requirement.code,
                    "name": line.requirement.name,
                    "required": line.requirement.required,
                    "core": line.requirement.core,
                    "status": line.mark.status,
                    "form": line.mark.form,
                    "count": line.mark.count,
                    "exemption": line.mark.exemption,
                    "deadline": line.mark.deadline.isoformat() if line.mark.deadline else None,
                    "note": line.mark.note,
                    **_exemption_fields(valid.exemptions.get(line.requirement.code)),
                }
                for line in checklist.lines
            ],
            "hall": hall.hall_code,
            "window": hall.window_code,
            "device": hall.device_id,
            "clerk": clerk.username,
            "approved_by": supervisor.username if supervisor else None,
            "received_at": at,
            "card_read_at": to_text(request.card_read_at) if request.card_read_at else None,
            "accepted_at": accepted_at,
            "promised_date": promised.isoformat() if promised else None,
            "statutory_date": statutory.isoformat() if statutory else None,
            "reason": reason or None,
            "legal_basis": legal_basis or None,
            "redirect_to": redirect_to or None,
            "shortfalls": shortfalls,
            "expired_id_reason": expired_reason or None,
            "delivery": {
                "method": delivery.method,
                "address": delivery.address,
                "waybill": None,
                "posted_at": None,
            }
            if delivery
            else None,
            "document_language": valid.language,
            "eligibility_override": override,
            "preapp_id": request.preapp_id,
            "track_token": new_track_token(),
        }
    )


def _record_licence_check(
    db: Database,
    store: Store,
    request: IntakeRequest,
    licence: LicenceFound,
    *,
    case_id: str,
    clerk: User,
    at: str,
) -> None:
    code = request.elicence_consent_code
    insert_check(
        db,
        ElicenceCheck(
            case_id=case_id,
            case_no="",
            material_code=licence.material_code,
            licence_type=licence.licence_type,
            consent_kind="code" if code else "card_read",
            consent_code=code,
            consented_at=at,
            clerk=clerk.username,
            state=licence.verification.value,
            licence_number=licence.number,
            issuer=licence.issuer,
            detail=None,
        ),
        lookup_id=licence.lookup_id,
        at=at,
    )
    if licence.document is not None and licence.number is not None:
        # The register's copy, its hash checked at the lookup: attached to the case.
        attach_document(
            db,
            store.pii,
            case_id,
            licence.material_code,
            LicenceDocument(
                licence.licence_type,
                licence.number,
                hashlib.sha256(licence.document).hexdigest(),
                licence.document,
                at,
            ),
        )


def _exemption_fields(exemption: Exemption | None) -> dict[str, Any]:
    if exemption is None:
        return {}
    licence = exemption.licence
    return {
        "exemption_kind": exemption.kind.value,
        "licence": None
        if licence is None
        else {
            "licence_type": licence.licence_type,
            "number": licence.number,
            "issuer": licence.issuer,
            "valid_to": licence.valid_to,
            "file_sha256": licence.file_sha256,
            "lookup_id": licence.lookup_id,
            "verification": licence.verification.value,
        },
    }


def _result_of(store: Store, record: case_rows.CaseRecord, *, created: bool) -> IntakeResult:
    """The result a resubmitted request gets: the earlier case, as it was decided."""
    document = case_rows.case_document(store, record.case_id, 1)
    return IntakeResult(
        case_id=record.case_id,
        case_no=record.case_no,
        state=CaseState(document["state"]),
        created=created,
        promised_date=document.get("promised_date"),
        statutory_date=document.get("statutory_date"),
        shortfalls=tuple(document.get("shortfalls") or ()),
    )
