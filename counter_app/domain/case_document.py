"""The case document: the full content of one data version of a case, as kept in
``case_versions`` and sent to the platform, and its content hash.

``CaseDocument`` is the one definition: intake builds it, the review services derive later
versions from it, the wire schema's ``CaseSubmission.payload`` is it and the platform
validates every push against it. Scalars are strict (no ``"1"`` → ``1``): a coerced value
would change the canonical JSON and so the content hash the counter computed.

Fields marked *omitted when absent* are left out of the JSON rather than written as
``null``: they were added after documents had been stored, and a document made without
them keeps its content hash when read back and written again.

The canonical JSON (sorted keys, no whitespace, UTF-8 without escapes, so non-BMP names are
stored as themselves) is byte-for-byte what the platform hashes again on receipt. Every part
keeps its fields in sorted order, so pydantic encodes a document straight to its canonical
JSON, once, in Rust; ``canonical_json`` is the same encoding for plain JSON values.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StrictBool,
    StrictInt,
    StrictStr,
)
from pydantic_core import CoreSchema

from counter_app.domain.agents import AgentAuthorization
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import CaseType, MaterialForm
from counter_app.domain.checklist import MaterialStatus, ShortfallKind
from counter_app.domain.delivery import Collector, DeliveryMethod
from counter_app.domain.document_language import DocumentLanguage
from counter_app.domain.evaluation import EvaluationChannel, FollowupStep
from counter_app.domain.fees import PaymentMethod
from counter_app.domain.id_types import DocKind, IdType

# The applicant's data a supervisor-approved edit, or a 补正 asking for it, may correct; the
# identity document itself never is (a wrong one means voiding the case and a new one).
CORRECTABLE_FIELDS = ("name", "phone", "address")
# Likewise the agent's (代办人 / 经办人): the correction's field and the agent's key in the
# case document. Their document number, read from their card, never is either.
AGENT_FIELDS: dict[str, str] = {
    "agent_name": "name",
    "agent_phone": "phone",
    "agent_relation": "relation",
}
# Every field an edit or a 补正 may name: the window's and the platform's one list.
EDITABLE_FIELDS = (*CORRECTABLE_FIELDS, *AGENT_FIELDS)

# The largest fee a document may state, integer cents: ten billion yuan, far above any fee
# (the catalogue allows 100,000 yuan) yet within documents stored before the bound, and far
# below what the platform's 64-bit columns, or a sum of a hall's fees in them, can hold.
MAX_FEE_CENTS = 10**12


def _zoned_moment(text: str) -> str:
    """``text`` unchanged if it is an ISO 8601 date and time with its zone (the window writes
    ``2026-09-25T02:00:00.000000Z``): kept as text, so a document's bytes and content hash
    stay what the window wrote, but never text the platform could not read as a moment."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise ValueError("an ISO 8601 date and time without its time zone")
    return text


_CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(text: str) -> str:
    """``text`` unchanged if it is an ISO 8601 calendar date (``1985-06-26``); not the
    other forms ``date.fromisoformat`` takes (``19850626``, ``1985-W26-3``)."""
    try:
        if _CALENDAR_DATE.fullmatch(text):
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise ValueError("not an ISO 8601 date (YYYY-MM-DD)")


FeeCents = Annotated[StrictInt, Field(ge=0, le=MAX_FEE_CENTS)]
ZonedMoment = Annotated[StrictStr, AfterValidator(_zoned_moment)]
IsoDay = Annotated[StrictStr, AfterValidator(_iso_day)]


def canonical_json(document: Any) -> bytes:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(document: Any) -> str:
    """SHA-256 hex of the canonical JSON (the wire protocol's ``content_hash``)."""
    return hash_canonical(canonical_json(document))


def hash_canonical(canonical: bytes) -> str:
    """``content_hash`` of a document already in canonical JSON (saves a second encoding)."""
    return hashlib.sha256(canonical).hexdigest()


def _absent(value: Any) -> bool:
    return value is None


def _omitted_when_absent(description: str) -> Any:
    return Field(default=None, exclude_if=_absent, description=description)


