"""The retention period of personal data (``retention.personal_data_days``): the cases whose
personal data is due (``store.retention``) purged batch by batch, each batch one
transaction with its audit entry, so a power cut loses no batch and the next run finishes
the job; ``counter-app retention`` runs it, and the background sync at most once a hall day
(:func:`purge_once_a_day`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from counter_app.domain.hall_time import hall_today
from counter_app.services.clock_sanity import once_a_confirmed_hall_day
from counter_app.store.database import Store
from counter_app.store.platform_clock import ClockNow
from counter_app.store.retention import (
    PurgeBatch,
    deleting_securely,
    due_cases,
    next_due_batch,
    purge_batch,
)
from counter_app.store.timestamps import day_bounds, to_text, utc_now

log = logging.getLogger(__name__)

# Cases per transaction: a batch holds the write lock for well under a second, so an
# accept at the window waits no longer than that.
BATCH_CASES = 500
# The hall day the last run of :func:`purge_once_a_day` finished (``meta``).
LAST_RUN_KEY = "retention_last_run"
# Who the background purge acts as in the audit log and the cases' history.
RETENTION_ACTOR = "system:retention"


@dataclass(frozen=True)
class RetentionRun:
    """What a run purged (a dry run: would purge): how many cases, taken from which hall
    day to which, whose last change came before ``cutoff`` (``kept_days`` before today)."""

    dry_run: bool
    kept_days: int
    cutoff: str
    cases: int
    first_day: str | None
    last_day: str | None


def purge_expired(
    store: Store,
    *,
    actor: str,
    dry_run: bool = False,
    now: datetime | None = None,
    batch_cases: int = BATCH_CASES,
) -> RetentionRun:
    """Purge the personal data of every case due at ``now`` (default: this moment;
    ``dry_run``: count them, write nothing)."""
    moment = now or utc_now()
    kept_days = store.config.retention.personal_data_days
    cutoff_day = hall_today(moment) - timedelta(days=kept_days)
    cutoff = day_bounds(cutoff_day)[0]
    if dry_run:
        with store.reading() as db:
            due = due_cases(db, cutoff)
        return RetentionRun(
            True, kept_days, cutoff_day.isoformat(), due.cases, due.first_day, due.last_day
        )
    purged, days = 0, set[str]()
    while True:
        with store.transaction() as db, deleting_securely(db.conn):
            batch = next_due_batch(db, cutoff, batch_cases)
            if not batch:
                break
            batch_days = sorted(day for _, day in batch if day)
            purge_batch(
                db,
                store.audit,
                PurgeBatch(
                    case_ids=[case_id for case_id, _ in batch],
                    first_day=batch_days[0] if batch_days else None,
                    last_day=batch_days[-1] if batch_days else None,
                    cutoff_day=cutoff_day,
                    kept_days=kept_days,
                    actor=actor,
                    at=to_text(moment),
                ),
            )
        purged += len(batch)
        days.update(batch_days)
    if purged:
        # The pages the purge rewrote replace the old ones in the database file, and the
        # WAL that held them both is emptied.
        store.checkpoint(wal_limit_bytes=0)
    ordered = sorted(days)
    return RetentionRun(
        False,
        kept_days,
        cutoff_day.isoformat(),
        purged,
        ordered[0] if ordered else None,
        ordered[-1] if ordered else None,
    )


def purge_once_a_day(store: Store, *, now: ClockNow) -> RetentionRun | None:
    """:func:`purge_expired` as the system, once a hall day and only on a clock the platform
    confirmed (``clock_confirmed``: a purge, like a deferral's end, cannot be undone, and a
    clock running ahead would purge early); None when it did not run."""
    return once_a_confirmed_hall_day(
        store,
        LAST_RUN_KEY,
        now,
        lambda: purge_expired(store, actor=RETENTION_ACTOR, now=now.wall),
        what="the personal data purge",
    )
