"""The print job a document is out on: written the moment the print system takes the job,
before its outcome is known, and removed once the register records it printed. A print
stopped before it could record its outcome (killed, a power cut) leaves it behind, so the
next print of that document asks the print system about that job first instead of
submitting a second original under the same serial.

Kept as one small file per serial under ``<home>/print-jobs/``, written durably."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from counter_app.durable_files import make_directory, sync_directory, write_private_file
from counter_app.home import Home


@dataclass(frozen=True)
class SubmittedJob:
    printer: str  # the CUPS queue
    server: str  # printing.cups_server when it was submitted ("" for the default)
    job: str  # the print system's job id, e.g. Front-Desk-A4-17


def _path(home: Home, serial: str) -> Path:
    return home.root / "print-jobs" / f"{serial}.json"


def record_submitted(home: Home, serial: str, job: SubmittedJob) -> None:
    """Keep, durably, that the document ``serial`` is out on ``job``."""
    path = _path(home, serial)
    make_directory(path.parent)
    write_private_file(path, json.dumps(asdict(job)).encode())


def submitted_job(home: Home, serial: str) -> SubmittedJob | None:
    """The job an earlier print of the document ``serial`` submitted and never saw end in
    a recorded print, if any."""
    try:
        return SubmittedJob(**json.loads(_path(home, serial).read_text()))
    except FileNotFoundError:
        return None


def forget_submitted(home: Home, serial: str) -> None:
    """The document's job has no further say: it is recorded printed, or it is gone."""
    path = _path(home, serial)
    if path.exists():
        path.unlink()
        sync_directory(path.parent)
