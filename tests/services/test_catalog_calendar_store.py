import copy
from datetime import date

import pytest

from counter_app.errors import NotFound, StoreError
from counter_app.services import intake
from counter_app.store.calendar import (
    bundled_calendar,
    ensure_bundled_calendar,
    load_calendar_version,
    working_calendar,
)
from counter_app.store.cases import get_case
from counter_app.store.catalog import (
    bundled_catalog,
    current_catalog_version,
    ensure_bundled_catalog,
    get_item,
    list_items,
    load_catalog_version,
)
from counter_app.store.database import open_store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for


def test_bundled_catalog_loads_once(store):
    assert ensure_bundled_catalog(store) == 1
    assert ensure_bundled_catalog(store) is None
    items = list_items(store)
    assert len(items) >= 12 and all(i.pinyin_initials for i in items)
    stored = store.db.execute("SELECT definition FROM item_definitions LIMIT 1").fetchone()[0]
    assert '"pinyin_initials"' in stored  # precomputed for the search box
    assert (
        store.db.execute("SELECT count(*) FROM audit_log WHERE action = 'catalog.load'").fetchone()[
            0
        ]
        == 1
    )


def test_catalog_versions_are_immutable_and_cases_keep_theirs(intake_store, clerk):
    item = item_named(intake_store, "老年综合津贴申领")
    old = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    feed = bundled_catalog()
    assert load_catalog_version(intake_store, feed, "platform") == 1  # same content again: no-op
    changed = copy.deepcopy(feed)
    changed["items"][0]["name"] = "改名"
    with pytest.raises(StoreError) as caught:
        load_catalog_version(intake_store, changed, "platform")
    assert caught.value.field == "version"
    newer = copy.deepcopy(feed)
    newer["version"] = 2
    entry = next(i for i in newer["items"] if i["code"] == item.code)
    entry["promised_days"] = 5
    entry["name"] = "老年综合津贴申领（新版）"
    assert load_catalog_version(intake_store, newer, "platform") == 2
    assert current_catalog_version(intake_store) == 2
    assert get_item(intake_store, item.code).promised_days == 5
    assert get_item(intake_store, item.code, 1).promised_days == 10
    record = get_case(intake_store, old.case_id)
    assert record.catalog_version == 1 and record.service_item_name == "老年综合津贴申领"
    with pytest.raises(NotFound):
        get_item(intake_store, "NOPE")


def test_calendar_feed_replaces_years_and_ignores_old_versions(store):
    assert ensure_bundled_calendar(store) == 1
    assert ensure_bundled_calendar(store) is None
    calendar = working_calendar(store)
    assert calendar.is_working_day(date(2026, 2, 14)) and not calendar.covers(date(2027, 1, 1))
    release = {
        "version": 2,
        "published_at": "2026-11-05T00:00:00Z",
        "years": [2027],
        "periods": [{"kind": "holiday", "name": "元旦", "from": "2027-01-01"}],
    }
    assert load_calendar_version(store, release) == 2
    assert load_calendar_version(store, release) is None
    assert load_calendar_version(store, bundled_calendar()) is None
    calendar = working_calendar(store)
    assert calendar.covers(date(2027, 6, 1)) and not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_working_day(date(2026, 2, 14))  # other years untouched


def test_a_release_the_sync_process_loads_reaches_the_window(store):
    """The window keeps its calendar between accepts; a release loaded on the sync
    process's own connection still shows in the next one."""
    ensure_bundled_calendar(store)
    assert not working_calendar(store).covers(date(2027, 1, 1))  # 2027 unpublished
    sync = open_store(store.home, store.config, role="sync")
    try:
        release = {
            "version": 2,
            "published_at": "2026-11-05T00:00:00Z",
            "years": [2027],
            "periods": [{"kind": "holiday", "name": "元旦", "from": "2027-01-01"}],
        }
        assert load_calendar_version(sync, release) == 2
    finally:
        sync.close()
    assert working_calendar(store).covers(date(2027, 1, 1))
