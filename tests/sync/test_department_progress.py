"""全市通办 with a real window and the real platform: a step the handling department records,
a correction request included, reaches the accepting window as that department's, in the
case's history; a step of the platform's own operator stays the platform's."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.case_history import case_history, open_correction_request
from counter_app.store.database import Store
from sync.engine import SyncEngine
from tests.central.server_fixture import RunningCentral
from tests.sync.city_wide import DEPARTMENT, accept_city_wide
from tests.sync.conftest import make_engine


def _synced(home: Home, enrolled: Config, sync_store: Store) -> tuple[str, str, SyncEngine]:
    """A city-wide case accepted and on the platform: its id, its number, the engine."""
    case = accept_city_wide(sync_store)
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().error is None
    return case.case_id, case.case_no, engine


def test_the_departments_correction_request_is_recorded_as_the_departments(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    case_id, case_no, engine = _synced(home, enrolled, sync_store)

    by_department = ("--department", DEPARTMENT)
    central.cli("progress", case_no, "--to", "in_process", *by_department)
    central.cli(
        "progress",
        case_no,
        "--to",
        "correction_requested",
        "--material",
        "M03",
        "--field",
        "address",
        *by_department,
    )
    assert engine.run_once().error is None

    steps = [(e.actor, e.to_state) for e in case_history(sync_store, case_id).events][-2:]
    assert steps == [
        (f"department:{DEPARTMENT}", "in_process"),
        (f"department:{DEPARTMENT}", "correction_requested"),
    ]
    request = open_correction_request(sync_store, case_id)
    assert request is not None and (request.materials, request.fields) == (("M03",), ("address",))


def test_the_platforms_own_step_stays_the_platforms(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    case_id, case_no, engine = _synced(home, enrolled, sync_store)

    central.cli("progress", case_no, "--to", "in_process")
    assert engine.run_once().error is None

    last = case_history(sync_store, case_id).events[-1]
    assert (last.actor, last.to_state) == ("platform", "in_process")
