"""A table added after version 2: each hall's opening hours, which appointments are booked
within (``central.opening_hours``)."""

from __future__ import annotations

# Added after version 2 without changing it: a store made before gets it at its next start.
HALL_HOURS_TABLES = """
-- A hall's opening hours as the operator set them last (counter-central hall-hours set), one
-- row per hall; a hall without a row keeps the default (working days 09:00-17:00). Each span
-- is HH:MM-HH:MM in hall time; NULL: closed on those days.
CREATE TABLE IF NOT EXISTS hall_hours (
    hall TEXT PRIMARY KEY,
    weekdays TEXT NOT NULL,               -- working days, make-up working days (调休) too
    saturday TEXT,
    sunday TEXT,
    holidays TEXT,                        -- published public holidays
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL,                 -- operator:<--operator NAME, else the OS user>
    slot_capacity INTEGER                 -- appointments a slot takes; NULL: the default
);
"""
