"""A catalog version loaded ahead of its day is named, with that day, by the ``catalog``
listing's header and by doctor, beside the version in force they go by."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import timedelta

from counter_app.config import Config
from counter_app.domain.hall_time import hall_day_span, hall_today
from counter_app.home import Home
from counter_app.services import doctor
from counter_app.store.catalog import bundled_catalog, ensure_bundled_catalog, load_catalog_version
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from tests.conftest import CliResult


def load_ahead(store: Store) -> str:
    """Version 2 loaded to come into force at tomorrow's midnight; that day's date."""
    ensure_bundled_catalog(store)
    tomorrow = hall_today() + timedelta(days=1)
    document = copy.deepcopy(bundled_catalog())
    document["version"] = 2
    document["items"], document["bundles"] = document["items"][:3], []
    effective = to_text(hall_day_span(tomorrow)[0])
    load_catalog_version(store, document, "platform:catalog:2", effective_from=effective)
    return tomorrow.isoformat()


def test_the_listing_names_the_version_in_force_and_the_one_ahead(
    store: Store, cli: Callable[..., CliResult]
) -> None:
    day = load_ahead(store)
    items = len(bundled_catalog()["items"])

    header = cli("catalog").stdout.splitlines()[0]
    assert header == f"事项目录第 1 版：{items} 个事项，第 2 版于 {day} 生效"
    english = cli("--lang", "en", "catalog").stdout.splitlines()[0]
    assert english == f"catalog version 1: {items} service items; version 2 in force from {day}"
    listed = json.loads(cli("catalog", "--json").stdout)
    assert (listed["version"], len(listed["items"])) == (1, items)
    assert [entry["version"] for entry in listed["ahead"]] == [2]


def test_doctor_names_the_version_in_force_and_the_one_ahead(
    home: Home, config: Config, store: Store
) -> None:
    day = load_ahead(store)
    (check,) = [c for c in doctor.run_checks(home, config) if c.name == "catalog"]
    items = len(bundled_catalog()["items"])
    assert check.status == "ok"
    assert check.detail == f"事项目录第 1 版：{items} 个事项，第 2 版于 {day} 生效"
