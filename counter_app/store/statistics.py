"""The statistics' reads from the store: a period's cases counted by hour, window, state and
item and by window, clerk and state, its 一件事 bundles by window and name, its cases'
handling times (card read to decision), ratings and sync delays (acceptance to the
platform's first acknowledgement).
This workstation's cases come from its own tables, every other case of the hall from the
hall queue (the platform's summaries, which carry the same facts). No personal data. This
workstation's cases are counted only when of the hall it is enrolled in now: a PC moved to
another hall keeps the old hall's (docs/operations.md §3.1), which are not this hall's
figures.

Every read walks one index range by the time the window took the case (``cases_created_at``,
``hall_queue_received``): a period costs what it holds, whatever the store holds besides.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.case_states import CaseState
from counter_app.domain.evaluation import FollowupState
from counter_app.store.database import Store
from counter_app.store.end_of_day import (
    HALL_TAKEN_DEFERRED,
    HALL_TAKEN_NOTIFIED,
    TAKEN_DEFERRED,
    TAKEN_NOTIFIED,
    THIS_HALL,
)
from counter_app.store.rating_writes import LEVEL_UNLESS_UPHELD

_THIS_HALL = f" AND {THIS_HALL}"

# Every other case of the hall: the hall queue's rows of the period not of this workstation.
_HALL_ROWS = (
    " FROM hall_queue h INDEXED BY hall_queue_received"
    " WHERE h.received_at >= ? AND h.received_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id)"
)


@dataclass(frozen=True)
class CaseCount:
    """How many cases taken in one UTC hour (``"00"``..``"23"``) at one window are of one
    item and in one state now, and how many of them were taken accepted with deferred
    materials (容缺受理) or notified (一次性告知), whatever happened to them since."""

    utc_hour: str
    window_code: str
    state: str
    item_code: str
    item_name: str
    cases: int
    local: bool  # counted from this workstation's own cases
    with_deferral: int
    notified_first: int


def case_counts(store: Store, start: str, end: str) -> list[CaseCount]:
    """Cases taken in [start, end): this workstation's, then the hall queue's others."""
    local_rows = store.db.execute(
        "SELECT substr(c.created_at, 12, 2), c.window_code, c.state, c.service_item_code,"  # noqa: S608 - a constant clause
        f" coalesce(s.name, c.service_item_code), count(*), sum({TAKEN_DEFERRED}),"
        f" sum({TAKEN_NOTIFIED})"
        " FROM cases c INDEXED BY cases_created_at LEFT JOIN service_items s"
        " ON s.catalog_version = c.catalog_version AND s.code = c.service_item_code"
        " WHERE c.created_at >= ? AND c.created_at < ?" + _THIS_HALL + " GROUP BY 1, 2, 3, 4",
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    hall_rows = store.db.execute(
        "SELECT substr(h.received_at, 12, 2), h.window_code, h.state, h.item_code,"
        f" h.item_name, count(*), sum({HALL_TAKEN_DEFERRED}), sum({HALL_TAKEN_NOTIFIED})"
        + _HALL_ROWS
        + " GROUP BY 1, 2, 3, 4",
        (start, end),
    ).fetchall()
    return [
        CaseCount(h, w, s, c, name, n, local, int(d or 0), int(t or 0))
        for rows, local in ((local_rows, True), (hall_rows, False))
        for h, w, s, c, name, n, d, t in rows
    ]


# The clerk's display name as this PC's accounts have it (the hall's staff register brings
# every clerk of the hall; NULL: no account of that name here).
_CLERK_NAME = "(SELECT NULLIF(u.display_name, '') FROM users u WHERE u.username = {})"


@dataclass(frozen=True)
class ClerkCount:
    """How many cases one clerk took at one window in a period are in one state now, and how
    many of them were taken accepted with deferred materials or notified (as ``CaseCount``).
    The clerk by user name and, where this PC's accounts know it, display name."""

    window_code: str
    clerk: str
    clerk_name: str | None
    state: str
    cases: int
    with_deferral: int
    notified_first: int


