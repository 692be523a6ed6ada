"""Old catalog versions go once nothing needs them: a version a case was taken under stays, so
do the current one and the one before it, and every one while cases of this workstation may
still come back from the platform; the rest (rows of catalog_versions, service_items and
service_bundles) are removed in one transaction, recorded in the audit log."""

from __future__ import annotations

import copy
import json

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.cases import get_case
from counter_app.store.catalog import (
    bundled_catalog,
    current_catalog_version,
    get_item,
    load_catalog_version,
)
from counter_app.store.catalog_pruning import prune_catalog_versions
from counter_app.store.database import Store
from counter_app.store.platform_cases import META_AUDIT_READ, META_WALK, RESTORE_ACTION
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CLERK = User("clerk1", "窗口一", "clerk", None, False)
ITEM = "老年综合津贴申领"


def _load(store: Store, version: int) -> None:
    release = copy.deepcopy(bundled_catalog())
    release["version"] = version
    assert load_catalog_version(store, release, "platform:test") == version


def _versions(store: Store, table: str, column: str) -> list[int]:
    rows = store.db.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1")
    return [int(row[0]) for row in rows]


def test_versions_no_case_needs_go_the_newest_two_and_the_cases_stay(store: Store) -> None:
    _load(store, 1)
    taken = intake.accept(
        store,
        request_for(item_named(store, ITEM), complete_marks(item_named(store, ITEM))),
        CLERK,
        now=MOMENT,
    )
    for version in range(2, 7):
        _load(store, version)  # each load prunes what the newer ones leave unneeded

    assert prune_catalog_versions(store) == []  # nothing left to prune
    pruned = store.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'catalog.pruned' ORDER BY seq"
    ).fetchall()
    assert [json.loads(row[0])["versions"] for row in pruned] == [[2], [3], [4]]

    for table, column in (
        ("catalog_versions", "version"),
        ("service_items", "catalog_version"),
        ("service_bundles", "catalog_version"),
    ):
        assert _versions(store, table, column) == [1, 5, 6], table
    assert current_catalog_version(store) == 6
    record = get_case(store, taken.case_id)
    assert record.catalog_version == 1 and record.service_item_name == ITEM
    assert get_item(store, record.service_item_code, 1).name == ITEM


def test_nothing_to_prune_changes_nothing_and_records_nothing(store: Store) -> None:
    for version in (1, 2):
        _load(store, version)

    assert prune_catalog_versions(store) == []
    assert _versions(store, "catalog_versions", "version") == [1, 2]
    actions = [row[0] for row in store.db.execute("SELECT action FROM audit_log")]
    assert "catalog.pruned" not in actions


def test_nothing_is_pruned_while_own_cases_may_come_back_from_the_platform(store: Store) -> None:
    """A case fetched back after a restore names the version it was taken under, however old:
    while a walk is due, or a restore is not read for one yet, every version stays."""
    store.set_meta(META_WALK, json.dumps({"after": "", "recovered": 0}))
    for version in range(1, 5):
        _load(store, version)
    assert _versions(store, "catalog_versions", "version") == [1, 2, 3, 4]

    store.delete_meta(META_WALK)
    store.audit.record("system", RESTORE_ACTION, "store", {})
    _load(store, 5)
    assert _versions(store, "catalog_versions", "version") == [1, 2, 3, 4, 5]

    read = store.db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    store.set_meta(META_AUDIT_READ, str(read))  # a walk read it, and ended
    _load(store, 6)
    assert _versions(store, "catalog_versions", "version") == [5, 6]
