"""The cases this workstation holds whose story is not over (in no end state), by the hall
that took them: what a PC moved to another hall would leave behind (``sync.hall_move``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from counter_app.domain.case_states import TERMINAL_STATES, CaseState

_OPEN_STATES = tuple(sorted(state.value for state in set(CaseState) - TERMINAL_STATES))


def open_case_numbers(conn: sqlite3.Connection, halls: Collection[str]) -> list[str]:
    """The numbers of the open cases of ``halls``, oldest first (through the state index:
    the open cases are a day's work or a few weeks', whatever the store holds besides)."""
    if not halls:
        return []
    states = ", ".join("?" for _ in _OPEN_STATES)
    hall_marks = ", ".join("?" for _ in halls)
    rows = conn.execute(
        "SELECT case_no FROM cases INDEXED BY cases_state_created"  # noqa: S608 - placeholders only
        f" WHERE state IN ({states}) AND hall_code IN ({hall_marks}) ORDER BY created_at, case_no",
        (*_OPEN_STATES, *halls),
    ).fetchall()
    return [case_no for (case_no,) in rows]
