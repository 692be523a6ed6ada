"""E-licence lookups (``POST /v1/elicences:lookup``) for 两个免于提交, and the verification
after a sync of the materials a window marked 待核验 while the platform was unreachable.

Every lookup carries the applicant's authorisation (their app code, or their card read at
this window), the clerk asking and what it serves (a case number, or the id of a check), as
the platform's signed lookup log keeps them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.catalog import Situation
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.services.elicence_checks import settle_check
from counter_app.store.cases import case_document
from counter_app.store.database import Store
from counter_app.store.elicence_checks import ElicenceCheck, checks_in_state
from sync import wire
from sync.errors import PlatformRefused, PlatformUnreachable
from sync.transport import PlatformTransport, parse_answer

log = logging.getLogger(__name__)

ELICENCE_LOOKUP_PATH = "/v1/elicences:lookup"


@dataclass(frozen=True)
class Consent:
    """The applicant's authorisation: an app code, or (``code`` None) their card read at
    ``read_at`` at this window."""

    code: str | None
    read_at: datetime

    def to_wire(self) -> wire.ElicenceConsent:
        if self.code:
            # Read aloud or typed with spaces: the code is its letters, digits and dashes.
            return wire.ElicenceConsent(kind="code", code="".join(self.code.split()).upper())
        return wire.ElicenceConsent(kind="card_read", read_at=self.read_at)


def lookup(
    transport: PlatformTransport,
    *,
    id_number: str,
    types: Sequence[str],
    consent: Consent,
    clerk: str,
    serves: str,
) -> wire.ElicenceAnswer:
    """The holder's licences of ``types``; ``PlatformRefused`` (``consent_required``)
    without a valid authorisation, ``PlatformUnreachable`` offline."""
    body = wire.ElicenceLookup(
        holder_id_number=id_number,
        types=sorted(set(types)),
        consent=consent.to_wire(),
        clerk=clerk,
        serves=serves,
    )
    answer = transport.request_json("POST", ELICENCE_LOOKUP_PATH, body.model_dump(mode="json"))
    return parse_answer(wire.ElicenceAnswer, answer)


def licences_for(
    transport: PlatformTransport,
    situation: Situation,
    *,
    id_number: str,
    consent: Consent,
    clerk: str,
    serves: str,
) -> list[LicenceFound]:
    """For each material of ``situation`` the catalog names an e-licence for: the licence
    found (verified), or, when the platform cannot be reached, the type expected (pending,
    待核验). A material whose licence the holder does not have is left out. A refusal
    (no consent) is raised."""
    wanted = {m.code: m.exempt_elicence for m in situation.materials if m.exempt_elicence}
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
    except PlatformUnreachable:
        log.info("e-licence lookup unreachable; %d materials pending", len(wanted))
        return [
            LicenceFound(code, kind, None, None, None, None, None, Verification.PENDING)
            for code, kind in wanted.items()
        ]
    by_type = {licence.licence_type: licence for licence in answer.licences}
    return [
        LicenceFound(
            code,
            kind,
            found.number,
            found.issuer,
            found.valid_to,
            found.file_sha256,
            answer.lookup_id,
            Verification.VERIFIED,
        )
        for code, kind in wanted.items()
        if (found := by_type.get(kind)) is not None
    ]


def verify_pending(store: Store, transport: PlatformTransport, now: datetime) -> int:
    """Look up every material marked 待核验; how many the register confirmed. One it does not
    confirm (no such licence, or no valid consent any more) becomes ``failed``: a task for the
    clerk and the supervisor. An unreachable platform is re-raised (the run ends offline)."""
    verified = 0
    for check in checks_in_state(store, Verification.PENDING.value):
        try:
            answer = lookup(
                transport,
                id_number=case_document(store, check.case_id)["applicant"]["id_number"],
                types=[check.licence_type],
                consent=Consent(check.consent_code, datetime.fromisoformat(check.consented_at)),
                clerk=check.clerk,
                serves=check.case_no,
            )
        except PlatformRefused as exc:
            _failed(store, check, None, f"{exc.zh} / {exc.en}", now)
            continue
        found = next((x for x in answer.licences if x.licence_type == check.licence_type), None)
        if found is None:
            _failed(
                store,
                check,
                answer.lookup_id,
                f"电子证照库中没有申请人的{check.licence_type}，请收取纸质材料或补正。 / "
                f"The register holds no {check.licence_type} of the applicant: collect the "
                "paper material or ask for it.",
                now,
            )
            continue
        confirmed = LicenceFound(
            check.material_code,
            check.licence_type,
            found.number,
            found.issuer,
            found.valid_to,
            found.file_sha256,
            answer.lookup_id,
            Verification.VERIFIED,
        )
        settle_check(store, check, confirmed, lookup_id=answer.lookup_id, detail=None, now=now)
        verified += 1
    return verified


def new_check_reference() -> str:
    """What a lookup outside a case serves (``counter-app elicence check``)."""
    return f"check-{uuid.uuid4()}"


def _failed(
    store: Store, check: ElicenceCheck, lookup_id: str | None, detail: str, now: datetime
) -> None:
    log.warning("e-licence of %s %s not verified: %s", check.case_no, check.material_code, detail)
    settle_check(store, check, None, lookup_id=lookup_id, detail=detail, now=now)
