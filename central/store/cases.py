"""The cases the platform holds, as read back: the operator's listings (cases, versions,
conflicts), a case's hall-queue history, the field-by-field platform version a window asks
for when it resolves a problem, and where a case stands (``case_state``) for the other
store modules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from central.errors import OperatorError, UnknownInHall
from central.sealing import conflict_context, version_context
from central.store import case_summaries
from central.store.base import CentralStore, DbCursor, Device, iso
from central.store.batch import number_prefix
from central.store.calendar import platform_calendar
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_fields import compared_fields, masked_fields
from counter_app.domain.case_states import CaseState, window_may_move
from counter_app.domain.hall_queue import RUNNING_STATES
from counter_app.domain.hall_time import hall_day_span, hall_today

# Rows of the operator's case listing read per transaction: the listing of a city's store
# never holds one transaction open, nor every row in memory, for its whole length.
PAGE_SIZE = 500

_CASE_COLUMNS = (
    "c.case_id, c.case_no, c.hall, c.window_code, c.device_id, c.data_version, c.reference,"
    " c.received_at, c.updated_at, c.promised_date, c.statutory_date, c.department"
)
_CASE_KEYS = (
    "case_id",
    "case_no",
    "hall",
    "window",
    "device",
    "data_version",
    "reference",
    "received_at",
    "updated_at",
    "promised_date",
    "statutory_date",
    "department",
)

# Where a case stands in SQL: its newest hall-queue summary repeats it after every version
# and back-office step (``state_after_version``); a case stored before the hall queue, with
# none (''), counts as running. Its time limit runs in the states the window's queue counts
# (``counter_app.domain.hall_queue.RUNNING_STATES``): not once decided, ended or only told
# what to bring, nor while 特别程序 or 补正 stops the clock.
_STANDING = (
    "coalesce((SELECT s.state FROM case_summaries s WHERE s.case_id = c.case_id"
    " ORDER BY s.seq DESC LIMIT 1), '')"
)


@dataclass(frozen=True)
class CaseChoice:
    """Which cases the operator's listing asks for: of ``hall``, taken on hall day ``day``
    (when the window took it, ``taken_at``), decided in 一件事 ``bundle``; with ``overdue``
    only those not finished past their promised date, with ``due_soon`` N only those not
    finished with N working days or fewer left (both: either), counted on hall day
    ``today`` (None: this one); the newest ``limit`` of them (every one when None), by
    promised date when a time limit chooses them."""

    hall: str | None = None
    day: date | None = None
    bundle: str | None = None
    limit: int | None = None
    overdue: bool = False
    due_soon: int | None = None
    today: date | None = None

    @property
    def by_time_limit(self) -> bool:
        return self.overdue or self.due_soon is not None


@dataclass(frozen=True)
class ChosenCases:
    """The cases a :class:`CaseChoice` lists, oldest first (earliest promised date first
    when a time limit chooses them), read a page at a time when iterated; ``left_off``: how
    many older ones matched beyond its ``limit``."""

    store: CentralStore
    where: _Where
    left_off: int
    after: tuple[str, str] | None  # the newest case left off: (order key, case_no)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        after = self.after
        while True:
            page = _case_page(self.store, self.where, after)
            yield from page
            if len(page) < PAGE_SIZE:
                return
            after = (page[-1][self.where.order], page[-1]["case_no"])


@dataclass(frozen=True)
class _Where:
    """A :class:`CaseChoice` as SQL on ``cases c``: its WHERE clause (empty for every case)
    and values, the column it is ordered by, and the hall day the days left are counted on."""

    clause: str
    params: tuple[str, ...]
    order: str  # received_at | promised_date
    today: date


def chosen_cases(store: CentralStore, choice: CaseChoice) -> ChosenCases:
    """The cases ``choice`` asks for, oldest first (by when they reached the platform),
    chosen and limited in SQL; each, once read, with where it stands (``case_state``), its
    item, when its window took it (``taken_at``: its document's ``received_at``, not when it
    reached the platform), the flags of its latest hall-queue summary (none for a case
    stored before the hall queue) and the 一件事 it was decided in (``bundle_id``,
    ``bundle_code``, ``bundle_name``; None for a case decided alone); no personal data.
    Each has its promised and statutory dates and ``working_days_left`` to the promised
    date on ``today`` (negative once passed; None without a promised date).
    Only the cases listed are opened, one page per transaction."""
    if choice.limit is None and choice.due_soon is None:
        return ChosenCases(store, _chosen(choice, None), 0, None)
    with store.snapshot() as cur:
        where = _chosen(choice, _choosing_calendar(store, cur, choice))
        if choice.limit is None:
            return ChosenCases(store, where, 0, None)
        matching = store._exec(
            cur,
            f"SELECT count(*) FROM cases c{where.clause}",  # noqa: S608 - constant text
            where.params,
        )
        count = int(matching.fetchone()[0])
        if count <= choice.limit:
            return ChosenCases(store, where, 0, None)
        newest_left = store._exec(
            cur,
            f"SELECT c.{where.order}, c.case_no FROM cases c{where.clause}"  # noqa: S608
            f" ORDER BY c.{where.order} DESC, c.case_no DESC LIMIT 1 OFFSET ?",
            (*where.params, choice.limit),
        ).fetchone()
    return ChosenCases(store, where, count - choice.limit, (newest_left[0], newest_left[1]))


def case_counts(store: CentralStore, choice: CaseChoice) -> list[dict[str, Any]]:
    """How many cases ``choice`` asks for (its ``limit`` aside) per hall and department
    (None for a case stored before the platform kept it, until the backfill), by hall and
    department; counted in SQL, no case opened."""
    with store.snapshot() as cur:
        where = _chosen(choice, _choosing_calendar(store, cur, choice))
        rows = store._exec(
            cur,
            f"SELECT c.hall, c.department, count(*) FROM cases c{where.clause}"  # noqa: S608
            " GROUP BY c.hall, c.department ORDER BY c.hall, c.department",
            where.params,
        ).fetchall()
    return [{"hall": row[0], "department": row[1], "cases": int(row[2])} for row in rows]


def _choosing_calendar(
    store: CentralStore, cur: DbCursor, choice: CaseChoice
) -> WorkingCalendar | None:
    """The platform's calendar when ``choice`` counts working days to choose (``due_soon``)."""
    return None if choice.due_soon is None else platform_calendar(store, cur)


