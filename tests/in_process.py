"""A command-line ``main`` run in the test process: the same code as the console script,
minus the interpreter start, with its stdin, stdout and stderr as strings."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_main(
    main: Callable[[Sequence[str]], int], argv: Sequence[str], input: str | None = None
) -> CliResult:
    """``main(argv)`` with ``input`` as stdin; an argparse usage error's exit is its code."""
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO(input or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = stdin
    return CliResult(code, out.getvalue(), err.getvalue())
