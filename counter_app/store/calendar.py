"""The working-day calendar in the store: loading releases (bundled file or platform feed)
and building the ``WorkingCalendar`` intake uses for promised dates."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from importlib.resources import files
from typing import Any
from weakref import WeakKeyDictionary

from counter_app.domain.calendar import (
    CalendarException,
    DayKind,
    WorkingCalendar,
    parse_calendar_release,
)
from counter_app.store.audit import SYSTEM_ACTOR
from counter_app.store.catalog import IN_FORCE_VERSION
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text

BUNDLED_CALENDAR = "calendar/cn-2025-2026.json"
# Per store: the calendar built for the newest loaded version. A release is only ever
# added with a higher version (by this process or the sync process), never edited.
_built: WeakKeyDictionary[Store, tuple[int, WorkingCalendar]] = WeakKeyDictionary()


def bundled_calendar() -> dict[str, Any]:
    text = files("counter_app.data").joinpath(BUNDLED_CALENDAR).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def ensure_bundled_calendar(store: Store) -> int | None:
    """Load the bundled calendar when it is newer than what the store has (a fresh store
    has nothing); the version loaded, else None."""
    document = bundled_calendar()
    if current_calendar_version(store) >= int(document["version"]):
        return None
    return load_calendar_version(store, document, source=f"bundled:{BUNDLED_CALENDAR}")


def load_calendar_version(
    store: Store, payload: Mapping[str, Any], source: str = "platform"
) -> int | None:
    """Apply one calendar release in one transaction: its years' exceptions replace what
    the store had for those years. A release not newer than the stored one is ignored
    (returns None), so a feed may deliver it again without effect."""
    release = parse_calendar_release(payload)
    with store.transaction() as db:
        if release.version <= current_calendar_version(store):
            return None
        for year in sorted(release.years):
            db.execute(
                "DELETE FROM calendar_days WHERE day BETWEEN ? AND ?",
                (f"{year}-01-01", f"{year}-12-31"),
            )
        db.conn.executemany(
            "INSERT INTO calendar_days (day, kind, name, calendar_version) VALUES (?, ?, ?, ?)",
            [
                (e.day.isoformat(), e.kind.value, e.name, release.version)
                for e in release.exceptions
            ],
        )
        db.execute(
            "INSERT INTO calendar_versions (version, published_at, years, source, loaded_at) VALUES (?, ?, ?, ?, ?)",
            (
                release.version,
                release.published_at,
                json.dumps(sorted(release.years)),
                source,
                now_text(),
            ),
        )
        store.audit.record(
            SYSTEM_ACTOR,
            "calendar.load",
            f"calendar:{release.version}",
            {"source": source, "years": sorted(release.years), "days": len(release.exceptions)},
        )
    return release.version


def current_calendar_version(store: Store) -> int:
    row = store.db.execute("SELECT max(version) FROM calendar_versions").fetchone()
    return 0 if row is None or row[0] is None else int(row[0])


def catalog_and_calendar_versions(store: Store, at: str) -> tuple[int | None, int]:
    """The catalog version in force at ``at`` (stored text; None before one is: a version
    sent ahead of its day is not used before it) and the calendar version (0 before one is
    loaded), in one statement: intake needs both for every decision."""
    catalog, calendar = store.db.execute(
        f"SELECT ({IN_FORCE_VERSION}), (SELECT max(version) FROM calendar_versions)",  # noqa: S608
        (at,),
    ).fetchone()
    return (None if catalog is None else int(catalog)), (0 if calendar is None else int(calendar))


def working_calendar(store: Store, version: int | None = None) -> WorkingCalendar:
    """The calendar as loaded now (every release's years count as covered); ``version``:
    the current calendar version when the caller has just read it. Built once per loaded
    version: each accept asks for it, and building it reads every exception."""
    if version is None:
        version = current_calendar_version(store)
    built = _built.get(store)
    if built is not None and built[0] == version:
        return built[1]
    calendar = _build_calendar(store)
    _built[store] = (version, calendar)
    return calendar


def _build_calendar(store: Store) -> WorkingCalendar:
    years: set[int] = set()
    for (years_json,) in store.db.execute("SELECT years FROM calendar_versions"):
        years.update(int(y) for y in json.loads(years_json))
    exceptions = {}
    for day_text, kind, name in store.db.execute("SELECT day, kind, name FROM calendar_days"):
        day = date.fromisoformat(day_text)
        exceptions[day] = CalendarException(day, DayKind(kind), name)
    return WorkingCalendar(exceptions, frozenset(years))