class _Part(BaseModel):
    # Unknown fields are refused, so a misspelt field is an error and not silently dropped
    # (which would also change the content hash).
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """The fields in sorted order: pydantic validates, keeps and serializes them in this
        order, so its own JSON of a document has the canonical JSON's sorted keys and the
        document is encoded once, in Rust, instead of dumped to Python values and encoded
        again. (Validation errors of a document with several come in this order too.)"""
        schema = handler(source)
        if schema["type"] != "model" or schema["schema"]["type"] != "model-fields":
            raise TypeError(f"{cls.__name__}: no model fields to sort in {schema['type']}")
        fields = schema["schema"]["fields"]
        schema["schema"]["fields"] = dict(sorted(fields.items()))
        return schema


class ServiceItemRef(_Part):
    code: StrictStr = Field(description="Service item code (事项编码)")
    name: StrictStr = Field(description="Service item name")
    catalog_version: StrictInt = Field(description="Catalogue version the case was taken on")
    case_type: CaseType = Field(description="immediate (即办件) or promised (承诺件)")
    department: StrictStr = Field(description="Department responsible")
    handling_department: StrictStr | None = _omitted_when_absent(
        "全市通办: another district's department that handles the item (the catalog's "
        "handling_department); absent: the hall's own department handles it"
    )


class SituationRef(_Part):
    code: StrictStr = Field(description="Situation code (情形)")
    name: StrictStr = Field(description="Situation name")


class CheckRecord(_Part):
    name: StrictStr = Field(description="Check made on the document read")
    ok: StrictBool = Field(description="Whether it passed")
    detail: StrictStr = Field(description="What was found")


class PassiveAuthenticationRecord(_Part):
    outcome: StrictStr = Field(description="Result of the chip's passive authentication")
    zh: StrictStr = Field(description="The result in words (Chinese)")
    en: StrictStr = Field(description="The result in words (English)")


class IdentitySourceRecord(_Part):
    """Where the applicant's identity came from (``IdentitySource.to_json``)."""

    kind: StrictStr = Field(description="card, chip, mrz, manual or import")
    reader: StrictStr = Field(description="Reader that read it (empty when typed in)")
    doc_type: StrictStr = Field(description="Document type as read")
    checks: list[CheckRecord] = Field(description="Checks made on the read")
    passive_authentication: PassiveAuthenticationRecord | None = Field(
        description="Chip signature check; null for a document without a chip"
    )
    valid_to: StrictStr = Field(description="Expiry date as read (date, 长期 or empty)")


class ApplicantPart(_Part):
    type: StrictStr = Field(description="person, enterprise or other")
    name: StrictStr = Field(description="Name as on the identity document")
    id_type: IdType = Field(description="GA/T 2000.156 identity document type code")
    doc_kind: DocKind = Field(description="Kind of identity document")
    id_number: StrictStr = Field(description="Identity document number (personal data)")
    phone: StrictStr | None = Field(description="Phone (personal data)")
    address: StrictStr | None = Field(description="Address (personal data)")
    identity_source: IdentitySourceRecord | None = _omitted_when_absent(
        "Where the identity came from (card read, chip, typed in)"
    )
    english_name: StrictStr | None = _omitted_when_absent(
        "English name as on a foreigner's card or passport (personal data)"
    )
    nationality: StrictStr | None = _omitted_when_absent(
        "Nationality as on the card or passport (ISO 3166 alpha-3), as given at intake; "
        "with the number, what identifies a foreign holder"
    )
    birth_date: IsoDay | None = _omitted_when_absent(
        "Birth date (ISO 8601 date) as on a passport or permit whose number does not carry "
        "it (personal data); absent for a number that does (GB 11643)"
    )


