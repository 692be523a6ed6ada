"""A pre-application the platform closed (withdrawn by its applicant, superseded, its item
withdrawn) after this window took a case from it offline: the cache keeps its consumed
copy, so a retry of that intake still finds the case, until the platform answered the
window's report; one the window never held is not brought in by the closing item."""

from __future__ import annotations

import uuid
from dataclasses import replace

from counter_app.services.arrivals import case_from_preapp
from counter_app.services.auth import User
from counter_app.store.arrivals import cached_arrival, store_arrival
from counter_app.store.database import Store
from tests.services.preapp_samples import PAPER, sample_preapp


def _closed(store: Store, preapp_id: str, arrival_id: str | None = None) -> bool:
    held = cached_arrival(store, preapp_id)
    assert held is not None
    closing = replace(held, arrival_id=arrival_id or preapp_id, sequence=9, state="cancelled")
    with store.transaction():
        return store_arrival(store, closing)


def test_a_case_taken_before_the_closing_keeps_the_consumed_copy(
    intake_store: Store, clerk: User
) -> None:
    preapp_id = sample_preapp(intake_store)
    first = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    assert not _closed(intake_store, preapp_id)
    kept = cached_arrival(intake_store, preapp_id)
    assert kept is not None and kept.state == "consumed"
    again = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    assert (again["case_id"], again["replayed"]) == (first["case_id"], True)


def test_a_closing_item_of_a_pre_application_not_held_stores_nothing(intake_store: Store) -> None:
    preapp_id = sample_preapp(intake_store)
    assert not _closed(intake_store, preapp_id, arrival_id=str(uuid.uuid4()))
    assert _closed(intake_store, preapp_id)
    assert intake_store.db.execute("SELECT COUNT(*) FROM arrivals").fetchone()[0] == 0
