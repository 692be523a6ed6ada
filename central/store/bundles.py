"""高效办成一件事 on the platform: the bundle a case was decided in together with others
(``case_bundles``), kept from the versions a window pushes, and the other cases of a case's
bundle (the public progress page lists them).
"""

from __future__ import annotations

from collections.abc import Sequence

from central.store.base import CentralStore, DbCursor
from sync.wire.case_push import CaseResult, CaseSubmission

# A case's bundle is fixed by the decision that created it: the first version stored names it.
_INSERT = (
    "INSERT INTO case_bundles (case_id, bundle_id, code, name) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (case_id) DO NOTHING"
)

# The other cases of a case's bundle in its hall, by case number.
_OTHER_CASES = (
    "SELECT b.name, o.case_id FROM case_bundles b"
    " JOIN case_bundles o ON o.bundle_id = b.bundle_id AND o.case_id <> b.case_id"
    " JOIN cases c ON c.case_id = o.case_id"
    " JOIN cases own ON own.case_id = b.case_id AND own.hall = c.hall"
    " WHERE b.case_id = ? ORDER BY c.case_no"
)


def keep_bundles(
    store: CentralStore,
    cur: DbCursor,
    cases: Sequence[CaseSubmission],
    results: Sequence[CaseResult],
) -> None:
    """Record the bundle of each case of a batch (``results``: its per-case answers, in
    request order) whose version was stored and names one; a plain case writes nothing."""
    store._many(
        cur,
        _INSERT,
        [
            (str(case.case_id), bundle.id, bundle.code, bundle.name)
            for case, result in zip(cases, results, strict=True)
            if result.status == "stored" and (bundle := case.payload.bundle) is not None
        ],
    )


def other_cases(store: CentralStore, cur: DbCursor, case_id: str) -> tuple[str, list[str]]:
    """The name of the bundle ``case_id`` was decided in and the ids of its other cases of
    the same hall, by case number; ``("", [])`` for a case decided alone (or alone of its
    bundle)."""
    rows = store._exec(cur, _OTHER_CASES, (case_id,)).fetchall()
    return (rows[0][0] if rows else "", [row[1] for row in rows])
