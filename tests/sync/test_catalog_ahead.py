"""A catalog version published ahead of its day (``--effective-from``) reaches the window
before that day, with its moment: the window keeps it and goes by it from that hall day's
midnight, without the platform (offline at opening too). A window of an older release does
not ask for versions ahead and is served the version in force only, as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from central.store import CentralStore, feeds, publishing
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.domain.hall_time import hall_day_span, hall_today
from counter_app.home import Home
from counter_app.store.catalog import VersionAhead, current_catalog_version, versions_ahead
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import catalog_release, make_engine


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


def test_a_version_ahead_is_kept_and_comes_into_force_at_its_midnight(
    home: Home, enrolled: Config, sync_store: Store, platform: CentralStore
) -> None:
    midnight = hall_day_span(hall_today() + timedelta(days=1))[0]
    publishing.publish_document(platform, "catalog", catalog_release(2), 2)
    publishing.publish_document(platform, "catalog", catalog_release(3), 3, effective_from=midnight)

    summary = make_engine(home, enrolled, sync_store).run_once()

    assert summary.error is None and summary.refused_documents == []
    assert current_catalog_version(sync_store) == 2
    assert versions_ahead(sync_store) == [VersionAhead(3, to_text(midnight))]
    before = to_text(midnight - timedelta(microseconds=1))
    assert current_catalog_version(sync_store, before) == 2
    assert current_catalog_version(sync_store, to_text(midnight)) == 3
    assert versions_ahead(sync_store, to_text(midnight)) == []


def test_a_window_not_asking_ahead_is_served_the_version_in_force_only(
    platform: CentralStore,
) -> None:
    midnight = hall_day_span(hall_today() + timedelta(days=1))[0]
    publishing.publish_document(platform, "catalog", catalog_release(2), 2)
    publishing.publish_document(platform, "catalog", catalog_release(3), 3, effective_from=midnight)

    (served,), _ = feeds.read_documents(platform, "catalog", 0, 10, newest_only=True)
    assert (served.item["version"], served.item["effective_from"]) == (2, None)
    ahead, _ = feeds.read_documents(platform, "catalog", 0, 10, newest_only=True, ahead=True)
    assert [row.item["version"] for row in ahead] == [2, 3]
    history, _ = feeds.read_documents(platform, "catalog", 0, 10, newest_only=False, ahead=True)
    assert [row.item["version"] for row in history] == [2, 3]
    assert history[1].item["effective_from"] is not None
