"""Whether a case's rows still say what its latest sealed version says (``altered_case``),
for the cases of a period (``altered_cases``), and the cases the audit log recorded whose
rows or newest version are gone (``vanished_cases``).

The case rows are plain SQLite: anyone with the file can change a name, an item, a state or
a material's mark, no key needed. The versions are sealed (AEAD bound to the case and the
version) and every version made here is in the keyed audit log with its content hash, so
they are the truth the rows are compared with. What cannot be told from the file alone:
platform progress moves a case's state without a version (its event, unkeyed, says so) and
a case whose personal data the retention period cleared has no readable version left.

Only what the version states is compared, never what the program derives from it for
display: a mask follows the rule of the day it was written (9-17-character numbers came to
be masked anew, E123*5678 as E******78, the rows written before left as they were), so the
ID number and the phone are compared by their keyed indexes, which fold a number as every
search does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from counter_app.domain.case_document import hash_canonical
from counter_app.domain.idnumber import normalize_phone
from counter_app.errors import StoreError, ValidationError
from counter_app.store.case_writes import version_context
from counter_app.store.database import Store
from counter_app.store.pii import DecryptionError, PiiCipher
from counter_app.store.retention import purge_of

# What a finding says is wrong (never a value: the rows and versions hold personal data).
ROW_DIFFERS = "row_differs"  # the case row or its materials say other than the version
VERSION_UNREADABLE = "version_unreadable"  # the newest version does not open for this case
VERSION_MISSING = "version_missing"  # the case has no version, or not the one audited last
ROWS_MISSING = "rows_missing"  # the audit log recorded the case; its row is gone

_ROW = (
    "SELECT case_no, state, service_item_code, catalog_version, situation_code, data_version,"
    " applicant_type, name, id_type, id_number_index, phone_index FROM cases WHERE case_id = ?"
)
_NEWEST_VERSION = (
    "SELECT data_version, content_enc, content_hash FROM case_versions"
    " WHERE case_id = ? ORDER BY data_version DESC LIMIT 1"
)
_MATERIALS = "SELECT material_code, status, form, count FROM case_materials WHERE case_id = ?"
# The state the platform moved the case to last since its newest version (:version): by a
# progress event, or by a version recovered from the platform standing in the platform's
# state (a sync event, the version's own). Told by the order the window wrote its events in,
# never by their times: a progress event carries the platform's clock and is written at the
# window's next pull, after a version made here in between. Since: from the newest version's
# own event (the one that names its data version; intake's, of version 1, names none), or,
# none found, the newest event that moved the case.
_PLATFORM_STATE = (
    "SELECT to_state FROM case_events WHERE case_id = :case AND kind IN ('progress', 'sync')"
    " AND to_state IS NOT NULL AND event_id >= coalesce((SELECT max(event_id) FROM case_events"
    " WHERE case_id = :case AND to_state IS NOT NULL AND kind != 'progress'"
    " AND coalesce(json_extract(detail, '$.data_version'), 1) = :version),"
    " (SELECT max(event_id) FROM case_events WHERE case_id = :case AND to_state IS NOT NULL))"
    " ORDER BY event_id DESC LIMIT 1"
)


@dataclass(frozen=True)
class AlteredCase:
    """One case whose local record cannot be trusted: ``problem`` (``ROW_DIFFERS`` …) and,
    for ``ROW_DIFFERS``, the names of the fields that differ."""

    case_id: str
    case_no: str
    problem: str
    fields: tuple[str, ...] = ()


class CaseRecordAltered(StoreError):
    """A document asked for a case whose local record no longer matches its sealed version."""

    code = "case_record_altered"

    def __init__(self, finding: AlteredCase) -> None:
        super().__init__(
            f"办件 {finding.case_no} 的本机记录已被改动，与其加密封存的版本不一致，不能据此"
            "出具文书。请勿重新受理，立即联系信息技术人员运行 counter-app doctor 检查。",
            f"The local record of case {finding.case_no} was altered: it no longer matches "
            "its sealed version, so no document is issued from it. Do not take the case "
            "again; call IT to run counter-app doctor.",
        )


def ensure_case_unaltered(store: Store, case_id: str) -> None:
    """Raise ``CaseRecordAltered`` when ``altered_case`` finds the case altered."""
    finding = altered_case(store, case_id)
    if finding is not None:
        raise CaseRecordAltered(finding)


def altered_case(store: Store, case_id: str) -> AlteredCase | None:
    """What is wrong with case ``case_id``'s record, or None when its rows match its newest
    sealed version (or it has no row: nothing to compare; see ``vanished_cases``)."""
    db = store.db
    row = db.execute(_ROW, (case_id,)).fetchone()
    if row is None:
        return None
    case_no = row[0]
    newest = db.execute(_NEWEST_VERSION, (case_id,)).fetchone()
    if newest is None:
        return AlteredCase(case_id, case_no, VERSION_MISSING)
    data_version, sealed, stored_hash = newest
    if not sealed:
        # Emptied by the retention purge (recorded as its event): nothing left to compare.
        if purge_of(store, case_id) is not None:
            return None
        return AlteredCase(case_id, case_no, VERSION_UNREADABLE)
    try:
        body = store.pii.decrypt(sealed, version_context(case_id, data_version))
    except DecryptionError:
        return AlteredCase(case_id, case_no, VERSION_UNREADABLE)
    document = json.loads(body)
    differing = _differing_fields(store.pii, row, data_version, document)
    if hash_canonical(body) != stored_hash:
        differing.append("content_hash")
    materials = db.execute(_MATERIALS, (case_id,)).fetchall()
    if _material_marks(materials) != _material_marks(
        (m["code"], m["status"], m["form"], m["count"]) for m in document["materials"]
    ):
        differing.append("materials")
    if row[1] != document["state"]:
        since = {"case": case_id, "version": data_version}
        moved = db.execute(_PLATFORM_STATE, since).fetchone()
        if moved is None or moved[0] != row[1]:
            differing.append("state")
    if differing:
        return AlteredCase(case_id, case_no, ROW_DIFFERS, tuple(differing))
    return None


def _differing_fields(
    pii: PiiCipher, row: tuple[Any, ...], data_version: int, document: dict[str, Any]
) -> list[str]:
    """The case row's fields (besides its state and materials) that differ from ``document``."""
    (
        _,
        _,
        item,
        catalog_version,
        situation,
        row_version,
        applicant_type,
        name,
        id_type,
        id_index,
        phone_index,
    ) = row
    applicant = document["applicant"]
    compared = {
        "data_version": row_version == data_version,
        "service_item": item == document["service_item"]["code"]
        and catalog_version == document["service_item"]["catalog_version"],
        "situation": situation == document["situation"]["code"],
        "applicant_type": applicant_type == applicant["type"],
        "name": name == applicant["name"],
        "id_type": id_type == applicant["id_type"],
        "id_number": id_index == pii.blind_index(applicant["id_number"], "id_number"),
        "phone": _phone_matches(pii, phone_index, applicant["phone"]),
    }
    return [field for field, same in compared.items() if not same]


