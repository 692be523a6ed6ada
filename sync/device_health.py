"""Device health for IT: every sync run tells the platform how this window is (program
version, last doctor run, backlog, clock, reader and printers, free disk, the catalog version
it goes by), so ``counter-central devices`` shows a broken or silent window before the hall
calls, and the catalog's author which windows took a version."""

from __future__ import annotations

import logging

import counter_app
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import disk_space, offline_policy
from counter_app.services.doctor import last_doctor_run
from counter_app.store.catalog import current_catalog_version
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text
from sync.clock import Clock
from sync.errors import NotThePlatform, PlatformRefused
from sync.transport import PlatformTransport
from sync.wire.device_reports import (
    DeviceHealthReport,
    DeviceHealthResult,
    DoctorCheck,
    DoctorSummary,
    Printers,
)

log = logging.getLogger(__name__)

DEVICE_HEALTH_PATH = "/v1/device-health"


def health_report(home: Home, config: Config, store: Store, clock: Clock) -> DeviceHealthReport:
    """This window's health now."""
    doctor = last_doctor_run(home)
    return DeviceHealthReport(
        program_version=counter_app.__version__,
        clock_at=clock.now(),
        pending=offline_policy.backlog(store),
        doctor=None
        if doctor is None
        else DoctorSummary(
            ran_at=from_text(doctor.ran_at),
            worst=doctor.worst,
            checks=[
                DoctorCheck(name=c.name, status=c.status, detail=_line(c.detail))
                for c in doctor.checks
            ],
        ),
        reader=_line(config.reader.spec),
        printers=Printers(
            a4=_line(config.printing.a4_printer), receipt=_line(config.printing.receipt_printer)
        ),
        disk_free_mib=disk_space.free_bytes(home) // disk_space.MIB,
        catalog_version=current_catalog_version(store),
    )


def report_device_health(
    home: Home, config: Config, store: Store, transport: PlatformTransport, clock: Clock
) -> DeviceHealthResult | None:
    """Send the report. A platform that refuses it (or predates it) is no reason to stop
    syncing cases: that is logged, and IT sees the window without health."""
    report = health_report(home, config, store, clock)
    try:
        answer = transport.request_json("POST", DEVICE_HEALTH_PATH, report.model_dump(mode="json"))
    except (PlatformRefused, NotThePlatform) as exc:
        log.warning("the platform did not take this window's health report: %s", exc.en)
        return None
    return transport.parsed(DeviceHealthResult, answer)


def _line(text: str) -> str:
    """One printable line of at most 500 characters (the wire's limit for a health text)."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    return flat[:500]
