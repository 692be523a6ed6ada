"""Each hall's opening hours (``hall_hours``), as the operator set them last: read when an
appointment is booked. A hall without a row keeps ``DEFAULT_HOURS``."""

from __future__ import annotations

import logging
from typing import Any

from central.opening_hours import DEFAULT_HOURS, HallHours, OpenSpan
from central.store.base import CentralStore, DbCursor, iso, utc_now

log = logging.getLogger("central.store")

_DAYS = ("weekdays", "saturday", "sunday", "holidays")
_SELECT = "SELECT hall, weekdays, saturday, sunday, holidays, set_at, set_by FROM hall_hours"


def hours_of(store: CentralStore, cur: DbCursor, hall: str) -> HallHours:
    """``hall``'s opening hours; the default when nobody set them."""
    row = store._exec(cur, _SELECT + " WHERE hall = ?", (hall,)).fetchone()
    return DEFAULT_HOURS if row is None else _hours(row[1:5])


def set_hours(store: CentralStore, hall: str, hours: HallHours, set_by: str) -> dict[str, Any]:
    """Make ``hours`` ``hall``'s opening hours, as ``set_by`` set them; the hall's hours as
    shown. The same hours again change nothing (nor who set them, nor when). Appointments
    booked before keep their slots: the hours are read only when one is booked."""
    spans = tuple(spans_of(hours).values())
    now = iso(utc_now())
    with store.transaction() as cur:
        row = store._exec(cur, _SELECT + " WHERE hall = ?", (hall,)).fetchone()
        if row is not None and tuple(row[1:5]) == spans:
            return _shown(row)
        store._exec(
            cur,
            "INSERT INTO hall_hours (hall, weekdays, saturday, sunday, holidays, set_at, set_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hall) DO UPDATE SET"
            " weekdays = excluded.weekdays, saturday = excluded.saturday,"
            " sunday = excluded.sunday, holidays = excluded.holidays,"
            " set_at = excluded.set_at, set_by = excluded.set_by",
            (hall, *spans, now, set_by),
        )
    shown = _shown((hall, *spans, now, set_by))
    log.info(
        "hall %s opening hours set by %s: %s (were %s)",
        hall,
        set_by,
        " ".join(f"{day}={span}" for day, span in zip(_DAYS, spans, strict=True)),
        "the default" if row is None else " ".join(map(str, row[1:5])),
    )
    return shown


def shown_hours(store: CentralStore, hall: str | None) -> list[dict[str, Any]]:
    """The opening hours set, of every hall (by code) or of ``hall``; a hall asked for that
    has none set shows the default (``"default": true``)."""
    with store.snapshot() as cur:
        if hall is None:
            rows = store._exec(cur, _SELECT + " ORDER BY hall").fetchall()
        else:
            rows = store._exec(cur, _SELECT + " WHERE hall = ?", (hall,)).fetchall()
    if hall is not None and not rows:
        return [{"hall": hall, **DEFAULT_SPANS, "set_at": None, "set_by": None, "default": True}]
    return [_shown(row) for row in rows]


def _shown(row: tuple[Any, ...]) -> dict[str, Any]:
    hall, *spans, set_at, set_by = row
    return {
        "hall": hall,
        **dict(zip(_DAYS, spans, strict=True)),
        "set_at": set_at,
        "set_by": set_by,
        "default": False,
    }


def _hours(spans: tuple[Any, ...]) -> HallHours:
    weekdays, saturday, sunday, holidays = spans
    return HallHours(OpenSpan.parse(weekdays), _span(saturday), _span(sunday), _span(holidays))


def _span(text: str | None) -> OpenSpan | None:
    return None if text is None else OpenSpan.parse(text)


def spans_of(hours: HallHours) -> dict[str, str | None]:
    """``hours`` as stored and shown: ``HH:MM-HH:MM`` by kind of day, None for closed."""
    spans = (hours.weekdays, hours.saturday, hours.sunday, hours.holidays)
    return {
        day: None if span is None else str(span) for day, span in zip(_DAYS, spans, strict=True)
    }


DEFAULT_SPANS = spans_of(DEFAULT_HOURS)
