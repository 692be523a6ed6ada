"""Deciding what a push batch does, case by case, from what the store already holds.

Pure: ``BatchPlan`` is fed the stored state of the batch's cases and yields the per-case
results plus the rows to write; the store loads the state and writes the rows in one
transaction. Rules (docs/sync-protocol.md, "Idempotency"):

- same ``(case_id, data_version)`` and same content hash → ``duplicate`` (success, the
  platform reference already given);
- same ``(case_id, data_version)`` with other content, a version older than the newest
  stored, a case number that changed or belongs to another case, a withdrawal the window
  wrote before it pulled a back-office step after which only the platform may withdraw
  (``withdrawn_after_step``) or another end the window set then (void, refusal, deferral
  terminated: ``ended_after_step``; a hand-over in person of a result the platform recorded
  posted, or delivered by the carrier, since the window's last version: ``ended_after_step``
  too), a change written before the window pulled a step that ended the case (withdrawn,
  denied, delivered …: ``changed_after_end``, deferred materials supplied or an edit the
  ended case no longer takes), a state no window may put the case in from where the
  platform holds it by the shared state machine (a department's decision, a case moved
  back; a new case in a state a window's case does not start in: ``illegal_transition``),
  a version that skips one the platform never had, refused or in conflict
  (``version_gap``) → ``conflict``, kept;
- a content hash that does not match the payload → ``rejected`` (a payload that is not a
  ``CaseDocument`` never gets here: the request is refused with ``validation_failed``);
- a payload naming another case, case number or version than its submission, or another
  hall, window or device than its case number →
  ``rejected`` (``payload_mismatch``): the platform checks and files a version under the
  submission's, and derives the hall queue's and statistics' rows from the payload's;
- a fee payable with a reference not JF- and the case's own number, or one another case's
  fee is payable with → ``rejected`` (``payment_reference_taken``): a reference belongs to
  one case, never taken over nor claimed first;
- a submission the authenticated device may not write → ``rejected`` (docs/sync-protocol.md,
  "Device binding"): a version of a case whose number belongs to another device
  (``not_case_owner``), a number that does not parse (``case_no_invalid``), that names
  another hall or window, or whose ``HALL-WINDOW-DEVICE`` prefix is not bound to this
  device (``case_no_foreign``); prefixes are bound at enrolment, and only for a device
  enrolled before that does an unheld prefix become its own with its first number;
- otherwise → ``stored``; a new version of a known case keeps its reference and history.
  A case taken on an older catalog than the one in force when it was received, whose item
  that catalog withdrew, is stored all the same (a window offline takes cases lawfully on
  the catalog it last pulled) and flagged ``item_withdrawn`` in the hall queue; one whose
  item that catalog holds with other binding terms (materials now required, time limits,
  fee) is flagged ``catalog_changed`` and what changed. A case naming a catalog version the
  platform never published is stored too, flagged ``catalog_unknown``: refused, it would
  stay at the window, which cannot change the version it was taken on (a platform restored
  from a backup older than a publication the windows pulled is one way there), while the
  department, told, can ask the hall what the applicant was held to.
  A case of an applicant who has another case for its item still open or taken the same
  hall day is stored and flagged ``same_applicant_same_item``, one whose ID number the
  platform holds under another name ``id_number_other_name``, one taken from a
  pre-application another case used first ``preapp_used_twice`` (``central.store.duplicates``).
  A version made in the name of an account the hall's staff register had disabled by then (a
  window that had not synced the disabling) is stored, flagged ``actor_out_of_use`` with the
  account and when it was disabled: refused, the case the applicant was handed a receipt for
  would stay at the window.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from central.store.base import iso
from central.store.case_summaries import (
    dated_ahead_flags,
    document_moment,
    service_facts,
    version_summary,
)
from central.store.duplicates import HeldCase, applicant_flags, preapp_flags
from central.store.publishing import PublishedCatalog
from counter_app.domain.agents import breaks_agent_rule
from counter_app.domain.case_document import CaseDocument, canonical_json, hash_canonical
from counter_app.domain.case_number import CaseNumber, parse_case_number
from counter_app.domain.case_states import (
    STATE_NAMES,
    TERMINAL_STATES,
    TRANSITIONS,
    CaseState,
    window_may_move,
)
from counter_app.domain.delivery import PostalStatus
from counter_app.domain.fees import payment_reference
from counter_app.domain.hall_queue import (
    ACTOR_OUT_OF_USE,
    AGENT_RULE_BROKEN,
    CATALOG_CHANGED,
    CATALOG_UNKNOWN,
    ITEM_WITHDRAWN,
    catalog_changes,
)
from counter_app.domain.hall_time import hall_today
from counter_app.domain.tracking import token_digest
from counter_app.errors import ValidationError
from sync.wire.case_push import CaseResult, CaseSubmission


def number_prefix(case_no: str) -> str | None:
    """``HALL-WINDOW-DEVICE`` of a case number (upper case), or None if it does not parse."""
    return _prefix(parsed_number(case_no))


def prefix_of(hall: str, window: str, device: str) -> str:
    """The ``HALL-WINDOW-DEVICE`` prefix of the numbers a device writes (upper case)."""
    return f"{hall}-{window}-{device}".upper()


def _prefix(number: CaseNumber | None) -> str | None:
    return None if number is None else prefix_of(number.hall, number.window, number.device)


def parsed_number(case_no: str) -> CaseNumber | None:
    """The parts of a case number, or None if it does not parse."""
    try:
        return parse_case_number(case_no)
    except ValidationError:
        return None


def version_maker(document: CaseDocument) -> tuple[str, str] | None:
    """Who made ``document`` and when, the time in the store's form: the account that made
    the version when it says so, else the clerk who took the case; None when the time is
    none a moment can be read from."""
    if document.updated_by is not None and document.updated_at is not None:
        by, at = document.updated_by, document.updated_at
    else:
        by, at = document.clerk, document.accepted_at or document.received_at
    moment = document_moment(at)
    return None if moment is None else (by, iso(moment))


def _reached_by_window(start: CaseState) -> frozenset[CaseState]:
    """``start`` and every state a window reaches from it by its own moves."""
    reached = {start}
    frontier = [start]
    while frontier:
        state = frontier.pop()
        for before, after in TRANSITIONS:
            if before is state and after not in reached and window_may_move(before, after):
                reached.add(after)
                frontier.append(after)
    return frozenset(reached)


# The states a case may first reach the platform in: those a window reaches from an
# application it received by its own moves (accepted, 容缺, notified, refused, withdrawn,
# voided, deferral terminated); a department's decision comes only from the platform.
WINDOW_START_STATES = _reached_by_window(CaseState.RECEIVED)


@dataclass
class StateHistory:
    """What the platform holds of a known case's states (``case_summaries``): every one it
    has stood in, where it stands, and whether a back-office step put it there."""

    seen: set[CaseState]
    standing: CaseState
    by_step: bool

    def ended(self) -> bool:
        """Whether the case's story is over where it stands: a state nothing moves on from,
        or the department's denial (its notice may still be handed over)."""
        return self.standing in TERMINAL_STATES or CaseState.COMPLETED_DENIED in self.seen


