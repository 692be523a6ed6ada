"""Cases in the store, as the UI, printing and sync look them up: the case record with its
materials, by ID, case number or intake request, through the keyed blind indexes of the
applicant's ID number, phone and name, and listed by state, sync state and day. The rows are
written by ``counter_app.store.case_writes`` and the writers beside it only.

Reads return typed records with masked personal data only. Plain ID number, phone and
address come out through ``counter_app.store.case_plaintext.reveal_applicant``, which is
audited; full case documents through ``case_plaintext.case_document``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from counter_app.domain.case_number import looks_like_case_number
from counter_app.domain.idnumber import mainland_phone, normalize_phone
from counter_app.domain.names import validate_name
from counter_app.domain.text import first_unprintable
from counter_app.errors import InvalidName, NotFound
from counter_app.store.audit_search import PersonKey
from counter_app.store.database import Store
from counter_app.store.timestamps import day_bounds

# The most cases a list reads (the newest) and a search by ID number, phone or name finds;
# a screen showing that many says there may be more.
LIST_LIMIT = 200
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class CaseMaterial:
    code: str
    name: str
    required: bool
    core: bool
    status: str
    form: str | None
    count: int
    exemption: str | None
    deadline: str | None
    note: str | None


@dataclass(frozen=True)
class CaseRecord:
    case_id: str
    case_no: str
    request_id: str | None
    state: str
    sync_state: str
    service_item_code: str
    service_item_name: str
    catalog_version: int
    situation_code: str
    applicant_id: str
    applicant_type: str
    applicant_name: str
    applicant_id_type: str
    applicant_masked_id: str
    applicant_masked_phone: str | None
    hall_code: str
    window_code: str
    device_id: str
    clerk: str
    data_version: int
    day: str | None
    created_at: str
    accepted_at: str | None
    promised_date: str | None
    decision_reason: str | None
    legal_basis: str | None
    platform_ref: str | None
    receipt_printed: bool
    updated_at: str
    identity_source: dict[str, Any] | None  # IdentitySource.to_json(); None before it was kept
    expired_id_reason: str | None
    redirect_to: str | None  # a refusal's 建议向何处申请
    bundle_id: str | None  # 一件事: the UUID its bundle's cases share; None: decided alone
    bundle_code: str | None  # and that bundle's code and name as decided
    bundle_name: str | None
    materials: tuple[CaseMaterial, ...]


_CASE_COLUMNS = (
    "c.case_id, c.case_no, c.request_id, c.state, c.sync_state, c.service_item_code,"
    " coalesce(s.name, c.service_item_code), c.catalog_version, c.situation_code, c.applicant_id,"
    " c.applicant_type, c.name, c.id_type, c.id_number_masked, c.phone_masked, c.hall_code,"
    " c.window_code, c.device_id, c.clerk, c.data_version, c.day, c.created_at, c.accepted_at,"
    " c.promised_date, c.decision_reason, c.legal_basis, c.platform_ref, c.receipt_printed,"
    " c.updated_at, c.identity_source, c.expired_id_reason, c.redirect_to, c.bundle_id,"
    " c.bundle_code, c.bundle_name"
)
_CASE_FROM = " FROM cases c LEFT JOIN service_items s ON s.catalog_version = c.catalog_version AND s.code = c.service_item_code"


def _records(
    store: Store, where: str, params: tuple[Any, ...], suffix: str = ""
) -> list[CaseRecord]:
    rows = store.db.execute(
        f"SELECT {_CASE_COLUMNS}{_CASE_FROM} WHERE {where}{suffix}", params
    ).fetchall()
    if not rows:
        return []
    materials: dict[str, list[CaseMaterial]] = {row[0]: [] for row in rows}
    marks = ",".join("?" * len(materials))
    columns = "case_id, material_code, name, required, core, status, form, count, exemption, deadline, note"
    query = (
        f"SELECT {columns} FROM case_materials WHERE case_id IN ({marks}) ORDER BY case_id, rowid"  # noqa: S608
    )
    for row in store.db.execute(query, tuple(materials)):
        materials[row[0]].append(
            CaseMaterial(
                row[1],
                row[2],
                bool(row[3]),
                bool(row[4]),
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
            )
        )
    names = [f.name for f in fields(CaseRecord)][:-1]
    return [
        CaseRecord(
            **{
                **dict(zip(names, row, strict=True)),
                "receipt_printed": bool(row[27]),
                "identity_source": json.loads(row[29]) if row[29] else None,
            },
            materials=tuple(materials[row[0]]),
        )
        for row in rows
    ]


def get_case(store: Store, case_id: str) -> CaseRecord:
    found = _records(store, "c.case_id = ?", (case_id,))
    if not found:
        raise case_not_found(case_id)
    return found[0]


def get_case_by_no(store: Store, case_no: str) -> CaseRecord:
    found = _records(store, "c.case_no = ?", (case_no.strip().upper(),))
    if not found:
        raise case_not_found(case_no)
    return found[0]


def find_case(store: Store, reference: str) -> CaseRecord:
    """A case by its UUID or its case number (what a clerk or a scanner types)."""
    text = reference.strip()
    if looks_like_case_number(text):
        return get_case_by_no(store, text)
    try:
        return get_case(store, str(uuid.UUID(text)))
    except ValueError:
        raise case_not_found(reference) from None


def case_by_request(store: Store, request_id: str) -> CaseRecord | None:
    # Intake asks this twice of every new request (before validating, and again under the
    # write lock): "none" comes from the unique index alone, without the joins of a record.
    row = store.db.execute("SELECT case_id FROM cases WHERE request_id = ?", (request_id,))
    found = row.fetchone()
    return None if found is None else get_case(store, found[0])


def bundle_cases(store: Store, bundle_id: str) -> list[CaseRecord]:
    """The cases decided together in one bundle (一件事), by case number."""
    return _records(store, "c.bundle_id = ?", (bundle_id,), " ORDER BY c.case_no")


def other_bundle_cases(store: Store, record: CaseRecord) -> list[CaseRecord]:
    """The other cases decided in ``record``'s bundle (一件事), by case number; none for a
    case decided alone."""
    if record.bundle_id is None:
        return []
    return _records(
        store,
        "c.bundle_id = ? AND c.case_id != ?",
        (record.bundle_id, record.case_id),
        " ORDER BY c.case_no",
    )


def id_number_key(store: Store, id_number: str) -> PersonKey:
    """How the cases of the applicant with this ID number (any document's) are indexed."""
    return PersonKey("id_number", store.pii.blind_index(id_number, "id_number"))


def phone_key(store: Store, phone: str) -> PersonKey:
    """How the cases of the applicant with this phone, typed any way ``normalize_phone``
    takes, are indexed (its stored form's); ``ValidationError`` for no phone."""
    return PersonKey("phone", store.pii.blind_index(normalize_phone(phone), "phone"))


def name_key(store: Store, name: str) -> PersonKey | None:
    """How the cases of applicants with exactly this name are indexed, however its dots,
    apostrophes, spaces and widths were typed or read (the form ``validate_name`` stores);
    None for a name no case can hold."""
    try:
        stored_form = validate_name(name)
    except InvalidName:
        # A name the rules refuse today (a private-use character, taken before they did) is
        # still found as it was stored.
        stored_form = name.strip()
        if not stored_form or first_unprintable(stored_form) is not None:
            return None
    return PersonKey("name", store.pii.blind_index(stored_form, "name"))


_KEY_COLUMNS = {"id_number": "c.id_number_index", "phone": "c.phone_index", "name": "c.name_index"}


def find_by_key(store: Store, key: PersonKey, limit: int = SEARCH_LIMIT) -> list[CaseRecord]:
    """The cases of the person ``key`` names, newest first."""
    return _records(
        store,
        f"{_KEY_COLUMNS[key.kind]} = ?",
        (key.index,),
        f" ORDER BY c.created_at DESC LIMIT {int(limit)}",
    )


def find_by_id_number(store: Store, id_number: str, limit: int = SEARCH_LIMIT) -> list[CaseRecord]:
    """Cases of the applicant with this ID number (through the keyed blind index)."""
    return find_by_key(store, id_number_key(store, id_number), limit)


@dataclass(frozen=True)
class CaseSearch:
    """What a clerk's search found, and the person's key it found them by (None: by case
    number, or nothing found)."""

    records: list[CaseRecord]
    person: PersonKey | None


def search_cases(store: Store, text: str) -> CaseSearch:
    """The cases a clerk means by ``text``: a case number, else a mainland mobile or landline
    number however written (139-1234-5678, (021)64381234), else an ID number (spaces
    ignored, letters upper-cased), else the applicant's exact name; newest first. A text
    with a character nothing holds (a control or a lone surrogate) finds nothing."""
    if first_unprintable(text) is not None:
        return CaseSearch([], None)
    try:
        return CaseSearch([get_case_by_no(store, text)], None)
    except NotFound:
        pass
    phone = mainland_phone(text)
    keys = (
        [phone_key(store, phone)]
        if phone is not None
        else [id_number_key(store, "".join(text.split()).upper()), name_key(store, text)]
    )
    for key in keys:
        if key is not None and (found := find_by_key(store, key)):
            return CaseSearch(found, key)
    return CaseSearch([], None)


def cases_of_day(day: date) -> tuple[str, tuple[str, ...]]:
    """The condition on ``cases c`` that selects the cases taken on hall day ``day`` (the day
    in their number), and its parameters.

    There is no index on ``day`` (every index is written by every accept). A case's day is
    the hall-local date of its ``created_at``: intake takes both from one moment
    (``intake_checks.check_decision``) and nothing changes either afterwards. So the day's
    bounds in ``created_at`` find the cases through the ``(…, created_at)`` indexes, and
    ``day = ?`` keeps exactly the rows the day names (a case written before the day column,
    m0002, has none and belongs to no day)."""
    start, end = day_bounds(day)
    return "c.created_at >= ? AND c.created_at < ? AND c.day = ?", (start, end, day.isoformat())


def list_cases(
    store: Store,
    *,
    state: str | None = None,
    sync_state: str | None = None,
    day: date | None = None,
    clerk: str | None = None,
    limit: int | None = LIST_LIMIT,
    offset: int = 0,
) -> list[CaseRecord]:
    """Cases, newest first, filtered by state, sync state, hall-local day and the clerk who
    took them (no index on the clerk, which every accept would write: a clerk's cases are
    read through the day's or the newest ones)."""
    clauses, params = ["1 = 1"], []
    if state:
        clauses.append("c.state = ?")
        params.append(state)
    if sync_state:
        clauses.append("c.sync_state = ?")
        params.append(sync_state)
    if day:
        of_day, day_params = cases_of_day(day)
        clauses.append(of_day)
        params += day_params
    if clerk:
        clauses.append("c.clerk = ?")
        params.append(clerk)
    return _records(
        store,
        " AND ".join(clauses),
        tuple(params),
        f" ORDER BY c.created_at DESC LIMIT {-1 if limit is None else int(limit)} OFFSET {int(offset)}",
    )


def case_not_found(reference: str) -> NotFound:
    return NotFound(
        f"找不到办件“{reference}”，请核对办件编号。",
        f"No case '{reference}'; check the case number.",
        field="case",
    )