def _chosen(choice: CaseChoice, calendar: WorkingCalendar | None) -> _Where:
    """``choice`` as SQL on ``cases c``; ``calendar``: the platform's, for ``due_soon``."""
    today = choice.today or hall_today()
    clauses: list[str] = []
    params: list[str] = []
    if choice.by_time_limit:
        running = [*RUNNING_STATES, ""]
        clauses.append(f"{_STANDING} IN ({','.join('?' * len(running))})")
        params += running
        # A promised date stored as YYYY-MM-DD sorts as text.
        clauses.append("c.promised_date IS NOT NULL AND c.promised_date < ?")
        if choice.due_soon is None or calendar is None:
            params.append(today.isoformat())
        else:
            # N working days or fewer left: before the (N+1)-th working day after today.
            params.append(calendar.add_working_days(today, choice.due_soon + 1).isoformat())
            if not choice.overdue:
                clauses.append("c.promised_date >= ?")
                params.append(today.isoformat())
    if choice.hall is not None:
        clauses.append("c.hall = ?")
        params.append(choice.hall)
    if choice.bundle is not None:
        clauses.append("c.case_id IN (SELECT b.case_id FROM case_bundles b WHERE b.bundle_id = ?)")
        params.append(choice.bundle)
    if choice.day is not None:
        # Every summary of a case repeats when its window took it (by the summaries' index
        # on it); a case stored before the hall queue has none and counts by its arrival.
        start, end = hall_day_bounds(choice.day)
        clauses.append(
            "(c.case_id IN (SELECT s.case_id FROM case_summaries s"
            " WHERE s.received_at >= ? AND s.received_at < ?)"
            " OR (c.received_at >= ? AND c.received_at < ? AND NOT EXISTS"
            " (SELECT 1 FROM case_summaries s WHERE s.case_id = c.case_id)))"
        )
        params += [start, end, start, end]
    return _Where(
        "" if not clauses else " WHERE " + " AND ".join(clauses),
        tuple(params),
        "promised_date" if choice.by_time_limit else "received_at",
        today,
    )


