"""The register's answer to an e-licence marked 待核验 offline, as the case's next data
version: the licence confirmed (its number and issuer, the basis the receipt prints, its
document attached), or not (``failed``: a task for the clerk and the supervisor, flagged in
the hall queue). A task is closed by a new lookup that confirms it, or by the applicant's
paper material (``settle_with_paper``). The check row, the document and the version are
written in one transaction. Every lookup a window or a command makes is audited on its own
(``record_lookup``), whether or not a case follows."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from counter_app.domain.case_states import Authority
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.exemptions import LicenceFound, Verification, licence_basis
from counter_app.services.case_changes import record_change
from counter_app.store.audit_search import ELICENCE_LOOKED_UP
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import id_number_key
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.elicence_checks import (
    ElicenceCheck,
    LicenceDocument,
    attach_document,
    update_check,
)
from counter_app.store.timestamps import to_text

VERIFICATION_ACTOR = "system:elicence-verification"
PAPER = "paper"  # a failed check closed with the material handed in on paper


class LookupOutcome(StrEnum):
    FOUND = "found"  # the register answered with at least one licence asked for
    NONE = "none"  # it answered with none of them
    UNREACHABLE = "unreachable"  # not reached: the materials are 待核验
    REFUSED = "refused"  # refused (no valid consent) or its answer did not hold


def lookup_outcome(licences: Sequence[LicenceFound]) -> LookupOutcome:
    """What a lookup that returned ``licences`` came to."""
    if any(x.verification is Verification.PENDING for x in licences):
        return LookupOutcome.UNREACHABLE
    return LookupOutcome.FOUND if licences else LookupOutcome.NONE


def record_lookup(
    store: Store,
    actor: str,
    id_number: str,
    *,
    serves: str,
    outcome: LookupOutcome,
    licences: int,
) -> None:
    """Log that ``actor`` looked up the e-licences of the holder of ``id_number`` for
    ``serves`` (``<item code>/<reference>``) and what came of it (``licences``: how many
    were found). The holder is named as a person search names them (``searched_by`` and a
    prefix of the blind index), so ``audit list --person`` finds it; never the number."""
    key = id_number_key(store, id_number)
    store.audit.record(
        actor,
        ELICENCE_LOOKED_UP,
        None,
        {
            "searched_by": key.kind,
            "subject": key.subject,
            "item": serves.split("/", 1)[0],
            "serves": serves,
            "outcome": outcome.value,
            "licences": licences,
        },
    )


def settle_check(
    store: Store,
    check: ElicenceCheck,
    found: LicenceFound | None,
    *,
    lookup_id: str | None,
    detail: str | None,
    now: datetime,
    actor: str = VERIFICATION_ACTOR,
) -> None:
    """Record the register's answer: ``found`` the licence it confirmed (with its document,
    attached to the case), None for none. ``actor``: the verification after a sync, or the
    clerk or supervisor who looked it up again."""
    state = Verification.VERIFIED if found is not None else Verification.FAILED

    def change(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "materials": [settled(line) for line in document["materials"]]}

    def settled(line: dict[str, Any]) -> dict[str, Any]:
        if line["code"] != check.material_code or not line.get("licence"):
            return line
        licence = {**line["licence"], "verification": state.value, "lookup_id": lookup_id}
        if found is None:
            return {**line, "licence": licence}
        licence.update(
            number=found.number,
            issuer=found.issuer,
            valid_to=found.valid_to,
            file_sha256=found.file_sha256,
        )
        return {**line, "licence": licence, "exemption": licence_basis(found)[0]}

    with store.transaction() as db:
        if found is not None and found.document is not None and found.number is not None:
            attach_document(
                db,
                store.pii,
                check.case_id,
                check.material_code,
                LicenceDocument(
                    found.licence_type,
                    found.number,
                    hashlib.sha256(found.document).hexdigest(),
                    found.document,
                    to_text(now),
                ),
            )
        update_check(
            db,
            check,
            state=state.value,
            licence_number=found.number if found else None,
            issuer=found.issuer if found else None,
            lookup_id=lookup_id,
            detail=detail,
            at=to_text(now),
        )
        record_change(
            store,
            check.case_id,
            actor,
            Authority.COUNTER,
            None,
            change=change,
            now=now,
            detail={
                "material": check.material_code,
                "lookup_id": lookup_id,
                "verification": state.value,
            },
            action=f"case.elicence_{state.value}",
            event_kind="elicence",
            after_end=True,
        )


def settle_with_paper(store: Store, check: ElicenceCheck, actor: str, now: datetime) -> int:
    """Close a failed check with the material the applicant brought on paper: the material
    is received (its first accepted form, the copies the catalog asks for), no longer exempt,
    as the case's next version by ``actor``; that version's number."""
    case = case_document(store, check.case_id)
    item = get_item(store, case["service_item"]["code"], case["service_item"]["catalog_version"])
    situation = item.situation(case["situation"]["code"])
    wanted = situation.material(check.material_code) if situation else None

    def change(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "materials": [received(line) for line in document["materials"]]}

    def received(line: dict[str, Any]) -> dict[str, Any]:
        if line["code"] != check.material_code:
            return line
        kept = {k: v for k, v in line.items() if k not in ("licence", "exemption_kind")}
        return {
            **kept,
            "status": MaterialStatus.RECEIVED.value,
            "form": (wanted.forms[0] if wanted else MaterialForm.ORIGINAL).value,
            "count": wanted.count if wanted else 1,
            "exemption": None,
        }

    with store.transaction() as db:
        update_check(
            db,
            check,
            state=PAPER,
            licence_number=None,
            issuer=None,
            lookup_id=None,
            detail=check.detail,
            at=to_text(now),
        )
        return record_change(
            store,
            check.case_id,
            actor,
            Authority.COUNTER,
            None,
            change=change,
            now=now,
            detail={"material": check.material_code, "verification": PAPER},
            action="case.elicence_paper",
            event_kind="elicence",
            after_end=True,
        )
