"""An enrolment into another hall cut off half-way (a kill, a power cut) at each of its
steps: the old hall's staff never outlive the store's record of the new enrolment, intake
pauses while the config names another hall or window than that record, a sync with the old
credential is refused with the same next step (it would read the old hall's staff back),
doctor names the next step, and enrolling again with a new code finishes it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.services.offline_policy import intake_pause
from counter_app.store.database import open_store
from counter_app.store.restore_guards import recorded_enrolment
from sync.credential import load_identity
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import HALL

pytestmark = pytest.mark.integration

Cli = Callable[..., CliResult]
OTHER_HALL = "310104-002"


class Killed(BaseException):
    """The process dies here: nothing after this step runs, no handler sees it."""


def kill_at(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def die(*_args: object, **_kwargs: object) -> None:
        raise Killed(step)

    monkeypatch.setattr(f"sync.enrolment.{step}", die)


def enrol(cli: Cli, central: RunningCentral, hall: str, window: str) -> CliResult:
    code = central.enroll_code(hall, window)
    return cli("enroll", central.url, code, "--allow-insecure-http")


def checks(cli: Cli) -> dict[str, dict[str, str]]:
    doctor = json.loads(cli("doctor", "--json").stdout)
    return {check["name"]: check for check in doctor["checks"]}


@pytest.fixture
def with_old_hall_staff(cli: Cli, central: RunningCentral) -> Iterator[None]:
    """Enrolled for HALL W03, whose platform account li.ming the first sync brought."""
    assert enrol(cli, central, HALL, "W03").returncode == 0
    central.cli(
        "staff", "add", "--hall", HALL, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input="Window-2026-ok\n",
    )  # fmt: skip
    assert cli("sync", "--once").returncode == 0
    assert "li.ming" in cli("user", "list").stdout
    yield


def paused(home: Home) -> str | None:
    with open_store(home, load_config(home)) as store:
        pause = intake_pause(store, load_config(home))
    return None if pause is None else pause.zh


@pytest.mark.parametrize("step", ["save_credential", "record_enrolment_in_user_config"])
@pytest.mark.usefixtures("with_old_hall_staff")
def test_cut_off_after_its_record_the_old_hall_s_staff_are_gone_and_intake_waits(
    cli: Cli, home: Home, central: RunningCentral, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    with monkeypatch.context() as patch:
        kill_at(patch, step)
        with pytest.raises(Killed):
            enrol(cli, central, OTHER_HALL, "W02")
    assert "li.ming" not in cli("user", "list").stdout
    assert load_config(home).hall.hall_code == HALL  # the config is the last step
    with open_store(home, load_config(home)) as store:
        half_enrolled = recorded_enrolment(store.db.conn)
    assert half_enrolled is not None and half_enrolled.hall == OTHER_HALL
    next_step = f"counter-central revoke {half_enrolled.device_id}"
    words = paused(home)
    assert words is not None and next_step in words and "counter-app enroll" in words
    doctor = checks(cli)
    assert doctor["intake"]["status"] == "fail" and next_step in doctor["intake"]["detail"]
    assert doctor["sync_hall"]["status"] == "fail" and next_step in doctor["sync_hall"]["detail"]

    if step == "save_credential":  # the old credential is refused a sync: li.ming stays gone
        refused = cli("sync", "--once")
        assert refused.returncode == 1, refused.stderr
        assert next_step in refused.stderr and "counter-app enroll" in refused.stderr
        assert "不能同步" in refused.stderr
        assert "li.ming" not in cli("user", "list").stdout
        status = json.loads(cli("sync", "status", "--json").stdout)
        assert status["last_error_code"] == "enrolment_unfinished"
    central.cli("revoke", half_enrolled.device_id)
    again = enrol(cli, central, OTHER_HALL, "W02")
    assert again.returncode == 0, again.stderr
    assert "li.ming" not in cli("user", "list").stdout
    assert paused(home) is None
    assert "sync_hall" not in checks(cli)


@pytest.mark.usefixtures("with_old_hall_staff")
def test_cut_off_before_its_record_the_old_enrolment_stands(
    cli: Cli, home: Home, central: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    kill_at(monkeypatch, "record_enrolment")
    with pytest.raises(Killed):
        enrol(cli, central, OTHER_HALL, "W02")
    identity = load_identity(home)
    assert identity is not None and (identity.hall, identity.window) == (HALL, "W03")
    assert "li.ming" in cli("user", "list").stdout
    assert paused(home) is None
    assert "sync_hall" not in checks(cli)
