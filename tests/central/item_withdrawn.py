"""An item taken out of the catalog on the platform: the bundled catalog published again as
its next version without the item, and without the bundles one of whose members it was."""

from __future__ import annotations

from central.store import publishing
from central.store.base import CentralStore
from counter_app.store.catalog import bundled_catalog


def publish_catalog_without(store: CentralStore, item_code: str) -> None:
    v1 = bundled_catalog()
    items = [i for i in v1["items"] if i["code"] != item_code]
    kept = {i["code"] for i in items}
    v2 = {
        **v1,
        "version": int(v1["version"]) + 1,
        "items": items,
        "bundles": [b for b in v1["bundles"] if all(m["item"] in kept for m in b["members"])],
    }
    publishing.publish_document(store, "catalog", v2, int(v2["version"]))
