"""A PC that replaces a broken one with a fresh home (no backup restored: a new disk, or a
new key) gets the old window's cases back: IT makes the code with ``counter-central
enroll-code --replaces OLD``, the platform's enrol answer names the device replaced and the
new device takes over its case-number prefixes, and the first ``sync --once`` fetches those
cases back, so ``case show`` finds them (docs/operations.md §6)."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, request_for, resident_number
from tests.sync.conftest import HALL, make_engine
from tests.sync.replacement_pcs import CLERK, Cli, enrolled_fresh, replacing_code, synced_allowance


def _old_window_with_cases(
    home: Home, config: Config, store: Store, central: RunningCentral
) -> list[str]:
    """The old PC: the platform's catalog in, two cases accepted and synced; their numbers."""
    item = synced_allowance(home, config, store)
    accepted = [
        intake.accept(
            store,
            request_for(item, complete_marks(item), number=resident_number(f"3101041980010110{n}")),
            CLERK,
        )
        for n in (1, 2)
    ]
    run = make_engine(home, config, store).run_once()
    assert (run.error, run.pushed) == (None, 2)
    return [result.case_no for result in accepted]


def test_a_fresh_home_enrolled_with_replaces_fetches_the_old_windows_cases(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Cli,
    tmp_path: Path,
) -> None:
    central.publish_bundled_catalog()
    numbers = _old_window_with_cases(home, enrolled, sync_store, central)
    old_device, code = replacing_code(home, central)

    fresh = enrolled_fresh(cli, central, code, tmp_path / "replacement")
    assert cli("case", "show", numbers[0], home_dir=fresh.root).returncode != 0  # not yet

    synced = cli("sync", "--once", "--json", home_dir=fresh.root)
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["recovered_from_platform"] == 2
    for number in numbers:
        shown = cli("case", "show", number, "--json", home_dir=fresh.root)
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["case_no"] == number
    devices = {d["device_id"]: d for d in central.cli("devices", "--json")["devices"]}
    assert devices[old_device]["revoked_at"] is not None


def test_an_enrolment_that_replaced_nothing_fetches_nothing(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Cli,
    tmp_path: Path,
) -> None:
    """Another window of the hall, enrolled without ``--replaces``, gets none of W01's."""
    central.publish_bundled_catalog()
    _old_window_with_cases(home, enrolled, sync_store, central)
    other = enrolled_fresh(cli, central, central.enroll_code(HALL, "W02"), tmp_path / "w02")
    synced = cli("sync", "--once", "--json", home_dir=other.root)
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["recovered_from_platform"] == 0
