"""The machine's own services some tests share: the system pcscd (one socket, one virtual
reader fed by one vicc port) and cups-pdf's output (the job owner's ``$HOME/PDF``, where two
tests printing the same document serial would take each other's file).

`make test` runs the suite on every core (pytest-xdist); a test that uses one of these holds
them alone, across the workers, by an exclusive lock on a file (tests/conftest.py takes it
around such a test's set-up, run and tear-down). Re-entrant within a process: the pcscd
fixture's end, which takes it too, may come inside a test that holds it. Only pytest's own
thread takes it.
"""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

FIXTURES = ("pcscd", "cups")
LOCK_PATH = Path(tempfile.gettempdir()) / "counter-app-tests-machine-services.lock"


class _Holder:
    def __init__(self) -> None:
        self.depth = 0
        self.file: IO[bytes] | None = None


_HOLDER = _Holder()


@contextmanager
def held() -> Iterator[None]:
    """The machine's shared services to this process alone, for the ``with`` block."""
    if _HOLDER.depth == 0:
        _HOLDER.file = LOCK_PATH.open("ab")
        fcntl.flock(_HOLDER.file, fcntl.LOCK_EX)
    _HOLDER.depth += 1
    try:
        yield
    finally:
        _HOLDER.depth -= 1
        if _HOLDER.depth == 0 and _HOLDER.file is not None:
            _HOLDER.file.close()  # closing the file releases its lock
            _HOLDER.file = None
