"""What the platform keeps of each case's time limit on its ``cases`` row, from its newest
version: the promised and statutory dates and the responsible department, so that
``counter-central cases --overdue|--due-soon|--summary`` choose and count in SQL without
opening a payload. Written with every version stored; learnt once for the cases a store
held before the columns (``backfill_case_dates``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from central.errors import OperatorError
from central.sealing import version_context
from central.store.backfill import NewestVersion, backfill_newest_versions
from central.store.base import CentralStore, DbCursor
from counter_app.domain.case_document import CaseDocument
from sync.wire.case_push import CaseResult, CaseSubmission

log = logging.getLogger("central.store")

# Only the case's newest version writes: a batch storing two versions of a case, in any
# order, leaves the newer one's dates.
_UPDATE = (
    "UPDATE cases SET promised_date = ?, statutory_date = ?, department = ?"
    " WHERE case_id = ? AND data_version = ?"
)
# The backfill's position in meta (``central.store.backfill``).
_BACKFILL_KEY = "case_dates_backfill"


def keep_dates(
    store: CentralStore,
    cur: DbCursor,
    cases: Sequence[CaseSubmission],
    results: Sequence[CaseResult],
) -> None:
    """Record the dates of each case of a batch (``results``: its per-case answers, in
    request order) whose version was stored."""
    store._many(
        cur,
        _UPDATE,
        [
            (*_dates(case.payload), str(case.case_id), result.data_version)
            for case, result in zip(cases, results, strict=True)
            if result.status == "stored"
        ],
    )


def _dates(document: CaseDocument) -> tuple[str | None, str | None, str]:
    return document.promised_date, document.statutory_date, document.service_item.department


def backfill_case_dates(store: CentralStore) -> None:
    """Fill the date columns of the cases a store held before they existed, from each case's
    newest version (``backfill_newest_versions``)."""

    def learn(cur: DbCursor, newest: Sequence[NewestVersion]) -> None:
        store._many(
            cur,
            _UPDATE,
            [
                (*dates, case_id, version)
                for case_id, version, sealed in newest
                if (dates := _opened_dates(store, case_id, version, sealed)) is not None
            ],
        )

    backfill_newest_versions(store, _BACKFILL_KEY, "case dates", learn)


def _opened_dates(
    store: CentralStore, case_id: str, version: int, sealed: bytes
) -> tuple[str | None, str | None, str] | None:
    """A case's dates from its newest version; None, logged, for a version that cannot be
    opened (a damaged row): the platform still starts, only the time-limit listings lack
    that case until the row is restored."""
    try:
        opened = store.sealer.open(sealed, version_context(case_id, version))
    except OperatorError as exc:
        log.error("case dates: %s Its time limit is not listed; restore the row.", exc.en)
        return None
    return _dates(CaseDocument.model_validate_json(opened))
