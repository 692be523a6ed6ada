"""A platform restored from an older backup, whose operator published other content under a
catalog number the window already holds: the window keeps its own version (its cases were
taken on it) and says so in the run's summary, ``sync status`` and ``doctor``, instead of
only in its log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from central.store import CentralStore, publishing
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.catalog import current_catalog_version, load_catalog_version
from counter_app.store.database import Store
from sync.status_refusals import refused_documents
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import catalog_release, make_engine


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


def test_other_content_under_the_version_in_use_is_told(
    home: Home, enrolled: Config, sync_store: Store, platform: CentralStore
) -> None:
    publishing.publish_document(platform, "catalog", catalog_release(2), 2)
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    held = catalog_release(3)
    held["items"] = held["items"][:-1]
    load_catalog_version(sync_store, held, source="platform:catalog:3")
    publishing.publish_document(platform, "catalog", catalog_release(3), 3)

    summary = make_engine(home, enrolled, sync_store).run_once()

    assert current_catalog_version(sync_store) == 3
    (told,) = summary.refused_documents
    assert (told["feed"], told["version"], told["in_use"]) == ("catalog", 3, 3)
    (refused,) = refused_documents(sync_store)
    zh, en = refused.words()
    assert "第 3 版无法载入" in zh and "仍使用第 3 版" in zh
    assert "different content" in en
