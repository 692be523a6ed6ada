"""``counter-central serve --workers N``: the combinations it refuses, before touching a store.
(Several workers serving a PostgreSQL store: tests/sync/test_platform_ha.py.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import requests

from tests.central.postgres_fixture import RunningPostgres
from tests.central.server_fixture import CENTRAL, LOCAL_PORT_0, start_central
from tests.waiting import wait_until


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CENTRAL, "serve", *LOCAL_PORT_0, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["--workers", "2"], "需要 PostgreSQL", "needs a PostgreSQL platform store"),
        (
            ["--workers", "2", "--db", "postgresql://127.0.0.1:1/none", "--parent-pid", "1"],
            "不能与 --parent-pid 同用",
            "cannot be combined with --parent-pid",
        ),
    ],
)
def test_refused_worker_combinations(tmp_path: Path, args: list[str], zh: str, en: str) -> None:
    if "--db" not in args:
        args = [*args, "--db", str(tmp_path / "central.sqlite3")]
    out = serve(*args)
    assert out.returncode == 1, out.stderr
    assert zh in out.stderr and en in out.stderr
    assert out.stdout == ""  # nothing announced: it never listened
    assert not (tmp_path / "central.sqlite3").exists()


def test_workers_serve_one_postgresql_store_and_log_to_stderr(
    tmp_path: Path, pg_cluster: RunningPostgres
) -> None:
    central = start_central(tmp_path, pg_cluster.create_database(), serve_args=["--workers", "2"])
    try:
        assert requests.get(f"{central.url}/v1/health", timeout=30).ok
        # The workers' own log lines (the access log here) reach stderr, as one process's do.
        wait_until(
            lambda: "GET /v1/health" in central.log_path.read_text(errors="replace"),
            "a worker's access log line",
        )
    finally:
        central.stop()
