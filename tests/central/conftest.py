"""Fixtures for the platform tests: a PostgreSQL cluster per session, and a real
``counter-central serve`` process per test module for each store (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from central.cli import main
from central.simulator import SimulatedDevice
from central.store import CentralStore, open_store, publishing
from central.store import devices as device_register
from counter_app.domain.tracking import new_track_token
from counter_app.store.catalog import bundled_catalog
from sync.wire.base import ErrorBody
from sync.wire.case_push import BatchResult
from tests.central.enrolled import enrol_window
from tests.central.postgres_fixture import RunningPostgres, start_postgres
from tests.central.server_fixture import RunningCentral, start_central

STORES = ["sqlite", "postgresql"]
# Small limits so the 413 tests stay small; high rates so only the rate test hits 429.
SERVE_ARGS = [
    "--max-batch-cases",
    "50",
    "--max-body-bytes",
    "300000",
    "--rate",
    "1000",
    "--burst",
    "1000",
    "--enroll-rate",
    "100000",
    "--track-rate",
    "100000",
]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[RunningPostgres]:
    cluster = start_postgres()
    yield cluster
    cluster.stop()


def new_store_url(kind: str, directory: Path, request: pytest.FixtureRequest) -> str | None:
    """None = the default SQLite file under ``directory``; else a fresh PostgreSQL database."""
    if kind == "sqlite":
        return None
    cluster: RunningPostgres = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


@pytest.fixture(scope="module", params=STORES)
def central(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningCentral]:
    directory = tmp_path_factory.mktemp(f"central-{request.param}")
    running = start_central(
        directory, new_store_url(request.param, directory, request), serve_args=SERVE_ARGS
    )
    yield running
    running.stop()


def error_of(response: requests.Response) -> dict[str, Any]:
    """The wire error of a refused request (asserting it has the documented shape)."""
    body = ErrorBody.model_validate(response.json())
    assert body.error.message_zh and body.error.message_en
    return body.error.model_dump()


def push_ok(device: SimulatedDevice, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push ``cases``; the per-case results of the 200 answer (checked against the schema)."""
    response = device.push(cases)
    assert response.status_code == 200, response.text
    BatchResult.model_validate(response.json())
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def unique_hall() -> str:
    return "H" + uuid.uuid4().hex[:10]


@pytest.fixture(scope="module")
def store(central: RunningCentral) -> Iterator[CentralStore]:
    """The running platform's store, opened from the test process (for setup and checks)."""
    opened = open_store(central.db, central.key_file)
    yield opened
    opened.close()


@pytest.fixture
def enrol(central: RunningCentral, store: CentralStore) -> Callable[..., SimulatedDevice]:
    """``enrol(hall=None, window="W1")`` → an enrolled simulated device (own hall by default)."""

    def make(hall: str | None = None, window: str = "W1") -> SimulatedDevice:
        device = SimulatedDevice(central.url)
        code, _ = device_register.create_enroll_code(store, hall or unique_hall(), window, 60)
        response = device.enroll(code)
        assert response.status_code == 200, response.text
        return device

    return make


def tracked_case(
    device: SimulatedDevice, *, department: str | None = None, **changes: Any
) -> tuple[dict[str, Any], str]:
    """A synthetic submission carrying a fresh ``track_token`` (the receipt QR's secret) and,
    with ``department``, a 全市通办 item handled there; the submission and its token."""
    token = new_track_token()
    case = device.case()
    payload = {**case["payload"], "track_token": token, **changes}
    if department is not None:
        payload["service_item"] = {**payload["service_item"], "handling_department": department}
    submission = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload
    )
    return submission, token


def read_all(device: SimulatedDevice, feed: str, limit: int, cursor: str | None = None):
    """Every page until ``more`` is false: (items, pages, final cursor)."""
    items, pages = [], 0
    while True:
        response = device.feed(feed, cursor=cursor, limit=limit)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor, pages = page["cursor"], pages + 1
        if not page["more"]:
            return items, pages, cursor


@dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """``counter-central ARGS`` run in this process (the same code, without the start-up
    cost of a new interpreter); argparse usage errors come back as exit code 2."""

    def run(*args: str) -> CliRun:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return CliRun(code, out.out, out.err)

    return run


@dataclass
class Platform:
    """A SQLite platform store with the bundled catalog and one hall's enrolled window."""

    store: CentralStore
    hall: str
    db: list[str]  # the commands' --db


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    db = str(tmp_path / "central.sqlite3")
    store = open_store(db)
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    hall = unique_hall()
    enrol_window(store, hall)
    yield Platform(store, hall, ["--db", db])
    store.close()
