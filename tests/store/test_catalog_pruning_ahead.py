"""Versions loaded ahead of their day do not push the version in force out: pruning keeps
every version from the one in force up, beside the newest two; nor does the training sample
come in beside them."""

from __future__ import annotations

import copy
from datetime import timedelta

from counter_app.domain.hall_time import hall_day_span, hall_today
from counter_app.store.catalog import (
    bundled_catalog,
    current_catalog_version,
    ensure_bundled_catalog,
    load_catalog_version,
)
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text


def _load(store: Store, version: int, effective_from: str | None = None) -> None:
    release = copy.deepcopy(bundled_catalog())
    release["version"] = version
    load_catalog_version(store, release, "platform:test", effective_from=effective_from)


def test_versions_ahead_of_their_day_leave_the_one_in_force(store: Store) -> None:
    for version in (1, 2):
        _load(store, version)
    for days, version in enumerate((3, 4, 5), start=1):
        _load(store, version, to_text(hall_day_span(hall_today() + timedelta(days=days))[0]))

    kept = [int(row[0]) for row in store.db.execute("SELECT version FROM catalog_versions")]
    assert sorted(kept) == [2, 3, 4, 5]  # 1 pruned: older than the one in force, no case
    assert current_catalog_version(store) == 2
    pruned = store.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'catalog.pruned'"
    ).fetchone()[0]
    assert pruned == 1


def test_a_store_holding_only_a_version_ahead_does_not_load_the_training_sample(
    store: Store,
) -> None:
    """Enrolled the day before a new catalog comes into force: no version is in force yet,
    but the platform's is coming; the sample's training hall must not slip in beside it."""
    _load(store, 7, to_text(hall_day_span(hall_today() + timedelta(days=1))[0]))
    assert ensure_bundled_catalog(store) is None
    kept = [int(row[0]) for row in store.db.execute("SELECT version FROM catalog_versions")]
    assert kept == [7] and current_catalog_version(store) is None
