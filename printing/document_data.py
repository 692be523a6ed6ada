"""What a printed document says, independent of where the facts come from.

``DocumentData`` is filled by ``printing.case_documents`` from a stored case (or by tests and
benchmarks directly); the renderer only ever sees this.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from counter_app.domain.case_states import CaseState
from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.documents import DocumentKind


class PaperFormat(StrEnum):
    A4 = "a4"
    ROLL_80MM = "80mm"


# The documents of an accepted case: they show its fee and how the result comes beside the
# promised date.
ACCEPTANCE_DOCUMENTS = (DocumentKind.RECEIPT, DocumentKind.DEFERRAL, DocumentKind.SUPPLY)

# The material statuses a one-time notice asks for: not handed in, or not conforming.
TO_BRING = ("missing", "nonconforming")

# The documents of a bundle's member (一件事) that name the bundle and its other cases.
BUNDLE_MEMBER_DOCUMENTS = (DocumentKind.RECEIPT, DocumentKind.DEFERRAL, DocumentKind.NOTICE)

# The paper's language: Chinese, English, or both (zh-en: every text in Chinese, then in
# English), counter_app.domain.document_language's bilingual choice.
LANGS = ("zh", "en", "zh-en")


@dataclass(frozen=True)
class MaterialRow:
    name: str
    status: str  # received | exempt | deferred | commitment | missing | nonconforming
    form: str | None = None  # original | copy | electronic
    count: int = 0
    deadline: date | None = None  # deferred (容缺) materials
    # The clerk's note (what is wrong with a non-conforming one), or an exempt one's basis.
    note: str | None = None
    # The catalogue's standard a material still owed (missing, non-conforming, deferred)
    # must meet.
    standard: str | None = None
    required: bool = True  # an optional material not handed in is not "missing"
    # 一件事: the items of the bundle that share it (handed in once for all of them).
    shared_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reprint:
    number: int  # 第N次补打, from 1
    at: datetime
    reason: str


@dataclass(frozen=True)
class ResultDelivery:
    """How the applicant receives the result (出件), as chosen at acceptance."""

    method: DeliveryMethod
    address_masked: str | None = None  # a postal delivery's address, masked as stored


@dataclass(frozen=True)
class Collection:
    """Who collected the result at the window (领取回执)."""

    at: datetime
    by_proxy: bool  # 代领, on the applicant's power of attorney
    collector_name: str
    collector_id_masked: str


@dataclass(frozen=True)
class AgentFacts:
    """代办人 / 经办人: who came to the window for the applicant, as the papers name them and
    have them sign."""

    # 代办人 for a person, 经办人 for an organisation (domain.agents), 法定代表人 in person
    role: tuple[str, str]
    name: str
    id_masked: str
    relation: str | None  # 与申请人关系 / 职务; None: the legal representative, who needs none


@dataclass(frozen=True)
class Correction:
    """A 补正 handed in: what the department asked, what was brought, and the clock."""

    requested_at: datetime
    corrected_at: datetime
    note: str
    materials: tuple[str, ...]  # names of the corrected materials
    fields: tuple[str, ...]  # applicant fields corrected: name, phone, address
    waited_working_days: int
    promised_before: date | None


@dataclass(frozen=True)
class BundleCase:
    """One case of a 一件事 bundle, as the bundle's receipt lists it."""

    case_no: str
    item_name: str
    department: str  # who decides it: for 全市通办 the handling department
    city_wide: bool
    state: CaseState
    promised_date: date | None
    # A notified member's materials to bring (missing or not conforming, with the standard).
    owed: tuple[MaterialRow, ...] = ()


@dataclass(frozen=True)
class Bundle:
    """The 一件事 bundle a case was decided in: its name and its cases in case-number order."""

    name: str
    cases: tuple[BundleCase, ...]

    def others(self, case_no: str) -> tuple[str, ...]:
        """The numbers of the bundle's cases other than ``case_no``."""
        return tuple(c.case_no for c in self.cases if c.case_no != case_no)


