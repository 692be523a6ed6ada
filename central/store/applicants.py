"""Inside a push's transaction: what the duplicate checks (``central.store.duplicates``) need
to know before the batch is classified, the applicants' index rows it writes after, and
the warnings the platform logs for the versions flagged.

A case is found by its applicant through ``case_applicants`` (the e-licence register's
holder index of the ID number); its name, item and hall day are read from its newest
version, its state as ``case_state`` reads it.
"""

from __future__ import annotations

import logging

from central.sealing import version_context
from central.store.base import CentralStore, DbCursor, chunks
from central.store.batch import BatchPlan, parsed_number
from central.store.cases import case_state
from central.store.duplicates import HeldCase
from counter_app.domain.case_document import CaseDocument
from sync.wire.case_push import CaseSubmission

log = logging.getLogger("central.store")

# A case's index, written with every version stored: a corrected ID number moves the case.
# Many rows a statement (one round trip, where one statement a row costs PostgreSQL one
# execution each), as many as stay under the engines' parameter limits.
ROWS_PER_UPSERT = 200
UPSERT_APPLICANTS = (
    "INSERT INTO case_applicants (case_id, applicant_index) VALUES {rows} "
    "ON CONFLICT (case_id) DO UPDATE SET applicant_index = excluded.applicant_index"
)
# The cases held of the applicants named.
HELD_CASES = (
    "SELECT case_id, applicant_index FROM case_applicants WHERE applicant_index IN ({marks})"
)
# Each of those cases with its newest version, sealed, and whether the back office recorded
# any step of it: one statement for all of them (a statement a case cost a round trip each),
# asked only when the one above found any (most batches' applicants have no other case).
NEWEST_VERSIONS = (
    "SELECT c.case_id, c.case_no, c.received_at, v.data_version, v.payload_sealed,"
    " EXISTS (SELECT 1 FROM progress_events p WHERE p.case_id = c.case_id)"
    " FROM cases c JOIN case_versions v"
    " ON v.case_id = c.case_id AND v.data_version = c.data_version"
    " WHERE c.case_id IN ({marks})"
)


def prepare(
    store: CentralStore, cur: DbCursor, plan: BatchPlan, cases: list[CaseSubmission]
) -> None:
    """Load into ``plan`` the cases held of each applicant the batch names and the case
    that used each pre-application its cases were taken from."""
    indexes = sorted({plan.holder_index(c.payload.applicant.id_number) for c in cases})
    applicant_of: dict[str, str] = {}
    for chunk in chunks(indexes):
        marks = ",".join("?" * len(chunk))
        applicant_of.update(store._exec(cur, HELD_CASES.format(marks=marks), chunk).fetchall())
    for chunk in chunks(sorted(applicant_of)):
        marks = ",".join("?" * len(chunk))
        rows = store._exec(cur, NEWEST_VERSIONS.format(marks=marks), chunk).fetchall()
        for case_id, case_no, stored_at, version, sealed, stepped in rows:
            opened = store.sealer.open(sealed, version_context(case_id, version))
            document = CaseDocument.model_validate_json(opened)
            number = parsed_number(case_no)
            plan.held_cases.setdefault(applicant_of[case_id], []).append(
                HeldCase(
                    case_id=case_id,
                    case_no=case_no,
                    item_code=document.service_item.code,
                    # Before any back-office step a case stands where its newest version
                    # put it (``case_state``, asked only of a case with steps).
                    state=(
                        case_state(store, cur, case_id, written=document.state)
                        if stepped
                        else document.state
                    ),
                    day=None if number is None else number.day,
                    name=document.applicant.name,
                    stored_at=stored_at,
                )
            )
    plan.preapp_users.update(preapp_users(store, cur, [c.payload.preapp_id for c in cases]))


def preapp_users(
    store: CentralStore, cur: DbCursor, preapp_ids: list[str | None]
) -> dict[str, tuple[str, str]]:
    """``preapp id -> (case id, case number)`` of the case that used each of
    ``preapp_ids`` (its id again while the platform does not hold it yet)."""
    users: dict[str, tuple[str, str]] = {}
    named = sorted({p for p in preapp_ids if p})
    for chunk in chunks(named):
        marks = ",".join("?" * len(chunk))
        for preapp_id, case_id, case_no in store._exec(
            cur,
            "SELECT a.arrival_id, a.consumed_case_id, c.case_no FROM arrivals a"  # noqa: S608
            " LEFT JOIN cases c ON c.case_id = a.consumed_case_id"
            f" WHERE a.kind = 'preapp' AND a.consumed_case_id IS NOT NULL"
            f" AND a.arrival_id IN ({marks})",
            chunk,
        ).fetchall():
            users[preapp_id] = (case_id, case_no or case_id)
    return users


def record(store: CentralStore, cur: DbCursor, device_id: str, plan: BatchPlan) -> None:
    """Write the batch's ``case_applicants`` rows (after its cases) and log a warning for
    each stored version flagged as repeating another case."""
    # One row a case, its newest version's: a statement may not update a row twice.
    rows = list(dict(plan.applicant_rows).items())
    for start in range(0, len(rows), ROWS_PER_UPSERT):
        part = rows[start : start + ROWS_PER_UPSERT]
        params = [value for row in part for value in row]
        statement = UPSERT_APPLICANTS.format(rows=",".join(["(?, ?)"] * len(part)))
        store._exec(cur, statement, params)
    for case_id, flags in plan.duplicate_flags:
        log.warning(
            "device %s case %s repeats another case; stored, flagged %s",
            device_id,
            case_id,
            " ".join(flags),
        )
