"""How far this workstation's clock is from the platform's, as the platform last measured it
(the health report of every sync run answers it: seconds this clock is ahead; negative:
behind). One-time codes change every 30 seconds, and a hall PC without network time drifts
by minutes: the window checks a code against the platform's time too, so the codes its
supervisors' phones show (phones keep good time) still sign them in. ``doctor`` shows it."""

from __future__ import annotations

from counter_app.store.database import Store

_OFFSET = "platform_clock_offset_seconds"


def record_platform_offset(store: Store, seconds: float) -> None:
    store.set_meta(_OFFSET, repr(seconds))


def platform_offset(store: Store) -> float | None:
    """Seconds this clock was ahead of the platform's at the last sync run that reached it;
    None before any."""
    value = store.meta(_OFFSET)
    return None if value is None else float(value)
