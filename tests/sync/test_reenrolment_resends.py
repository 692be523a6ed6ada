"""A window enrolled after the platform's backup was taken: once the platform is restored,
it knows neither the device nor its cases. IT enrols the window again; the enrolment sends
every acknowledged version again, as a restore seen in the store epoch does, and what the
platform still holds answers ``duplicate``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.sync_writes import PLATFORM_RESTORED_ACTION
from sync.enrolment import enroll, numbering_devices
from tests.central.server_fixture import RunningCentral
from tests.central.store_backup import copy_store
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, assert_exactly_once, enrol_home, make_engine


def test_a_window_enrolled_after_the_backup_sends_its_cases_again_when_enrolled_again(
    tmp_path: Path, home: Home, central: RunningCentral
) -> None:
    backup = tmp_path / "central-backup.sqlite3"
    copy_store(central.db, backup)  # taken before this window was enrolled
    enrolled = enrol_home(home, central)
    store = open_store(home, enrolled)
    try:
        seeded = seed_cases(store, 4, hall=HALL)
        assert make_engine(home, enrolled, store).run_once().pushed == 4

        central.stop()
        copy_store(backup, central.db)
        central.cli("restored")
        platform = central.restart()
        try:
            config = replace(enrolled, sync=replace(enrolled.sync, url=platform.url))
            refused = make_engine(home, config, store).run_once()
            assert refused.error is not None and "unknown_device" in refused.error["message_en"]

            enroll(
                home,
                platform.url,
                platform.enroll_code(HALL, "W01"),
                number_devices=numbering_devices(config.hall.device_id, store),
                allow_insecure_http=True,
                store=store,
                actor="it",
            )
            assert (
                store.db.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[
                    0
                ]
                == 4
            )
            summary = make_engine(home, load_config(home), store).run_once()
            assert summary.error is None
            assert (summary.pushed, summary.pending) == (4, 0)
        finally:
            platform.stop()
        assert_exactly_once(store, central.db, seeded)
        resent = store.db.execute(
            "SELECT count(*) FROM audit_log WHERE action = ?", (PLATFORM_RESTORED_ACTION,)
        ).fetchone()[0]
        assert resent == 1
    finally:
        store.close()
