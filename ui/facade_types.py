"""What the window's screens hand the core facade (``ui.core_facade.Workstation``) and get back.

Plain frozen dataclasses of the core's own types, so mypy checks every screen's call; kept
apart from the facade because screens build them on the GUI thread, where the facade's
store and services are not imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict

if TYPE_CHECKING:
    from counter_app.domain.checklist import SubmittedMaterial
    from counter_app.domain.delivery import DeliveryChoice
    from counter_app.domain.exemptions import LicenceFound
    from counter_app.identity.provenance import IdentitySource
    from counter_app.services.auth import User
    from counter_app.services.bundle_intake import BundleRequest
    from counter_app.services.corrections import ApplicantChange
    from counter_app.services.deferrals import OpenDeferral
    from counter_app.services.intake_request import AgentInput, ApplicantInput
    from counter_app.store.case_history import (
        CaseEvent,
        CaseVersion,
        IssuedDocumentEntry,
        SyncAttempt,
    )
    from counter_app.store.cases import CaseMaterial
    from counter_app.store.deliveries import DeliveryRecord
    from counter_app.store.earlier_cases import EarlierCases
    from counter_app.store.elicence_checks import ElicenceCheck
    from counter_app.store.payments import CasePayment
    from counter_app.store.retention import Purge
    from printing.document_data import DocumentKind
    from sync.credential import DeviceIdentity
    from ui.pdf_pages import RasterPage

Decision = Literal["accept", "defer", "notify", "refuse"]


@dataclass(frozen=True)
class WindowEnrolment:
    """This workstation enrolled from the settings: its new identity and, when it replaced
    another device, what IT must do about the old one (Chinese, English)."""

    identity: DeviceIdentity
    replaced_note: tuple[str, str] | None


@dataclass(frozen=True)
class Refusal:
    """不予受理: the reason and legal basis the notice states, and where to apply instead."""

    reason: str
    legal_basis: str
    redirect_to: str = ""


@dataclass(frozen=True)
class DecisionRequest:
    """The clerk's decision on the applicant at the counter; ``request_id`` is one UUID per
    applicant, so submitting it twice never makes two cases."""

    request_id: str
    decision: Decision
    applicant: ApplicantInput
    identity_source: IdentitySource
    item_code: str
    situation_code: str | None
    materials: tuple[SubmittedMaterial, ...]
    # 代办人 / 经办人 present for the applicant (None: the applicant in person), and their
    # card read (None: typed in); ``identity_source`` stays the applicant's.
    agent: AgentInput | None = None
    agent_identity_source: IdentitySource | None = None
    expired_id_reason: str = ""
    supervisor: User | None = None  # 容缺受理: who approved it on the clerk's screen
    # Intake paused by the offline policy: who approved this decision past the limit on the
    # clerk's screen, and why.
    over_limit_approver: User | None = None
    over_limit_reason: str = ""
    refusal: Refusal | None = None  # 不予受理 only
    delivery: DeliveryChoice | None = None  # how the result goes out; None: pick-up
    document_language: str | None = None  # the applicant's choice: "zh" or "zh-en"
    eligibility_reason: str = ""  # accepting although the card contradicts the rule
    card_read_at: datetime | None = None  # when the document was read: the service's start
    preapp_id: str | None = None  # the online pre-application the form was filled from
    licences: tuple[LicenceFound, ...] = ()  # e-licences the register answered with (F4)
    elicence_consent_code: str | None = None  # the applicant's app code; None: card read
    # The catalog version of the form the clerk decided on (None: not checked): another in
    # force refuses the decision, nothing stored (CatalogChanged).
    catalog_version: int | None = None


@dataclass(frozen=True)
class ApprovalAnswer:
    """The decision on a request this window sent to the hall's supervisors; ``applied``
    False when it was applied here before (the waiting action must not run twice)."""

    request_id: str
    status: str  # approved, refused, cancelled
    decided_by: str
    reason: str
    applied: bool
    approver: User | None  # approved: the supervisor, as the waiting action records them


@dataclass(frozen=True)
class InPlaceApproval:
    """A supervisor's account and password, typed on the clerk's screen, and their one-time
    code once asked for (``security.second_factor``)."""

    username: str
    password: str
    code: str | None = None


# How a supervisor approved: on this screen, or at another window through the platform.
Approval = InPlaceApproval | ApprovalAnswer


@dataclass(frozen=True)
class HallApproval:
    """A pending approval request of the hall, from any window (the supervisors' inbox)."""

    request_id: str
    requested_at: str  # ISO 8601, the platform's
    window_code: str
    requested_by: str
    kind: str  # deferral, reprint, void, correction, over_limit
    summary: str
    reason: str


@dataclass(frozen=True)
class ExpectedArrival:
    """An appointment or pre-application of the applicant whose card was just read."""

    arrival_id: str
    headline_zh: str  # 预约 09:30 上海市居住证签注（预约号 A1204001）
    headline_en: str
    fills_intake: bool  # a pre-application that passed its pre-review
    appointment: bool  # an appointment: its holder gets a priority ticket
    item_withdrawn: bool = False  # the catalog in force withdrew its item (停办) since


@dataclass(frozen=True)
class PreappIntake:
    """The intake a pre-application fills in: item, situation and the checklist's rows of
    the materials submitted online (received, electronic, noted 已电子提交)."""

    preapp_id: str
    item_code: str
    situation_code: str | None
    entries: list[dict[str, Any]]


@dataclass(frozen=True)
class DecisionResult:
    """The stored case and the document its decision hands the applicant."""

    case_id: str
    case_no: str
    state: str
    created: bool  # False when a resubmitted request found its earlier case
    promised_date: str | None
    document: DocumentKind


@dataclass(frozen=True)
class BundleDecision:
    """The clerk's 一件事 decision: the core's request (one UUID for the submission, so
    submitting it twice never makes more cases) and who approved on the clerk's screen."""

    request: BundleRequest
    supervisor: User | None = None  # 容缺 of a member: who approved it
    # Intake paused by the offline policy: who approved this decision past the limit, and why.
    over_limit_approver: User | None = None
    over_limit_reason: str = ""


@dataclass(frozen=True)
class BundleCase:
    """One case a 一件事 decision made: its member item and the case."""

    item_code: str
    case: DecisionResult


@dataclass(frozen=True)
class BundleDecisionResult:
    """The cases of a 一件事 decision, in the bundle's order (the first one carries the
    bundle's receipt)."""

    bundle_id: str
    name: str
    cases: tuple[BundleCase, ...]


@dataclass(frozen=True)
class EarlierCasesFound:
    """What the intake screen's decision job brings back instead of a case: the applicant's
    earlier cases of the item (or another name on file), for the clerk to decide on first."""

    earlier: EarlierCases


@dataclass(frozen=True)
class CaseAgentShown:
    """代办人 / 经办人 as the case detail shows them: their number and phone masked."""

    applicant_type: str  # the applicant's: says whether they are a 代办人 or a 经办人
    name: str
    masked_id: str
    relation: str
    authorization: str  # counter_app.domain.agents.AgentAuthorization
    masked_phone: str | None

    @classmethod
    def of_case(cls, stored: dict[str, Any]) -> CaseAgentShown | None:
        """The agent of ``stored`` (a case document as decrypted); None: the applicant came."""
        from counter_app.domain.idnumber import mask_id_number, mask_phone

        agent = stored.get("agent")
        if agent is None:
            return None
        phone = agent.get("phone")
        return cls(
            applicant_type=stored["applicant"]["type"],
            name=agent["name"],
            masked_id=mask_id_number(agent["id_number"]),
            relation=agent["relation"],
            authorization=agent["authorization"],
            masked_phone=mask_phone(phone) if phone else None,
        )


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list (masked identity only)."""

    case_id: str
    case_no: str
    applicant_name: str
    applicant_masked_id: str
    service_item: str
    state: str
    sync_state: str
    created_at: str
    unprinted: bool  # a document was issued and never printed ("回执未打印")
    unpaid: bool  # the case waits for its fee ("待缴费")
    clerk: str  # 经办人: the username of who took the case


@dataclass(frozen=True)
class CaseDetail(CaseRow):
    """A case with its history, oldest first, for the case detail window."""

    promised_date: str | None
    statutory_date: str | None  # 法定办结日期, moved on by a suspension as the promised one
    identity_source: dict[str, Any] | None  # IdentitySource.to_json(), as stored
    expired_id_reason: str | None
    decision_reason: str | None  # a notice's or refusal's reason
    legal_basis: str | None  # a refusal's
    redirect_to: str | None  # a refusal's 建议向何处申请
    materials: tuple[CaseMaterial, ...]
    events: tuple[CaseEvent, ...]
    versions: tuple[CaseVersion, ...]
    sync_attempts: tuple[SyncAttempt, ...]
    documents: tuple[IssuedDocumentEntry, ...]
    missing: tuple[tuple[str, str], ...]  # (code, name): required materials still owed
    # A document issued and never printed that the case still calls for (稍后打印, a failed
    # print, an expired deferral's 终止受理通知书 the system issued): its first print is no 补打.
    pending_document: DocumentKind | None
    pending_unrendered: bool  # issued by the system, nobody saw it yet: it comes up on opening
    payment: CasePayment | None  # the fee and its payment; None when the case owes nothing
    english_name: str | None  # as on a foreigner's card or passport
    nationality: str | None  # as on a passport or permanent residence card (alpha-3)
    document_language: str  # the applicant's documents: "zh" or "zh-en"
    eligibility_reason: str | None  # accepted although the card contradicts the rule
    # The years the working calendar was published for: a date counted in working days
    # into another is noted (``ui.case_labels.counted_date_text``), as on its paper.
    calendar_years: frozenset[int]
    # A deferred (容缺) material is still owed and may be supplied here: accepted_deferred,
    # or taken into processing before it came (``counter_app.services.deferrals``).
    owes_deferred: bool
    # The catalog version it was taken under: its checklist and time limit are that one's.
    catalog_version: int
    correction: CorrectionAsk | None = None  # what a correction_requested case waits for
    # Approved edits of the applicant's data; in clear only for a supervisor (audited).
    applicant_changes: tuple[ApplicantChange, ...] = ()
    delivery: DeliveryRecord | None = None  # the delivery choice, posting, hand-over (出件)
    # 全市通办: (code, name) of the other district's department the platform routed it to.
    routed_to: tuple[str, str] | None = None
    online_rating: int | None = None  # 一事一评 given on the progress page, as sent back
    ticket: str | None = None  # the queue ticket (叫号) it was decided under, if any
    licences: tuple[CaseLicence, ...] = ()  # e-licences its materials are exempt by
    agent: CaseAgentShown | None = None  # 代办人 / 经办人; None: the applicant came in person
    # When the case's personal data was purged (local retention); None: kept.
    purged: Purge | None = None


@dataclass(frozen=True)
class DeferralsDue:
    """The hall's open deferrals due soon, for the supervisor's follow-up: today (hall-local)
    and the years the working calendar was published for (their deadlines noted as the
    case detail's are)."""

    today: date
    deferrals: list[OpenDeferral]
    calendar_years: frozenset[int]


@dataclass(frozen=True)
class CaseLicence:
    """The e-licence a material of the case is exempt by (两个免于提交), for the detail's
    materials tab: the register's number and issuer, its verification (verified, pending
    待核验, failed: an open task, paper: closed with the paper material) and whether its
    document is attached (kept sealed here, to open or save)."""

    code: str
    licence_type: str
    number: str | None
    issuer: str | None
    verification: str
    has_document: bool


@dataclass(frozen=True)
class ElicenceTask:
    """An open e-licence task (两个免于提交) with its material's name and its applicant, as
    the case lists them: whom to ask for the paper."""

    check: ElicenceCheck
    material_name: str
    applicant_name: str
    applicant_masked_id: str


@dataclass(frozen=True)
class CorrectionAsk:
    """What the department asked to correct (补正), for the case detail and its dialog."""

    note: str
    materials: tuple[tuple[str, str], ...]  # (code, name)
    fields: tuple[str, ...]  # name, phone, address


class IntakeDraft(TypedDict, total=False):
    """The intake form as kept while the clerk types (stored encrypted: it may hold an ID
    number); a draft saved by an earlier version may lack any key."""

    request_id: str
    identity: dict[str, Any]  # ui.intake.identity_drafts.to_draft()
    item_code: str | None
    situation_code: str | None
    materials: list[dict[str, Any]]  # the checklist rows (ChecklistPanel.entries())
    # While a 容缺 request waits for a supervisor: the reasons the clerk gave in the
    # decision's dialogs, so the decision can still be made after a restart.
    awaiting_approval: DeferralReasons
    # In bundle mode: the 一件事 and its members as chosen (``materials`` keyed by name).
    bundle: BundleDraft


class BundleDraft(TypedDict):
    """A 一件事 as the intake form shows it: its code, the members taken (item codes) and
    each member's situation (by item code)."""

    code: str
    taken: list[str]
    situations: dict[str, str]


class DeferralReasons(TypedDict):
    expired_id_reason: str
    eligibility_reason: str


@dataclass(frozen=True)
class DocumentPreview:
    """An issued document's PDF and its pages, rasterised for the print preview."""

    pdf_path: str
    serial: str
    pages: tuple[RasterPage, ...]
    printed: bool  # on paper already: a further copy is only a supervised 补打


@dataclass(frozen=True)
class QueueFilter:
    """Which cases of the hall queue a page holds: ``text`` is a case number (or its start),
    an item (code, or part of its name), a window or a clerk."""

    text: str = ""
    state: str | None = None
    review: str | None = None  # only the page's cases in this review state
    # Only the cases overdue (``overdue``) or 临近超期 (``due_soon``), oldest promised first.
    time_limit: str | None = None


@dataclass(frozen=True)
class HallHistoryEntry:
    """One step of another window's case as the platform holds it (no personal data)."""

    at: str
    kind: str  # version | progress
    state: str
    data_version: int
    actor: str
    note: str


@dataclass(frozen=True)
class StaffAccount:
    """An account that signs in here, as the administrator's accounts screen lists it."""

    username: str
    display_name: str
    role: str
    source: str  # local: made on this PC; platform: the hall's staff register
    disabled: bool
    locked_until: str | None  # a lockout running here now, until then (UTC)
    must_change_password: bool  # set by someone else: its member changes it at sign-in
    # Its role needs one-time codes and it has none: its member sets them up at sign-in.
    must_enrol_second_factor: bool = False
    second_factor_enrolled: bool = False  # it has one-time codes
    last_signed_in_at: str | None = None  # its last sign-in at this window (UTC); None: never