def hall_day_bounds(day: date) -> tuple[str, str]:
    """Hall day ``day`` (00:00 to 24:00 hall time) as [start, end) in the stored time form:
    a stored time of that day sorts between them as text."""
    start, end = hall_day_span(day)
    return iso(start), iso(end)


def _case_page(
    store: CentralStore, chosen: _Where, after: tuple[str, str] | None
) -> list[dict[str, Any]]:
    """Up to ``PAGE_SIZE`` chosen cases after ``after`` (from the first when None), each
    opened once, in one transaction."""
    where, params, order = chosen.clause, chosen.params, chosen.order
    if after is not None:
        where += " AND " if where else " WHERE "
        where += f"(c.{order} > ? OR (c.{order} = ? AND c.case_no > ?))"
        params = (*params, after[0], after[0], after[1])
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            f"SELECT {_CASE_COLUMNS} FROM cases c{where}"  # noqa: S608 - constant text
            f" ORDER BY c.{order}, c.case_no LIMIT ?",
            (*params, PAGE_SIZE),
        ).fetchall()
        listed = [dict(zip(_CASE_KEYS, row, strict=True)) for row in rows]
        if listed:
            calendar = platform_calendar(store, cur)
        for row in listed:
            _describe(store, cur, row)
            row["working_days_left"] = _working_days_left(
                row["promised_date"], chosen.today, calendar
            )
    return listed


def _working_days_left(promised: str | None, today: date, calendar: WorkingCalendar) -> int | None:
    """Working days from ``today`` to ``promised`` (today not counted), negative by the
    working days since once it passed; None without a promised date."""
    if promised is None:
        return None
    due = date.fromisoformat(promised)
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


def _describe(store: CentralStore, cur: DbCursor, row: dict[str, Any]) -> None:
    """``row`` of a case with what its newest version says (opened once) and its state."""
    document = latest_document(store, cur, row["case_id"])
    flags = store._exec(cur, case_summaries.LATEST_FLAGS, (row["case_id"],)).fetchone()
    bundle = document.bundle
    row.update(
        state=case_state(store, cur, row["case_id"], document.state).value,
        item_code=document.service_item.code,
        item_name=document.service_item.name,
        taken_at=document.received_at,
        flags=[] if flags is None else json.loads(flags[0]),
        bundle_id=bundle.id if bundle else None,
        bundle_code=bundle.code if bundle else None,
        bundle_name=bundle.name if bundle else None,
    )


def case_versions(store: CentralStore, case_id: str) -> list[dict[str, Any]]:
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT data_version, content_hash, payload_sealed, device_id, received_at "
            "FROM case_versions WHERE case_id = ? ORDER BY data_version",
            (case_id,),
        ).fetchall()
    return [
        {
            "data_version": r[0],
            "content_hash": r[1],
            "payload": json.loads(store.sealer.open(r[2], version_context(case_id, r[0]))),
            "device": r[3],
            "received_at": r[4],
        }
        for r in rows
    ]


