"""What the counter asks intake to decide: the applicant as entered or read from a card, the
service item, situation and materials, and everything the decision depends on. The request
type every step of intake (validation, checks, the case document) reads; ``intake`` takes it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.case_document import CaseBundle
from counter_app.domain.checklist import SubmittedMaterial
from counter_app.domain.delivery import DeliveryChoice
from counter_app.domain.exemptions import LicenceFound
from counter_app.identity.provenance import IdentitySource


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
class AgentInput:
    """代办人 / 经办人: the person present for the applicant (their card is the one read)."""

    name: str
    id_type: str  # GA/T 2000.156 code, as ApplicantInput's
    id_number: str
    doc_kind: str | None = None  # from a card read
    phone: str | None = None
    relation: str = ""  # 与申请人关系 / 职务: 配偶, 子女, 单位员工 … (required)
    # What authorises them: power_of_attorney, introduction_letter or legal_representative
    # (domain.agents.AgentAuthorization).
    authorization: str = "power_of_attorney"


@dataclass(frozen=True)
class IntakeRequest:
    service_item: str
    applicant: ApplicantInput
    materials: Sequence[SubmittedMaterial] = ()
    situation: str | None = None  # default: the item's first situation
    request_id: str | None = None  # the caller's UUID for this submission (idempotency)
    # The catalog version the clerk's form showed (None: not known, as for an import): another
    # in force refuses the decision (CatalogChanged) before anything is checked or stored.
    catalog_version: int | None = None
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
    # 一件事: the bundle this case is decided in (bundle_intake sets it); None: decided alone.
    bundle: CaseBundle | None = None
    # 代办 / 经办: who came for the applicant (an organisation's applicant always needs one).
    agent: AgentInput | None = None
    # The agent's card read; ``identity_source`` then stays the applicant's (usually None).
    agent_identity_source: IdentitySource | None = None

    def document_read(self) -> IdentitySource | None:
        """The identity document read at the window, whose expiry counts: the agent's when
        theirs was read (the person present), otherwise the applicant's."""
        if self.agent is not None and self.agent_identity_source is not None:
            return self.agent_identity_source
        return self.identity_source