class CaseAgent(_Part):
    """代办人 / 经办人: the person present at the window for the applicant, whose card was read."""

    name: StrictStr = Field(description="Name as on the agent's identity document")
    id_type: IdType = Field(description="GA/T 2000.156 identity document type code")
    doc_kind: DocKind = Field(description="Kind of identity document (a person's)")
    id_number: StrictStr = Field(description="Identity document number (personal data)")
    phone: StrictStr | None = _omitted_when_absent("Phone (personal data)")
    relation: StrictStr = Field(description="Relation to the applicant, or position (与申请人关系)")
    authorization: AgentAuthorization = Field(
        description="What authorises them: power_of_attorney (授权委托书), introduction_letter "
        "(单位介绍信) or legal_representative (法定代表人本人)"
    )
    identity_source: IdentitySourceRecord | None = _omitted_when_absent(
        "Where the agent's identity came from (card read, chip, typed in)"
    )


class LicenceRecord(_Part):
    """The e-licence that made a material exempt (两个免于提交), as the register answered."""

    licence_type: StrictStr = Field(description="E-licence type (the catalog's exempt_elicence)")
    number: StrictStr | None = Field(description="Licence number; null while pending")
    issuer: StrictStr | None = Field(description="Issuing department; null while pending")
    valid_to: StrictStr | None = Field(description="Valid until (date); null: no expiry")
    file_sha256: StrictStr | None = Field(
        description="SHA-256 of the licence document (the window keeps the document, the "
        "platform confirms number and hash against its register)"
    )
    lookup_id: StrictStr | None = Field(description="The platform's signed lookup record")
    verification: StrictStr = Field(
        description="verified; pending (待核验: marked offline, looked up after sync); failed "
        "(the register did not confirm it after the sync: a task for the clerk; closed by a "
        "new lookup, or by the paper material, which removes `licence`)"
    )


class MaterialLine(_Part):
    code: StrictStr = Field(description="Material code in the catalogue")
    name: StrictStr = Field(description="Material name")
    required: StrictBool = Field(description="Required for this situation")
    core: StrictBool = Field(description="Core materials can never be deferred (容缺)")
    status: MaterialStatus = Field(description="What the clerk marked")
    form: MaterialForm | None = Field(description="Form received")
    count: StrictInt = Field(description="Copies received")
    exemption: StrictStr | None = Field(description="Why the material need not be submitted")
    deadline: StrictStr | None = Field(description="Deadline of a deferred material (date)")
    note: StrictStr | None = Field(description="Clerk's note on the material")
    exemption_kind: StrictStr | None = _omitted_when_absent(
        "Why exempt by rule: city_department (本市部门核发) or elicence (电子证照)"
    )
    licence: LicenceRecord | None = _omitted_when_absent(
        "The e-licence the material is exempt by, attached to the case"
    )


class ShortfallLine(_Part):
    code: StrictStr = Field(description="Material code")
    name: StrictStr = Field(description="Material name")
    kind: ShortfallKind = Field(description="What is wrong with it")
    message: StrictStr = Field(description="What the one-time notice says (Chinese)")
    message_en: StrictStr = Field(description="The same in English")
    standard: StrictStr = Field(description="The material's standard (what a good one is)")


class DeliveryPart(_Part):
    method: DeliveryMethod = Field(description="Pick-up at the hall or postal delivery (EMS)")
    address: StrictStr | None = Field(
        description="Postal address (personal data); null for pick-up"
    )
    waybill: StrictStr | None = Field(description="Waybill number once the result is posted")
    posted_at: StrictStr | None = Field(description="When the window recorded the posting (UTC)")


class HandoverPart(_Part):
    collector: Collector = Field(description="The applicant, or a proxy (代领)")
    proxy_name: StrictStr | None = Field(description="The proxy's name as on their card")
    proxy_id_number: StrictStr | None = Field(description="The proxy's ID number (personal data)")
    power_of_attorney: StrictBool = Field(description="The proxy's power of attorney was checked")
    handed_over_at: StrictStr = Field(description="When the result was handed over (UTC)")
    handed_over_by: StrictStr = Field(description="Clerk who handed it over")


