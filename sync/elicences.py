"""E-licence lookups (``POST /v1/elicences:lookup``) for 两个免于提交, and the verification
after a sync of the materials a window marked 待核验 while the platform was unreachable.

Every lookup carries the applicant's authorisation (their app code, or their card read at
this window), the clerk asking and what it serves (``<item code>/<reference>``: the item
whose materials the licences replace, and a case number, an intake or the id of a check), as
the platform's signed lookup log keeps them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.catalog import Situation
from counter_app.domain.exemptions import LicenceFound, Verification, licence_may_exempt
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import holder_number
from counter_app.errors import ValidationError
from counter_app.services.elicence_checks import settle_check
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from counter_app.store.elicence_checks import ElicenceCheck, checks_in_state, failed_detail
from sync.errors import ElicenceDocumentMismatch, PlatformRefused, PlatformUnreachable, SyncError
from sync.transport import PlatformTransport
from sync.wire.elicences import (
    CONSENT_CODE,
    ElicenceAnswer,
    ElicenceConsent,
    ElicenceDocument,
    ElicenceDocumentRequest,
    ElicenceLookup,
    Licence,
)

log = logging.getLogger(__name__)

ELICENCE_LOOKUP_PATH = "/v1/elicences:lookup"
ELICENCE_DOCUMENT_PATH = "/v1/elicences:document"


class ElicenceNotConfirmed(SyncError):
    """The register answered, without a licence of the type the case expects."""

    code = "elicence_not_confirmed"

    def __init__(self, zh: str, en: str, *, lookup_id: str) -> None:
        super().__init__(zh, en)
        self.lookup_id = lookup_id


class NoCardReadConsent(SyncError):
    """A check accepted on the applicant's card read, whose case records no card read: it
    was written before intake refused that, and was never the applicant's consent."""

    code = "no_card_read_consent"

    def __init__(self) -> None:
        super().__init__(
            "受理时没有读取申请人本人的身份证，无申请人授权，不能查询其电子证照。请收取纸质材料，"
            "或凭申请人在“随申办”中给出的授权码重新核验。",
            "The applicant's own ID card was not read when the case was accepted, so there is "
            "no authorisation to look up their e-licences. Take the paper material, or look it "
            "up again with the authorisation code the applicant gives in the app.",
        )


@dataclass(frozen=True)
class Consent:
    """The applicant's authorisation: an app code, or (``code`` None) their card read at
    ``read_at`` at this window."""

    code: str | None
    read_at: datetime

    def __post_init__(self) -> None:
        if self.code and not CONSENT_CODE.fullmatch(self._normalised_code()):
            raise ValidationError(
                f"授权码“{self.code}”不对：应为 4–32 位字母、数字或“-”，请申请人在“随申办”中核对后再输入。",
                f"The authorisation code '{self.code}' is not valid: it has 4-32 letters, "
                "digits or '-'; ask the applicant to check it in the app and type it again.",
                field="consent",
            )

    def _normalised_code(self) -> str:
        """Read aloud or typed with spaces: the code is its letters, digits and dashes."""
        return "".join((self.code or "").split()).upper()

    def to_wire(self) -> ElicenceConsent:
        if self.code:
            return ElicenceConsent(kind="code", code=self._normalised_code())
        return ElicenceConsent(kind="card_read", read_at=self.read_at)


def lookup(
    transport: PlatformTransport,
    *,
    id_number: str,
    types: Sequence[str],
    consent: Consent,
    clerk: str,
    serves: str,
) -> ElicenceAnswer:
    """The holder's licences of ``types``; ``InvalidIdNumber`` before asking for a number no
    document could have (typed full-width or with spaces is normalised),
    ``PlatformRefused`` (``consent_required``) without a valid authorisation,
    ``PlatformUnreachable`` offline."""
    body = ElicenceLookup(
        holder_id_number=holder_number(id_number),
        types=sorted(set(types)),
        consent=consent.to_wire(),
        clerk=clerk,
        serves=serves,
    )
    answer = transport.request_json("POST", ELICENCE_LOOKUP_PATH, body.model_dump(mode="json"))
    return transport.parsed(ElicenceAnswer, answer)


