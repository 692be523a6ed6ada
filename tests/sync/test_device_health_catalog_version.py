"""A window's health report carries the catalog version it goes by (the newest it loaded),
so the platform's ``devices`` tells the catalog's author which windows took a version."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import Store
from sync.clock import SystemClock
from sync.device_health import health_report


def test_the_report_names_the_catalog_version_in_force(
    home: Home, config: Config, store: Store
) -> None:
    assert health_report(home, config, store, SystemClock()).catalog_version is None
    document = {**bundled_catalog(), "version": 7}
    load_catalog_version(store, document, source="platform:catalog:7")
    assert health_report(home, config, store, SystemClock()).catalog_version == 7