class CorrectionRecord(_Part):
    """One 补正: what the department asked for and what the window recorded."""

    requested_at: StrictStr = Field(description="When the platform asked for it (UTC)")
    note: StrictStr = Field(description="What the department said to correct")
    materials: list[StrictStr] = Field(description="Codes of the corrected materials")
    fields: list[StrictStr] = Field(
        description="Fields corrected: the applicant's (name, phone, address) or the agent's "
        "(agent_name, agent_phone, agent_relation)"
    )
    corrected_at: StrictStr = Field(description="When the correction was handed in (UTC)")
    corrected_by: StrictStr = Field(description="Clerk who recorded it")
    waited_working_days: StrictInt = Field(
        description="Working days the case waited; the promised date moved by as many"
    )
    promised_before: StrictStr | None = Field(description="Promised date before the correction")


class ApplicantEditRecord(_Part):
    """A supervisor-approved correction of the applicant's or the agent's data after acceptance
    (the old and new values are the applicant or agent part of this version and the one
    before)."""

    field: StrictStr = Field(
        description="name, phone or address; or the agent's agent_name, agent_phone or "
        "agent_relation"
    )
    reason: StrictStr = Field(description="Why it was corrected")
    approved_by: StrictStr = Field(description="Supervisor who approved it")
    edited_at: StrictStr = Field(description="When (UTC)")
    edited_by: StrictStr = Field(description="Clerk who made it")


class EligibilityConcernRecord(_Part):
    code: StrictStr = Field(description="age or household")
    zh: StrictStr = Field(description="What the card says against the rule (Chinese)")
    en: StrictStr = Field(description="The same in English")


class EligibilityOverride(_Part):
    """Accepted although the card contradicts the situation's eligibility rule."""

    reason: StrictStr = Field(description="Why the clerk accepted anyway")
    concerns: list[EligibilityConcernRecord] = Field(description="What the card contradicted")


class OverLimitRecord(_Part):
    """Taken while the hall's offline policy paused intake, approved by a supervisor at the
    window for this one decision, or on the command line for one run (超限受理)."""

    approved_by: StrictStr = Field(
        description="Supervisor who approved it (at the window, or for one command-line run)"
    )
    reason: StrictStr = Field(description="Why, in the supervisor's words")
    limit: StrictStr = Field(
        description="The limit passed: cases (sync.hard_stop_cases) or days (sync.hard_stop_days)"
    )
    allowed: StrictInt = Field(description="The configured limit")
    reached: StrictInt = Field(description="Unsynced cases, or days without a sync, at the time")


class EvaluationRecord(_Part):
    """The applicant's 好差评 rating (national fields; the case number and item are the
    document's own)."""

    channel: EvaluationChannel = Field(
        description="Where it was given: 窗口评价器, or online (the progress page)"
    )
    level: StrictInt | None = Field(description="1 (very dissatisfied) to 5; null if declined")
    declined: StrictBool = Field(description="The applicant declined to rate")
    reason_code: StrictStr | None = Field(description="Reason category of a level 1–2 rating")
    reason: StrictStr | None = Field(description="The applicant's words for a level 1–2 rating")
    window: StrictStr = Field(description="Window that served the applicant")
    clerk: StrictStr = Field(description="Clerk signed in when the rating was given")
    at: StrictStr = Field(description="When it was given (UTC)")


class FollowupStepRecord(_Part):
    step: FollowupStep = Field(
        description="Contact made or not reachable, finding, rectification, an appeal against "
        "a mistaken or malicious rating, or the platform's decision of that appeal (upheld "
        "or rejected; a platform that decides no appeal never writes one)"
    )
    note: StrictStr = Field(description="What was done or found; a decision's reason")
    by: StrictStr = Field(
        description="Supervisor who recorded it; the platform's reviewer of a decision"
    )
    at: StrictStr = Field(description="When (UTC)")


class FollowupRecord(_Part):
    """The follow-up of a level 1–2 rating under the "1·5·15" working-day limits."""

    opened_at: StrictStr = Field(description="When the bad rating opened it (UTC)")
    due_contact: StrictStr = Field(description="Contact the applicant by (date)")
    due_settle: StrictStr = Field(description="Settle a simple matter by (date)")
    due_rectify: StrictStr = Field(description="Rectify by (date)")
    steps: list[FollowupStepRecord] = Field(description="Steps recorded, oldest first")


