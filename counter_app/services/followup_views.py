"""Who read the list of bad ratings' follow-ups (``counter-app followups``): it names the
applicants and their masked phones, so reading it is audited, as reading the deferrals is.
Apart from ``services.evaluations``, which writes cases: those write their own audit entries
(tests/core/test_one_writer.py)."""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.services.evaluations import Followup
from counter_app.store.database import Store


def record_followups_viewed(store: Store, actor: str, found: Sequence[Followup]) -> None:
    """The list of ``found`` names applicants (and their masked phones): who read it is
    logged (``evaluations.followups``); an empty list names nobody and is not."""
    if found:
        store.audit.record(actor, "evaluations.followups", None, {"cases": len(found)})
