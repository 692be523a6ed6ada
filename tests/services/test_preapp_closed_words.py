"""What the clerk reads when a case is taken from a pre-application the platform closed
(withdrawn by its applicant, superseded by a corrected one, its item withdrawn) that the
window's cache still holds: a cache written before closed ones were dropped at sync keeps
their ``cancelled`` copy until its last day."""

from __future__ import annotations

import json
from dataclasses import replace

from counter_app.services.arrivals import case_from_preapp
from counter_app.services.auth import User
from counter_app.store.arrivals import cached_arrival
from counter_app.store.database import Store
from tests.services.preapp_samples import PAPER, sample_preapp


def _closed_as_cached_before(store: Store, preapp_id: str) -> None:
    """Turn the cached pre-application into the ``cancelled`` copy a window of the previous
    version kept (its ``store_arrival`` stored the feed's closing item like any other)."""
    held = cached_arrival(store, preapp_id)
    assert held is not None
    closed = replace(held, sequence=held.sequence + 1, state="cancelled")
    sealed = store.pii.encrypt_text(
        json.dumps(closed.to_json(), ensure_ascii=False), f"arrivals.payload:{preapp_id}".encode()
    )
    with store.transaction() as db:
        db.execute(
            "UPDATE arrivals SET sequence = ?, state = ?, payload_enc = ? WHERE arrival_id = ?",
            (closed.sequence, closed.state, sealed, preapp_id),
        )


def test_a_closed_pre_application_is_refused_as_closed_on_the_platform(
    intake_store: Store, clerk: User
) -> None:
    preapp_id = sample_preapp(intake_store)
    _closed_as_cached_before(intake_store, preapp_id)
    refused = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    assert refused["status"] == "error"
    [error] = refused["errors"]
    assert error["field"] == "preapp_id"
    assert error["message"].startswith("该网上申报已在平台关闭")
    assert "None" not in error["message"] and "已受理为办件" not in error["message"]