# A kept conflict is solved by the first version of its case the platform stored after it
# and newer than it (a supervisor's resolution writes one above both sides' versions), or
# settled by the platform's own withdrawal (the ``settled`` problems-feed item repeating it,
# ``central.store.progress``); until then it is open. Derived from those rows rather than
# written into ``conflicts.resolved_at``: the outcome needs the solving version and its kind
# too, and conflicts kept before this listing get theirs without a backfill. A version
# stored in the same batch as the conflict has its ``received_at`` and solves it.
_CONFLICTS_QUERY = (
    "SELECT * FROM (SELECT c.conflict_id, c.case_id, c.data_version, c.content_hash,"
    " c.case_no, c.hall, c.device_id, c.reason, c.received_at,"
    " s.data_version AS solved_by, s.received_at AS solved_at,"
    " (SELECT min(p.at) FROM case_problems p WHERE p.hall = c.hall AND p.case_id = c.case_id"
    " AND p.status = 'settled' AND p.data_version = c.data_version AND p.reason = c.reason)"
    " AS settled_at"
    " FROM conflicts c LEFT JOIN case_versions s ON s.case_id = c.case_id AND s.data_version ="
    " (SELECT min(v.data_version) FROM case_versions v WHERE v.case_id = c.case_id"
    " AND v.data_version > c.data_version AND v.received_at >= c.received_at)) AS kept"
)


