"""The window's own feed loop (``sync.pull``, unchanged) against the platform's catalog feed
at real size: the version in force alone while the platform holds none of its cases; every
version from the start, one size-bounded page after another, once it does and its cursor is
gone (a restore). Versions and pages, never time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from central.store import CentralStore, publishing
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.clock import SystemClock
from sync.engine import SyncEngine
from sync.pull import Feed, FeedPull, drop_cursors
from sync.wire.feeds import PublishedDocument
from tests.central.large_catalog import large_catalog
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine

ITEMS = 500


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


def test_the_window_gets_the_catalog_in_force_and_the_history_only_after_a_restore(
    home: Home, enrolled: Config, sync_store: Store, platform: CentralStore
) -> None:
    for version in (2, 3, 4):
        publishing.publish_document(platform, "catalog", large_catalog(ITEMS, version), version)
    applied: list[int] = []
    pages: list[int] = []

    def record(_: Store, item: PublishedDocument) -> bool:
        applied.append(item.version)
        return True

    feed = Feed("catalog", PublishedDocument, record)
    transport = make_engine(home, enrolled, sync_store).transport()
    try:
        pull = FeedPull(
            sync_store,
            transport,
            {"catalog": feed},
            SystemClock(),
            before_commit=lambda _, items: pages.append(items),
        )
        assert pull.pull(feed) == 1
        assert (applied, pages) == ([4], [1])

        seed_cases(sync_store, 1, hall=HALL)
        assert SyncEngine(home, enrolled, sync_store, {}).run_once().error is None
        drop_cursors(sync_store, ["catalog"])
        applied.clear()
        pages.clear()

        assert pull.pull(feed) == 3
        assert (applied, pages) == ([2, 3, 4], [1, 1, 1])
        publishing.publish_document(platform, "catalog", large_catalog(ITEMS, 5), 5)
        assert pull.pull(feed) == 1 and applied[-1] == 5
    finally:
        transport.close()
