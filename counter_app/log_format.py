"""How a line of the home's logs reads: its local time with the UTC offset, so that a line
can be put beside the platform's log and the hall's clock (``2026-12-08T00:15:49.120+08:00``,
not ``16:15:49`` of a time zone nobody can tell)."""

from __future__ import annotations

import logging
from datetime import datetime


class ZonedFormatter(logging.Formatter):
    """``%(asctime)s`` in ISO 8601, to the millisecond, with the machine's UTC offset (a
    ``datefmt`` is not used: every log of the home reads the same)."""

    def formatTime(self, record: logging.LogRecord, _datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
