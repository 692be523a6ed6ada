"""What the running platform gives away and how it says it is down: a progress page's token
never reaches the log (it opens and rates a citizen's case); ``/v1/health?ready=1`` answers
only while the store does, ``/v1/health`` while the process lives; a ``--db`` address the
database server refuses (no such database or role) is told apart from a busy store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from central.serve_cli import TrackTokenMask
from central.simulator import SimulatedDevice
from tests.central.conftest import CliRun, error_of, push_ok, tracked_case
from tests.central.postgres_fixture import RunningPostgres
from tests.central.server_fixture import RunningCentral, start_central

pytestmark = pytest.mark.integration


def test_an_access_log_line_keeps_only_the_start_of_a_token() -> None:
    token = "EsaXq0f-9Yc_Lr2bDk3mNp4sTu5vWx6y"
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", f"/track/{token}/rating?lang=zh", "1.1", 303), None,
    )  # fmt: skip

    assert TrackTokenMask().filter(record)

    assert record.getMessage() == '127.0.0.1:5000 - "POST /track/Esa…/rating?lang=zh HTTP/1.1" 303'


def test_the_served_platform_logs_no_token(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])

    assert requests.get(f"{central.url}/track/{token}", timeout=10).status_code == 200
    rating = requests.post(
        f"{central.url}/track/{token}/rating",
        data={"level": "5"},
        allow_redirects=False,
        timeout=10,
    )
    assert rating.status_code in (303, 400), rating.text

    log = central.log_path.read_text(errors="replace")
    assert token not in log
    assert f"GET /track/{token[:3]}… HTTP/1.1" in log  # the line is there, its secret cut


def test_readiness_follows_the_store_and_liveness_does_not(
    tmp_path: Path, pg_cluster: RunningPostgres
) -> None:
    url = pg_cluster.create_database()
    name = url.rsplit("/", 1)[1]
    central = start_central(tmp_path, url)
    try:
        assert requests.get(f"{central.url}/v1/health?ready=1", timeout=10).json()["status"] == "ok"
        pg_cluster.admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        pg_cluster.admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        )

        ready = requests.get(f"{central.url}/v1/health?ready=1", timeout=10)
        assert ready.status_code == 503
        assert error_of(ready)["code"] == "store_unavailable"
        assert requests.get(f"{central.url}/v1/health", timeout=10).status_code == 200

        pg_cluster.admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        assert requests.get(f"{central.url}/v1/health?ready=1", timeout=10).status_code == 200
    finally:
        central.stop()


def test_a_refused_address_is_not_called_busy(
    tmp_path: Path, pg_cluster: RunningPostgres, run_cli: Callable[..., CliRun]
) -> None:
    key = ["--key-file", str(tmp_path / "central.key")]
    port = pg_cluster.port
    for url, said in (
        (f"postgresql://postgres@127.0.0.1:{port}/no_such_db", "数据库 no_such_db 不存在"),
        (f"postgresql://nobody_here@127.0.0.1:{port}/postgres", "数据库角色 nobody_here 不存在"),
    ):
        refused = run_cli("devices", "--db", url, *key)
        assert refused.returncode == 1
        zh, en = refused.stderr.strip().splitlines()
        assert said in zh and "--db" in zh and "平台数据库忙或暂时不可用" not in zh
        assert en.startswith("Error: The platform store refused the connection")
