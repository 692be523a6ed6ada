"""A replacement PC (``enroll-code --replaces``, fresh home) gets back a case waiting for a
补正 with the department's request itself: the progress feed named the case before the walk
fetched it, and the steps it brought are kept for it, so the clerk can take the correction
(docs/operations.md §6)."""

from __future__ import annotations

from pathlib import Path

from central.store import open_store as open_central_store
from central.store import progress
from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.store.case_history import case_history, open_correction_request
from counter_app.store.database import Store, open_store
from sync.enrolment import enroll, numbering_devices
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.services.conftest import complete_marks, request_for
from tests.sync.conftest import HALL, make_engine
from tests.sync.replacement_pcs import CLERK, Cli, enrolled_fresh, replacing_code, synced_allowance


def _synced_case(home: Home, config: Config, store: Store, central: RunningCentral) -> str:
    """A case accepted at ``home`` and synced, taken into processing on the platform and
    then asked for a 补正 of M04 and the phone; its id."""
    item = synced_allowance(home, config, store)
    case = intake.accept(store, request_for(item, complete_marks(item)), CLERK)
    assert make_engine(home, config, store).run_once().pushed == 1
    platform = open_central_store(central.db)
    try:
        progress.record_progress(platform, case.case_id, "in_process", "")
        progress.record_progress(
            platform,
            case.case_id,
            "correction_requested",
            "请补正联系电话",
            materials=("M04",),
            fields=("phone",),
        )
    finally:
        platform.close()
    assert make_engine(home, config, store).run_once().error is None
    return case.case_id


def _replacement(home: Home, central: RunningCentral, cli: Cli, root: Path) -> Home:
    """A fresh home enrolled with a code replacing ``home``'s device, after ``sync --once``."""
    _, code = replacing_code(home, central)
    fresh = enrolled_fresh(cli, central, code, root)
    synced = cli("sync", "--once", home_dir=fresh.root)
    assert synced.returncode == 0, synced.stderr
    return fresh


def test_a_replacement_pc_keeps_the_departments_correction_request(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Cli,
    tmp_path: Path,
) -> None:
    central.publish_bundled_catalog()
    case_id = _synced_case(home, enrolled, sync_store, central)

    fresh = _replacement(home, central, cli, tmp_path / "replacement")

    with open_store(fresh, load_config(fresh)) as replacement:
        request = open_correction_request(replacement, case_id)
        assert request is not None
        assert (request.materials, request.fields, request.note) == (
            ("M04",),
            ("phone",),
            "请补正联系电话",
        )
        steps = [
            e.detail.get("progress_recovered")
            for e in case_history(replacement, case_id).events
            if e.kind == "progress"
        ]
        assert steps == ["in_process", "correction_requested"]


def test_the_steps_of_another_pcs_case_of_the_window_are_not_kept(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Cli,
    tmp_path: Path,
) -> None:
    """A case of another PC of the same window: its steps wait while the walk may bring it
    back, and are forgotten when the walk ends without it."""
    central.publish_bundled_catalog()
    other = Home(tmp_path / "other-w01").ensure()
    other.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    code = central.cli("enroll-code", "--hall", HALL, "--window", "W01", "--second-pc", "--json")[
        "code"
    ]
    enroll(
        other,
        central.url,
        code,
        number_devices=numbering_devices(load_config(other).hall.device_id),
        allow_insecure_http=True,
    )
    other_config = load_config(other)
    with open_store(other, other_config) as other_store:
        not_ours = _synced_case(other, other_config, other_store, central)
    ours = _synced_case(home, enrolled, sync_store, central)

    fresh = _replacement(home, central, cli, tmp_path / "replacement")

    with open_store(fresh, load_config(fresh)) as replacement:
        assert open_correction_request(replacement, ours) is not None
        held = replacement.db.execute("SELECT count(*) FROM held_progress").fetchone()[0]
        assert held == 0
        kept = replacement.db.execute(
            "SELECT count(*) FROM cases WHERE case_id = ?", (not_ours,)
        ).fetchone()[0]
        assert kept == 0
