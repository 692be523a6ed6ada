"""The applicant's earlier cases for the same item, looked up before (or just after) a new
one is decided, so the clerk is told of a possible duplicate and stays the one who decides.

An earlier case is one of the same item, through the keyed blind index of the ID number
(typed with spaces, full-width or with a small ``x``, the index is the same), that is
still open or was taken on the hall day asked about. Not counted: a voided case (removed as
erroneous data) and a case waiting after a one-time notice (一次性告知): that one is not a
second acceptance but the case to continue (the window's open-notice banner, Ctrl+O;
``case accept`` on the command line). Beside them, whether the ID number is on file under
another name (compared in the normalised form, so ``阿依古丽・买买提`` is
``阿依古丽·买买提``), of any item.

One query on the ``id_number_index`` index, read outside any write transaction: the
clerk's flow runs it, and the accept's own statements stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.hall_time import hall_minute_text
from counter_app.domain.names import normalize_name
from counter_app.store.database import Store

_COLUMNS = "c.case_id, c.case_no, c.state, c.service_item_code, c.day, c.created_at, c.name"
# Neither a second acceptance (the notified case is continued) nor a case at all (voided).
_NOT_EARLIER = frozenset({CaseState.NOTIFIED, CaseState.VOIDED})


@dataclass(frozen=True)
class EarlierCase:
    case_id: str
    case_no: str
    state: CaseState
    day: str | None  # the hall day it was taken (the day in its number)
    created_at: str  # UTC, ISO 8601

    def time_text(self, today: date) -> str:
        """When it was taken, in the hall's clock: the minute (``10:02``) for a case of
        ``today``, else with its date (``2026-09-21 10:02``)."""
        minute = hall_minute_text(self.created_at)
        return minute[11:] if self.day == today.isoformat() else minute


@dataclass(frozen=True)
class EarlierCases:
    """What a new case's clerk is told: the same item's earlier cases, oldest first, and
    the other names the ID number is on file under (normalised, first seen first)."""

    cases: tuple[EarlierCase, ...] = ()
    other_names: tuple[str, ...] = ()

    @property
    def name_differs(self) -> bool:
        return bool(self.other_names)

    def __bool__(self) -> bool:
        return bool(self.cases or self.other_names)

    def to_json(self) -> dict[str, Any]:
        """The additive fields of the command line's ``--json`` (no name: personal data)."""
        return {
            "earlier_cases": [
                {"case_no": c.case_no, "state": c.state.value, "created_at": c.created_at}
                for c in self.cases
            ],
            "name_on_file_differs": self.name_differs,
        }


def earlier_cases(
    store: Store, *, id_number: str, name: str, item_code: str, today: date
) -> EarlierCases:
    """The applicant's earlier cases of ``item_code`` and other names on file, before a
    case is decided for them (the window's form, as typed or read)."""
    index = store.pii.blind_index(id_number, "id_number")
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM cases c WHERE c.id_number_index = ?"  # noqa: S608
        " AND (c.service_item_code = ? OR c.name != ?) ORDER BY c.created_at, c.rowid",
        (index, item_code, normalize_name(name)),
    ).fetchall()
    return _earlier(rows, name=name, item_code=item_code, today=today)


def earlier_cases_of(store: Store, case_id: str, *, today: date) -> EarlierCases:
    """The same for the applicant of the case ``case_id``, that case left out: what a case
    just decided (an import's line) or about to be accepted (``case accept``) repeats."""
    return earlier_cases_of_each(store, [case_id], today=today)[case_id]


def earlier_cases_of_each(
    store: Store, case_ids: Sequence[str], *, today: date
) -> dict[str, EarlierCases]:
    """``earlier_cases_of`` for each of ``case_ids`` (a bundle's cases), in one query."""
    marks = ",".join("?" * len(case_ids))
    rows = store.db.execute(
        f"SELECT {_COLUMNS}, me.name, me.service_item_code, me.case_id FROM cases me"  # noqa: S608
        " JOIN cases c ON c.id_number_index = me.id_number_index AND c.case_id != me.case_id"
        f" WHERE me.case_id IN ({marks})"
        " AND (c.service_item_code = me.service_item_code OR c.name != me.name)"
        " ORDER BY c.created_at, c.rowid",
        tuple(case_ids),
    ).fetchall()
    found: dict[str, list[Any]] = {case_id: [] for case_id in case_ids}
    for row in rows:
        found[row[9]].append(row)
    return {
        case_id: _earlier([r[:7] for r in own], name=own[0][7], item_code=own[0][8], today=today)
        if own
        else EarlierCases()
        for case_id, own in found.items()
    }


def _earlier(
    rows: Sequence[Sequence[Any]], *, name: str, item_code: str, today: date
) -> EarlierCases:
    own_name = normalize_name(name)
    cases: list[EarlierCase] = []
    others: dict[str, None] = {}  # an ordered set
    for case_id, case_no, state, item, day, created_at, on_file in rows:
        other = normalize_name(on_file)
        if other != own_name:
            others[other] = None
        known = CaseState(state)
        if item != item_code or known in _NOT_EARLIER:
            continue
        if known not in TERMINAL_STATES or day == today.isoformat():
            cases.append(EarlierCase(case_id, case_no, known, day, created_at))
    return EarlierCases(tuple(cases), tuple(others))
