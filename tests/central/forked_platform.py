"""``counter-central serve`` forked from an interpreter that has already imported the
platform, for the suite's hundreds of platforms.

Each is the program's own ``central.cli.main(["serve", ...])`` in a process of its own: its
own session (process group), working directory, environment, stdout (the announcement, read
through a pipe) and stderr (the test's log file). Only Python's start and the web stack's
imports are done once per test process instead of once per platform (about 1.25 s of CPU a
start before, 0.45 s after). The installed ``counter-central`` program itself is started by
the training hall's tests, ``test_serve_parent.py``, the package smoke test and the package
install test.

The preloading interpreter is multiprocessing's fork server: one per test process, ending
with it. A platform a test left running is killed when the test process exits. A script
(not pytest) that starts platforms this way needs the ``if __name__ == "__main__":`` guard:
the fork server imports the caller's main module.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import multiprocessing.util
import os
import signal
import subprocess
import sys
from typing import IO

# What ``counter-central serve`` imports before it serves: its own modules and the web stack.
PRELOAD = ["central.cli", "central.serve_cli", "central.app", "central.platform", "uvicorn"]

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([*PRELOAD, __name__])


class ForkedPlatform:
    """The ``Popen``-like handle of a forked platform: ``pid`` (also its process group),
    ``poll`` and ``wait``."""

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        self._process = process
        self.pid: int = process.pid or 0

    def poll(self) -> int | None:
        """The exit status (negative: the signal that ended it), or None while it runs."""
        return self._process.exitcode

    def wait(self, timeout: float) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(["counter-central", "serve"], timeout)
        return self._process.exitcode


def fork_platform(
    args: list[str], env: dict[str, str], stderr_path: str
) -> tuple[ForkedPlatform, IO[bytes]]:
    """Start ``counter-central ARGS`` in the caller's working directory with environment
    ``env``, stderr appended to ``stderr_path``; the process and its stdout."""
    reader, writer = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_run, args=(args, env, os.getcwd(), writer, stderr_path), name="counter-central"
    )
    process.start()
    writer.close()  # the child has its own copy: the pipe ends when the platform does
    stdout = os.fdopen(os.dup(reader.fileno()), "rb", buffering=0)
    reader.close()
    return ForkedPlatform(process), stdout


def _run(
    args: list[str],
    env: dict[str, str],
    cwd: str,
    stdout: multiprocessing.connection.Connection,
    stderr_path: str,
) -> None:
    """In the forked child: become the platform process, then run the program."""
    os.setsid()
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path, flags in (
        (0, os.devnull, os.O_RDONLY),  # a real fd 0: ``--workers`` hands it to each worker
        (2, stderr_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT),
    ):
        opened = os.open(path, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - fd 0 lives as long as the process
    os.dup2(stdout.fileno(), 1)
    stdout.close()
    from central.cli import main

    sys.exit(main(args))


def _kill_leftovers() -> None:
    """At exit, before multiprocessing would wait for them forever: kill what is still up."""
    for child in multiprocessing.active_children():
        if child.name == "counter-central" and child.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)  # the platform and any worker of its
            child.kill()
            child.join(10)


# Registered after multiprocessing.util's own exit function, so it runs first.
atexit.register(_kill_leftovers)
