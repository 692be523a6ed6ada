"""Timestamps as the store keeps them: ISO 8601 UTC text with a ``Z`` suffix."""

from __future__ import annotations

from datetime import UTC, date, datetime

from counter_app.domain.hall_time import hall_day_span


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` with a zone: a naive one is taken as UTC, as the store's timestamps are."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def to_text(moment: datetime) -> str:
    """``2026-11-27T01:58:03.123456Z``; a naive ``moment`` is taken as UTC."""
    moment = as_utc(moment)
    # The same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ") at less than half its cost (an
    # accept writes several): isoformat's "+00:00" becomes the "Z".
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now_text() -> str:
    return to_text(utc_now())


def day_bounds(day: date) -> tuple[str, str]:
    """The hall day ``day`` (00:00 to 24:00 Shanghai time) as [start, end) in the store's
    timestamp text."""
    start, end = hall_day_span(day)
    return to_text(start), to_text(end)


def file_stamp() -> str:
    """``20261127T015803123456``: the UTC moment to the microsecond, for file names (safety
    copies, replaced keys): two restores within one second name their copies apart."""
    return utc_now().strftime("%Y%m%dT%H%M%S%f")