def conflicts(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every submission kept in conflict (of ``hall``), oldest first, with what became of
    it: ``outcome`` ``open``, ``solved`` (by version ``solved_by_version``) or ``settled``,
    ``resolved_at`` when it was solved or settled (None while ``open``)."""
    listed = store._listing(
        _CONFLICTS_QUERY,
        hall,
        "conflict_id",
        (
            "conflict_id",
            "case_id",
            "data_version",
            "content_hash",
            "case_no",
            "hall",
            "device",
            "reason",
            "received_at",
            "solved_by_version",
            "solved_at",
            "settled_at",
        ),
    )
    for row in listed:
        solved_at, settled_at = row.pop("solved_at"), row.pop("settled_at")
        # A settled conflict had no newer version when the platform settled it (the settle
        # requires that), so the settle came first even if a version followed.
        if settled_at is not None:
            row.update(outcome="settled", resolved_at=settled_at, solved_by_version=None)
        elif row["solved_by_version"] is not None:
            row.update(outcome="solved", resolved_at=solved_at)
        else:
            row.update(outcome="open", resolved_at=None)
        row["open"] = row["outcome"] == "open"
    return listed


def conflict_payload(store: CentralStore, conflict_id: int) -> dict[str, Any]:
    """The submission kept with a conflict (decrypted), for a supervisor's review."""
    with store.snapshot() as cur:
        row = store._exec(
            cur,
            "SELECT case_id, data_version, content_hash, payload_sealed FROM conflicts "
            "WHERE conflict_id = ?",
            (conflict_id,),
        ).fetchone()
    if row is None:
        raise OperatorError(
            f"平台上没有冲突记录 {conflict_id}。",
            f"The platform holds no conflict {conflict_id}.",
        )
    payload: dict[str, Any] = json.loads(
        store.sealer.open(row[3], conflict_context(row[0], row[1], row[2]))
    )
    return payload


def latest_document(store: CentralStore, cur: DbCursor, case_id: str) -> CaseDocument:
    sealed, version = store._exec(
        cur,
        "SELECT v.payload_sealed, v.data_version FROM cases c JOIN case_versions v"
        " ON v.case_id = c.case_id AND v.data_version = c.data_version WHERE c.case_id = ?",
        (case_id,),
    ).fetchone()
    opened = store.sealer.open(sealed, version_context(case_id, version))
    return CaseDocument.model_validate_json(opened)


def case_state(
    store: CentralStore, cur: DbCursor, case_id: str, written: CaseState | None = None
) -> CaseState:
    """Where a case stands: its last back-office step, unless the counter sent a version
    after it that moves on from that step (a 补正 handed in puts the case back into
    processing, a result is handed over), then that version's state; before any step, the
    state of the newest version. A version the window wrote before it pulled the step (a
    rating, say, still in the state it had) leaves the step standing. ``written``: the
    newest version's state when the caller has opened it already."""
    last = store._exec(
        cur,
        "SELECT p.state, p.at < c.updated_at FROM progress_events p JOIN cases c"
        " ON c.case_id = p.case_id WHERE p.case_id = ? ORDER BY p.seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if last is None:
        return written or latest_document(store, cur, case_id).state
    step = CaseState(last[0])
    if not last[1]:
        return step
    written = written or latest_document(store, cur, case_id).state
    return written if written == step or window_may_move(step, written) else step


def state_after_version(
    store: CentralStore, cur: DbCursor, case_id: str, written: CaseState
) -> CaseState:
    """The state a case stands in once a version the window wrote in ``written`` is stored
    (after every step recorded so far), as :func:`case_state` will read it: the hall queue
    shows that, not a window's state the back office has since moved past."""
    last = store._exec(
        cur,
        "SELECT state FROM progress_events WHERE case_id = ? ORDER BY seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if last is None:
        return written
    step = CaseState(last[0])
    return written if written == step or window_may_move(step, written) else step


def case_history(store: CentralStore, hall: str, case_id: str) -> list[dict[str, Any]]:
    """Every summary of one case of ``hall``, oldest first (its versions and back-office
    steps); empty for a case unknown there (another hall's case included)."""
    columns = ", ".join(case_summaries.HISTORY_KEYS[1:])
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            f"SELECT seq, {columns} FROM case_summaries "  # noqa: S608 - constant columns
            "WHERE case_id = ? AND hall = ? ORDER BY seq",
            (case_id, hall),
        ).fetchall()
    return [case_summaries.summary_item(case_summaries.HISTORY_KEYS, row) for row in rows]


def platform_version(
    store: CentralStore, device: Device, nonce: str, case_id: str
) -> dict[str, Any]:
    """The newest version of a case of ``device``'s hall, field by field (masked), with the
    newest submission kept in conflict with it; the whole document too when ``device``
    owns the case. ``unknown_case`` for a case of another hall (or none)."""
    store.consume_nonce(device.device_id, nonce)
    with store.snapshot() as cur:
        case = store._exec(
            cur,
            "SELECT case_no, hall, window_code, data_version FROM cases WHERE case_id = ?",
            (case_id,),
        ).fetchone()
        if case is None or case[1] != device.hall:
            raise unknown_case()
        document = latest_document(store, cur, case_id)
        conflict = store._exec(
            cur,
            "SELECT data_version, reason, content_hash, payload_sealed FROM conflicts"
            " WHERE case_id = ? ORDER BY conflict_id DESC LIMIT 1",
            (case_id,),
        ).fetchone()
        owner = case_owner(store, cur, case_id, case[0])
    kept = (
        None
        if conflict is None
        else json.loads(
            store.sealer.open(conflict[3], conflict_context(case_id, conflict[0], conflict[2]))
        )
    )
    stored = json.loads(document.canonical())
    return {
        "case_id": case_id,
        "case_no": case[0],
        "window_code": case[2],
        "data_version": case[3],
        "fields": _fields(stored),
        "conflict_version": None if conflict is None else conflict[0],
        "conflict_reason": None if conflict is None else conflict[1],
        "conflict_fields": None if kept is None else _fields(kept),
        # Compared on the real values here, where both are: masked alike, a name or a
        # number that differs would otherwise look the same at another window.
        "differing_paths": None
        if kept is None
        else [path for path, _, _, differs in compared_fields(kept, stored) if differs],
        "document": document if owner == device.device_id else None,
    }


def case_owner(store: CentralStore, cur: DbCursor, case_id: str, case_no: str) -> str:
    """The device that writes a case's versions: the holder of its number's prefix, else
    the device that first sent it."""
    held = store._exec(
        cur,
        "SELECT device_id FROM number_prefixes WHERE prefix = ?",
        (number_prefix(case_no) or "",),
    ).fetchone()
    if held is not None:
        return str(held[0])
    first = store._exec(cur, "SELECT device_id FROM cases WHERE case_id = ?", (case_id,))
    return str(first.fetchone()[0])


def unknown_case() -> UnknownInHall:
    return UnknownInHall(
        "unknown_case", "本大厅没有这个办件。", "There is no such case in this device's hall."
    )


def _fields(document: dict[str, Any]) -> list[dict[str, str]]:
    return [{"path": path, "value": value} for path, value in masked_fields(document)]
