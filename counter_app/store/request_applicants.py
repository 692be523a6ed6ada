"""The applicant's ID number of a case as its blind index, for comparing a resubmitted
request (an import line under a request id already used) with the case it names."""

from __future__ import annotations

from counter_app.store.database import Store


def id_number_index_of(store: Store, case_id: str) -> str | None:
    """The blind index (``id_number``) of the applicant's ID number on case ``case_id``."""
    row = store.db.execute(
        "SELECT id_number_index FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    return None if row is None else str(row[0])
