"""Handing cases over (``counter-central export``): the cases an export selects, each with its
newest version opened, where it stands and the back office's steps on it, read a page at a
time; and the record of every export made (``exports``). Reading for an export writes
nothing but that record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.cases import PAGE_SIZE, case_state, hall_day_bounds, latest_document
from central.store.departments import check_known_department
from central.store.elicences import unconfirmed_licence_types
from central.store.progress import STEP_DEPARTMENT
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState


@dataclass(frozen=True)
class ExportChoice:
    """Which cases an export holds: those routed to ``department`` (全市通办), or accepted at
    ``hall``, or every case (neither given); of them those that reached the platform on hall
    days ``since`` to ``until``, both included (open-ended when None)."""

    department: str | None = None
    hall: str | None = None
    since: date | None = None
    until: date | None = None

    def to_json(self) -> dict[str, Any]:
        """The selection as the export's record keeps it."""
        return {
            "department": self.department,
            "hall": self.hall,
            "all": self.department is None and self.hall is None,
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
        }


@dataclass(frozen=True)
class Step:
    """One back-office step on a case, as the platform's progress feed holds it: who recorded
    it (``department``: the handling department; None: the platform), and what a correction
    request (补正) asked for or a posting's waybill."""

    state: str
    at: str
    note: str
    department: str | None
    materials: list[str]
    fields: list[str]
    waybill: str | None


@dataclass(frozen=True)
class HeldCase:
    """A case as an export hands it over: its newest version, where it stands now, every
    back-office step, oldest first, and the e-licence types the platform's own lookups for
    the case did not confirm since that version arrived (``elicences.unconfirmed_licence_types``),
    which the version cannot tell yet."""

    document: CaseDocument
    state: CaseState
    steps: list[Step]
    unconfirmed_licences: frozenset[str]


def check_choice(store: CentralStore, choice: ExportChoice) -> None:
    """Refuse a department the platform does not know (``UnknownDepartment``), as the
    listing of routed cases does: a typing mistake would otherwise export nothing."""
    if choice.department is not None:
        with store.snapshot() as cur:
            check_known_department(store, cur, choice.department)


def held_cases(store: CentralStore, choice: ExportChoice) -> Iterator[HeldCase]:
    """The cases ``choice`` selects, oldest first (by when they reached the platform), one
    page per read-only transaction: a city's store is never held in memory nor in one
    transaction."""
    after: tuple[str, str] | None = None
    while True:
        with store.snapshot() as cur:
            rows = _page(store, cur, choice, after)
            page = [_held(store, cur, case_id) for case_id, _, _ in rows]
        yield from page
        if len(rows) < PAGE_SIZE:
            return
        after = (rows[-1][1], rows[-1][2])


def _page(
    store: CentralStore, cur: DbCursor, choice: ExportChoice, after: tuple[str, str] | None
) -> list[Any]:
    """``(case_id, received_at, case_no)`` of up to ``PAGE_SIZE`` chosen cases after ``after``."""
    source = "cases c"
    clauses: list[str] = []
    params: list[str] = []
    if choice.department is not None:
        source += " JOIN case_routes r ON r.case_id = c.case_id"
        clauses.append("r.department = ?")
        params.append(choice.department)
    if choice.hall is not None:
        clauses.append("c.hall = ?")
        params.append(choice.hall)
    if choice.since is not None:
        clauses.append("c.received_at >= ?")
        params.append(hall_day_bounds(choice.since)[0])
    if choice.until is not None:
        clauses.append("c.received_at < ?")
        params.append(hall_day_bounds(choice.until)[1])
    if after is not None:
        clauses.append("(c.received_at > ? OR (c.received_at = ? AND c.case_no > ?))")
        params += [after[0], after[0], after[1]]
    where = "" if not clauses else " WHERE " + " AND ".join(clauses)
    return store._exec(
        cur,
        f"SELECT c.case_id, c.received_at, c.case_no FROM {source}{where}"  # noqa: S608
        " ORDER BY c.received_at, c.case_no LIMIT ?",
        (*params, PAGE_SIZE),
    ).fetchall()


# A step with what a correction request asked for, a posting's waybill, and the handling
# department that recorded it (NULL: the platform).
_STEPS = (
    f"SELECT p.state, p.at, p.note, q.materials, q.fields, d.waybill, {STEP_DEPARTMENT}"  # noqa: S608
    " FROM progress_events p LEFT JOIN correction_requests q ON q.seq = p.seq"
    " LEFT JOIN delivery_events d ON d.seq = p.seq WHERE p.case_id = ? ORDER BY p.seq"
)


def _held(store: CentralStore, cur: DbCursor, case_id: str) -> HeldCase:
    document = latest_document(store, cur, case_id)
    steps = [
        Step(
            state=row[0],
            at=row[1],
            note=row[2],
            department=row[6],
            materials=[] if row[3] is None else json.loads(row[3]),
            fields=[] if row[4] is None else json.loads(row[4]),
            waybill=row[5],
        )
        for row in store._exec(cur, _STEPS, (case_id,)).fetchall()
    ]
    return HeldCase(
        document,
        case_state(store, cur, case_id, document.state),
        steps,
        unconfirmed_licence_types(store, cur, case_id),
    )


@dataclass(frozen=True)
class ExportRecord:
    """What an export was: recorded before its file takes its name, so no file handed over
    is missing from the record."""

    run_by: str
    operator: str | None
    choice: ExportChoice
    reason: str | None
    case_count: int
    sha256: str
    file: str


def record_export(store: CentralStore, record: ExportRecord) -> dict[str, Any]:
    """Keep ``record`` in ``exports``; the row as :func:`exports` lists it."""
    at = iso(utc_now())
    values = (
        at,
        record.run_by,
        record.operator,
        json.dumps(record.choice.to_json(), ensure_ascii=False),
        record.reason,
        record.case_count,
        record.sha256,
        record.file,
    )
    with store.transaction() as cur:
        export_id = store._exec(
            cur,
            f"INSERT INTO exports ({', '.join(_COLUMNS[1:])})"  # noqa: S608 - constant columns
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING export_id",
            values,
        ).fetchone()[0]
    return _listed((export_id, *values))


_COLUMNS = (
    "export_id",
    "exported_at",
    "run_by",
    "operator",
    "selection",
    "reason",
    "case_count",
    "sha256",
    "file",
)


def exports(store: CentralStore) -> list[dict[str, Any]]:
    """Every export made, oldest first."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            f"SELECT {', '.join(_COLUMNS)} FROM exports ORDER BY export_id",  # noqa: S608
        ).fetchall()
    return [_listed(row) for row in rows]


def _listed(row: Any) -> dict[str, Any]:
    listed = dict(zip(_COLUMNS, row, strict=True))
    listed["export_id"] = int(listed["export_id"])
    listed["selection"] = json.loads(listed["selection"])
    return listed