class RefundRecord(_Part):
    """The fee paid back (退费): of a case paid twice, or paid and ended without its result."""

    refunded_at: ZonedMoment = Field(description="When the refund was recorded (UTC)")
    reference: StrictStr = Field(
        description="The POS terminal's refund slip number, or the payment platform's refund number"
    )
    reason: StrictStr = Field(description="Why, in the supervisor's words")
    by: StrictStr = Field(description="Supervisor who recorded it")


class CaseBundle(_Part):
    """高效办成一件事: the bundle this case was decided in, together with its other cases."""

    id: StrictStr = Field(description="UUID shared by the cases of the bundle decided together")
    code: StrictStr = Field(description="Catalog bundle code (一件事编码)")
    name: StrictStr = Field(description="Bundle name, e.g. 失业一件事")
    items: list[StrictStr] = Field(
        description="Codes of the member items decided together, in the bundle's order"
    )


class CaseDocument(_Part):
    """One data version of one case: everything the counter decided and recorded."""

    case_id: StrictStr = Field(description="Case UUID")
    case_no: StrictStr = Field(description="Case number HALL-WINDOW-DEVICE-YYYYMMDD-NNNNNN")
    data_version: StrictInt = Field(description="1 at intake, +1 for every change")
    state: CaseState = Field(description="Case state after this version")
    service_item: ServiceItemRef = Field(description="The service item applied for")
    situation: SituationRef = Field(description="The situation of the item")
    applicant: ApplicantPart = Field(description="Who applied")
    agent: CaseAgent | None = _omitted_when_absent(
        "代办人 / 经办人: who came to the window for the applicant (an organisation's always "
        "does); absent: the applicant in person"
    )
    materials: list[MaterialLine] = Field(description="Every material of the situation")
    hall: StrictStr = Field(description="Hall code")
    hall_name: StrictStr | None = _omitted_when_absent(
        "The accepting hall's name, as its documents print it; the online progress page shows"
        " it (absent from documents of counters before it, which show the code)"
    )
    window: StrictStr = Field(description="Window code")
    device: StrictStr = Field(description="Device code")
    clerk: StrictStr = Field(description="User name of the clerk who took the case")
    approved_by: StrictStr | None = Field(description="Supervisor who approved a 容缺 intake")
    received_at: StrictStr = Field(description="When the case was taken (UTC)")
    card_read_at: StrictStr | None = _omitted_when_absent(
        "When the applicant's identity document was read at the counter (UTC): the start "
        "of the service, for the hall's handling-time statistics; absent when typed in"
    )
    accepted_at: StrictStr | None = Field(description="When it was accepted (UTC)")
    promised_date: StrictStr | None = Field(description="Promised completion date")
    statutory_date: StrictStr | None = Field(description="Statutory deadline date")
    reason: StrictStr | None = Field(description="Reason for a notice or refusal")
    legal_basis: StrictStr | None = Field(description="Legal basis of a refusal")
    redirect_to: StrictStr | None = _omitted_when_absent(
        "Where a refused applicant may apply instead (建议向何处申请)"
    )
    shortfalls: list[ShortfallLine] = Field(description="What the one-time notice lists")
    expired_id_reason: StrictStr | None = _omitted_when_absent(
        "Why the case was accepted on an expired identity document"
    )
    updated_at: StrictStr | None = _omitted_when_absent("When this version was made (UTC)")
    updated_by: StrictStr | None = _omitted_when_absent("Who made this version")
    remarks: StrictStr | None = _omitted_when_absent("Clerk's remarks")
    withdrawal_reason: StrictStr | None = _omitted_when_absent("Why it was withdrawn")
    void_reason: StrictStr | None = _omitted_when_absent("Why it was voided")
    voided_by: StrictStr | None = _omitted_when_absent("Supervisor who approved voiding")
    delivery: DeliveryPart | None = _omitted_when_absent(
        "How the applicant receives the result (出件方式); absent: pick-up at the hall"
    )
    handover: HandoverPart | None = _omitted_when_absent(
        "Who collected the result at the window (出件)"
    )
    corrections: list[CorrectionRecord] | None = _omitted_when_absent(
        "Corrections (补正) handed in, oldest first"
    )
    applicant_edits: list[ApplicantEditRecord] | None = _omitted_when_absent(
        "Supervisor-approved corrections of the applicant's data, oldest first"
    )
    fee_cents: FeeCents | None = _omitted_when_absent(
        "Fee due for the item, integer cents (catalog fee_cents); set at acceptance"
    )
    payment_reference: StrictStr | None = _omitted_when_absent(
        "Payment reference (缴费识别码) the fee is paid with: JF- and the case number"
    )
    paid_at: ZonedMoment | None = _omitted_when_absent("When the fee was paid (UTC)")
    payment_method: PaymentMethod | None = _omitted_when_absent(
        "pos (card at the window's terminal) or platform (unified public payment platform)"
    )
    payment_receipt_no: StrictStr | None = _omitted_when_absent(
        "Receipt number of a payment recorded at the window: the POS terminal's, or the "
        "payment platform's voucher number"
    )
    payment_confirmed: StrictBool | None = _omitted_when_absent(
        "Of a payment on the payment platform the window recorded as the applicant's voucher "
        "showed it (payment_receipt_no: the platform's transaction number, 缴费流水号): false "
        "until the payment platform confirms it, true once it did; the platform takes the fee "
        "as paid only on its own confirmation. Absent: a card payment, or a payment the "
        "platform confirmed without the window recording it"
    )
    refund: RefundRecord | None = _omitted_when_absent(
        "The fee paid back (退费) of a case paid twice, or paid and ended without its result; "
        "absent: none"
    )
    document_language: DocumentLanguage | None = _omitted_when_absent(
        "Language of the applicant's documents (zh-en: bilingual); absent means zh"
    )
    eligibility_override: EligibilityOverride | None = _omitted_when_absent(
        "Accepted although the card contradicts the situation's eligibility rule, and why"
    )
    over_limit_approval: OverLimitRecord | None = _omitted_when_absent(
        "Taken past the hall's offline limit with a supervisor's approval"
    )
    evaluation: EvaluationRecord | None = _omitted_when_absent(
        "好差评: the applicant's rating, or that they declined to rate"
    )
    evaluation_followup: FollowupRecord | None = _omitted_when_absent(
        "Follow-up of a level 1–2 rating (差评回访整改)"
    )
    preapp_id: StrictStr | None = _omitted_when_absent(
        "The online pre-application (网上申报) the case was taken from"
    )
    online_evaluation: EvaluationRecord | None = _omitted_when_absent(
        "一事一评 given on the receipt QR's progress page (channel online), as the platform "
        "sent it back; one per case, beside the hall's own rating"
    )
    track_token: StrictStr | None = _omitted_when_absent(
        "The receipt QR's secret for the public progress page (/track/TOKEN): random, made "
        "with the case at the window (offline too), never the case id"
    )
    ticket_id: StrictStr | None = _omitted_when_absent(
        "The queue ticket (叫号) the window was serving when it decided the case, by its id in "
        "the hall's queue system; absent when none was"
    )
    bundle: CaseBundle | None = _omitted_when_absent(
        "高效办成一件事: the bundle decided together with this case (its other cases share the "
        "id); absent: a case decided alone"
    )

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a document as stored or sent; pydantic's ``ValidationError`` if it is not one."""
        return cls.model_validate(data)

    def to_json(self) -> dict[str, Any]:
        """The document as JSON values, absent optional fields left out."""
        return self.model_dump(mode="json")

    def canonical(self) -> bytes:
        """``canonical_json(self.to_json())``, byte for byte: the fields are in sorted order
        (``_Part``), and pydantic's JSON has no whitespace and leaves non-ASCII unescaped.
        A document must therefore come from validation or ``model_copy``, never from
        ``model_construct`` (which keeps the declared order)."""
        return self.__pydantic_serializer__.to_json(self)

    def content_hash(self) -> str:
        return hash_canonical(self.canonical())
