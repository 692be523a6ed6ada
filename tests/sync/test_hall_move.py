"""A workstation moved to another hall (docs/operations.md §3.1) while cases of its old hall
are open on it: the enrolment is refused, counting them and naming the old hall, until a
person says to leave them (``--leave-open-cases``, audited); the same code then enrols it.
The first start (provisioning a home whose store holds such cases) is refused alike."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.restore_guards import ENROLMENT_ACTION
from sync.credential import load_identity
from sync.errors import EnrolmentRefused
from sync.provisioning import provision
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.backlog import SeededCase, add_version, seed_cases
from tests.sync.conftest import HALL

Cli = Callable[..., CliResult]
OTHER_HALL = "310115-001"


def _enrol(cli: Cli, central: RunningCentral, code: str, *options: str) -> CliResult:
    return cli("enroll", central.url, code, "--allow-insecure-http", *options)


def _enrolments(home: Home) -> list[dict[str, object]]:
    with open_store(home, load_config(home)) as store:
        entries = store.audit.entries(limit=1000)
    return [json.loads(e["detail"]) for e in entries if e["action"] == ENROLMENT_ACTION]


def _two_open_one_withdrawn(home: Home) -> list[SeededCase]:
    """Three cases of ``HALL`` uploaded, the last of them withdrawn since: two still open."""
    with open_store(home, load_config(home)) as store:
        seeded = seed_cases(store, 3, hall=HALL)
        add_version(store, seeded[2], "withdrawn", state="withdrawn")
    return seeded


def test_a_move_leaving_open_cases_is_refused_until_told_then_audited(
    cli: Cli, home: Home, central: RunningCentral
) -> None:
    assert _enrol(cli, central, central.enroll_code(HALL, "W01")).returncode == 0
    before = load_identity(home)
    seeded = _two_open_one_withdrawn(home)
    synced = cli("sync", "--once")
    assert synced.returncode == 0, synced.stderr  # nothing waits to upload
    code = central.enroll_code(OTHER_HALL, "W03")

    refused = _enrol(cli, central, code)

    assert refused.returncode == 2
    assert f"原大厅 {HALL} 的 2 件办件未办结" in refused.stderr
    assert seeded[0].case_no in refused.stderr and seeded[1].case_no in refused.stderr
    assert seeded[2].case_no not in refused.stderr  # withdrawn: its story is over
    assert "--leave-open-cases" in refused.stderr
    assert load_identity(home) == before
    assert len(_enrolments(home)) == 1  # nothing recorded here

    moved = _enrol(cli, central, code, "--leave-open-cases")

    assert moved.returncode == 0, moved.stderr
    after = load_identity(home)
    assert after is not None and after.hall == OTHER_HALL
    assert after.device_id in refused.stderr  # the same code made that device, and kept it
    last = _enrolments(home)[-1]
    assert last["hall"] == OTHER_HALL
    assert last["left_halls"] == [HALL]
    assert last["left_open_cases"] == [seeded[0].case_no, seeded[1].case_no]


def test_the_first_start_of_a_restored_store_is_refused_in_words(
    cli: Cli, home: Home, central: RunningCentral
) -> None:
    assert _enrol(cli, central, central.enroll_code(HALL, "W01")).returncode == 0
    _two_open_one_withdrawn(home)
    assert cli("sync", "--once").returncode == 0
    # A new PC with the old one's store: no credential, the store's enrolment record only.
    shutil.rmtree(home.device_dir)
    assert load_identity(home) is None

    with pytest.raises(EnrolmentRefused) as refused:
        provision(
            home,
            central.url,
            central.enroll_code(OTHER_HALL, "W03"),
            allow_insecure_http=True,
            actor="it",
        )

    assert f"原大厅 {HALL} 的 2 件办件未办结" in refused.value.zh
    assert f"2 case(s) of the former hall {HALL}" in refused.value.en
    assert load_identity(home) is None