def _phone_matches(pii: PiiCipher, index: str | None, phone: str | None) -> bool:
    """Whether the row's phone index is the document's phone's, as written or in its one
    stored form (a phone stored before that form is kept in the row in it, m0038, and as
    written in the versions)."""
    if not phone:
        return index is None
    forms = {phone}
    with suppress(ValidationError):  # a phone the earlier rules took stays as written
        forms.add(normalize_phone(phone))
    return any(index == pii.blind_index(form, "phone") for form in forms)


def _material_marks(
    materials: Iterable[tuple[str, str, str | None, int]],
) -> dict[str, tuple[str, str | None, int]]:
    return {code: (status, form, count) for code, status, form, count in materials}


def altered_cases(
    store: Store, since: str, until: str | None = None, *, limit: int | None = None
) -> tuple[list[AlteredCase], int]:
    """The altered among the newest ``limit`` (None: all) cases taken from ``since`` to
    ``until`` (store timestamp text; None: up to now), and how many were taken then (more
    than ``limit``: the older ones were not checked)."""
    period = "created_at >= ? AND created_at < coalesce(?, created_at || 'z')"
    taken = store.db.execute(f"SELECT count(*) FROM cases WHERE {period}", (since, until))  # noqa: S608 - constant
    count = int(taken.fetchone()[0])
    ids = store.db.execute(
        f"SELECT case_id FROM cases WHERE {period} ORDER BY created_at DESC LIMIT ?",  # noqa: S608 - constant
        (since, until, -1 if limit is None else limit),
    ).fetchall()
    findings = (altered_case(store, case_id) for (case_id,) in ids)
    return [finding for finding in findings if finding is not None], count


def damaged_cases(
    store: Store, since: str, until: str | None = None, *, limit: int | None = None
) -> tuple[list[AlteredCase], int]:
    """``altered_cases`` and ``vanished_cases`` of the period, one finding a case, by case
    number; and how many cases were taken then (as ``altered_cases`` counts them)."""
    altered, taken = altered_cases(store, since, until, limit=limit)
    found = {f.case_no: f for f in [*altered, *vanished_cases(store, since, until)]}
    return [found[case_no] for case_no in sorted(found)], taken


def vanished_cases(store: Store, since: str, until: str | None = None) -> list[AlteredCase]:
    """The cases whose versions the audit log recorded between ``since`` and ``until``
    (store timestamp text; None: up to now) whose row is gone (``ROWS_MISSING``) or whose
    newest version is older than the last one audited (``VERSION_MISSING``)."""
    first = _first_seq_at(store, since)
    last = _first_seq_at(store, until) if until is not None else None
    audited: dict[str, tuple[int, str]] = {}
    entries = store.db.execute(
        "SELECT target, json_extract(detail, '$.data_version'), json_extract(detail, '$.case_no')"
        " FROM audit_log WHERE seq >= ? AND seq < coalesce(?, seq + 1) AND target IS NOT NULL"
        " AND json_extract(detail, '$.content_hash') IS NOT NULL",
        (first, last),
    )
    for case_id, version, case_no in entries:
        known_version, known_no = audited.get(case_id, (0, ""))
        audited[case_id] = (max(known_version, int(version)), case_no or known_no)
    found: list[AlteredCase] = []
    for case_id, (version, case_no) in audited.items():
        held = store.db.execute(
            "SELECT c.case_no, (SELECT max(data_version) FROM case_versions v"
            " WHERE v.case_id = c.case_id) FROM cases c WHERE c.case_id = ?",
            (case_id,),
        ).fetchone()
        if held is None:
            found.append(AlteredCase(case_id, case_no or case_id, ROWS_MISSING))
        elif (held[1] or 0) < version:
            found.append(AlteredCase(case_id, held[0], VERSION_MISSING))
    return found


def _first_seq_at(store: Store, moment: str) -> int:
    """The first audit entry written at or after ``moment``, by bisecting the log on its
    key: its times grow with its seq (a clock set back blurs the edge by as much), and a
    scan of a large store's log by time would read all of it."""
    low, high = store.db.execute("SELECT min(seq), max(seq) FROM audit_log").fetchone()
    if low is None:
        return 1
    high += 1
    while low < high:
        middle = (low + high) // 2
        at = store.db.execute(
            "SELECT at FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT 1", (middle,)
        )
        if at.fetchone()[0] >= moment:
            high = middle
        else:
            low = middle + 1
    return int(low)
