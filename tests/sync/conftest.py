"""Fixtures for sync tests: a real central platform process on 127.0.0.1 and an enrolled home."""

from __future__ import annotations

import copy
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.store import cases as case_store
from central.store import open_store as open_central_store
from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.store.catalog import bundled_catalog
from counter_app.store.database import Store, open_store
from sync.engine import SyncEngine
from sync.enrolment import enroll, numbering_devices
from sync.feeds import DEFAULT_FEEDS
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.sync.backlog import SeededCase

HALL = "310104-TRAIN"
# The platform's per-device rate limit is a separate feature; these tests measure delivery.


def closed_address() -> str:
    """A platform address on 127.0.0.1 nobody listens on: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def enrol_home(
    home: Home, central: RunningCentral, hall: str = HALL, window: str = "W01"
) -> Config:
    enroll(
        home,
        central.url,
        central.enroll_code(hall, window),
        number_devices=numbering_devices(load_config(home).hall.device_id),
        allow_insecure_http=True,
    )
    return load_config(home)


@pytest.fixture
def enrolled(home: Home, central: RunningCentral) -> Config:
    """``home`` enrolled with ``central`` for the training hall; its reloaded config."""
    return enrol_home(home, central)


@pytest.fixture
def sync_store(home: Home, enrolled: Config) -> Iterator[Store]:
    opened = open_store(home, enrolled)
    yield opened
    opened.close()


@pytest.fixture
def second_window(tmp_path: Path, central: RunningCentral) -> Iterator[tuple[Home, Config, Store]]:
    """Another workstation of the same hall, window W02, enrolled with the same platform."""
    home = Home(tmp_path / "home-w02").ensure()
    home.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    config = enrol_home(home, central, window="W02")
    store = open_store(home, config)
    yield home, config, store
    store.close()


def make_engine(home: Home, config: Config, store: Store, **kwargs: Any) -> SyncEngine:
    return SyncEngine(home, config, store, DEFAULT_FEEDS, **kwargs)


def platform_versions(db: str, key_file: Path | None = None) -> dict[str, list[tuple[int, str]]]:
    """What the platform holds: case id -> [(data_version, content_hash)] from its own store
    (``key_file``: the platform's payload key, needed for PostgreSQL)."""
    store = open_central_store(db, key_file)
    try:
        return {
            case["case_id"]: [
                (v["data_version"], v["content_hash"])
                for v in case_store.case_versions(store, case["case_id"])
            ]
            for case in case_store.chosen_cases(store, case_store.CaseChoice())
        }
    finally:
        store.close()


def platform_conflicts(db: str, key_file: Path | None = None) -> list[dict[str, Any]]:
    store = open_central_store(db, key_file)
    try:
        return case_store.conflicts(store)
    finally:
        store.close()


def local_outbox(store: Store) -> dict[tuple[str, int], tuple[str, str]]:
    rows = store.db.execute(
        "SELECT case_id, data_version, state, content_hash FROM outbox"
    ).fetchall()
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def assert_exactly_once(
    store: Store, db: str, seeded: list[SeededCase], key_file: Path | None = None
) -> None:
    versions = platform_versions(db, key_file)
    assert versions == {case.case_id: [(1, case.content_hash)] for case in seeded}
    assert platform_conflicts(db, key_file) == []
    outbox = local_outbox(store)
    assert len(outbox) == len(seeded)
    assert {state for state, _ in outbox.values()} <= {"stored", "duplicate"}
    assert all(outbox[(c.case_id, 1)][1] == c.content_hash for c in seeded)


def catalog_release(version: int) -> dict[str, Any]:
    """The bundled catalog as release ``version``."""
    release = copy.deepcopy(bundled_catalog())
    release["version"] = version
    return release


def publish_catalog(central: RunningCentral, tmp_path: Path, version: int) -> None:
    """Publish the bundled catalog as release ``version`` on ``central``."""
    path = tmp_path / f"catalog-{version}.json"
    path.write_text(json.dumps(catalog_release(version), ensure_ascii=False), encoding="utf-8")
    central.cli("catalog", "publish", str(path))