def clerk_counts(store: Store, start: str, end: str) -> list[ClerkCount]:
    """Cases taken in [start, end) by window, clerk and state: this workstation's, then the
    hall queue's others (their clerk as the platform's summary names them)."""
    local_rows = store.db.execute(
        f"SELECT c.window_code, c.clerk, {_CLERK_NAME.format('c.clerk')}, c.state, count(*),"  # noqa: S608 - constant clauses
        f" sum({TAKEN_DEFERRED}), sum({TAKEN_NOTIFIED})"
        " FROM cases c INDEXED BY cases_created_at"
        " WHERE c.created_at >= ? AND c.created_at < ?" + _THIS_HALL + " GROUP BY 1, 2, 4",
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    hall_rows = store.db.execute(
        f"SELECT h.window_code, h.clerk, {_CLERK_NAME.format('h.clerk')}, h.state, count(*),"
        f" sum({HALL_TAKEN_DEFERRED}), sum({HALL_TAKEN_NOTIFIED})"
        + _HALL_ROWS
        + " GROUP BY 1, 2, 4",
        (start, end),
    ).fetchall()
    return [
        ClerkCount(w, clerk, name, state, n, int(d or 0), int(t or 0))
        for w, clerk, name, state, n, d, t in [*local_rows, *hall_rows]
    ]


@dataclass(frozen=True)
class BundleCount:
    """The 一件事 bundles of one name one window decided in a period (``bundles``: their
    cases sharing a ``bundle_id`` count once) and how many cases they made, each of those
    counted besides under its own item as any case is."""

    window_code: str
    bundle_name: str
    bundles: int
    cases: int


def bundle_counts(store: Store, start: str, end: str) -> list[BundleCount]:
    """The bundles decided in [start, end), by window and name: this workstation's from its
    cases (the name as decided), the hall queue's others (a queue row from a platform before
    bundles carries none, and counts as a case alone)."""
    local = store.db.execute(
        "SELECT c.window_code, c.bundle_name, count(DISTINCT c.bundle_id), count(*)"  # noqa: S608 - a constant clause
        " FROM cases c INDEXED BY cases_created_at"
        " WHERE c.created_at >= ? AND c.created_at < ? AND c.bundle_id IS NOT NULL"
        + _THIS_HALL
        + " GROUP BY 1, 2",
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    hall = store.db.execute(
        "SELECT h.window_code, coalesce(h.bundle_name, ''), count(DISTINCT h.bundle_id), count(*)"
        + _HALL_ROWS
        + " AND h.bundle_id IS NOT NULL GROUP BY 1, 2",
        (start, end),
    ).fetchall()
    return [BundleCount(w, name, int(b), int(n)) for w, name, b, n in [*local, *hall]]


@dataclass(frozen=True)
class HandlingTime:
    """Seconds from the card read to the decision of one case, taken by ``clerk`` at
    ``window_code``."""

    window_code: str
    clerk: str
    seconds: float


def handling_times(store: Store, start: str, end: str) -> list[HandlingTime]:
    """The handling time of each case taken in [start, end) whose identity was read (a
    typed-in identity has no start)."""
    local = store.db.execute(
        "SELECT c.window_code, c.clerk,"  # noqa: S608 - a constant clause
        " (julianday(c.created_at) - julianday(c.card_read_at)) * 86400.0"
        " FROM cases c INDEXED BY cases_created_at"
        " WHERE c.created_at >= ? AND c.created_at < ? AND c.card_read_at IS NOT NULL" + _THIS_HALL,
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    hall = store.db.execute(
        "SELECT h.window_code, h.clerk,"
        " (julianday(h.received_at) - julianday(h.card_read_at)) * 86400.0"
        + _HALL_ROWS
        + " AND h.card_read_at IS NOT NULL",
        (start, end),
    ).fetchall()
    return [HandlingTime(w, clerk, max(0.0, seconds)) for w, clerk, seconds in [*local, *hall]]


@dataclass(frozen=True)
class RatingCount:
    """The period's cases by their 好差评 answers given in the period: at the hall's evaluator
    ``level`` 1-5, or None with ``declined`` (the applicant declined) or without (not rated
    there in the period); on the progress page ``online_level`` 1-5, or None (not rated online
    in the period, or a case of another window: the hall queue carries only the hall's
    rating)."""

    level: int | None
    declined: bool
    online_level: int | None
    cases: int


def rating_counts(store: Store, start: str, end: str) -> list[RatingCount]:
    """This workstation's cases taken or rated in [start, end), each rating counted in the
    period it was given (as the end-of-day report counts it), so a closed period's figures
    stay put when a case taken in it is rated later; then the hall queue's others by when
    they were received (the queue keeps no rating time). A voided case is not counted: it
    is not rated (the platform refuses an online rating of one too). Nor is a bad rating
    whose appeal the platform upheld (the follow-up ``appealed``): the case counts as not
    rated on that channel."""
    voided = CaseState.VOIDED.value
    upheld = FollowupState.APPEALED.value
    # Three index ranges: the cases taken, the hall's ratings and the online ones given.
    rows = store.db.execute(
        f"SELECT {LEVEL_UNLESS_UPHELD.format(level='v.level')}, coalesce(v.declined, 0),"  # noqa: S608 - constant clauses
        f" {LEVEL_UNLESS_UPHELD.format(level='o.level')}, count(*) FROM ("
        " SELECT c.case_id FROM cases c INDEXED BY cases_created_at"
        " WHERE c.created_at >= ? AND c.created_at < ?"
        " UNION SELECT case_id FROM evaluations INDEXED BY evaluations_at WHERE at >= ? AND at < ?"
        " UNION SELECT case_id FROM online_ratings INDEXED BY online_ratings_at"
        " WHERE at >= ? AND at < ?) p JOIN cases c ON c.case_id = p.case_id"
        " LEFT JOIN evaluations v ON v.case_id = c.case_id AND v.at >= ? AND v.at < ?"
        " LEFT JOIN online_ratings o ON o.case_id = c.case_id AND o.at >= ? AND o.at < ?"
        " LEFT JOIN rating_followups f ON f.case_id = c.case_id"
        " WHERE c.state != ?" + _THIS_HALL + " GROUP BY 1, 2, 3",
        (upheld, upheld, *(start, end) * 5, voided, store.config.hall.hall_code),
    ).fetchall()
    hall = store.db.execute(
        "SELECT h.rating_level, h.rating_declined, NULL, count(*)"
        + _HALL_ROWS
        + " AND h.state != ? GROUP BY 1, 2",
        (start, end, voided),
    ).fetchall()
    return [
        RatingCount(level, bool(declined), online, n)
        for level, declined, online, n in [*rows, *hall]
    ]


@dataclass(frozen=True)
class SyncDelays:
    """Cases taken in the period that were accepted: the seconds from acceptance to the
    platform's first acknowledgement of each acknowledged one (a case synced without a
    recorded answer, e.g. restored from a backup, or a summary from before the platform said
    when, is not measured); and how many of this workstation's cases taken in the period,
    whatever their decision, the platform does not hold as they stand here (``waiting``:
    not synced, its newest version pending, in conflict or refused), which the end-of-day
    report counts as 未同步 too."""

    seconds: list[float]
    waiting: int


def sync_delays(store: Store, start: str, end: str) -> SyncDelays:
    # The first version's answer: a later version (a rating, a correction) is not the
    # case reaching the platform.
    rows = store.db.execute(
        "SELECT (SELECT (julianday(min(a.at)) - julianday(c.accepted_at)) * 86400.0"  # noqa: S608 - a constant clause
        "  FROM sync_attempts a WHERE a.case_id = c.case_id AND a.data_version = 1"
        "  AND a.outcome IN ('stored', 'duplicate'))"
        " FROM cases c INDEXED BY cases_created_at"
        " WHERE c.created_at >= ? AND c.created_at < ? AND c.accepted_at IS NOT NULL" + _THIS_HALL,
        (start, end, store.config.hall.hall_code),
    ).fetchall()
    hall = store.db.execute(
        "SELECT (julianday(h.acknowledged_at) - julianday(h.accepted_at)) * 86400.0"
        + _HALL_ROWS
        + " AND h.accepted_at IS NOT NULL AND h.acknowledged_at IS NOT NULL",
        (start, end),
    ).fetchall()
    seconds = [max(0.0, delay) for (delay,) in rows if delay is not None]
    seconds += [max(0.0, row[0]) for row in hall]
    waiting = store.db.execute(
        "SELECT count(*) FROM cases c INDEXED BY cases_created_at"  # noqa: S608 - a constant clause
        " WHERE c.created_at >= ? AND c.created_at < ? AND c.sync_state != 'synced'" + _THIS_HALL,
        (start, end, store.config.hall.hall_code),
    ).fetchone()[0]
    return SyncDelays(seconds, int(waiting))
