"""From a stored 一件事 bundle (the cases decided together, ``cases.bundle_id``) to what its
documents print: its cases, what a notified member owes, and the merged checklist of the
materials handed in once for all of them (``counter_app.domain.bundles.shared_checklist``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from counter_app.domain.bundles import shared_checklist
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import ServiceItem, Situation
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import CaseRecord, bundle_cases
from counter_app.store.database import Store
from printing.case_documents import catalog_item, material_rows
from printing.document_data import TO_BRING, Bundle, BundleCase, BundleFacts, MaterialRow


def first_case(store: Store, record: CaseRecord) -> CaseRecord:
    """The case a bundle's receipt is issued for: the first of its bundle by case number
    (``record`` itself when it was decided alone, to be refused as such)."""
    if record.bundle_id is None:
        return record
    return bundle_cases(store, record.bundle_id)[0]


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
        cases.append(_case(member, (own or case_document(store, member.case_id)), listed))
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
            merged.append(replace(used[0], required=required, shared_by=tuple(sharing)))
    bundle = Bundle(name=stored["name"], cases=tuple(cases))
    return BundleFacts(bundle, (*merged, *unlisted))


def _case(
    member: CaseRecord, document: dict[str, Any], listed: tuple[MaterialRow, ...]
) -> BundleCase:
    """One case of the bundle: who decides it (for 全市通办 the handling department, as its
    case document names it), how it was decided, and, notified, what it still needs."""
    state = CaseState(member.state)
    item = document["service_item"]
    handling = item.get("handling_department")
    return BundleCase(
        case_no=member.case_no,
        item_name=member.service_item_name,
        department=handling or item["department"],
        city_wide=bool(handling),
        state=state,
        promised_date=date.fromisoformat(member.promised_date) if member.promised_date else None,
        owed=tuple(row for row in listed if row.status in TO_BRING)
        if state is CaseState.NOTIFIED
        else (),
    )
