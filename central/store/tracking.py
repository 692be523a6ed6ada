"""The public progress page's view of a case (``GET /track/TOKEN``) and the online 一事一评
it takes: the case found by its token's digest, which cases may be rated there, and the
rating kept and sent to the accepting window as a progress event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from central.errors import OperatorError
from central.store import bundles
from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.calendar import platform_calendar
from central.store.cases import case_state, latest_document
from central.store.progress_events import insert_progress_event
from central.track_texts import TEXT
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState
from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.evaluation import EvaluationChannel
from sync.wire.feeds import PROGRESS_ITEM_STATES

log = logging.getLogger("central.store")

ONLINE = EvaluationChannel.ONLINE.value

# The rating goes back to the window as a progress event repeating the case's state, and a
# progress event names only these states (``ProgressEvent.state``): a case refused or
# notified at the counter is rated on the hall's evaluator instead; a voided one is not rated.
RATABLE_STATES = PROGRESS_ITEM_STATES

# Whether the platform recorded a withdrawal step for a case (the applicant withdrew a case
# the department had in process); a case withdrawn at the counter has none.
# A progress event that is a department's step: not a payment confirmation's, which repeats
# the case's state (``payments.progress_seq``), nor an appeal decision's
# (``rating_appeal_decisions``), whose reviewer's reason is no word for the applicant.
_A_DEPARTMENT_STEP = (
    "NOT EXISTS (SELECT 1 FROM payments p WHERE p.progress_seq = e.seq)"
    " AND NOT EXISTS (SELECT 1 FROM rating_appeal_decisions a WHERE a.progress_seq = e.seq)"
)
_WITHDRAWN_BY_PLATFORM = (
    "SELECT 1 FROM progress_events e WHERE e.case_id = ? AND e.state = ?"  # noqa: S608 - constants
    f" AND {_A_DEPARTMENT_STEP} LIMIT 1"
)


def state_ratable(state: CaseState, withdrawn_by_platform: bool) -> bool:
    """Whether a case in ``state`` may be rated online: a state a progress event names, and
    a withdrawal only the platform recorded. A case withdrawn at the counter was rated there
    (and a rating of it would come back to that window as a step after its withdrawal)."""
    if state is CaseState.WITHDRAWN:
        return withdrawn_by_platform
    return state in RATABLE_STATES


# The note of the department's latest request for a correction (补正).
_CORRECTION_ASKED = (
    "SELECT e.note FROM progress_events e WHERE e.case_id = ? AND e.state = ?"  # noqa: S608 - constants
    f" AND {_A_DEPARTMENT_STEP} ORDER BY e.seq DESC LIMIT 1"
)


@dataclass(frozen=True)
class BundleCase:
    """Another case of the 一件事 a tracked case was decided in, as far as the page shows
    it: what that case's own page would say of it, nothing more."""

    case_no: str
    item_name: str
    state: CaseState
    posted: bool  # its result goes by post: its delivered state reads so


@dataclass(frozen=True)
class TrackedCase:
    document: CaseDocument
    state: CaseState  # the newest of the window's versions and the back-office steps
    department: str | None  # 全市通办: the routed department's code
    online_level: int | None  # the online rating given, None before
    # 补正: what the department asked for (its back-office step's note), while it waits.
    correction: str | None = None
    # The years of the working calendars the platform published (None before the first:
    # the windows count with their installed one, which the platform does not know): the
    # page marks a date counted past them as provisional.
    calendar_years: frozenset[int] | None = None
    # The applicant withdrew through the platform (its ``withdrawn`` step), not at the counter.
    withdrawn_by_platform: bool = False
    # 一件事: the bundle's name and its other cases of the same applicant, by case number.
    bundle_name: str = ""
    bundle_cases: tuple[BundleCase, ...] = ()

    @property
    def ratable(self) -> bool:
        return self.online_level is None and state_ratable(self.state, self.withdrawn_by_platform)


