"""What an intake decision is checked against beyond the request itself, every problem at
once: a clock that cannot be right, the hall's offline policy (and a supervisor's approval past it), the materials this decision needs, a refusal's reason and
legal basis, a supervisor's approval of 容缺, the pre-application the case is taken from, an
expired identity document and the situation's eligibility rule (which the window and the
return after a one-time notice ask too)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from counter_app.domain.agents import agent_role
from counter_app.domain.arrivals import PREAPP
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.case_document import EligibilityOverride, OverLimitRecord
from counter_app.domain.case_states import Authority, CaseState, check_transition
from counter_app.domain.catalog import Situation
from counter_app.domain.checklist import Checklist
from counter_app.domain.eligibility import ApplicantFacts, EligibilityConcern, check_eligibility
from counter_app.domain.hall_time import hall_today
from counter_app.domain.idnumber import normalize_id_number
from counter_app.domain.text import unprintable_error
from counter_app.errors import CounterError, ValidationError
from counter_app.identity.provenance import IdentitySource
from counter_app.services import offline_policy
from counter_app.services.approval import SamePerson, may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.clock_sanity import refuse_implausible_clock, refuse_unconfirmed_clock
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.services.intake_validation import (
    ValidatedRequest,
    applicant_facts,
    validate_request,
)
from counter_app.services.offline_policy import IntakePaused, OverLimitApproval
from counter_app.store.arrivals import CONSUMED, cached_arrival, consumption_of
from counter_app.store.calendar import catalog_and_calendar_versions, working_calendar
from counter_app.store.database import Store
from counter_app.store.timestamps import as_utc, to_text, utc_now

REASON_MAX_CHARS = 1000

_DEFERRAL_NEEDS_SUPERVISOR = (
    "容缺受理须经值班长（主管）审批：请值班长在本机输入账号和密码。",
    "容缺 acceptance needs a supervisor's approval: the supervisor signs in on this screen.",
)
_OVER_LIMIT_NEEDS_SUPERVISOR = (
    "超出离线上限受理须经值班长（主管）审批：请值班长在本机输入本人的账号和密码。",
    "A decision past the offline limit needs a supervisor's approval: the supervisor signs in "
    "on this screen with their own account.",
)


class IntakeRejected(ValidationError):
    """The decision cannot be recorded; ``problems`` lists every reason, each with its field."""

    code = "intake_rejected"

    def __init__(self, problems: Sequence[CounterError]) -> None:
        first = problems[0]
        more_zh = f"（另有{len(problems) - 1}处问题）" if len(problems) > 1 else ""
        more_en = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first.zh + more_zh, first.en + more_en, field=first.field)
        self.problems = list(problems)


class CheckedDecision(NamedTuple):
    """A decision that passed every check, with what its write needs."""

    valid: ValidatedRequest
    checklist: Checklist
    moment: datetime
    local_day: date
    promised: date | None
    statutory: date | None
    expired_reason: str
    override: EligibilityOverride | None
    over_limit: OverLimitRecord | None  # taken past a paused intake, approved


class DecisionDay(NamedTuple):
    """What every decision of one submission is checked at, read once: the instant, its
    hall day, the pause of intake (None: not paused), the catalog version and the working
    calendar."""

    moment: datetime
    local_day: date
    paused: IntakePaused | None
    catalog_version: int | None
    calendar: WorkingCalendar


class PlannedRequest(NamedTuple):
    """A request already validated at ``day`` (a bundle's member, ``bundle_intake``)."""

    day: DecisionDay
    valid: ValidatedRequest


def decision_day(
    store: Store, *, over_limit: OverLimitApproval | None, now: datetime | None
) -> DecisionDay:
    """The clock checked and the day read; ``IntakePaused`` while the hall's policy pauses
    intake, unless ``over_limit`` may approve decisions past it."""
    # A naive ``now`` is UTC, as created_at takes it: the case's day must be the hall date of
    # the same instant, which the reads of a day rely on (store.cases.cases_of_day).
    moment = as_utc(now or utc_now())
    refuse_implausible_clock(moment)
    refuse_unconfirmed_clock(store, moment)
    paused = offline_policy.intake_pause(store, store.config, moment)
    # No approval takes a case past an enrolment left unfinished: the platform would refuse
    # it whoever approved it (the case number names a window it no longer holds).
    if paused is not None and (over_limit is None or paused.limit == "enrolment"):
        raise paused
    catalog_version, calendar_version = catalog_and_calendar_versions(store, to_text(moment))
    calendar = working_calendar(store, calendar_version)
    return DecisionDay(moment, hall_today(moment), paused, catalog_version, calendar)


def check_decision(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    decision: CaseState,
    *,
    supervisor: User | None,
    reason: str,
    legal_basis: str,
    redirect_to: str,
    over_limit: OverLimitApproval | None,
    now: datetime | None,
    planned: PlannedRequest | None = None,
) -> CheckedDecision:
    """The decision checked completely: what its write needs, or ``IntakeRejected`` with
    every problem; ``IntakePaused`` while the hall's policy pauses intake, unless
    ``over_limit`` approves this decision past it (then checked with the rest; while intake
    is not paused it is not needed and not recorded). ``planned``: the day and the
    validation already done for ``request`` (``now`` then unused)."""
    problems: list[CounterError] = []
    if planned is None:
        day = decision_day(store, over_limit=over_limit, now=now)
        valid, problems = validate_request(store, request, day.local_day, day.catalog_version)
    else:
        day, valid = planned
    moment, local_day, paused, _, calendar = day
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
        problems.extend(_supervisor_problems(supervisor, clerk, _DEFERRAL_NEEDS_SUPERVISOR))
    passed_limit = None
    if paused is not None and over_limit is not None:
        passed_limit, limit_problems = _passed_limit(paused, over_limit, clerk)
        problems.extend(limit_problems)
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
    return CheckedDecision(
        valid,
        checklist,
        moment,
        local_day,
        promised if accepted else None,
        statutory if accepted else None,
        expired_reason,
        override,
        passed_limit,
    )


def preapp_problems(store: Store, preapp_id: str, id_number: str) -> list[CounterError]:
    """Why a case may not be taken from this pre-application: not in the window's cache
    (another hall's, expired, not synced yet), already accepted, closed on the platform,
    or someone else's."""
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
    if taken is not None or preapp.state == CONSUMED:
        case_no = taken.case_no if taken else preapp.consumed_case_id
        return [
            ValidationError(
                f"该网上申报已受理为办件 {case_no}，不能再次使用。",
                f"This pre-application was already accepted as case {case_no}.",
                field="preapp_id",
            )
        ]
    if not preapp.is_open:
        # Closed without a case; the sync drops such ones, but a cache written before it
        # did keeps their copy (without the reason) until its last day.
        return [
            ValidationError(
                "该网上申报已在平台关闭（申请人撤回、已由更正后的申报取代或事项已停办），"
                "不能据此受理。",
                "This pre-application was closed on the platform (withdrawn by its "
                "applicant, superseded by a corrected one, or its item withdrawn); no case "
                "can be taken from it.",
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
    unprintable = _unprintable(
        reason, ("仍受理的理由", "The reason for accepting anyway"), "eligibility_reason"
    )
    if unprintable:
        return None, unprintable
    return EligibilityOverride.model_validate(
        {"reason": reason, "concerns": [{"code": c.code, "zh": c.zh, "en": c.en} for c in concerns]}
    ), []


def _expired_document(request: IntakeRequest, today: date) -> tuple[str, list[CounterError]]:
    """The stated reason for accepting on an expired document ("" when it has not expired),
    or the problem that none (or too long a one) was given."""
    source = request.document_read()
    expiry = source.expiry() if source is not None else None
    if expiry is None or expiry >= today:
        return "", []
    reason = request.expired_id_reason.strip()
    if not reason:
        whose_zh, whose_en = (
            ("申请人", "applicant's")
            if source is request.identity_source
            else (agent_role(request.applicant.applicant_type)[0], "agent's")
        )
        return "", [
            ValidationError(
                f"{whose_zh}证件已于 {expiry.isoformat()} 过期：在过期证件上受理须写明理由。",
                f"The {whose_en} document expired on {expiry.isoformat()}: accepting on an "
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
    unprintable = _unprintable(
        reason,
        ("过期证件受理理由", "The reason for accepting on an expired document"),
        "expired_id_reason",
    )
    return ("", unprintable) if unprintable else (reason, [])


def _decision_problems(
    valid: ValidatedRequest,
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
        (reason, "reason", "不予受理原因", "The reason for refusal"),
        (legal_basis, "legal_basis", "法律依据", "The legal basis"),
    ):
        if not text.strip():
            problems.append(
                ValidationError(f"请填写{zh}。", f"Enter {en.lower()}.", field=field_name)
            )
        elif len(text) > REASON_MAX_CHARS:
            problems.append(
                ValidationError(
                    f"{zh}过长（最多{REASON_MAX_CHARS}字）。",
                    f"{en} is too long.",
                    field=field_name,
                )
            )
        problems.extend(_unprintable(text, (zh, en), field_name))
    if len(redirect_to) > REASON_MAX_CHARS:
        problems.append(
            ValidationError(
                f"建议申请机关过长（最多{REASON_MAX_CHARS}字）。",
                "Where to apply instead is too long.",
                field="redirect_to",
            )
        )
    problems.extend(
        _unprintable(redirect_to, ("建议申请机关", "Where to apply instead"), "redirect_to")
    )
    return problems


def _unprintable(text: str, what: tuple[str, str], field: str) -> list[CounterError]:
    """The problem of a reason (kept, shown on screens and in ``case show``, printed on the
    notice, on the progress page) holding a control character other than a line break,
    named by its code point: a terminal's escape sequence would clear and retitle the
    screen that shows it."""
    problem = unprintable_error(text, what, field=field, lines=True)
    return [] if problem is None else [problem]


def _passed_limit(
    paused: IntakePaused, approval: OverLimitApproval, clerk: User
) -> tuple[OverLimitRecord | None, list[CounterError]]:
    """What the case records of a supervisor's approval past the paused intake, or why it
    does not count: not a supervisor, the clerk themselves, or no (or too long a) reason."""
    problems = _supervisor_problems(approval.supervisor, clerk, _OVER_LIMIT_NEEDS_SUPERVISOR)
    reason = approval.reason.strip()
    if not reason or len(reason) > REASON_MAX_CHARS:
        problems.append(
            ValidationError(
                f"请值班长写明超出离线上限仍受理的理由（最多{REASON_MAX_CHARS}字）。",
                "The supervisor states why this decision is taken past the offline limit "
                f"(at most {REASON_MAX_CHARS} characters).",
                field="over_limit_reason",
            )
        )
    problems.extend(
        _unprintable(
            reason,
            ("超出离线上限仍受理的理由", "The reason for passing the offline limit"),
            "over_limit_reason",
        )
    )
    if problems:
        return None, problems
    return OverLimitRecord(
        approved_by=approval.supervisor.username,
        reason=reason,
        limit=paused.limit,
        allowed=paused.allowed,
        reached=paused.reached,
    ), []


def _supervisor_problems(
    supervisor: User | None, clerk: User, needed: tuple[str, str]
) -> list[CounterError]:
    if supervisor is None or not may_approve(supervisor):
        return [ValidationError(*needed, field="supervisor")]
    try:
        refuse_own_approval(supervisor, (clerk.username,))
    except SamePerson as exc:
        return [exc]
    return []