# What a version may add to a case after its handling ended without changing the case:
# the applicant's rating (好差评 after delivery is normal) and the fee's payment, with the
# version's own bookkeeping.
_NOT_CASE_CONTENT: set[str] = {
    "data_version",
    "updated_at",
    "updated_by",
    "evaluation",
    "evaluation_followup",
    "online_evaluation",
    "fee_cents",
    "payment_reference",
    "paid_at",
    "payment_method",
    "payment_receipt_no",
    "payment_confirmed",
}


def case_content(document: CaseDocument) -> str:
    """The digest of what ``document`` states of its case itself (materials, applicant,
    state, …): not its rating or payment, nor which version it is."""
    return hash_canonical(
        canonical_json(document.model_dump(mode="json", exclude=_NOT_CASE_CONTENT))
    )


@dataclass
class StoredCase:
    case_no: str
    hall: str
    data_version: int
    reference: str


@dataclass
class BatchPlan:
    """``device_id``, ``hall`` and ``window`` are the authenticated device's;
    ``prefix_owner`` the device bound to each case-number prefix the batch names;
    ``binds_on_first_use`` whether the device was enrolled before enrolment stated prefixes
    (its first number with an unheld prefix binds it)."""

    device_id: str
    hall: str
    window: str
    binds_on_first_use: bool
    now: str
    known: dict[str, StoredCase]
    versions: dict[tuple[str, int], str]
    owner_of_no: dict[str, str]
    prefix_owner: dict[str, str]
    # The register's licences the batch references, (type, number) -> (holder index, file
    # hash), and how an applicant's ID number becomes a holder index.
    licences: dict[tuple[str, str], tuple[str, str | None]]
    holder_index: Callable[[str], str]
    # The case whose fee each payment reference the batch names is payable with.
    payment_owner: dict[str, str]
    # The payment references the batch names that the payment platform had confirmed
    # (``payments.method`` platform): a version paying one by card is a double payment.
    paid_on_platform: set[str] = field(default_factory=set)
    # The payment references whose payment on the payment platform a version states as the
    # window recorded it from the applicant's voucher, pending the platform's confirmation
    # (``payment_confirmed`` false): not a claim the platform takes, nor a fault.
    recorded_from_voucher: set[str] = field(default_factory=set)
    # The states of each known case (a case stored before the platform kept summaries has
    # none: its versions are not checked against its states).
    histories: dict[str, StateHistory] = field(default_factory=dict)
    # (waybill, status posted|delivered) of the platform's newest report of a case's result
    # gone out by post that no version of the case stored since answers (a window that had
    # pulled it sends one only once the parcel came back to the hall): a hand-over in person
    # then contradicts it.
    postings: dict[str, tuple[str, str]] = field(default_factory=dict)
    # When each account a version of the batch names as its maker (``version_maker``) had
    # been disabled by the hall's staff register, by (account, moment made), for those it
    # had been then (read before planning: ``push._disabled_makers``).
    disabled_makers: dict[tuple[str, str], str] = field(default_factory=dict)
    # The versions of each of the batch's cases the platform refused or keeps in conflict
    # (``case_problems``): the version after one of them does not skip a number.
    problem_versions: dict[str, set[int]] = field(default_factory=dict)
    # What the platform's newest version states of each case that had ended where it
    # stands (``case_content``; read before planning: ``push._ended_contents``): a version
    # written before the window pulled the end is judged against it.
    ended_contents: dict[str, str] = field(default_factory=dict)
    # The catalog versions published from the oldest one the batch's cases were taken on,
    # and the newest, oldest first (``publishing.catalogs_for``): read once per batch.
    catalogs: list[PublishedCatalog] = field(default_factory=list)
    # (case id, item code, catalog version taken on, version in force that withdrew the
    # item) of each stored version flagged ``item_withdrawn``, for the platform's log.
    withdrawn_items: list[tuple[str, str, int, int]] = field(default_factory=list)
    # The same and what changed, of each stored version flagged ``catalog_changed``.
    changed_items: list[tuple[str, str, int, int, tuple[str, ...]]] = field(default_factory=list)
    # (case id, item code, catalog version named) of each flagged ``catalog_unknown``.
    unknown_catalogs: list[tuple[str, str, int]] = field(default_factory=list)
    # (case id, situation code, its rule) of each flagged ``agent_rule_broken``.
    broken_agent_rules: list[tuple[str, str, str]] = field(default_factory=list)
    # The cases the platform holds of each applicant the batch names, by holder index
    # (``central.store.applicants``); the batch's own stored versions join them.
    held_cases: dict[str, list[HeldCase]] = field(default_factory=dict)
    # The case (id, number) that used each pre-application the batch's cases name.
    preapp_users: dict[str, tuple[str, str]] = field(default_factory=dict)
    # (case id, holder index) of each stored version: the ``case_applicants`` rows.
    applicant_rows: list[tuple[str, str]] = field(default_factory=list)
    # (case id, its duplicate flags) of each stored version flagged, for the platform's log.
    duplicate_flags: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    new_bindings: list[str] = field(default_factory=list)
    new_cases: list[tuple[Any, ...]] = field(default_factory=list)
    # The ids of ``new_cases``: a case first stored by this batch.
    new_case_ids: set[str] = field(default_factory=set)
    updates: dict[str, tuple[int, str]] = field(default_factory=dict)
    new_versions: list[tuple[Any, ...]] = field(default_factory=list)
    conflicts: list[tuple[Any, ...]] = field(default_factory=list)
    summaries: list[tuple[Any, ...]] = field(default_factory=list)  # the hall queue's rows
    facts: list[tuple[Any, ...]] = field(default_factory=list)  # case_service_facts rows
    results: list[CaseResult] = field(default_factory=list)
    payments: list[tuple[Any, ...]] = field(default_factory=list)
    track_tokens: list[tuple[str, str]] = field(default_factory=list)  # (digest, case_id)
    routes: list[tuple[str, str, str, str]] = field(default_factory=list)  # 全市通办
    # Whether each case's newest version stored by the batch carries the hall's rating.
    ratings: dict[str, bool] = field(default_factory=dict)
    # (case_id, ticket_id) of each stored version of an accepted case decided under a queue
    # ticket: the appointment whose priority ticket it was is kept by the case.
    served_tickets: list[tuple[str, str]] = field(default_factory=list)
    _payload: bytes = b""  # canonical JSON of the submission being classified
    # Each case number parsed once per batch: its prefix is looked up before the
    # submissions are classified, and classifying needs its parts again.
    _numbers: dict[str, CaseNumber | None] = field(default_factory=dict)

    def number_prefix(self, case_no: str) -> str | None:
        """``number_prefix(case_no)``, the number parsed once per batch."""
        return _prefix(self._number(case_no))

    def _number(self, case_no: str) -> CaseNumber | None:
        if case_no not in self._numbers:
            self._numbers[case_no] = parsed_number(case_no)
        return self._numbers[case_no]

    def add(self, case: CaseSubmission) -> None:
        """Classify one submission (in request order; later ones see earlier ones)."""
        case_id, version = str(case.case_id), case.data_version
        self._payload = case.payload.canonical()
        if hash_canonical(self._payload) != case.content_hash:
            self._reject(
                case,
                "content_hash_mismatch",
                "内容摘要与内容不符，数据可能在传输或存储中损坏，请核对后重新生成该版本。",
                "The content hash does not match the content; the data may have been damaged. "
                "Check the case and create the version again.",
            )
            return
        refusal = self._identity_refusal(case, case_id) or self._payload_refusal(case, case_id)
        if refusal is not None:
            self._reject(case, *refusal)
            return
        stored_hash = self.versions.get((case_id, version))
        if stored_hash == case.content_hash:
            self.results.append(
                CaseResult(
                    case_id=case.case_id,
                    data_version=version,
                    status="duplicate",
                    reference=self.known[case_id].reference,
                )
            )
        elif stored_hash is not None:
            self._conflict(
                case,
                "content_differs",
                f"平台已有该办件第 {version} 版且内容不同，已留存待值班长核对。",
                f"The platform already holds version {version} of this case with different "
                "content; kept for a supervisor to review.",
            )
        elif self.owner_of_no.get(case.case_no, case_id) != case_id:
            self._conflict(
                case,
                "case_no_taken",
                f"办件编号 {case.case_no} 已被另一个办件使用，已留存待值班长核对。",
                f"Case number {case.case_no} is already used by another case; kept for a "
                "supervisor to review.",
            )
        elif (unconfirmed := self._unconfirmed_licence(case)) is not None:
            self._reject(
                case,
                "elicence_unconfirmed",
                f"电子证照库中没有与本办件所引用的“{unconfirmed}”一致的证照（号码、持证人或文件"
                "摘要不符），已拒绝。请重新查询电子证照，或收取纸质材料。",
                f"The e-licence register holds no licence matching the case's reference "
                f"'{unconfirmed}' (number, holder or file hash differ); refused. Look the "
                "e-licences up again, or collect the paper material.",
            )
        elif (taken := self._taken_reference(case, case_id)) is not None:
            self._reject(
                case,
                "payment_reference_taken",
                f"缴费识别码 {taken} 不是本办件的（应为 JF-本办件编号），或已属于另一个办件，"
                "已拒绝。请值班长核对该办件的缴费信息。",
                f"Payment reference {taken} is not this case's own (JF- and its case number), "
                "or is another case's, and was refused. A supervisor should check the case's "
                "payment details.",
            )
        elif case_id in self.known:
            self._new_version(case, case_id, self.known[case_id])
        else:
            self._new_case(case, case_id)

    def _unconfirmed_licence(self, case: CaseSubmission) -> str | None:
        """The number of a verified e-licence the case references that the register does not
        hold for this applicant with that file hash, or None: a case names a licence by its
        number and hash, the register's own copy is the one that counts."""
        holder: str | None = None
        for line in case.payload.materials:
            licence = line.licence
            if licence is None or licence.verification != "verified" or licence.number is None:
                continue
            holder = holder or self.holder_index(case.payload.applicant.id_number)
            held = self.licences.get((licence.licence_type, licence.number))
            if held != (holder, licence.file_sha256):
                return licence.number
        return None

    def _taken_reference(self, case: CaseSubmission, case_id: str) -> str | None:
        """The payment reference of the case's fee if it is not the case's own (JF- and its
        number, which the device binding proves is this device's) or another case's fee is
        payable with it, else None: confirming a payment marks the reference's case paid, so
        a reference shared would let one case's payment settle another's (another hall's,
        even), and one claimed first (another hall's next case number) would refuse the
        real case its fee."""
        reference = case.payload.payment_reference
        if case.payload.fee_cents is None or reference is None:
            return None
        own = reference == payment_reference(case.case_no)
        return (
            reference if not own or self.payment_owner.get(reference, case_id) != case_id else None
        )

    def _payload_refusal(self, case: CaseSubmission, case_id: str) -> tuple[str, str, str] | None:
        """Why the payload is not the version its submission says it is (reason, zh, en), or
        None. The device binding checks the submission's case id and number and the platform
        files the version under them, while the hall queue's and the statistics' rows come
        from the payload: a payload naming another case (another hall's, even), number or
        version would write where the checks never looked; and one naming another hall,
        window or device than its number would show them on the applicant's progress page
        and in the case's history as if they had served the applicant."""
        document = case.payload
        number = self._number(case.case_no)
        assert number is not None  # the device binding refused a number that does not parse
        differing = [
            name
            for name, submitted, written in (
                ("case_id", case_id, document.case_id),
                ("case_no", case.case_no, document.case_no),
                ("data_version", case.data_version, document.data_version),
                ("hall", number.hall, document.hall.upper()),
                ("window", number.window, document.window.upper()),
                ("device", number.device, document.device.upper()),
            )
            if submitted != written
        ]
        if not differing:
            return None
        fields = ", ".join(differing)
        return (
            "payload_mismatch",
            f"办件内容中的 {fields} 与提交该版本时所报的不一致，内容可能已被改动或混入了其他"
            "办件的数据，已拒绝。请值班长核对该办件，确认无误后重新生成该版本。",
            f"The case document's {fields} differ from those it was submitted under; it may "
            "have been altered or mixed with another case's data, and was refused. A "
            "supervisor should check the case and create the version again.",
        )

    def _identity_refusal(self, case: CaseSubmission, case_id: str) -> tuple[str, str, str] | None:
        """Why the authenticated device may not write this submission (reason, zh, en), or
        None. The number's prefix must be bound to the device: at its enrolment, or, for a
        device enrolled before enrolment stated prefixes, by its first number with a prefix
        of its hall and window that no device holds (a replacement PC then holds its own
        prefix and, once the old device is revoked, the old one's)."""
        known = self.known.get(case_id)
        if known is not None:
            owner = self.prefix_owner.get(self.number_prefix(known.case_no) or "")
            if owner is not None and owner != self.device_id:
                return (
                    "not_case_owner",
                    f"办件 {known.case_no} 由本大厅另一台设备受理，只有该设备能提交它的新版本；"
                    "更正请在原窗口办理。",
                    f"Case {known.case_no} was accepted by another device of this hall; only that "
                    "device may submit new versions of it. Correct it at its own window.",
                )
        number = self._number(case.case_no)
        if number is None:
            return (
                "case_no_invalid",
                f"“{case.case_no}”不是本系统的办件编号（大厅-窗口-设备-日期-序号），已拒绝。",
                f"'{case.case_no}' is not a case number of this system "
                "(HALL-WINDOW-DEVICE-YYYYMMDD-SEQ) and was refused.",
            )
        prefix = prefix_of(number.hall, number.window, number.device)
        if (number.hall, number.window) != (self.hall.upper(), self.window.upper()):
            mine = f"{self.hall}-{self.window}-".upper()
            return (
                "case_no_foreign",
                f"办件编号 {case.case_no} 不是本设备的编号（本设备的编号以 {mine} 开头），已拒绝。"
                "请核对本机的大厅、窗口设置与设备登记是否一致。",
                f"Case number {case.case_no} is not one of this device's numbers (this device's "
                f"start with {mine}) and was refused. Check that this workstation's hall and "
                "window settings match its enrolment.",
            )
        owner = self.prefix_owner.get(prefix)
        if owner is None and self.binds_on_first_use:
            self.prefix_owner[prefix] = self.device_id
            self.new_bindings.append(prefix)
        elif owner is None:
            return (
                "case_no_foreign",
                f"编号前缀 {prefix} 不是本设备登记时声明的前缀，已拒绝。请核对本机的设备编号"
                "（[hall] device_id）登记后是否被改动；若本机接手了另一台电脑的办件，请信息科吊销"
                "本设备后用新的登记码重新登记（登记时会一并声明这些办件的前缀）。",
                f"The number prefix {prefix} was not stated when this device enrolled and was "
                "refused. Check whether this workstation's device id ([hall] device_id) changed "
                "after enrolment; if it took over another PC's cases, ask IT to revoke this "
                "device and enrol it again with a new code (enrolment states those cases' "
                "prefixes too).",
            )
        elif owner != self.device_id:
            return (
                "case_no_foreign",
                f"编号前缀 {prefix} 属于本窗口另一台已登记的设备，已拒绝。若本机替换了那台设备，"
                "请信息科先吊销旧设备（counter-central revoke），再重新排队这些办件。",
                f"The number prefix {prefix} belongs to another enrolled device of this window "
                "and was refused. If this workstation replaced that device, ask IT to revoke the "
                "old one first (counter-central revoke), then requeue these cases.",
            )
        return None

    def _new_version(self, case: CaseSubmission, case_id: str, current: StoredCase) -> None:
        if current.case_no != case.case_no:
            self._conflict(
                case,
                "case_no_differs",
                "同一办件的编号与平台记录不一致，已留存待值班长核对。",
                "The case number differs from the platform's record of this case; kept for a "
                "supervisor to review.",
            )
            return
        if case.data_version < current.data_version:
            self._conflict(
                case,
                "stale_version",
                f"平台已有更新的第 {current.data_version} 版，第 {case.data_version} 版已过时，"
                "已留存待值班长核对。",
                f"The platform already holds the newer version {current.data_version}; version "
                f"{case.data_version} is stale and was kept for a supervisor to review.",
            )
            return
        if self._skips_versions(case, case_id, current.data_version):
            return
        if self._handed_over_after_posting(case, case_id):
            return
        history = self.histories.get(case_id)
        if history is not None and not self._window_may_write(case, case_id, history):
            return
        current.data_version = case.data_version
        self.updates[case_id] = (case.data_version, case.content_hash)
        self._store_version(case, case_id, current.reference)

    def _skips_versions(self, case: CaseSubmission, case_id: str, held: int) -> bool:
        """Whether ``case`` skips a version after ``held`` (0: none) that never reached the
        platform, kept in conflict (``version_gap``) if so: a window sends every version in
        order, and one the platform refused or kept in conflict is no gap."""
        refused = self.problem_versions.get(case_id, set())
        missing = case.data_version - held - 1 - sum(held < v < case.data_version for v in refused)
        if missing <= 0:
            return False
        held_zh = f"平台只有该办件的第 {held} 版" if held else "平台还没有该办件的任何版本"
        held_en = (
            f"The platform holds version {held} of this case"
            if held
            else "The platform holds no version of this case"
        )
        self._conflict(
            case,
            "version_gap",
            f"{held_zh}，第 {case.data_version} 版之前有 {missing} 个版本从未送达（版本号不连续），"
            "该版本未生效，已留存待值班长核对。",
            f"{held_en}; {missing} version(s) before version {case.data_version} never "
            "arrived (the version numbers skip). The version did not take effect and was kept "
            "for a supervisor to review.",
        )
        return True

    def _handed_over_after_posting(self, case: CaseSubmission, case_id: str) -> bool:
        """Whether ``case`` hands the result over in person after the platform recorded it
        posted (or delivered by the carrier), kept in conflict (``ended_after_step``) if so:
        the case would say both "collected at the window" and "posted, waybill …"."""
        posting = self.postings.get(case_id)
        if posting is None or case.payload.handover is None:
            return False
        waybill, status = posting
        delivered = status == PostalStatus.DELIVERED.value
        self._conflict(
            case,
            "ended_after_step",
            f"中心平台已登记该办件的结果按运单号 {waybill} 邮寄{'并已妥投' if delivered else ''}"
            "（窗口办理当面领取时尚未同步到该环节），结果不能再在窗口交付。窗口的领取登记未生效，"
            "已留存待值班长核对；请联系中心平台核实邮件去向，包裹已退回大厅的，先登记退回"
            f"（counter-app case post {case.case_no} --returned --reason 原因）再办理领取。",
            f"The central platform had recorded this case's result as posted with waybill "
            f"{waybill}{' and delivered by the carrier' if delivered else ''} (a step the "
            "window had not pulled when it handed the result over in person); it cannot also be "
            "handed over at the window. The window's hand-over did not take effect and was kept "
            "for a supervisor to review; ask the central platform where the parcel is, and if it "
            "came back to the hall, record the return first (counter-app case post "
            f"{case.case_no} --returned --reason TEXT), then hand the result over.",
        )
        return True

    def _window_may_write(self, case: CaseSubmission, case_id: str, history: StateHistory) -> bool:
        """Whether a window may put a known case in the state ``case`` states, kept in
        conflict if not. It may: keep the state, make a move the state machine gives a window
        (its clerk or supervisor) from where the case stands, or, where the case stands
        after a back-office step the window had not pulled, write from a state the case
        stood in (an edit, a rating, deferred materials handed in; the step stands) unless
        that ends the case: a withdrawal (``withdrawn_after_step``) or another end
        (``ended_after_step``) is then only the platform's; nor, once that step ended the case,
        a change of the case itself: its materials, applicant or state
        (``changed_after_end``). A version that only adds a rating or a payment stands. Anything else, a department's
        decision declared or a case moved back, is ``illegal_transition``."""
        state, standing = case.payload.state, history.standing
        if state is standing or window_may_move(standing, state):
            history.standing = state
            history.by_step = history.by_step and state is standing
            history.seen.add(state)
            return True
        stale = history.by_step and (
            state in history.seen or any(window_may_move(s, state) for s in history.seen)
        )
        zh_at, en_at = STATE_NAMES[standing]
        zh_to, en_to = STATE_NAMES[state]
        if stale and state is CaseState.WITHDRAWN:
            self._conflict(
                case,
                "withdrawn_after_step",
                f"中心平台已将该办件登记为“{zh_at}”（窗口撤回时尚未同步到该环节），此后只有"
                "中心平台能撤回它。窗口的撤回已留存待值班长核对；申请人仍要撤回的，请联系中心"
                "平台办理。",
                f"The central platform had recorded this case as '{en_at}' (a step the "
                "window had not pulled when it withdrew the case); from then on only the "
                "platform may withdraw it. The window's withdrawal was kept for a supervisor "
                "to review; if the applicant still wants to withdraw, ask the central platform "
                "to do it.",
            )
        elif stale and state in TERMINAL_STATES:
            self._conflict(
                case,
                "ended_after_step",
                f"中心平台已将该办件登记为“{zh_at}”（窗口将其变为“{zh_to}”时尚未同步到该环节），"
                "此后窗口不能再结束它。该版本未生效，已留存待值班长核对；请联系中心平台处理。",
                f"The central platform had recorded this case as '{en_at}' (a step the window "
                f"had not pulled when it made the case '{en_to}'); from then on a window may "
                "not end it. The version did not take effect and was kept for a supervisor to "
                "review; ask the central platform to handle the case.",
            )
        elif stale and history.ended() and self._changes_case(case, case_id):
            self._conflict(
                case,
                "changed_after_end",
                f"中心平台已将该办件登记为“{zh_at}”，办理已结束（窗口作出这次修改时尚未同步到该"
                "环节）。窗口的修改（如补齐容缺材料、更正申请人信息）未生效，已留存待值班长核对；"
                "请告知申请人该办件已结束，如需继续办理请联系中心平台。",
                f"The central platform had recorded this case as '{en_at}': its handling has "
                "ended (a step the window had not pulled when it made this change). The "
                "window's change (deferred materials supplied, the applicant's data corrected, "
                "…) did not take effect and was kept for a supervisor to review; tell the "
                "applicant the case has ended, and contact the central platform if it is to go "
                "on.",
            )
        elif stale:
            history.seen.add(state)  # the step stands (``cases.state_after_version``)
            return True
        else:
            self._illegal_transition(
                case, f"平台记录该办件为“{zh_at}”", f"The platform holds this case as '{en_at}'"
            )
        return False

    def _changes_case(self, case: CaseSubmission, case_id: str) -> bool:
        """Whether ``case`` states its case otherwise than the platform's newest version
        (``case_content``); True when the platform read none."""
        held = self.ended_contents.get(case_id)
        return held is None or held != case_content(case.payload)

    def _illegal_transition(self, case: CaseSubmission, zh_held: str, en_held: str) -> None:
        """Keep in conflict a version that puts its case in a state no window may put it
        in; ``zh_held``/``en_held`` say where the platform holds the case."""
        zh_to, en_to = STATE_NAMES[case.payload.state]
        self._conflict(
            case,
            "illegal_transition",
            f"{zh_held}，窗口不能将其变为“{zh_to}”（部门的办理和决定只由中心平台记录）。"
            "该版本未生效，已留存待值班长核对。",
            f"{en_held}; a window may not make it '{en_to}' (the department's processing and "
            "decisions are recorded by the central platform only). The version did not take "
            "effect and was kept for a supervisor to review.",
        )

    def _new_case(self, case: CaseSubmission, case_id: str) -> None:
        if self._skips_versions(case, case_id, 0):
            return
        state = case.payload.state
        if state not in WINDOW_START_STATES:
            self._illegal_transition(
                case,
                "平台上尚无该办件（窗口受理的办件从“已接件”开始）",
                "The platform holds no earlier state of this case (a window's case starts as "
                "'Received')",
            )
            return
        self.histories[case_id] = StateHistory({state}, state, by_step=False)
        # The hall's date, as in the case's number: a case taken at 00:30 in the hall is
        # still the previous day in UTC.
        day = hall_today(datetime.fromisoformat(self.now))
        reference = f"P{day:%Y%m%d}-{secrets.token_hex(8).upper()}"
        self.known[case_id] = StoredCase(case.case_no, case.hall, case.data_version, reference)
        self.owner_of_no[case.case_no] = case_id
        self.new_case_ids.add(case_id)
        self.new_cases.append(
            (
                case_id,
                case.case_no,
                self.hall,
                self.window,
                self.device_id,
                reference,
                case.data_version,
                case.content_hash,
                self.now,
                self.now,
            )
        )
        self._store_version(case, case_id, reference)

    def _store_version(self, case: CaseSubmission, case_id: str, reference: str) -> None:
        document = case.payload
        if document.fee_cents is not None and document.payment_reference is not None:
            self.payment_owner[document.payment_reference] = case_id
            self.payments.append(
                (
                    document.payment_reference,
                    case_id,
                    self.hall,
                    document.fee_cents,
                    document.paid_at,
                    document.payment_method.value if document.payment_method else None,
                    document.payment_receipt_no,
                    self.now,
                )
            )
            if document.payment_confirmed is False:
                self.recorded_from_voucher.add(document.payment_reference)
        if document.track_token is not None:
            self.track_tokens.append((token_digest(document.track_token), case_id))
        if document.ticket_id is not None and document.accepted_at is not None:
            self.served_tickets.append((case_id, document.ticket_id))
        department = document.service_item.handling_department
        if department is not None:
            self.routes.append((case_id, department, self.hall, self.now))
        # A stored version is always the case's newest: older ones are conflicts.
        self.ratings[case_id] = document.evaluation is not None
        if case_id in self.ended_contents:
            self.ended_contents[case_id] = case_content(document)
        self.versions[(case_id, case.data_version)] = case.content_hash
        self.new_versions.append(
            (
                case_id,
                case.data_version,
                case.content_hash,
                self._payload,
                self.device_id,
                self.now,
            )
        )
        self.summaries.append(
            version_summary(
                document,
                hall=self.hall,
                window=self.window,
                at=self.now,
                catalog_flags=self._catalog_flags(case_id, document),
                duplicate_flags=self._duplicate_flags(case_id, document)
                + dated_ahead_flags(document, self.now)
                + self._maker_flags(document),
                paid_on_platform=document.payment_reference in self.paid_on_platform,
            )
        )
        self.facts.append(service_facts(case.payload))
        self.results.append(
            CaseResult(
                case_id=case.case_id,
                data_version=case.data_version,
                status="stored",
                reference=reference,
            )
        )

    def _maker_flags(self, document: CaseDocument) -> tuple[str, ...]:
        """``actor_out_of_use``, the account and when it was disabled, when ``document`` was
        made in the name of an account the hall's staff register had disabled by then."""
        made = version_maker(document)
        disabled_at = None if made is None else self.disabled_makers.get(made)
        if made is None or disabled_at is None:
            return ()
        return (ACTOR_OUT_OF_USE, made[0], disabled_at)

    def _duplicate_flags(self, case_id: str, document: CaseDocument) -> tuple[str, ...]:
        """The hall queue's flags of a stored version that repeats another case
        (``central.store.duplicates``), each recorded for the platform's log; the version
        joins its applicant's cases, so a later case of the batch sees it."""
        applicant = self.holder_index(document.applicant.id_number)
        self.applicant_rows.append((case_id, applicant))
        held = self.held_cases.setdefault(applicant, [])
        before = next((h for h in held if h.case_id == case_id), None)
        if before is not None:
            held.remove(before)
            stored_at = before.stored_at
        elif case_id in self.new_case_ids:
            stored_at = self.now
        else:  # held since before the platform kept this index: nothing counts as earlier
            stored_at = ""
        number = self._number(document.case_no)
        case = HeldCase(
            case_id=case_id,
            case_no=document.case_no,
            item_code=document.service_item.code,
            state=document.state,
            day=None if number is None else number.day,
            name=document.applicant.name,
            stored_at=stored_at,
        )
        held.append(case)
        flags = applicant_flags(case, held) + preapp_flags(document, self.preapp_users)
        if flags:
            self.duplicate_flags.append((case_id, flags))
        return flags

    def _catalog_flags(self, case_id: str, document: CaseDocument) -> tuple[str, ...]:
        """The hall queue's flags for the catalog ``document`` was taken on, each recorded
        for the platform's log: ``catalog_unknown`` for a version the platform never
        published (when it published any); else, against the catalog in force when the case
        was received if that is newer, ``item_withdrawn`` when it no longer holds the item,
        ``catalog_changed`` and what changed when it binds the hall otherwise. A case whose
        story is over waits for no department's decision."""
        if not self.catalogs or document.state in TERMINAL_STATES:
            return ()
        item = document.service_item
        taken_on = next((c for c in self.catalogs if c.version == item.catalog_version), None)
        if taken_on is None:
            self.unknown_catalogs.append((case_id, item.code, item.catalog_version))
            return (CATALOG_UNKNOWN,)
        return self._agent_flags(case_id, taken_on, document) + self._change_flags(
            case_id, taken_on, document
        )

    def _agent_flags(
        self, case_id: str, taken_on: PublishedCatalog, document: CaseDocument
    ) -> tuple[str, ...]:
        """``agent_rule_broken`` when ``document`` breaks its situation's rule on a 代办人
        as ``taken_on`` (its catalog version) states it, recorded for the platform's log."""
        defined = taken_on.item(document.service_item.code)
        situation = None if defined is None else defined.situation(document.situation.code)
        if situation is None or not breaks_agent_rule(
            situation.agent, document.applicant.type, has_agent=document.agent is not None
        ):
            return ()
        self.broken_agent_rules.append((case_id, situation.code, str(situation.agent)))
        return (AGENT_RULE_BROKEN,)

    def _change_flags(
        self, case_id: str, taken_on: PublishedCatalog, document: CaseDocument
    ) -> tuple[str, ...]:
        """What the catalog in force when ``document`` was received states otherwise than
        ``taken_on``, the version it was taken on (``_catalog_flags``)."""
        item = document.service_item
        in_force = self._in_force(document)
        if in_force is None or in_force.version <= item.catalog_version:
            return ()
        if not in_force.holds(item.code):
            self.withdrawn_items.append(
                (case_id, item.code, item.catalog_version, in_force.version)
            )
            return (ITEM_WITHDRAWN,)
        before, now = taken_on.item(item.code), in_force.item(item.code)
        if before is None or now is None:  # an item its own version does not define
            return ()
        changes = catalog_changes(before, now, document.situation.code)
        if not changes:
            return ()
        self.changed_items.append(
            (case_id, item.code, item.catalog_version, in_force.version, changes)
        )
        return (CATALOG_CHANGED, *changes)

    def _in_force(self, document: CaseDocument) -> PublishedCatalog | None:
        """The catalog in force when the case was received: the newest the platform had
        published by its ``received_at`` (a window offline takes cases on the catalog it
        last pulled, its clock past a publication it has not heard of). A ``received_at``
        that is no moment cannot be placed among the publications: None."""
        received = document_moment(document.received_at)
        if received is None:
            return None
        in_force = None
        for catalog in self.catalogs:
            if catalog.published_at <= received:
                in_force = catalog
        return in_force

    def _conflict(self, case: CaseSubmission, reason: str, zh: str, en: str) -> None:
        self.problem_versions.setdefault(str(case.case_id), set()).add(case.data_version)
        self.conflicts.append(
            (
                str(case.case_id),
                case.data_version,
                case.content_hash,
                case.case_no,
                case.hall,
                self.device_id,
                reason,
                self._payload,
                self.now,
            )
        )
        self.results.append(
            CaseResult(
                case_id=case.case_id,
                data_version=case.data_version,
                status="conflict",
                reason=reason,
                message_zh=zh,
                message_en=en,
            )
        )

    def _reject(self, case: CaseSubmission, reason: str, zh: str, en: str) -> None:
        self.problem_versions.setdefault(str(case.case_id), set()).add(case.data_version)
        self.results.append(
            CaseResult(
                case_id=case.case_id,
                data_version=case.data_version,
                status="rejected",
                reason=reason,
                message_zh=zh,
                message_en=en,
            )
        )
