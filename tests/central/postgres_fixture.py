"""A throw-away PostgreSQL cluster for tests (Debian's binaries, started by the test).

    from tests.central.postgres_fixture import start_postgres
    cluster = start_postgres()          # initdb + pg_ctl start on 127.0.0.1:<free port>
    url = cluster.create_database()     # postgresql://postgres@127.0.0.1:PORT/t_xxx
    cluster.stop()                      # pg_ctl stop -m immediate, data dir removed

PostgreSQL refuses to run as root, so as root every server command runs as the ``postgres``
system user (``runuser``) in a fresh directory that user owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.stale_services import service_dir


def _pg_bin() -> Path:
    """Debian's newest installed PostgreSQL server binaries (15 on Debian 12)."""
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return installed[-1].parent if installed else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


@dataclass
class RunningPostgres:
    data_dir: Path
    port: int
    durable: bool

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def admin(self, statement: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(statement)

    def stop(self) -> None:
        _run_as_owner(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "stop", "-m", "immediate"],
            check=False,
        )
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as_owner(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)


def start_postgres(durable: bool = False) -> RunningPostgres:
    """Start a cluster; ``durable=False`` turns fsync off (tests), True keeps it (benchmarks)."""
    base = service_dir("counter-pg-")
    data_dir = base / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
    _run_as_owner(
        [
            str(PG_BIN / "initdb"),
            "-D",
            str(data_dir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]
    )
    port = _free_port()
    options = f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=300"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    try:
        _run_as_owner(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data_dir),
                "-l",
                str(base / "log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
    except subprocess.CalledProcessError as exc:
        log = (base / "log").read_text(errors="replace") if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from exc
    return RunningPostgres(data_dir, port, durable)
