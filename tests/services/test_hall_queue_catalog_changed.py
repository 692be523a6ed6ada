"""Another window's case the platform flagged ``catalog_changed`` (taken offline on an older
catalog after the platform published one with other terms for its item) shows in the hall
queue with the flag and what changed in words, Chinese or English; one flagged
``catalog_unknown`` (a catalog version the platform never published) says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from counter_app.domain.hall_queue import (
    CATALOG_CHANGED,
    CATALOG_UNKNOWN,
    FEE_CHANGED,
    MATERIALS_ADDED,
    TIME_LIMIT_CHANGED,
)
from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.conftest import CliResult
from tests.store.hall_summaries import hall_summary, keep_summaries

CHANGES = (CATALOG_CHANGED, MATERIALS_ADDED, TIME_LIMIT_CHANGED, FEE_CHANGED)


def test_the_queue_shows_what_changed_in_the_catalog(
    store: Store, cli: Callable[..., CliResult]
) -> None:
    changed = dataclasses.replace(hall_summary(1), flags=CHANGES)
    unknown = dataclasses.replace(hall_summary(2), flags=(CATALOG_UNKNOWN,))
    keep_summaries(store, changed, unknown, hall_summary(3))
    flags = {e.case_no: e.flags for e in read_queue(store, QueueQuery(), today=date(2026, 12, 2))}
    assert flags == {changed.case_no: CHANGES, unknown.case_no: (CATALOG_UNKNOWN,)} | {
        hall_summary(3).case_no: ()
    }
    shown = cli("queue", "--hall")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("目录已变更、新增必交材料、时限已变、收费已变") == 1
    assert shown.stdout.count("目录版本未发布") == 1
    english = cli("--lang", "en", "queue", "--hall").stdout
    assert english.count("Catalog changed, Materials added, Time limit changed, Fee changed") == 1
    assert english.count("Unpublished catalog version") == 1