def licences_for(
    transport: PlatformTransport,
    situation: Situation,
    *,
    id_number: str,
    consent: Consent,
    clerk: str,
    serves: str,
    documents: bool = True,
) -> list[LicenceFound]:
    """For each material of ``situation`` the applicant's own e-licence may replace
    (``licence_may_exempt``): the licence found (verified) with its document file
    (``documents``: to attach to a case), or, when the platform cannot be reached, the type
    expected (pending, 待核验). A material whose licence the holder does not have is left out;
    another person's material is never asked about (their consent is not the applicant's).
    A refusal (no consent), or a document that is not the file the answer names
    (``ElicenceDocumentMismatch``), is raised."""
    wanted = {
        m.code: m.exempt_elicence
        for m in situation.materials
        if m.exempt_elicence and licence_may_exempt(m)
    }
    if not wanted:
        return []
    try:
        answer = lookup(
            transport,
            id_number=id_number,
            types=list(wanted.values()),
            consent=consent,
            clerk=clerk,
            serves=serves,
        )
        by_type = {licence.licence_type: licence for licence in _standing(answer)}
        files = {
            kind: fetch_document(transport, answer.lookup_id, found, clerk=clerk, serves=serves)
            if documents
            else None
            for kind, found in by_type.items()
        }
    except PlatformUnreachable:
        # The lookup, or a document after it, did not get through: the verification after
        # the next sync looks them up and fetches the documents again.
        log.info("e-licence lookup unreachable; %d materials pending", len(wanted))
        return [
            LicenceFound(code, kind, None, None, None, None, None, Verification.PENDING)
            for code, kind in wanted.items()
        ]
    return [
        _confirmed(code, found, answer.lookup_id, files[kind])
        for code, kind in wanted.items()
        if (found := by_type.get(kind)) is not None
    ]


def _standing(answer: ElicenceAnswer) -> list[Licence]:
    """The licences of ``answer`` valid on the hall day it was given: one valid only from a
    later day, or expired, exempts nothing, whatever a platform that answered with it
    thought (a register that dates a licence ahead of its issue, an older platform)."""
    day = hall_today(answer.logged_at).isoformat()
    return [
        licence
        for licence in answer.licences
        if (licence.valid_from is None or licence.valid_from <= day)
        and (licence.valid_to is None or licence.valid_to >= day)
    ]


def fetch_document(
    transport: PlatformTransport,
    lookup_id: str,
    licence: Licence,
    *,
    clerk: str,
    serves: str,
) -> bytes | None:
    """The document file of ``licence`` as lookup ``lookup_id`` answered with it (None when
    the register holds no file), its SHA-256 checked against the answer's ``file_sha256``:
    ``ElicenceDocumentMismatch`` when they differ."""
    if licence.file_sha256 is None:
        return None
    body = ElicenceDocumentRequest(
        lookup_id=lookup_id,
        licence_type=licence.licence_type,
        number=licence.number,
        clerk=clerk,
        serves=serves,
    )
    sent = transport.parsed(
        ElicenceDocument,
        transport.request_json("POST", ELICENCE_DOCUMENT_PATH, body.model_dump(mode="json")),
    )
    try:
        content: bytes | None = base64.b64decode(sent.content, validate=True)
    except binascii.Error:
        content = None  # not base64: not the file the answer names either
    if content is None or hashlib.sha256(content).hexdigest() != licence.file_sha256:
        raise ElicenceDocumentMismatch(
            f"平台发来的{licence.licence_type}“{licence.number}”证照文件与查询答复中的文件摘要"
            "不符，未附入办件。请重新查询；仍不符时请收取纸质材料并报告信息科。",
            f"The document of the {licence.licence_type} '{licence.number}' the platform sent "
            "does not match the file hash of the lookup answer; it was not attached. Look it "
            "up again; if it still differs, collect the paper material and tell IT.",
        )
    return content


def _confirmed(code: str, found: Licence, lookup_id: str, document: bytes | None) -> LicenceFound:
    return LicenceFound(
        code,
        found.licence_type,
        found.number,
        found.issuer,
        found.valid_to,
        found.file_sha256,
        lookup_id,
        Verification.VERIFIED,
        document,
    )


