"""From a stored 一件事 bundle (the cases decided together, ``cases.bundle_id``) to what its
documents print: its cases, what a notified member owes, and the merged checklist of the
materials handed in once for all of them (``counter_app.domain.bundles.shared_checklist``).

A member's papers read its siblings from their ``cases`` rows, their materials and their
catalog entries, which a retention purge (``counter_app.store.retention``) keeps: a sibling
purged, or voided, never stops a live member's papers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from counter_app.domain.bundles import shared_checklist
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import ServiceItem, Situation
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import CaseRecord, bundle_cases
from counter_app.store.database import Store
from counter_app.store.retention import purge_of
from printing.case_documents import catalog_item, check_applicable, material_rows
from printing.document_data import (
    TO_BRING,
    Bundle,
    BundleCase,
    BundleFacts,
    DocumentKind,
    MaterialRow,
)
from printing.errors import DocumentNotApplicable

# A material shared by members that recorded it differently (optional and 容缺 in one, core
# and so 补正 in another) is printed as the member asking most of the applicant records it.
_DEMAND = {status: rank for rank, status in enumerate((*TO_BRING, "deferred", "commitment"))}


@dataclass(frozen=True)
class ReceiptCases:
    """The cases a bundle receipt is issued from."""

    # The bundle's first case by case number, whatever its state: the one receipt of the
    # bundle is registered and numbered under it; it carries the applicant's name as
    # ``source`` keeps it (a purged case keeps it masked).
    registered: CaseRecord
    # The member whose state is checked and whose case document (the applicant, the
    # delivery, the progress code) the receipt prints.
    source: CaseRecord


def receipt_cases(store: Store, record: CaseRecord) -> ReceiptCases:
    """The bundle receipt asked for through any of its members, ``record``: printed from the
    first member by case number whose state allows it, one whose personal data is kept where
    there is one. A bundle none of whose members allows it (all voided), like a case decided
    alone, is refused as ``record``."""
    if record.bundle_id is None:
        return ReceiptCases(record, record)
    members = bundle_cases(store, record.bundle_id)
    allowed = [member for member in members if _allows_receipt(member)]
    kept = [member for member in allowed if purge_of(store, member.case_id) is None]
    source = (kept or allowed or [record])[0]
    return ReceiptCases(replace(members[0], applicant_name=source.applicant_name), source)


def _allows_receipt(member: CaseRecord) -> bool:
    """Whether ``member``'s state allows the bundle receipt, by ``check_applicable``'s rule."""
    try:
        check_applicable(member, DocumentKind.BUNDLE_RECEIPT)
    except DocumentNotApplicable:
        return False
    return True


def bundle_facts(store: Store, record: CaseRecord, document: dict[str, Any]) -> BundleFacts | None:
    """The bundle ``record`` (its case document ``document``) was decided in; None for a case
    decided alone."""
    stored = document.get("bundle")
    if record.bundle_id is None or stored is None:
        return None
    cases: list[BundleCase] = []
    rows: dict[tuple[str, str], MaterialRow] = {}  # by (item code, material code)
    members: list[tuple[ServiceItem, Situation]] = []
    unlisted: list[MaterialRow] = []  # of cases whose catalog entry is pruned here
    names: dict[str, str] = {}
    for member in bundle_cases(store, record.bundle_id):
        own = document if member.case_id == record.case_id else None
        item = catalog_item(store, member)
        situation = item.situation(member.situation_code) if item is not None else None
        listed = material_rows(member, item)
        cases.append(_case(member, _decided_by(store, member, item, own), listed))
        names[member.service_item_code] = member.service_item_name
        if item is None or situation is None:
            unlisted.extend(listed)
            continue
        members.append((item, situation))
        for material, row in zip(member.materials, listed, strict=True):
            rows[member.service_item_code, material.code] = row
    merged = []
    for shared in shared_checklist(members):
        used = [rows[use] for use in shared.uses if use in rows]
        if used:
            sharing = [names[code] for code, _ in shared.uses] if len(shared.uses) > 1 else []
            required = any(row.required for row in used)
            row = min(used, key=lambda row: _DEMAND.get(row.status, len(_DEMAND)))
            merged.append(replace(row, required=required, shared_by=tuple(sharing)))
    bundle = Bundle(name=stored["name"], cases=tuple(cases))
    return BundleFacts(bundle, (*merged, *unlisted))


def _decided_by(
    store: Store, member: CaseRecord, item: ServiceItem | None, own: dict[str, Any] | None
) -> tuple[str, bool]:
    """Who decides ``member`` (for 全市通办 the handling department) and whether it is
    全市通办: from its catalog entry, as its case document took it at acceptance; with the
    entry pruned here, from that document (``own``: the case being printed); ("", False)
    when that document was purged too (``bundle_receipt`` prints a note instead)."""
    if item is not None:
        return item.handling_department or item.department, bool(item.handling_department)
    if own is None and purge_of(store, member.case_id) is not None:
        return "", False
    service_item = (own or case_document(store, member.case_id))["service_item"]
    handling = service_item.get("handling_department")
    return handling or service_item["department"], bool(handling)


def _case(
    member: CaseRecord, decided_by: tuple[str, bool], listed: tuple[MaterialRow, ...]
) -> BundleCase:
    """One case of the bundle: who decides it, how it was decided, and, notified, what it
    still needs."""
    state = CaseState(member.state)
    department, city_wide = decided_by
    return BundleCase(
        case_no=member.case_no,
        item_name=member.service_item_name,
        department=department,
        city_wide=city_wide,
        state=state,
        promised_date=date.fromisoformat(member.promised_date) if member.promised_date else None,
        owed=tuple(row for row in listed if row.status in TO_BRING)
        if state is CaseState.NOTIFIED
        else (),
    )
