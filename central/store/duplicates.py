"""The hall queue's flags for a case that repeats another: the same applicant taken again for
the same item (at another window or hall, say), an ID number the platform holds under
another name, a pre-application another case used first. Each flag is followed by the other
case's number, as ``catalog_changed`` is by what changed: the supervisor looks it up.

Pure: the store loads the applicant's other cases (``central.store.applicants``) and who
used each pre-application; ``BatchPlan`` asks here what a stored version's summary carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.hall_queue import (
    ID_NUMBER_OTHER_NAME,
    PREAPP_USED_TWICE,
    SAME_APPLICANT_SAME_ITEM,
)
from counter_app.domain.names import normalize_name


@dataclass(frozen=True)
class HeldCase:
    """One case of an applicant as the platform holds it: ``stored_at`` when the platform
    first stored it, ``day`` the hall day in its number (None: a number that does not
    parse), ``name`` the applicant's name in its newest version."""

    case_id: str
    case_no: str
    item_code: str
    state: CaseState
    day: date | None
    name: str
    stored_at: str


def comparable_name(name: str) -> str:
    """A name as two spellings of it compare: normalised (``normalize_name``), case folded."""
    return normalize_name(name).casefold()


def applicant_flags(case: HeldCase, others: Sequence[HeldCase]) -> tuple[str, ...]:
    """The flags of ``case`` against the applicant's cases stored before it, each followed
    by the number of the latest such case (``others``
    may hold later ones and the case itself: they are skipped, so only the later of two
    cases is flagged; two stored by one batch share its time, and the first was summarised
    before the second joined). A case that has ended waits for nobody's check."""
    if case.state in TERMINAL_STATES:
        return ()
    earlier = [o for o in others if o.case_id != case.case_id and o.stored_at <= case.stored_at]
    # Newest first: the flag names the latest of the applicant's other cases.
    earlier.sort(key=lambda o: o.stored_at, reverse=True)
    repeated = next(
        (
            o.case_no
            for o in earlier
            if o.item_code == case.item_code
            and (o.state not in TERMINAL_STATES or (o.day is not None and o.day == case.day))
        ),
        None,
    )
    renamed = next(
        (o.case_no for o in earlier if comparable_name(o.name) != comparable_name(case.name)),
        None,
    )
    flags: list[str] = []
    if repeated is not None:
        flags += [SAME_APPLICANT_SAME_ITEM, repeated]
    if renamed is not None:
        flags += [ID_NUMBER_OTHER_NAME, renamed]
    return tuple(flags)


def preapp_flags(document: CaseDocument, used_by: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """``preapp_used_twice`` and the first case's number when the pre-application
    ``document`` was taken from was used by another case; ``used_by`` maps each
    pre-application to the case that used it, ``(case id, its number)`` (before that case's
    push, its id again). A case that has ended waits for nobody's check."""
    first = used_by.get(document.preapp_id or "")
    if first is None or first[0] == str(document.case_id) or document.state in TERMINAL_STATES:
        return ()
    return (PREAPP_USED_TWICE, first[1])
