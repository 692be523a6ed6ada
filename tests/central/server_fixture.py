"""A real ``counter-central serve`` process for tests (reusable by sync and UI tests).

    from tests.central.server_fixture import start_central

    central = start_central(tmp_path)            # SQLite file under tmp_path
    central = start_central(tmp_path, db_url)    # or a postgresql:// URL
    central.url          # "http://127.0.0.1:<free port>"
    central.db           # the store path/URL; central.store_args() = --db (+ --key-file)
    central.key_file     # the payload key: None (beside the SQLite file) or <tmp>/central.key
    open_store(central.db, central.key_file)   # the store, from the test process
    central.enroll_code("H1", "W1")  # a fresh one-time code (runs the CLI)
    central.stop()       # kills the process group; also ``kill9()`` for fault tests
    with central.paused(): ...   # SIGSTOP: it accepts connections and never answers
    central.restart()    # same db, new process (new port)

The process (the program's ``main``, forked from an interpreter that has imported it:
tests/central/forked_platform.py) binds 127.0.0.1 port 0 and announces its URL on stdout;
start returns once
``/v1/health`` answers. Extra ``serve`` options go in ``serve_args`` (e.g. ``["--rate", "5"]``).
Always stop it (a pytest fixture finalizer or ``try/finally``).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import requests

from counter_app.store.catalog import bundled_catalog
from tests.central.forked_platform import ForkedPlatform, fork_platform
from tests.in_process import run_main
from tests.waiting import wait_until

CENTRAL = [sys.executable, "-m", "central.cli"]
START_TIMEOUT_SECONDS = 30.0
LOCAL_PORT_0 = ["--host", "127.0.0.1", "--port", "0"]
# No rate limit in the way of a test that sends many requests at once.
FAST_SERVE = ["--rate", "100000", "--burst", "100000"]


@dataclass
class RunningCentral:
    url: str
    process: ForkedPlatform
    stdout: IO[bytes]
    db: str
    log_path: Path
    serve_args: list[str] = field(default_factory=list)
    key_file: Path | None = None
    drain: threading.Thread | None = None

    def stop(self) -> None:
        """Terminate the server's process group and wait for it."""
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close_stdout()

    def kill9(self) -> None:
        """kill -9 the server process group (fault injection) and reap it."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_stdout()

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """The server stopped (SIGSTOP) and continued on leaving: the kernel still accepts
        connections, nobody answers them, as a hung platform."""
        self._signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self._signal(signal.SIGCONT)

    def _close_stdout(self) -> None:
        if self.drain is not None:
            self.drain.join(timeout=10)  # it closes stdout at end of file
        else:
            self.stdout.close()

    def restart(self) -> RunningCentral:
        """Stop (if running) and start a new server on the same store; returns it."""
        if self.process.poll() is None:
            self.stop()
        return start_central(
            self.log_path.parent, self.db, serve_args=self.serve_args, key_file=self.key_file
        )

    def cli(self, *args: str, input: str | None = None) -> Any:
        """Run ``counter-central ARGS --db <this db>`` (``input``: its stdin); the parsed JSON
        stdout. Run in this process: the command is the same code, and starting Python for
        each platform set-up step cost more than the step."""
        from central.cli import main

        done = run_main(main, [*args, *self.store_args()], input)
        if done.returncode != 0:
            raise RuntimeError(f"counter-central {args} failed: {done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else None

    def store_args(self) -> list[str]:
        """``--db`` (and ``--key-file``) options that open this platform's store."""
        return ["--db", self.db, *_key_args(self.key_file)]

    def publish_bundled_catalog(self) -> None:
        """Publish the catalog the program ships with, as the platform's operator would."""
        path = self.log_path.parent / "bundled-catalog.json"
        path.write_text(json.dumps(bundled_catalog(), ensure_ascii=False), encoding="utf-8")
        self.cli("catalog", "publish", str(path))

    def enroll_code(
        self,
        hall: str,
        window: str,
        ttl_minutes: int = 60,
        *,
        replaces: str | None = None,
        second_pc: bool = False,
    ) -> str:
        """A code for one window. A window with a live device takes ``replaces`` (the
        device its PC replaces) or ``second_pc`` (another PC beside it): a plain code is
        refused there."""
        which = ["--replaces", replaces] if replaces else ["--second-pc"] if second_pc else []
        document = self.cli(
            "enroll-code",
            "--hall",
            hall,
            "--window",
            window,
            "--ttl-minutes",
            str(ttl_minutes),
            *which,
            "--json",
        )
        return str(document["code"])

    def _signal(self, sig: signal.Signals) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)


def start_central(
    tmp_path: Path,
    db_url: str | None = None,
    *,
    serve_args: list[str] | None = None,
    key_file: Path | None = None,
    env: dict[str, str] | None = None,
) -> RunningCentral:
    """Start ``counter-central serve`` on 127.0.0.1:<free port> and wait until healthy.
    A PostgreSQL store gets its payload key at ``tmp_path/central.key`` unless given one.
    ``env`` adds to this process's environment for the server only (``restart`` drops it)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = db_url or str(tmp_path / "central.sqlite3")
    if key_file is None and db.startswith(("postgresql://", "postgres://")):
        key_file = tmp_path / "central.key"
    log_path = tmp_path / f"central-{time.monotonic_ns()}.log"
    extra = list(serve_args or [])
    log_path.touch()  # there to read, even if the server dies before it writes
    process, stdout = fork_platform(
        ["serve", "--db", db, *_key_args(key_file), *LOCAL_PORT_0, *extra],
        {**os.environ, **(env or {})},
        str(log_path),
    )
    running = RunningCentral("", process, stdout, db, log_path, extra, key_file)
    try:
        running.url, running.drain = _announced_url(stdout, log_path)
        _wait_healthy(running)
    except BaseException:
        running.kill9()
        raise
    return running


def _key_args(key_file: Path | None) -> list[str]:
    return [] if key_file is None else ["--key-file", str(key_file)]


def _announced_url(stdout: IO[bytes], log_path: Path) -> tuple[str, threading.Thread]:
    """The URL announced on the server's ``stdout``, and the thread that drains the rest of
    it into the log."""
    selector = selectors.DefaultSelector()
    selector.register(stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not selector.select(remaining):
            raise RuntimeError(f"central did not start: {log_path.read_text(errors='replace')}")
        chunk = os.read(stdout.fileno(), 4096)
        if not chunk:
            raise RuntimeError(f"central exited: {log_path.read_text(errors='replace')}")
        line += chunk
    selector.close()
    first, _, rest = line.partition(b"\n")
    # Keep draining stdout into the log: a full pipe would block the server's writes.
    drain = threading.Thread(target=_drain, args=(stdout, log_path, rest), daemon=True)
    drain.start()
    return str(json.loads(first.decode())["url"]), drain


def _drain(stream: IO[bytes], log_path: Path, already: bytes) -> None:
    with stream, log_path.open("ab") as log:
        log.write(already)
        for chunk in iter(lambda: os.read(stream.fileno(), 65536), b""):
            log.write(chunk)


def _wait_healthy(running: RunningCentral) -> None:
    def healthy() -> bool:
        try:
            return requests.get(f"{running.url}/v1/health", timeout=2).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            # The socket is bound before uvicorn accepts: a refused connect is retried, and
            # so is a connection waiting in the backlog while ``--workers`` processes start.
            if running.process.poll() is not None:
                raise RuntimeError(
                    f"central exited: {running.log_path.read_text(errors='replace')}"
                ) from None
            return False

    wait_until(healthy, "central to answer /v1/health", timeout=START_TIMEOUT_SECONDS)