@dataclass(frozen=True)
class BundleFacts:
    """A stored bundle as its documents print it: the bundle, and its merged checklist (each
    material once, with the items sharing it) for the bundle receipt's materials table."""

    bundle: Bundle
    materials: tuple[MaterialRow, ...]


@dataclass(frozen=True)
class DocumentData:
    kind: DocumentKind
    lang: str
    serial: str
    issued_at: datetime
    hall_code: str
    hall_name: str
    window_code: str
    clerk: str
    case_no: str
    case_id: str
    tracking_url: str | None  # None: a case taken before progress pages (no QR code)
    applicant_name: str
    # A person's number masked, an organisation's credit code in full (``shown_applicant_number``).
    applicant_id_shown: str
    item_code: str
    item_name: str
    case_type: str  # immediate | promised
    received_at: datetime
    accepted_at: datetime | None = None
    promised_days: int | None = None
    promised_date: date | None = None
    materials: tuple[MaterialRow, ...] = ()
    decision_reason: str | None = None
    legal_basis: str | None = None
    redirect_to: str | None = None  # refusals: the authority to apply to instead
    department: str | None = None
    hall_phone: str | None = None
    delivery: ResultDelivery | None = None  # None: a document that says nothing of the result
    reprint: Reprint | None = None
    extra_notes: tuple[str, ...] = field(default=())
    withdrawal_reason: str | None = None  # 撤回: the applicant's reason
    withdrawn_at: datetime | None = None
    collection: Collection | None = None  # 领取回执: who collected the result, and when
    correction: Correction | None = None  # 补正材料收取凭证
    fee_cents: int | None = None  # 缴费: the fee due, integer cents (None: the item is free)
    payment_reference: str | None = None
    payee: str | None = None  # 收款单位: the department charging the fee
    payment_url: str | None = None  # the 缴费通知书's QR code
    paid: bool = False
    # A platform payment the window recorded from the voucher: whether the platform has
    # confirmed it (None: any other payment) and its transaction number (缴费流水号).
    payment_confirmed: bool | None = None
    payment_transaction_no: str | None = None
    applicant_english_name: str | None = None  # as on a foreigner's card or passport
    # The document the applicant's number is of, in Chinese and English (居民身份证, 护照:
    # id_types.document_name); None: not known, printed as a bare 证件号码.
    applicant_document: tuple[str, str] | None = None
    # An enterprise or organisation: its number is its unified social credit code.
    applicant_organisation: bool = False
    # 全市通办: another district's department handles it (``department`` names it).
    city_wide: bool = False
    # 代办 / 经办: who came for the applicant, and signs instead of them; None: in person.
    agent: AgentFacts | None = None
    # The years the store's working calendar was published for when the document was
    # rendered: a date counted into another is printed as provisional (None: not known, as
    # for the specimen; nothing is marked).
    calendar_years: frozenset[int] | None = None
    # A material is exempt by an e-licence the register has not confirmed yet (待核验, looked
    # up offline): the acceptance says what follows if it is not.
    licences_pending: bool = False
    # 一件事: the bundle the case belongs to; its receipt's cases, or the line a member's
    # own document prints (BUNDLE_MEMBER_DOCUMENTS). None: a case decided alone.
    bundle: Bundle | None = None

    @property
    def done_on_the_spot_once_paid(self) -> bool:
        """An immediate case (即办件) whose fee is still due: done on the spot once paid, as
        its papers say."""
        return self.case_type == "immediate" and self.fee_cents is not None and not self.paid

    @property
    def deferral_deadline(self) -> date | None:
        deadlines = [m.deadline for m in self.materials if m.status == "deferred" and m.deadline]
        return min(deadlines) if deadlines else None


def printed_texts(value: Any) -> Iterator[str]:
    """Every text a document's data carries (names, addresses, reasons, catalogue texts),
    nested rows included: what its paper prints beside the program's own wording."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from printed_texts(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for each in fields(value):
            yield from printed_texts(getattr(value, each.name))
