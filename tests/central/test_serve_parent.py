"""``counter-central serve --parent-pid``: the platform ends with the program that started it
(the training hall's window), however that program ends - kill -9 included - and does not
serve at all when that program ended before the platform could watch it."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.central.server_fixture import CENTRAL, LOCAL_PORT_0, _announced_url
from tests.processes import cmdline, descendants

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux"),
]

# Bounds a failure (the platform outliving its parent); a passing test ends at the event.
ENDED_WITHIN = 15.0
# A parent that starts the platform, naming itself, then waits to be killed.
PARENT = (
    "import os, signal, subprocess, sys\n"
    "subprocess.Popen([*sys.argv[1:], '--parent-pid', str(os.getpid())])\n"
    "signal.pause()\n"
)


def test_the_platform_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    log_path = tmp_path / "central.log"
    serve = [*CENTRAL, "serve", "--db", str(tmp_path / "central.sqlite3"), *LOCAL_PORT_0]
    with log_path.open("ab") as log:
        parent = subprocess.Popen(
            [sys.executable, "-c", PARENT, *serve],
            stdout=subprocess.PIPE,  # the platform's, inherited: its address announcement
            stderr=log,
            start_new_session=True,  # the parent and the platform: one group to clean up
        )
    drain = None
    try:
        # The platform announces its address only after it asked to die with its parent.
        assert parent.stdout is not None
        _url, drain = _announced_url(parent.stdout, log_path)
        (platform,) = [pid for pid in descendants(parent.pid) if b"serve" in cmdline(pid)]
        ended = os.pidfd_open(platform)  # readable once the platform has ended
        try:
            parent.kill()  # SIGKILL: the parent runs no clean-up, stops nothing
            parent.wait(timeout=10)
            readable, _, _ = select.select([ended], [], [], ENDED_WITHIN)
            assert readable, (
                f"the platform outlived its killed parent by {ENDED_WITHIN:g} s:\n"
                + log_path.read_text(errors="replace")
            )
        finally:
            os.close(ended)
        drain.join(timeout=10)  # both writers of the pipe are gone: it ends
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        if drain is None and parent.stdout is not None:
            parent.stdout.close()  # else the drain closed it


def test_the_platform_does_not_serve_once_its_parent_has_ended(tmp_path: Path) -> None:
    # The race the option closes: the parent died before the platform could ask to die with
    # it. The platform then has another parent than the one it was told, and must not serve.
    ended_parent = subprocess.Popen(["true"])
    ended_parent.wait(timeout=10)
    result = subprocess.run(
        [
            *CENTRAL,
            "serve",
            "--db",
            str(tmp_path / "central.sqlite3"),
            *LOCAL_PORT_0,
            "--parent-pid",
            str(ended_parent.pid),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""  # no address announced: nothing served
    assert f"进程 {ended_parent.pid} 已结束" in result.stderr
    assert f"process {ended_parent.pid} has ended" in result.stderr