def tracked_case(store: CentralStore, digest: str) -> TrackedCase | None:
    """The case whose ``track_token`` has SHA-256 ``digest``; None for no such token."""
    with store.snapshot() as cur:
        row = store._exec(
            cur,
            "SELECT t.case_id, r.department, e.level FROM track_tokens t"
            " LEFT JOIN case_routes r ON r.case_id = t.case_id"
            " LEFT JOIN online_evaluations e ON e.case_id = t.case_id AND e.channel = ?"
            " WHERE t.token_digest = ?",
            (ONLINE, digest),
        ).fetchone()
        if row is None:
            return None
        document = latest_document(store, cur, row[0])
        state = case_state(store, cur, row[0])
        asked = (
            store._exec(cur, _CORRECTION_ASKED, (row[0], state.value)).fetchone()
            if state is CaseState.CORRECTION_REQUESTED
            else None
        )
        calendar_years = platform_calendar(store, cur).covered_years
        withdrawn_by_platform = _withdrawn_by_platform(store, cur, row[0], state)
        bundle_name, others = bundles.other_cases(store, cur, row[0])
        bundle_cases = tuple(_bundle_cases(store, cur, document, others))
    return TrackedCase(
        document,
        state,
        row[1],
        row[2],
        asked[0] or None if asked else None,
        calendar_years or None,
        withdrawn_by_platform,
        bundle_name if bundle_cases else "",
        bundle_cases,
    )


def _bundle_cases(
    store: CentralStore, cur: DbCursor, tracked: CaseDocument, case_ids: list[str]
) -> list[BundleCase]:
    """The cases of ``case_ids`` (another case's bundle) whose applicant is ``tracked``'s:
    the page behind one case's token shows only the same applicant's other cases."""
    listed = []
    applicant = (tracked.applicant.id_type, tracked.applicant.id_number)
    for case_id in case_ids:
        document = latest_document(store, cur, case_id)
        if (document.applicant.id_type, document.applicant.id_number) != applicant:
            continue
        method = document.delivery.method if document.delivery else DeliveryMethod.PICKUP
        listed.append(
            BundleCase(
                document.case_no,
                document.service_item.name,
                case_state(store, cur, case_id, document.state),
                method is DeliveryMethod.POST,
            )
        )
    return listed


def _withdrawn_by_platform(
    store: CentralStore, cur: DbCursor, case_id: str, state: CaseState
) -> bool:
    if state is not CaseState.WITHDRAWN:
        return False
    params = (case_id, CaseState.WITHDRAWN.value)
    return store._exec(cur, _WITHDRAWN_BY_PLATFORM, params).fetchone() is not None


def record_online_evaluation(
    store: CentralStore, digest: str, level: int, reason_code: str | None
) -> dict[str, Any] | None:
    """The applicant's 一事一评 from the progress page of the token with ``digest``: kept
    once per case (channel online) and sent to the accepting window as a progress event
    repeating the case's state. None for no such token; ``OperatorError`` when the case
    was rated online already or cannot be rated there (``state_ratable``)."""
    now = iso(utc_now())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "progress_events")
        row = store._exec(
            cur,
            "SELECT c.case_id, c.hall, c.case_no FROM track_tokens t"
            " JOIN cases c ON c.case_id = t.case_id WHERE t.token_digest = ?",
            (digest,),
        ).fetchone()
        if row is None:
            return None
        case_id, hall, case_no = row
        rated = store._exec(
            cur,
            "SELECT 1 FROM online_evaluations WHERE case_id = ? AND channel = ?",
            (case_id, ONLINE),
        ).fetchone()
        if rated is not None:
            raise OperatorError(
                "本办件已在网上评价过，每件只能评价一次。",
                "This case has been rated online already; a case is rated once.",
            )
        state = case_state(store, cur, case_id)
        if not state_ratable(state, _withdrawn_by_platform(store, cur, case_id, state)):
            raise OperatorError(*TEXT["not_ratable"])
        seq = insert_progress_event(
            store, cur, case_id=case_id, hall=hall, state=state.value,
            note=f"一事一评（网上）{level}", at=now,
        )  # fmt: skip
        store._exec(
            cur,
            "INSERT INTO online_evaluations (case_id, channel, level, reason_code, at,"
            " progress_seq) VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, ONLINE, level, reason_code, now, seq),
        )
    log.info("online rating %d for case %s", level, case_id)
    return {"sequence": seq, "case_id": case_id, "case_no": case_no, "level": level}
