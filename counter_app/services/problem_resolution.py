"""A supervisor's resolution of a case the platform refused or holds in conflict, written as
a data version the platform stores (kept once per instruction by
``counter_app.services.problems``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.case_states import (
    PLATFORM_ALSO,
    STATE_NAMES,
    TRANSITIONS,
    Authority,
    CaseState,
    window_may_move,
)
from counter_app.domain.documents import DocumentKind, document_for_state
from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services.case_changes import checked_reason, record_change
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from counter_app.store.documents import document_printed, issued_copies


def resolve_problem(
    store: Store,
    case_id: str,
    action: str,
    *,
    supervisor: str,
    reason: str,
    platform_version: int,
    platform_document: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Resolve a case the platform refused or holds in conflict, as ``supervisor`` decided
    (authenticated by the caller, here or at the window that issued the instruction); the
    data version written, above ``platform_version`` so the platform stores it:

    - ``resend``: this workstation's version again, as corrected and approved;
    - ``adopt``: the platform's version (``platform_document``) with the state the case
      stands in there (``check_adoption`` says which it may take); a notice issued for
      the case's ending here that this takes back is named superseded in its event;
    - ``void``: 作废 with ``reason``."""
    text = checked_reason(reason)
    detail = {"resolution": action, "reason": text, "approved_by": supervisor}
    if action == "void":
        return record_change(
            store,
            case_id,
            supervisor,
            Authority.SUPERVISOR,
            CaseState.VOIDED,
            change=lambda d: {**d, "void_reason": text, "voided_by": supervisor},
            now=now,
            detail=detail,
            above=platform_version,
        )
    if action == "resend":
        return record_change(
            store,
            case_id,
            supervisor,
            Authority.SUPERVISOR,
            None,
            change=lambda d: d,
            now=now,
            detail=detail,
            action="case.resend_corrected",
            after_end=True,
            above=platform_version,
        )
    if action != "adopt":
        raise ValidationError(
            "处理方式应为重新提交、采用平台版本或作废。",
            "The resolution is resend, adopt (the platform's version) or void.",
            field="action",
        )
    if platform_document is None:
        raise ValidationError(
            "平台没有该办件的版本可以采用，请选择重新提交或作废。",
            "The platform holds no version of this case to adopt; resend it or void it.",
            field="action",
        )
    adopted = _platform_state(store, case_id, platform_version, platform_document)
    current = CaseState(case_rows.get_case(store, case_id).state)
    applicant = {
        key: value
        for key in ("name", "phone", "address")
        if (value := platform_document["applicant"].get(key)) is not None
    }
    return record_change(
        store,
        case_id,
        supervisor,
        Authority.SUPERVISOR,
        adopted if adopted != current else None,
        change=lambda d: dict(platform_document),
        now=now,
        detail={**detail, **_superseded_notice(store, case_id, current, adopted)},
        applicant=applicant,
        action="case.adopt_platform_version",
        after_end=True,
        above=platform_version,
        move_check=check_adoption,
    )


# The notices telling the applicant the case ended here: once the adoption takes the case
# on where the platform's steps led, one issued for that ending no longer applies.
_ENDING_NOTICES = frozenset({DocumentKind.TERMINATION, DocumentKind.WITHDRAWAL})


def _superseded_notice(
    store: Store, case_id: str, local: CaseState, adopted: CaseState
) -> dict[str, Any]:
    """What the adoption's event says of the notice issued for the case's ending here that
    adopting ``adopted`` over ``local`` supersedes (``superseded_notice``: its kind;
    ``superseded_printed``: on paper, so the applicant must be told it no longer applies),
    or nothing."""
    notice = document_for_state(local)
    if notice not in _ENDING_NOTICES or document_for_state(adopted) is notice:
        return {}
    issued, _ = issued_copies(store.db, case_id, notice.value)
    if not issued:
        return {}
    return {
        "superseded_notice": notice.value,
        "superseded_printed": document_printed(store, case_id, notice.value),
    }


def _platform_state(
    store: Store, case_id: str, platform_version: int, platform_document: dict[str, Any]
) -> CaseState:
    """Where the case stands on the platform: a back-office step (办理中, 办结…) moves it on
    without a new version, so the hall queue's summary of the platform's newest version says
    it (the feed brings it with every step); without one, that version's own state."""
    row = store.db.execute(
        "SELECT state FROM hall_queue WHERE case_id = ? AND data_version = ?",
        (case_id, platform_version),
    ).fetchone()
    return CaseState(row[0] if row is not None else platform_document["state"])


# The moves a window (its clerk or supervisor) makes, and those the platform reports.
_WINDOW_MOVES = frozenset(move for move in TRANSITIONS if window_may_move(*move))
_PLATFORM_MOVES = PLATFORM_ALSO | {
    move for move, authority in TRANSITIONS.items() if authority is Authority.PLATFORM
}


def check_adoption(local: CaseState, platform: CaseState) -> None:
    """Raise ``IllegalTransition`` unless adopting the platform's version may take a case
    from its ``local`` state to the ``platform``'s: a move a supervisor may make, or the
    platform's own steps in place of the window's since a state both held (the window
    withdrew an accepted case the department had meanwhile taken into processing: 已撤回 →
    办理中). Never back to where the platform's steps do not lead: a result handed over at
    the window stays handed over."""
    if window_may_move(local, platform) or any(
        local in _reach(start, _WINDOW_MOVES, itself=True)
        and platform in _reach(start, _PLATFORM_MOVES, itself=False)
        for start in CaseState
    ):
        return
    zh_local, en_local = STATE_NAMES[local]
    zh_platform, en_platform = STATE_NAMES[platform]
    raise IllegalTransition(
        f"不能采用平台版本：办件不能从本机的“{zh_local}”变为平台的“{zh_platform}”（平台没有"
        "从本机此前的状态办理到该环节）。请逐项核对两个版本后，按本机版本重新提交或作废。",
        f"The platform's version cannot be adopted: the case cannot go from '{en_local}' here "
        f"to the platform's '{en_platform}' (the platform's steps did not lead there from a "
        "state this window held). Compare both versions, then resend this workstation's "
        "version or void the case.",
        field="action",
    )


def _reach(
    start: CaseState, moves: frozenset[tuple[CaseState, CaseState]], *, itself: bool
) -> set[CaseState]:
    """The states ``moves`` lead to from ``start`` in one step or more (``itself``: and
    ``start``, in none)."""
    reached: set[CaseState] = set()
    frontier = [start]
    while frontier:
        state = frontier.pop()
        for after in (b for a, b in moves if a == state and b not in reached):
            reached.add(after)
            frontier.append(after)
    return reached | {start} if itself else reached
