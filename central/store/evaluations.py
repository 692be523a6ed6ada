"""The platform's view of 好差评 (``counter-central evaluations``): each rated case's rating
and the follow-up of a bad one, as its newest version states them. A case has one follow-up,
opened at the accepting window by its first bad rating from either channel (the hall's
evaluator or the progress page); every bad rating of the case is listed with it.

The store keeps which cases' newest version carries the hall's rating (``rated_cases``,
written with every version stored), so the listing chooses its rows in SQL among those and
the cases rated online and opens only the cases behind the rows it lists, never every case
of the hall (``chosen_evaluations``). What is overdue is derived from the deadlines the
counter computed with the hall's calendar and the steps recorded, the same way the counter
derives it.

A hall's appeal of a bad rating (the follow-up's ``appeal`` step) is decided here, by a
city-level reviewer (``decide_appeal``): an account of the platform's review register, never
a hall's own supervisor. The decision is the platform's (``rating_appeal_decisions``), goes
to the accepting window as a progress event repeating the case's state, and is what the
listing shows, whatever a window's version says of it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from central.errors import OperatorError
from central.sealing import version_context
from central.store.acting_staff import (
    SUPERVISING_ROLES,
    check_register_member,
    checked_reason,
)
from central.store.backfill import NewestVersion, backfill_newest_versions
from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.cases import case_state, hall_day_bounds, latest_document
from central.store.progress_events import insert_progress_event
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.evaluation import (
    APPEAL_DECISIONS,
    BAD_LEVELS,
    AppealState,
    FollowupDue,
    FollowupStep,
    appeal_state,
    decision_allowed,
    followup_state,
    overdue_limits,
)
from counter_app.domain.hall_queue import DATED_AHEAD
from counter_app.domain.hall_time import hall_time_text, hall_today
from sync.wire.feeds import PROGRESS_ITEM_STATES
from sync.wire.signing import MAX_CLOCK_SKEW_SECONDS

log = logging.getLogger("central.store")

# Where filling rated_cases on a store that had cases before it got to (meta): the last case
# id done, or BACKFILL_DONE once every case was.
BACKFILL_KEY = "rated_cases_backfill"

# The platform's register of 好差评 reviewers: staff accounts added with ``counter-central
# staff add --hall city-review --role supervisor|admin``. No window belongs to it, so no
# hall's supervisor is a reviewer, and a reviewer signs in at no window.
REVIEW_REGISTER = "city-review"
_DECISION_STEPS = {"upheld": FollowupStep.APPEAL_UPHELD, "rejected": FollowupStep.APPEAL_REJECTED}
_DECISION_KEYS = ("decision", "reason", "by", "at")


@dataclass(frozen=True)
class EvaluationChoice:
    """Which ratings ``counter-central evaluations`` lists: of ``hall``, given on hall day
    ``day``, only the bad ones whose follow-up missed a limit (``overdue``), the last
    ``limit`` of them."""

    hall: str | None = None
    day: date | None = None
    overdue: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class ChosenEvaluations:
    """The ratings an :class:`EvaluationChoice` lists, oldest case first (read a page at a
    time when iterated without a limit); ``left_off``: how many older ones matched beyond
    its ``limit``."""

    rows: Iterable[dict[str, Any]]
    left_off: int


def chosen_evaluations(store: CentralStore, choice: EvaluationChoice) -> ChosenEvaluations:
    """The ratings ``choice`` asks for (``evaluation_row``, ``online_row``), oldest case
    first, a case rated at the hall before its online rating. Chosen in SQL from the cases
    rated at the hall (``rated_cases``) and online (``online_evaluations``, which holds when):
    only the newest version of a case listed is opened, once. The hall's rating keeps its
    time in the sealed version only, so with ``day`` the cases the store cannot rule out are
    opened too (those taken by the day's end whose newest version came after its start, and
    those a window's clock dated ahead); with ``overdue`` the bad ratings."""
    if choice.limit is None:
        return ChosenEvaluations(_listed_rows(store, choice), 0)
    if choice.day is None and not choice.overdue:
        # Every rating found in SQL is listed: counted there, the newest ``limit`` opened.
        keys, params = _rating_keys(choice)
        with store.snapshot() as cur:
            count = int(
                store._exec(cur, f"SELECT count(*) FROM ({keys}) k", params).fetchone()[0]  # noqa: S608 - constant text
            )
        page = min(choice.limit, _PAGE_SIZE)
        newest = islice(_listed_rows(store, choice, newest_first=True, page=page), choice.limit)
        return ChosenEvaluations(list(newest)[::-1], max(0, count - choice.limit))
    # Newest first: once ``limit`` rows are kept, a rating SQL chose for certain is counted
    # without opening its case; one it could only narrow down is opened to know.
    kept: list[dict[str, Any]] = []
    left_off = 0
    row_of = _RowOpener(store, choice)
    for key in _rating_pages(store, choice, newest_first=True, page=_PAGE_SIZE):
        if len(kept) == choice.limit and _certain(choice, key):
            left_off += 1
            continue
        row = row_of(key)
        if row is None:
            continue
        if len(kept) < choice.limit:
            kept.append(row)
        else:
            left_off += 1
    return ChosenEvaluations(kept[::-1], left_off)


# The ratings as rows of keys (ordered by the case's arrival, its number, then the hall's
# rating before the online one), with the online rating's facts and the platform's decision
# of an appeal: (received_at, case_no, channel order, case_id, hall, data_version, channel,
# level, reason_code, at, decision, reason, decided_by, decided_at).
_DECIDED = (
    "d.decision, d.reason, d.decided_by, d.decided_at FROM {rated}"
    " JOIN cases c ON c.case_id = {alias}.case_id"
    " LEFT JOIN rating_appeal_decisions d ON d.case_id = c.case_id"
)
_HALL_KEYS = (
    "SELECT c.received_at, c.case_no, 0 AS channel_order, c.case_id, c.hall, c.data_version,"
    " NULL AS channel, NULL AS level, NULL AS reason_code, NULL AS at, "
    + _DECIDED.format(rated="rated_cases r", alias="r")
)
_ONLINE_KEYS = (
    "SELECT c.received_at, c.case_no, 1, c.case_id, c.hall, c.data_version, o.channel, o.level,"
    " o.reason_code, o.at, " + _DECIDED.format(rated="online_evaluations o", alias="o")
)
_KEY_COLUMNS = "k.received_at, k.case_no, k.channel_order"
# A hall rating that may have been given on a hall day [?, ?): its case taken by the day's
# end (every summary repeats when: a case stored before the hall queue has none), and its
# newest version stored after the day began, less the clock skew a window may have, unless
# a window's clock dated a version ahead (``_DATED_AHEAD``). Parameters: the day's end, its
# start less the skew, ``_DATED_AHEAD``.
_HALL_RATED_ON = (
    "NOT EXISTS (SELECT 1 FROM case_summaries s WHERE s.case_id = c.case_id"
    " AND s.received_at >= ?) AND (c.updated_at >= ? OR EXISTS (SELECT 1 FROM case_summaries s"
    " WHERE s.case_id = c.case_id AND s.flags LIKE ?))"
)
_DATED_AHEAD = f'%"{DATED_AHEAD}"%'  # in a summary's flags (a JSON list)
# A case whose hall rating may be bad: its statistics facts say so, or it has none.
_BAD_LEVELS = ", ".join(str(level) for level in BAD_LEVELS)
_HALL_BAD = (
    "NOT EXISTS (SELECT 1 FROM case_service_facts f WHERE f.case_id = c.case_id"  # noqa: S608 - constants
    f" AND (f.rating_level IS NULL OR f.rating_level NOT IN ({_BAD_LEVELS})))"
)
_PAGE_SIZE = 200


def _rating_keys(choice: EvaluationChoice) -> tuple[str, tuple[Any, ...]]:
    """The keys of the ratings ``choice`` may list (``_HALL_KEYS`` and ``_ONLINE_KEYS``)."""
    hall_where: list[str] = []
    online_where: list[str] = []
    hall_params: list[Any] = []
    online_params: list[Any] = []
    if choice.hall is not None:
        hall_where.append("c.hall = ?")
        online_where.append("c.hall = ?")
        hall_params.append(choice.hall)
        online_params.append(choice.hall)
    if choice.day is not None:
        start, end = hall_day_bounds(choice.day)
        skewed = iso(datetime.fromisoformat(start) - timedelta(seconds=MAX_CLOCK_SKEW_SECONDS))
        hall_where.append(_HALL_RATED_ON)
        hall_params += [end, skewed, _DATED_AHEAD]
        online_where.append("o.at >= ? AND o.at < ?")
        online_params += [start, end]
    if choice.overdue:
        hall_where.append(_HALL_BAD)
        online_where.append(f"o.level IN ({_BAD_LEVELS})")
    parts = [
        keys + (" WHERE " + " AND ".join(where) if where else "")
        for keys, where in ((_HALL_KEYS, hall_where), (_ONLINE_KEYS, online_where))
    ]
    return " UNION ALL ".join(parts), (*hall_params, *online_params)


def _rating_pages(
    store: CentralStore, choice: EvaluationChoice, *, newest_first: bool, page: int
) -> Iterator[tuple[Any, ...]]:
    """The keys of ``_rating_keys`` with the sealed newest version of their case, oldest or
    newest first, ``page`` of them per transaction."""
    keys, params = _rating_keys(choice)
    order = "DESC" if newest_first else "ASC"
    than = "<" if newest_first else ">"
    after: tuple[Any, ...] | None = None
    while True:
        # Past the last key read, in the order read (the three key columns compared in turn).
        past = (
            f" WHERE k.received_at {than} ? OR (k.received_at = ? AND (k.case_no {than} ?"
            f" OR (k.case_no = ? AND k.channel_order {than} ?)))"
            if after is not None
            else ""
        )
        past_params = () if after is None else (after[0], *after[:2], *after[1:])
        with store.snapshot() as cur:
            found = store._exec(
                cur,
                f"SELECT k.*, v.payload_sealed FROM ({keys}) k JOIN case_versions v"  # noqa: S608 - constant text
                f" ON v.case_id = k.case_id AND v.data_version = k.data_version{past}"
                f" ORDER BY k.received_at {order}, k.case_no {order}, k.channel_order {order}"
                " LIMIT ?",
                (*params, *past_params, page),
            ).fetchall()
        yield from found
        if len(found) < page:
            return
        after = tuple(found[-1][:3])


def _listed_rows(
    store: CentralStore,
    choice: EvaluationChoice,
    *,
    newest_first: bool = False,
    page: int = _PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """Every row ``choice`` lists, oldest or newest first."""
    row_of = _RowOpener(store, choice)
    for key in _rating_pages(store, choice, newest_first=newest_first, page=page):
        row = row_of(key)
        if row is not None:
            yield row


class _RowOpener:
    """The row of a key of ``_rating_pages`` (None: not one ``choice`` lists), its case's
    version opened once for the keys next to each other (a case's two ratings)."""

    def __init__(self, store: CentralStore, choice: EvaluationChoice) -> None:
        self.store, self.choice, self.today = store, choice, hall_today()
        self.opened: tuple[str, CaseDocument] | None = None

    def __call__(self, key: tuple[Any, ...]) -> dict[str, Any] | None:
        case_id, hall, version = key[3:6]
        if self.opened is None or self.opened[0] != case_id:
            self.opened = (case_id, _opened(self.store, case_id, version, key[-1]))
        row = _listed_row(self.opened[1], hall, key[6:-1], self.today)
        return row if row is not None and _chosen(self.choice, row) else None


def _certain(choice: EvaluationChoice, key: tuple[Any, ...]) -> bool:
    """Whether SQL chose the rating of ``key`` for certain: an online one (its time is
    there) unless only overdue ones are asked for."""
    return key[6] is not None and not choice.overdue


def _listed_row(
    document: CaseDocument, hall: str, facts: tuple[Any, ...], today: date
) -> dict[str, Any] | None:
    """The row of one rating: the hall's (``facts`` without a channel) or the online one."""
    channel, level, reason_code, at, *decided = facts
    decision = dict(zip(_DECISION_KEYS, decided, strict=True)) if decided[0] else None
    if channel is None:
        return evaluation_row(document, hall=hall, today=today, decision=decision)
    return online_row(
        document,
        hall,
        channel=channel,
        level=level,
        reason_code=reason_code,
        at=at,
        today=today,
        decision=decision,
    )


def _chosen(choice: EvaluationChoice, row: dict[str, Any]) -> bool:
    """Whether ``row`` is one ``choice`` lists (what SQL could only narrow down)."""
    if choice.day is not None and hall_time_text(row["at"])[:10] != choice.day.isoformat():
        return False
    return not choice.overdue or bool(row["followup"] and row["followup"]["overdue"])


def decide_appeal(
    store: CentralStore, case: str, *, upheld: bool, reason: str, by: str, password: str
) -> dict[str, Any]:
    """The reviewer ``by`` (an account of ``REVIEW_REGISTER`` with a supervising role,
    proven by ``password``) decides the hall's appeal of the bad rating of ``case`` (its
    number or id): kept once, and sent to the accepting window as a progress event repeating
    the case's state. ``OperatorError`` for an unknown or unproven reviewer, no reason, an
    unknown case, no appeal waiting, one decided already, or a case whose state no progress
    event names (its window could not take the decision)."""
    text = checked_reason(reason, ("审核理由", "The reason"), required=True)
    check_register_member(
        store,
        REVIEW_REGISTER,
        by,
        password,
        roles=SUPERVISING_ROLES,
        act="appeal decision",
        refusal=(
            f"{by} 不是市级好差评审核人员（平台审核名册 {REVIEW_REGISTER} 中在用的值班长或"
            "管理员账号），不能审核申诉；大厅的值班长不能审核本大厅的申诉。",
            f"{by} is no city-level rating reviewer (a supervisor or administrator account "
            f"in use in the platform's review register {REVIEW_REGISTER}) and may not decide "
            "appeals; a hall's supervisors never decide their hall's appeals.",
        ),
    )
    decision = "upheld" if upheld else "rejected"
    now = iso(utc_now())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "progress_events")
        row = store._exec(
            cur,
            "SELECT case_id, case_no, hall FROM cases WHERE case_no = ? OR case_id = ?",
            (case, case),
        ).fetchone()
        if row is None:
            raise OperatorError(f"平台上没有办件 {case}。", f"The platform holds no case {case}.")
        case_id, case_no, hall = row
        document = latest_document(store, cur, case_id)
        decided = store._exec(
            cur,
            "SELECT decision, reason, decided_by, decided_at FROM rating_appeal_decisions"
            " WHERE case_id = ?",
            (case_id,),
        ).fetchone()
        steps = _steps(
            document, dict(zip(_DECISION_KEYS, decided, strict=True)) if decided else None
        )
        refused = decision_allowed(steps)
        if refused is not None:
            raise OperatorError(*refused)
        state = case_state(store, cur, case_id, document.state)
        if state not in PROGRESS_ITEM_STATES:
            raise OperatorError(
                f"办件 {case_no} 处于“{state.value}”状态，申诉决定无法送达受理窗口；请联系该大厅。",
                f"Case {case_no} is {state.value}: no progress event can bring the decision "
                "to its window. Contact the hall.",
            )
        words = "成立" if upheld else "驳回"
        seq = insert_progress_event(
            store, cur, case_id=case_id, hall=hall, state=state.value,
            note=f"差评申诉{words}：{text}", at=now,
        )  # fmt: skip
        store._exec(
            cur,
            "INSERT INTO rating_appeal_decisions (case_id, decision, reason, decided_by,"
            " decided_at, progress_seq) VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, decision, text, by, now, seq),
        )
    log.info("appeal of the rating of case %s %s by reviewer %s", case_no, decision, by)
    return {
        "case_id": case_id,
        "case_no": case_no,
        "hall": hall,
        "decision": decision,
        "reason": text,
        "by": by,
        "at": now,
        "sequence": seq,
    }


def keep_ratings(store: CentralStore, cur: DbCursor, rated: dict[str, bool]) -> None:
    """Record in ``rated_cases`` whether each case's newest version (just stored, or opened by
    the backfill) carries the hall's rating, in the transaction that stored it."""
    store._many(
        cur,
        "DELETE FROM rated_cases WHERE case_id = ?",
        [(case_id,) for case_id, is_rated in rated.items() if not is_rated],
    )
    store._many(
        cur,
        "INSERT INTO rated_cases (case_id) VALUES (?) ON CONFLICT (case_id) DO NOTHING",
        [(case_id,) for case_id, is_rated in rated.items() if is_rated],
    )


def backfill_rated_cases(store: CentralStore) -> None:
    """Fill ``rated_cases`` on a store that held cases before the table existed, from each
    case's newest version (``backfill_newest_versions``)."""

    def learn(cur: DbCursor, newest: Sequence[NewestVersion]) -> None:
        keep_ratings(
            store,
            cur,
            {
                case_id: _carries_rating(store, case_id, version, sealed)
                for case_id, version, sealed in newest
            },
        )

    backfill_newest_versions(store, BACKFILL_KEY, "rated cases", learn)


def _carries_rating(store: CentralStore, case_id: str, version: int, sealed: bytes) -> bool:
    """Whether the backfill counts the case as rated. A version that cannot be opened (a
    damaged row) is logged and counted unrated: the platform still starts and serves the
    halls; only the listing lacks that case's rating until the row is restored."""
    try:
        return _opened(store, case_id, version, sealed).evaluation is not None
    except OperatorError as exc:
        log.error("rated cases: %s It is listed as unrated; restore the row from a backup.", exc.en)
        return False


def _opened(store: CentralStore, case_id: str, version: int, sealed: bytes) -> CaseDocument:
    return CaseDocument.from_json(
        json.loads(store.sealer.open(sealed, version_context(case_id, version)))
    )


def evaluation_row(
    document: CaseDocument, *, hall: str, today: date, decision: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The rating of one case for the listing; None when it has not been rated.
    ``decision``: the platform's decision of the hall's appeal of the case's bad rating."""
    rating = document.evaluation
    if rating is None:
        return None
    followup = _followup(document, rating.level, today, decision)
    return {
        "case_id": document.case_id,
        "case_no": document.case_no,
        "hall": hall,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "window": rating.window,
        "clerk": rating.clerk,
        "channel": rating.channel.value,
        "level": rating.level,
        "declined": rating.declined,
        "reason_code": rating.reason_code,
        "reason": rating.reason,
        "at": rating.at,
        "followup": followup,
        "counted": _counted(followup),
    }


def online_row(
    document: CaseDocument,
    hall: str,
    *,
    channel: str,
    level: int,
    reason_code: str | None,
    at: str,
    today: date,
    decision: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A rating given on the progress page (``online_evaluations``), for the same listing:
    it rates the window and clerk that took the case, and a bad one is followed up there."""
    followup = _followup(document, level, today, decision)
    return {
        "case_id": document.case_id,
        "case_no": document.case_no,
        "hall": hall,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "window": document.window,
        "clerk": document.clerk,
        "channel": channel,
        "level": level,
        "declined": False,
        "reason_code": reason_code,
        "reason": None,
        "at": at,
        "followup": followup,
        "counted": _counted(followup),
    }


def _counted(followup: dict[str, Any] | None) -> bool:
    """Whether the satisfaction figures count the rating: not a bad one whose appeal was
    upheld."""
    return followup is None or followup["appeal"] != AppealState.UPHELD.value


def _steps(document: CaseDocument, decision: dict[str, Any] | None) -> list[FollowupStep]:
    """The follow-up's steps as the platform holds them: the hall's, and the platform's own
    decision of their appeal (a decision a window's version claims counts for nothing)."""
    followup = document.evaluation_followup
    steps = [s.step for s in followup.steps if s.step not in APPEAL_DECISIONS] if followup else []
    return steps if decision is None else [*steps, _DECISION_STEPS[decision["decision"]]]


def _followup(
    document: CaseDocument, level: int | None, today: date, decision: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The case's follow-up as a rating of ``level`` shows it: only a bad rating has one."""
    followup = document.evaluation_followup
    if followup is None or level not in BAD_LEVELS:
        return None
    steps = _steps(document, decision)
    state = followup_state(steps)
    appeal = appeal_state(steps)
    due = FollowupDue(
        date.fromisoformat(followup.due_contact),
        date.fromisoformat(followup.due_settle),
        date.fromisoformat(followup.due_rectify),
    )
    return {
        **followup.model_dump(mode="json"),
        "state": state.value,
        "overdue": overdue_limits(due, state, today),
        "appeal": None if appeal is None else appeal.value,
        "appeal_decision": decision,
    }
