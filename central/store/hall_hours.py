"""Each hall's opening hours (``hall_hours``) and how many appointments a slot takes, as the
operator set them last: read when an appointment is booked. A hall without a row keeps
``DEFAULT_HOURS``; one whose capacity was never set, ``DEFAULT_SLOT_CAPACITY``."""

from __future__ import annotations

import logging
from typing import Any

from central.opening_hours import DEFAULT_HOURS, DEFAULT_SLOT_CAPACITY, HallHours, OpenSpan
from central.store.base import CentralStore, DbCursor, iso, utc_now

log = logging.getLogger("central.store")

_DAYS = ("weekdays", "saturday", "sunday", "holidays")
_SELECT = (
    "SELECT hall, weekdays, saturday, sunday, holidays, slot_capacity, set_at, set_by"
    " FROM hall_hours"
)


def hours_of(store: CentralStore, cur: DbCursor, hall: str) -> HallHours:
    """``hall``'s opening hours; the default when nobody set them."""
    row = store._exec(cur, _SELECT + " WHERE hall = ?", (hall,)).fetchone()
    return DEFAULT_HOURS if row is None else _hours(row[1:6])


def set_hours(
    store: CentralStore, hall: str, hours: HallHours, set_by: str, *, keep_capacity: bool = False
) -> dict[str, Any]:
    """Make ``hours`` ``hall``'s opening hours and slot capacity, as ``set_by`` set them; the
    hall's hours as shown. ``keep_capacity``: the capacity the hall has (read in the same
    transaction), not ``hours``'s. The same again changes nothing (nor who set them, nor
    when). Appointments booked before keep their slots, a slot over a capacity lowered too:
    the hours are read only when one is booked."""
    now = iso(utc_now())
    with store.transaction() as cur:
        row = store._exec(cur, _SELECT + " WHERE hall = ?", (hall,)).fetchone()
        capacity = hours.slot_capacity
        if keep_capacity:
            capacity = DEFAULT_SLOT_CAPACITY if row is None else _capacity(row[5])
        stored = (*spans_of(hours).values(), capacity)
        if row is not None and (*row[1:5], _capacity(row[5])) == stored:
            return _shown(row)
        store._exec(
            cur,
            "INSERT INTO hall_hours (hall, weekdays, saturday, sunday, holidays, slot_capacity,"
            " set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hall) DO UPDATE SET"
            " weekdays = excluded.weekdays, saturday = excluded.saturday,"
            " sunday = excluded.sunday, holidays = excluded.holidays,"
            " slot_capacity = excluded.slot_capacity,"
            " set_at = excluded.set_at, set_by = excluded.set_by",
            (hall, *stored, now, set_by),
        )
    shown = _shown((hall, *stored, now, set_by))
    log.info(
        "hall %s opening hours set by %s: %s slot_capacity=%s (were %s)",
        hall,
        set_by,
        " ".join(f"{day}={span}" for day, span in zip(_DAYS, stored[:4], strict=True)),
        capacity,
        "the default" if row is None else " ".join(map(str, row[1:6])),
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
        return [
            {
                "hall": hall,
                **DEFAULT_SPANS,
                "slot_capacity": DEFAULT_SLOT_CAPACITY,
                "set_at": None,
                "set_by": None,
                "default": True,
            }
        ]
    return [_shown(row) for row in rows]


def _shown(row: tuple[Any, ...]) -> dict[str, Any]:
    hall, *spans, capacity, set_at, set_by = row
    return {
        "hall": hall,
        **dict(zip(_DAYS, spans, strict=True)),
        "slot_capacity": _capacity(capacity),
        "set_at": set_at,
        "set_by": set_by,
        "default": False,
    }


def _hours(stored: tuple[Any, ...]) -> HallHours:
    weekdays, saturday, sunday, holidays, capacity = stored
    return HallHours(
        OpenSpan.parse(weekdays),
        _span(saturday),
        _span(sunday),
        _span(holidays),
        slot_capacity=_capacity(capacity),
    )


def _capacity(stored: int | None) -> int:
    """A slot capacity as stored: NULL (a row set before capacities, or never given) is the
    default."""
    return DEFAULT_SLOT_CAPACITY if stored is None else int(stored)


def _span(text: str | None) -> OpenSpan | None:
    return None if text is None else OpenSpan.parse(text)


def spans_of(hours: HallHours) -> dict[str, str | None]:
    """``hours`` as stored and shown: ``HH:MM-HH:MM`` by kind of day, None for closed."""
    spans = (hours.weekdays, hours.saturday, hours.sunday, hours.holidays)
    return {
        day: None if span is None else str(span) for day, span in zip(_DAYS, spans, strict=True)
    }


DEFAULT_SPANS = spans_of(DEFAULT_HOURS)