def verify_pending(store: Store, transport: PlatformTransport, now: datetime) -> int:
    """Look up every material marked 待核验 and fetch its licence document; how many the
    register confirmed. One it does not confirm (no such licence, no valid consent any more,
    a document that is not the one answered) becomes ``failed``: a task for the clerk and the
    supervisor; so does one accepted on a card read the case does not record
    (``NoCardReadConsent``), never looked up. An unreachable platform is re-raised (the run
    ends offline)."""
    verified = 0
    for check in checks_in_state(store, Verification.PENDING.value):
        try:
            consent = Consent(check.consent_code, _consented_at(store, check))
            confirmed = look_up_again(store, transport, check, consent, check.clerk)
        except (
            NoCardReadConsent,
            PlatformRefused,
            ElicenceNotConfirmed,
            ElicenceDocumentMismatch,
        ) as exc:
            lookup_id = exc.lookup_id if isinstance(exc, ElicenceNotConfirmed) else None
            log.warning(
                "e-licence of %s %s not verified: %s", check.case_no, check.material_code, exc.en
            )
            settle_check(
                store,
                check,
                None,
                lookup_id=lookup_id,
                detail=failed_detail(exc.zh, exc.en),
                now=now,
            )
            continue
        settle_check(store, check, confirmed, lookup_id=confirmed.lookup_id, detail=None, now=now)
        verified += 1
    return verified


def _consented_at(store: Store, check: ElicenceCheck) -> datetime:
    """When the applicant gave the consent ``check`` was accepted with: the time kept on it.
    A card-read check written before intake kept the read's time there holds the acceptance
    time instead, so a card read is the time the case records it was read (the same as the
    check's own on a newer check); a case that records none had no card read, so no consent
    (``NoCardReadConsent``), and the acceptance time is never sent for one."""
    if check.consent_kind == "card_read":
        with store.reading():
            read_at = case_document(store, check.case_id).get("card_read_at")
        if not read_at:
            raise NoCardReadConsent()
        return datetime.fromisoformat(read_at)
    return datetime.fromisoformat(check.consented_at)


def recheck(
    store: Store,
    transport: PlatformTransport,
    check: ElicenceCheck,
    consent: Consent,
    *,
    actor: str,
    now: datetime,
) -> None:
    """Close a failed check by looking the licence up again with the applicant's new
    authorisation (``counter-app elicence resolve --recheck``, the window's 重新核验): the
    register's confirmation and its document become the case's next version, by ``actor``.
    A refusal, a licence still missing or a document that does not match is raised and the
    task stays open."""
    confirmed = look_up_again(store, transport, check, consent, actor)
    settle_check(
        store, check, confirmed, lookup_id=confirmed.lookup_id, detail=None, now=now, actor=actor
    )


def look_up_again(
    store: Store, transport: PlatformTransport, check: ElicenceCheck, consent: Consent, clerk: str
) -> LicenceFound:
    """The licence of ``check`` as the register confirms it now, its document fetched;
    ``ElicenceNotConfirmed`` when the holder has none of that type. The lookup serves
    ``<item code>/<case number>``: a card read older than the applicant's visit stands for
    that case of the hall only."""
    with store.reading():
        document = case_document(store, check.case_id)
    serves = f"{document['service_item']['code']}/{check.case_no}"
    answer = lookup(
        transport,
        id_number=document["applicant"]["id_number"],
        types=[check.licence_type],
        consent=consent,
        clerk=clerk,
        serves=serves,
    )
    found = next((x for x in _standing(answer) if x.licence_type == check.licence_type), None)
    if found is None:
        raise ElicenceNotConfirmed(
            f"电子证照库中没有申请人的{check.licence_type}，请收取纸质材料或补正。",
            f"The register holds no {check.licence_type} of the applicant: collect the paper "
            "material or ask for it.",
            lookup_id=answer.lookup_id,
        )
    file = fetch_document(transport, answer.lookup_id, found, clerk=clerk, serves=serves)
    return _confirmed(check.material_code, found, answer.lookup_id, file)


def new_check_reference() -> str:
    """The reference of a lookup outside a case (``counter-app elicence check``), after its
    item's code in what the lookup serves."""
    return f"check-{uuid.uuid4()}"
