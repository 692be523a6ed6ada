"""The window's case detail of a case whose personal data the local retention purged: its
rows and history, and when the data went, instead of an error (the document is empty)."""

from __future__ import annotations

from counter_app.services.auth import User
from counter_app.services.retention import purge_expired
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.retention import Purge
from tests.services.retention_cases import LATER, every_kind
from ui.core_facade import Workstation

CLERK = User("clerk1", "窗口一", "clerk", None, False)


def test_the_case_detail_of_a_purged_case_says_when_its_data_went(store: Store) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    kinds = every_kind(store, CLERK)
    purge_expired(store, actor="cli:it", now=LATER)

    workstation = Workstation.open(store.home, store.config)
    try:
        purged = workstation.case_detail(kinds.refused_synced)
        assert purged.purged == Purge("2028-01-01", 365)
        assert (purged.agent, purged.english_name, purged.licences) == (None, None, ())
        assert purged.events[-1].kind == "retention"
    finally:
        workstation.close()
