"""The name's stored form for search, once more (m0044): ``normalize_name`` came to fold the
word separator middle dot ⸱, a full stop between two Chinese parts (买买提.艾力) and curly
apostrophes (O’BRIEN). A case decided before keeps its name as it was decided, and its name
index is built again from the folded form, so a search by the name as read or typed finds
it (``store.cases.name_key`` folds the query the same way)."""

from __future__ import annotations

import logging

from sqlite_utils import Database

from counter_app.domain.names import validate_name
from counter_app.errors import InvalidName
from counter_app.store.pii import PiiCipher

log = logging.getLogger(__name__)

# The names that may hold what the fold changed: only those are read again.
_NEWLY_FOLDED = "*[\u2e31.\u3002\uff61\u2018\u2019]*"


def m0044_name_index_refolded(db: Database) -> None:
    # The schema does not change. An index needs the key file, which a migration has not:
    # the store opening runs refold_name_indexes in this migration's transaction
    # (counter_app.store.database._apply_migrations).
    del db


def refold_name_indexes(db: Database, pii: PiiCipher) -> int:
    """Index again each indexed name the fold now writes otherwise; returns how many. A name
    the rules refuse today (a private-use character) keeps its index: it is still found as
    it was."""
    rows = db.execute(
        "SELECT case_no, name, name_index FROM cases WHERE name GLOB ? AND name_index != ''",
        (_NEWLY_FOLDED,),
    ).fetchall()
    changed = []
    for case_no, name, index in rows:
        try:
            folded = validate_name(name)
        except InvalidName:
            log.info("the name index of case %s was left as it was", case_no)
            continue
        refolded = pii.blind_index(folded, "name")
        if refolded != index:
            changed.append((refolded, case_no))
    db.conn.executemany("UPDATE cases SET name_index = ? WHERE case_no = ?", changed)
    return len(changed)
