"""Login lockouts to the platform (``POST /v1/staff-lockouts``), at every sync run, oldest
first: a lockout of a platform account at this window, and later its lifting here. The
lockout holds at this window only; the platform shows it to IT, who may lift it at every
window (``counter-central staff unlock``, through the ``staff`` feed).

A state is marked reported only once the platform answered for it; one whose answer was lost
is sent again with the same ``lockout_id`` and the platform answers ``duplicate``: each
reaches the platform once, made offline or not."""

from __future__ import annotations

import logging

from counter_app.store.database import Store
from counter_app.store.lockouts import Lockout, mark_lockout_reported, unreported_lockouts
from counter_app.store.timestamps import from_text
from sync.errors import PlatformRefused
from sync.transport import PlatformTransport
from sync.wire.staff import LockoutReport, LockoutResult

log = logging.getLogger(__name__)

STAFF_LOCKOUTS_PATH = "/v1/staff-lockouts"


def report_lockouts(store: Store, transport: PlatformTransport) -> int:
    """Send every lockout whose state the platform has not acknowledged; how many it took
    now. A transient failure ends the run (re-raised); a refusal is logged and the lockout
    waits for the next run."""
    reported = 0
    for lockout in unreported_lockouts(store):
        try:
            transport.parsed(
                LockoutResult,
                transport.request_json(
                    "POST", STAFF_LOCKOUTS_PATH, lockout_report(lockout).model_dump(mode="json")
                ),
            )
        except PlatformRefused as exc:
            log.warning("the platform did not take lockout %s: %s", lockout.lockout_id, exc.en)
            continue
        with store.transaction() as db:
            mark_lockout_reported(db, lockout.lockout_id, lockout.version)
        reported += 1
    return reported


def lockout_report(lockout: Lockout) -> LockoutReport:
    return LockoutReport(
        lockout_id=lockout.lockout_id,  # type: ignore[arg-type]  # validated by the model
        username=lockout.username,
        locked_at=from_text(lockout.locked_at),
        until=from_text(lockout.until),
        failed_attempts=lockout.failed_attempts,
        lifted_at=from_text(lockout.lifted_at) if lockout.lifted_at else None,
        lifted_by=lockout.lifted_by,
    )
