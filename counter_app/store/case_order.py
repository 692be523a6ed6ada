"""The order in time of the cases a window took: when the newest was taken, and the cases
dated before a case taken ahead of them (taken while the clock read behind the window's own
cases, so numbered and dated before them, perhaps into a day already signed off).

A case the platform sent back (``platform_cases``: after a restore, or to the PC that
replaced the one that took it) is inserted late with the date it was taken: it is no case
taken out of order here. It tells the time of this PC's clock only when this PC took it
(its number carries this PC's device id); one a replaced PC took is dated by that PC's
clock, perhaps ahead, and would have this PC refuse intake for a clock it never had."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from counter_app.store.database import Store
from counter_app.store.platform_cases import OUTCOME as RECOVERED
from counter_app.store.timestamps import from_text

# How many of the newest cases the order check reads: months of a busy window's work, read
# in well under a second.
RECENT_CASES_CHECKED = 50_000

# Whether the case of the row (``cases`` unaliased) came back from the platform.
_RECOVERED = (
    "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.case_id AND e.kind = 'sync'"
    " AND json_extract(e.detail, '$.outcome') = ?)"
)


@dataclass(frozen=True)
class OutOfOrderCase:
    """A case taken at ``at``, after a case dated ``after`` had been taken."""

    case_no: str
    day: str
    at: datetime
    after: datetime


def newest_case_taken_at(store: Store) -> datetime | None:
    """When the newest case this PC took was taken, one the platform sent back included
    only when this PC took it; None in a store with no such case."""
    row = store.db.execute(
        "SELECT max(created_at) FROM cases WHERE NOT " + _RECOVERED,  # noqa: S608 - constant
        (RECOVERED,),
    ).fetchone()
    newest: str | None = row[0] if row and row[0] else None
    device = store.config.hall.device_id.upper()
    recovered = store.db.execute(
        "SELECT created_at, case_no FROM cases WHERE "  # noqa: S608 - constant clauses
        + _RECOVERED
        + " AND created_at > ? ORDER BY created_at DESC",
        (RECOVERED, newest or ""),
    )
    for at, case_no in recovered:
        if looks_like_case_number(case_no) and parse_case_number(case_no).device == device:
            newest = at
            break
    return from_text(newest) if newest else None


def cases_out_of_order(store: Store, tolerance: timedelta) -> list[OutOfOrderCase]:
    """The cases taken here, among the newest :data:`RECENT_CASES_CHECKED`, dated more than
    ``tolerance`` before a case taken ahead of them, in the order they were taken; those the
    platform sent back are left out."""
    rows = store.db.execute(
        "SELECT created_at, case_no, day FROM cases"  # noqa: S608 - constant clauses
        " WHERE rowid > (SELECT coalesce(max(rowid), 0) FROM cases) - ? AND NOT "
        + _RECOVERED
        + " ORDER BY rowid",
        (RECENT_CASES_CHECKED, RECOVERED),
    )
    latest = ""
    found: list[OutOfOrderCase] = []
    for at, case_no, day in rows:
        if at < latest and from_text(latest) - from_text(at) > tolerance:
            found.append(OutOfOrderCase(case_no, day, from_text(at), from_text(latest)))
        latest = max(latest, at)
    return found
