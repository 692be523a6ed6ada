"""How far this workstation's clock is from the platform's, as the platform last measured it
(seconds this clock is ahead; negative: behind), and whether the platform refused this
clock for it. The health report of every sync run that reaches the platform measures it; a
clock off by more than the platform accepts is refused before that report, and the refusal
measures it too. One-time codes change every 30 seconds, and a hall PC without network time
drifts by minutes: the window checks a code against the platform's time too, so the codes
its supervisors' phones show (phones keep good time) still sign them in. A refused clock
stops new cases until a sync run succeeds (``clock_sanity``); ``doctor`` shows either.

With each measurement this computer's boot and its seconds since boot are kept: what the OS
counts since then vouches for the wall clock's advance, whatever the clock is set to later
(a clock moved ahead while offline, ``clock_sanity.clock_doubt``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text, utc_now

_OFFSET = "platform_clock_offset_seconds"
# The platform's time when it measured the offset (UTC text), and "1" when it refused the
# clock for it; a store from before these were kept has the offset alone.
_MEASURED_AT = "platform_clock_measured_at"
_REFUSED = "platform_clock_refused"
# The boot the measurement was taken in (empty where the OS names none) and its seconds
# since boot then; absent in a store from before they were kept.
_BOOT_ID = "platform_clock_boot_id"
_BOOT_SECONDS = "platform_clock_boot_seconds"


@dataclass(frozen=True)
class BootReading:
    """This computer's boot (None where the OS names none) and the seconds since it, sleep
    included where the OS counts it: time no one can set, unlike the wall clock."""

    boot_id: str | None
    seconds: float

    def elapsed_since(self, earlier: BootReading) -> float | None:
        """Seconds since ``earlier`` while both readings may be of one boot (the same boot
        id, or none on either side; no fewer seconds); None when they cannot be."""
        if self.boot_id != earlier.boot_id:
            return None
        elapsed = self.seconds - earlier.seconds
        return elapsed if elapsed >= 0 else None


@dataclass(frozen=True)
class ClockNow:
    """The workstation's wall clock and its boot clock, read together."""

    wall: datetime
    boot: BootReading


@dataclass(frozen=True)
class PlatformClockReading:
    """The last measurement: ``offset_seconds`` (this clock ahead; negative: behind), the
    platform's time when it was taken (None in a store from before it was kept), and whether
    the platform refused this clock for it."""

    offset_seconds: float
    platform_time: datetime | None
    refused: bool
    boot: BootReading | None = None

    @property
    def local_time(self) -> datetime | None:
        """This clock's reading when the measurement was taken."""
        if self.platform_time is None:
            return None
        return self.platform_time + timedelta(seconds=self.offset_seconds)

    def platform_now(self, moment: datetime) -> datetime:
        """The platform's time when this clock reads ``moment``, the clock as measured; once
        it reads earlier than at the measurement, it was set back since (set right, as the
        refusal asks) and ``moment`` is taken as it is."""
        local = self.local_time
        if local is not None and moment < local:
            return moment
        return moment - timedelta(seconds=self.offset_seconds)

    def drift(self, now: ClockNow) -> timedelta | None:
        """How far the wall clock moved beyond the time the boot clock counted since the
        measurement (positive: set ahead); None when the boot clock cannot tell (another
        boot, a reading from before boots were kept). Without boot ids, a reboot may show
        as a drift too."""
        local = self.local_time
        if local is None or self.boot is None:
            return None
        elapsed = now.boot.elapsed_since(self.boot)
        if elapsed is None:
            return None
        return now.wall - local - timedelta(seconds=elapsed)


def record_platform_offset(
    store: Store,
    seconds: float,
    now: datetime | None = None,
    *,
    refused: bool = False,
    boot: BootReading | None = None,
) -> None:
    """Keep a measurement: ``seconds`` this clock is ahead of the platform's at ``now`` (this
    clock's reading then; default: the system clock's now), ``refused`` when the platform
    refused the clock for it, ``boot`` the boot clock read with ``now``."""
    platform_time = (now or utc_now()) - timedelta(seconds=seconds)
    with store.transaction():
        store.set_meta(_OFFSET, repr(seconds))
        store.set_meta(_MEASURED_AT, to_text(platform_time))
        store.set_meta(_REFUSED, "1" if refused else "")
        if boot is None:
            store.delete_meta(_BOOT_ID, _BOOT_SECONDS)
        else:
            store.set_meta(_BOOT_ID, boot.boot_id or "")
            store.set_meta(_BOOT_SECONDS, repr(boot.seconds))


def lift_refusal(store: Store) -> None:
    """Forget a refused measurement: a sync run succeeded since, so the platform took this
    clock's time (within the few minutes it accepts). How far off it is now no run measured
    (the health report that would have was refused): the days the refusal measured would
    put one-time codes days off and doctor would warn of them. A measurement the platform
    did not refuse is kept."""
    if store.meta(_REFUSED) != "1":
        return
    store.delete_meta(_OFFSET, _MEASURED_AT, _REFUSED, _BOOT_ID, _BOOT_SECONDS)


def platform_clock_reading(store: Store) -> PlatformClockReading | None:
    """The last measurement; None before any."""
    offset = store.meta(_OFFSET)
    if offset is None:
        return None
    measured_at = store.meta(_MEASURED_AT)
    boot_seconds = store.meta(_BOOT_SECONDS)
    return PlatformClockReading(
        float(offset),
        from_text(measured_at) if measured_at else None,
        store.meta(_REFUSED) == "1",
        None
        if boot_seconds is None
        else BootReading(store.meta(_BOOT_ID) or None, float(boot_seconds)),
    )


def platform_offset(store: Store) -> float | None:
    """Seconds this clock was ahead of the platform's at the last measurement; None before any."""
    reading = platform_clock_reading(store)
    return None if reading is None else reading.offset_seconds


def newest_written_at(store: Store) -> datetime | None:
    """The latest time this store wrote down: its newest audit entry, case or case event
    (each read from its newest row: an index or the rowid, no scan); None in an empty store."""
    row = store.db.execute(
        "SELECT max(at) FROM ("
        " SELECT (SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1) AS at"
        " UNION ALL SELECT max(created_at) FROM cases"
        " UNION ALL SELECT (SELECT at FROM case_events ORDER BY event_id DESC LIMIT 1))"
    ).fetchone()
    return from_text(row[0]) if row and row[0] else None
