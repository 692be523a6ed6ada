"""PostgreSQL going away under a running platform: 503 ``store_unavailable`` (retryable,
with Retry-After), never a 500, and service resumes by itself when the database is back."""

from __future__ import annotations

from pathlib import Path

import pytest

from central.simulator import SimulatedDevice
from tests.central.conftest import error_of
from tests.central.postgres_fixture import RunningPostgres
from tests.central.server_fixture import start_central

pytestmark = pytest.mark.integration


def test_database_outage_is_503_and_recovers(tmp_path: Path, pg_cluster: RunningPostgres) -> None:
    url = pg_cluster.create_database()
    name = url.rsplit("/", 1)[1]
    central = start_central(tmp_path, url)
    try:
        device = SimulatedDevice(central.url)
        assert device.enroll(central.enroll_code("HDOWN", "W1")).status_code == 200
        before = device.case()
        assert device.push([before]).status_code == 200

        pg_cluster.admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        pg_cluster.admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        )
        during = device.case()
        for attempt in (device.push([during]), device.feed("progress")):
            assert attempt.status_code == 503, attempt.text
            error = error_of(attempt)
            assert error["code"] == "store_unavailable" and error["retryable"]
            assert int(attempt.headers["Retry-After"]) > 0

        pg_cluster.admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        response = device.push([before, during])  # the client's resend after the outage
        assert response.status_code == 200, response.text
        assert [r["status"] for r in response.json()["results"]] == ["duplicate", "stored"]
    finally:
        central.stop()
