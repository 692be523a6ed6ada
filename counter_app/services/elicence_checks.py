"""The register's answer to an e-licence marked 待核验 offline, as the case's next data
version: the licence confirmed (its number and issuer, the basis the receipt prints), or
not (``failed``: a task for the clerk and the supervisor, flagged in the hall queue). The
check row and the version are written in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority
from counter_app.domain.exemptions import LicenceFound, Verification, licence_basis
from counter_app.services.case_review import _change
from counter_app.store.database import Store
from counter_app.store.elicence_checks import ElicenceCheck, update_check
from counter_app.store.timestamps import to_text

VERIFICATION_ACTOR = "system:elicence-verification"


def settle_check(
    store: Store,
    check: ElicenceCheck,
    found: LicenceFound | None,
    *,
    lookup_id: str | None,
    detail: str | None,
    now: datetime,
) -> None:
    """Record the register's answer: ``found`` the licence it confirmed, None for none."""
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
        _change(
            store,
            check.case_id,
            VERIFICATION_ACTOR,
            Authority.COUNTER,
            None,
            change=change,
            now=now,
            detail={"material": check.material_code, "lookup_id": lookup_id},
            action=f"case.elicence_{state.value}",
            event_kind="elicence",
            after_end=True,
        )
