"""The sweep of session services a crashed test process left behind (tests/stale_services.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests import stale_services
from tests.processes import alive
from tests.waiting import wait_until

# A test process: makes its service directory, starts a "service" naming it (as postgres -D
# and cupsd -c do), prints both, and waits to be killed. Both read the test's pipe, which
# stays open and silent: they run until killed, or until the test closes it.
CRASHING_SESSION = """
import subprocess, sys
from tests.stale_services import service_dir
base = service_dir("counter-cups-")
service = subprocess.Popen(
    [sys.executable, "-c", "import sys; sys.stdin.read()", str(base / "cupsd.conf")],
    start_new_session=True,
)
print(base, service.pid, flush=True)
sys.stdin.read()
"""


def test_a_dead_owners_service_is_stopped_and_its_directory_removed() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", CRASHING_SESSION],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    ) as session:
        assert session.stdout is not None
        base_text, pid_text = session.stdout.readline().split()
        base, service = Path(base_text), int(pid_text)
        try:
            assert base not in stale_services.sweep()  # its owner lives: not touched
            assert alive(service) and base.is_dir()

            session.kill()  # the crash: no finalizer runs
            session.wait(timeout=30)
            assert alive(service)

            assert base in stale_services.sweep()
            wait_until(lambda: not alive(service), "the orphaned service to be killed", timeout=30)
            assert not base.exists()
        finally:
            session.kill()
            with contextlib.suppress(ProcessLookupError):
                os.kill(service, signal.SIGKILL)
