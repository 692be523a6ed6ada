"""一件事 bundles in the store: they arrive with a catalog version (bundled file or platform
feed, both through load_catalog_version), are read by code and listed, and a store made
before them gains their table and the cases' bundle id on upgrade (m0040)."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from counter_app.config import Config
from counter_app.errors import NotFound, StoreError
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.cases import bundle_cases, get_case
from counter_app.store.catalog import (
    bundled_catalog,
    get_bundle,
    list_bundles,
    load_catalog_version,
    set_aside_sample_catalog,
)
from counter_app.store.database import Store, open_store
from counter_app.store.migrations.registry import BUNDLES_MIGRATION, MIGRATIONS

AT = "2026-01-05T01:00:00.000000Z"


def test_bundles_arrive_with_a_catalog_version_from_the_platform(store: Store) -> None:
    feed = bundled_catalog()
    feed["bundles"] = feed["bundles"][:2]
    assert load_catalog_version(store, feed, "platform:test") == 1
    assert [b.code for b in list_bundles(store)] == ["YJS-0001", "YJS-0002"]
    bundle = get_bundle(store, "YJS-0001")
    assert bundle.name == "失业一件事" and len(bundle.members) == 2
    assert bundle.pinyin_initials == "syyjs"  # computed once, when loaded
    assert get_bundle(store, "YJS-0001", 1) == bundle
    with pytest.raises(NotFound) as missing:
        get_bundle(store, "YJS-0003")
    assert missing.value.field == "bundle" and "YJS-0003" in missing.value.zh


def test_bundles_are_listed_by_the_pinyin_of_their_names(store: Store) -> None:
    load_catalog_version(store, bundled_catalog(), "platform:test")
    # 困难群众救助 (kunnan), 失业 (shiye), 养老 (yanglao)
    assert [b.code for b in list_bundles(store)] == ["YJS-0003", "YJS-0001", "YJS-0002"]


def test_a_version_loaded_again_must_have_the_same_bundles(store: Store) -> None:
    feed = bundled_catalog()
    assert load_catalog_version(store, feed, "platform:test") == 1
    assert load_catalog_version(store, copy.deepcopy(feed), "platform:test") == 1  # no-op
    changed = copy.deepcopy(feed)
    changed["bundles"][0]["name"] = "改名一件事"
    with pytest.raises(StoreError) as caught:
        load_catalog_version(store, changed, "platform:test")
    assert caught.value.field == "version"
    assert get_bundle(store, "YJS-0001").name == "失业一件事"


def test_a_catalog_without_bundles_has_none(store: Store) -> None:
    feed = {key: value for key, value in bundled_catalog().items() if key != "bundles"}
    load_catalog_version(store, feed, "platform:test")
    assert list_bundles(store) == []


def test_no_catalog_yet_is_said_as_for_an_item(store: Store) -> None:
    assert list_bundles(store) == []
    with pytest.raises(NotFound) as missing:
        get_bundle(store, "YJS-0001")
    assert "还没有事项目录" in missing.value.zh and missing.value.field == "bundle"


def test_setting_the_sample_aside_removes_its_bundles(store: Store) -> None:
    load_catalog_version(store, bundled_catalog(), "bundled:catalog/training.json")
    assert set_aside_sample_catalog(store) == [1]
    assert store.db.execute("SELECT count(*) FROM service_bundles").fetchone()[0] == 0


def test_a_store_made_before_bundles_gains_them_on_upgrade(home: Home, config: Config) -> None:
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=BUNDLES_MIGRATION)
    conn: sqlite3.Connection = db.conn
    with conn:
        conn.execute(
            "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
            " situation_code, applicant_id, hall_code, window_code, device_id, clerk,"
            " created_at, updated_at, applicant_type, name, id_type, id_number_enc,"
            " id_number_index, id_number_masked)"
            " VALUES ('c1', 'H-W01-D1-20260105-0001', 'accepted', 'ITEM', 1, 'S1', 'a1', 'H',"
            " 'W01', 'D1', 'clerk1', ?, ?, 'person', '张三', '111', x'00', 'i1',"
            " '1101**********0012')",
            (AT, AT),
        )
    conn.close()
    with open_store(home, config) as store:
        old = get_case(store, "c1")
        assert (old.bundle_id, old.bundle_code, old.bundle_name) == (None, None, None)
        assert bundle_cases(store, "c1") == []
        index = store.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'cases_bundle_id'"
        ).fetchone()[0]
        assert "WHERE bundle_id IS NOT NULL" in index
        load_catalog_version(store, bundled_catalog(), "platform:test")
        assert len(list_bundles(store)) == 3
