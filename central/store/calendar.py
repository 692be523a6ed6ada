"""The working calendar the platform published: every release of its ``calendar`` feed,
built as a window builds the ones it loads."""

from __future__ import annotations

import json
import logging

from central.store.base import CentralStore, DbCursor
from counter_app.domain.calendar import (
    CalendarRelease,
    WorkingCalendar,
    parse_calendar_release,
    published_calendar,
)
from counter_app.errors import ValidationError

log = logging.getLogger("central.store")


def platform_calendar(store: CentralStore, cur: DbCursor) -> WorkingCalendar:
    """The calendar of every published release; no year covered before the first (the
    windows then count with the calendar they were installed with, which the platform
    does not know). A release stored before a rule that now refuses it (a year listed
    without holidays) is left out, as a window reading it now refuses it, and logged."""
    rows = store._exec(
        cur, "SELECT version, document FROM feed_documents WHERE feed = ?", ("calendar",)
    ).fetchall()
    releases: list[CalendarRelease] = []
    for version, text in rows:
        try:
            releases.append(parse_calendar_release(json.loads(text)))
        except ValidationError as exc:
            log.warning("published calendar version %s left out: %s", version, exc.en)
    return published_calendar(releases)
