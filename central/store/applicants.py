"""Inside a push's transaction: what the duplicate checks (``central.store.duplicates``) need
to know before the batch is classified, the applicants' index rows it writes after, and
the warnings the platform logs for the versions flagged.

A case is found by its applicant through ``case_applicants`` (the e-licence register's
holder index of the ID number); its name, item and hall day are read from its newest
version, its state as ``case_state`` reads it.
"""

from __future__ import annotations

import logging

from central.store.base import CentralStore, DbCursor, chunks
from central.store.batch import BatchPlan, parsed_number
from central.store.cases import case_state, latest_document
from central.store.duplicates import HeldCase
from sync.wire.case_push import CaseSubmission

log = logging.getLogger("central.store")

# A case's index, written with every version stored: a corrected ID number moves the case.
UPSERT_APPLICANT = (
    "INSERT INTO case_applicants (case_id, applicant_index) VALUES (?, ?) "
    "ON CONFLICT (case_id) DO UPDATE SET applicant_index = excluded.applicant_index"
)


def prepare(
    store: CentralStore, cur: DbCursor, plan: BatchPlan, cases: list[CaseSubmission]
) -> None:
    """Load into ``plan`` the cases held of each applicant the batch names and the case
    that used each pre-application its cases were taken from."""
    indexes = sorted({plan.holder_index(c.payload.applicant.id_number) for c in cases})
    for chunk in chunks(indexes):
        marks = ",".join("?" * len(chunk))
        for case_id, applicant, case_no, stored_at in store._exec(
            cur,
            "SELECT a.case_id, a.applicant_index, c.case_no, c.received_at"  # noqa: S608
            f" FROM case_applicants a JOIN cases c ON c.case_id = a.case_id"
            f" WHERE a.applicant_index IN ({marks})",
            chunk,
        ).fetchall():
            document = latest_document(store, cur, case_id)
            number = parsed_number(case_no)
            plan.held_cases.setdefault(applicant, []).append(
                HeldCase(
                    case_id=case_id,
                    case_no=case_no,
                    item_code=document.service_item.code,
                    state=case_state(store, cur, case_id, written=document.state),
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
    store._many(cur, UPSERT_APPLICANT, plan.applicant_rows)
    for case_id, flags in plan.duplicate_flags:
        log.warning(
            "device %s case %s repeats another case; stored, flagged %s",
            device_id,
            case_id,
            " ".join(flags),
        )
