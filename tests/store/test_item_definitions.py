"""An item's definition is stored once for all the catalog versions holding it: a new version
adds only the items it changed, a pruned version takes along only the definitions no other
version holds, and a store made before (m0043) keeps every version's items and the cases
taken under them."""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.domain.bundles import bundle_to_dict
from counter_app.domain.catalog import item_to_dict, parse_catalog_release
from counter_app.errors import StoreError
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store import database
from counter_app.store.cases import get_case
from counter_app.store.catalog import (
    bundled_catalog,
    get_item,
    list_items,
    load_catalog_version,
    set_aside_sample_catalog,
)
from counter_app.store.database import Store, open_store
from counter_app.store.migrations.item_definitions import m0043_item_definitions_shared
from counter_app.store.migrations.registry import MIGRATIONS
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CLERK = User("clerk1", "窗口一", "clerk", None, False)
ITEM = "老年综合津贴申领"
AT = "2026-09-24T03:00:00.000000Z"


def _release(version: int, renamed: dict[int, str] | None = None) -> dict[str, Any]:
    """The bundled catalog as ``version``, the items at the given positions renamed."""
    release = copy.deepcopy(bundled_catalog())
    release["version"] = version
    for position, name in (renamed or {}).items():
        release["items"][position]["name"] = name
    return release


def _count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_version_changing_one_item_stores_one_more_definition(store: Store) -> None:
    first = _release(1)
    items = len(first["items"])
    renamed_code = first["items"][0]["code"]
    load_catalog_version(store, first, "platform:test")
    load_catalog_version(store, _release(2, {0: "改名后的事项"}), "platform:test")

    assert _count(store, "item_definitions") == items + 1
    assert _count(store, "service_items") == 2 * items
    assert get_item(store, renamed_code, 1).name == first["items"][0]["name"]
    assert get_item(store, renamed_code, 2).name == "改名后的事项"
    assert sorted(i.code for i in list_items(store, 1)) == sorted(
        i.code for i in list_items(store, 2)
    )


def test_a_stored_version_again_changes_nothing_and_other_content_under_it_is_refused(
    store: Store,
) -> None:
    load_catalog_version(store, _release(1), "platform:test")
    definitions = _count(store, "item_definitions")

    assert load_catalog_version(store, _release(1), "platform:test") == 1
    with pytest.raises(StoreError) as refused:
        load_catalog_version(store, _release(1, {0: "改名后的事项"}), "platform:test")

    assert refused.value.field == "version"
    assert _count(store, "item_definitions") == definitions
    assert _count(store, "catalog_versions") == 1


def test_pruning_a_version_removes_only_the_definitions_no_kept_version_holds(
    store: Store,
) -> None:
    load_catalog_version(store, _release(1), "platform:test")
    item = item_named(store, ITEM)
    taken = intake.accept(store, request_for(item, complete_marks(item)), CLERK, now=MOMENT)
    for version, name in ((2, "第二版的名称"), (3, "第三版的名称"), (4, "第四版的名称")):
        load_catalog_version(store, _release(version, {0: name}), "platform:test")

    # Version 2 went (no case, not among the newest two), and its one changed item with it.
    kept = {row[0] for row in store.db.execute("SELECT version FROM catalog_versions")}
    assert kept == {1, 3, 4}
    names = {
        json.loads(row[0])["name"]
        for row in store.db.execute("SELECT definition FROM item_definitions")
    }
    assert "第二版的名称" not in names and {"第三版的名称", "第四版的名称"} <= names
    assert _count(store, "item_definitions") == len(_release(1)["items"]) + 2
    assert get_case(store, taken.case_id).service_item_name == ITEM
    assert get_item(store, item.code, 1) == item


def test_setting_the_sample_aside_removes_its_definitions(store: Store) -> None:
    load_catalog_version(store, bundled_catalog(), "bundled:catalog/training.json")
    assert set_aside_sample_catalog(store) == [1]
    assert _count(store, "item_definitions") == 0


def _old_store_with_two_versions(home: Home) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A store as the program before m0043 left it: versions 1 and 2 (the first item
    renamed) with their bundles, each item's whole definition in its row, and a case taken
    under version 1;
    returns the two versions' items in their stored JSON form."""
    releases = {
        version: parse_catalog_release(release)
        for version, release in ((1, _release(1)), (2, _release(2, {0: "改名后的事项"})))
    }
    versions = {version: release.items for version, release in releases.items()}
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=m0043_item_definitions_shared.__name__)
    conn: sqlite3.Connection = db.conn
    with conn:
        for version, items in versions.items():
            conn.execute(
                "INSERT INTO catalog_versions (version, published_at, source, loaded_at)"
                " VALUES (?, ?, 'platform:test', ?)",
                (version, AT, AT),
            )
            conn.executemany(
                "INSERT INTO service_items (catalog_version, code, name, department, case_type,"
                " promised_days, statutory_days, fee_cents, definition)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        version,
                        item.code,
                        item.name,
                        item.department,
                        item.case_type.value,
                        item.promised_days,
                        item.statutory_days,
                        item.fee_cents,
                        json.dumps(item_to_dict(item), ensure_ascii=False, sort_keys=True),
                    )
                    for item in items
                ],
            )
            conn.executemany(
                "INSERT INTO service_bundles (catalog_version, code, name, definition)"
                " VALUES (?, ?, ?, ?)",
                [
                    (
                        version,
                        bundle.code,
                        bundle.name,
                        json.dumps(bundle_to_dict(bundle), ensure_ascii=False, sort_keys=True),
                    )
                    for bundle in releases[version].bundles
                ],
            )
        conn.execute(
            "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
            " situation_code, applicant_id, hall_code, window_code, device_id, clerk,"
            " created_at, updated_at, applicant_type, name, id_type, id_number_enc,"
            " id_number_index, id_number_masked)"
            " VALUES ('c1', 'H-W01-D1-20260924-0001', 'accepted', ?, 1, 'S1', 'a1', 'H',"
            " 'W01', 'D1', 'clerk1', ?, ?, 'person', '张三', '111', x'00', 'i1',"
            " '1101**********0012')",
            (versions[1][0].code, AT, AT),
        )
    conn.close()
    return [item_to_dict(i) for i in versions[1]], [item_to_dict(i) for i in versions[2]]


def test_an_upgraded_store_keeps_each_versions_items_with_one_copy_of_each_definition(
    home: Home, config: Config
) -> None:
    first, second = _old_store_with_two_versions(home)

    with open_store(home, config) as store:
        columns = [row[1] for row in store.db.execute("PRAGMA table_info(service_items)")]
        stored = dict(store.db.execute("SELECT digest, definition FROM item_definitions"))
        read = [
            sorted((item_to_dict(i) for i in list_items(store, v)), key=lambda i: i["code"])
            for v in (1, 2)
        ]
        case = get_case(store, "c1")
        load_catalog_version(store, _release(2, {0: "改名后的事项"}), "platform:test")
        definitions_after_feed = _count(store, "item_definitions")

    assert "definition" not in columns and "digest" in columns
    assert len(stored) == len(first) + 1
    assert all(
        digest == hashlib.sha256(text.encode("utf-8")).hexdigest()
        for digest, text in stored.items()
    )
    assert read == [sorted(items, key=lambda i: i["code"]) for items in (first, second)]
    assert case.catalog_version == 1 and case.service_item_name == first[0]["name"]
    # The feed delivering version 2 again finds the digests the upgrade computed.
    assert definitions_after_feed == len(stored)
