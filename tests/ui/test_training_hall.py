"""Start-up of the training hall: a warm start shows the login without waiting for its
background platform (started only once the login is on screen), the window's sync copes
with the platform coming up afterwards (no error for the clerk: it connects, then it is
online), a platform that cannot be started is reported to the clerk, and the day's sample
appointment and pre-application are the training platform's, once however often it starts,
brought to the window by the arrivals feed, and the day's sample problem case reaches the
supervisor's 问题办件 the way a real one does, once a day, and can be resolved there."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.config import Config, load_config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.auth import Accounts
from counter_app.services.problems import problem_cases
from counter_app.store.arrivals import arrivals_on
from counter_app.store.database import open_store
from sync.credential import load_identity
from sync.engine import SyncEngine
from sync.feeds import DEFAULT_FEEDS
from sync.problems import compare, resolve
from tests.ui.conftest import login
from ui.app import RunningApp, build
from ui.training_hall import TrainingHall

pytestmark = pytest.mark.integration

# A platform that has started but does not serve yet, for as long as the test needs; its
# other commands (the day's samples, on its database) run as ever.
NOT_SERVING_YET = [
    sys.executable,
    "-c",
    "import runpy, signal, sys\n"
    "if sys.argv[1] == 'serve':\n"
    "    signal.pause()\n"
    "runpy.run_module('central.cli', run_name='__main__')",
]


@pytest.fixture
def warm_home(tmp_path: Path) -> Home:
    """A training home started once before: sample data in, enrolled with its platform."""
    home = Home(tmp_path / "home").claim(training=True)
    first = TrainingHall(home)
    try:
        store = open_store(home, first.prepare(load_config(home)))
        first.launch_platform()
        try:
            first.finish_on_worker(store)
        finally:
            store.close()
    finally:
        first.stop()
    assert load_identity(home) is not None
    return home


@pytest.fixture
def hall(warm_home: Home) -> Iterator[TrainingHall]:
    started = TrainingHall(warm_home)
    yield started
    started.stop()
    assert started.process is None


def open_window(qtbot, hall: TrainingHall, config: Config) -> tuple[RunningApp, list, list]:
    """The window on screen (its login painted); what its sync reported and the errors it
    showed the clerk, from before it was shown."""
    running = build(hall.home, config, "zh", training=hall, reader=SimulatedReader(use_pty=False))
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    statuses: list = []
    running.window.sync_bridge.changed.connect(statuses.append)
    errors: list[str] = []
    running.session.error.connect(errors.append)
    with qtbot.waitSignal(running.window.ready, timeout=30_000):
        running.window.show()
    return running, statuses, errors


def test_login_shows_before_the_platform_serves(qtbot, hall: TrainingHall, monkeypatch) -> None:
    monkeypatch.setattr(TrainingHall, "_central_command", lambda _self: NOT_SERVING_YET)
    config = hall.prepare(load_config(hall.home))
    assert hall.process is None  # nothing started before the login: its address is known
    running, statuses, errors = open_window(qtbot, hall, config)
    try:
        assert running.window.login.username.isEnabled()
        # Started beside the login (it never serves here), from the window's main thread.
        qtbot.waitUntil(lambda: hall.process is not None, timeout=30_000)
        assert hall.process is not None and hall.process.poll() is None
        # The sync process's first run waits on the platform: syncing, no error shown.
        button = running.window.sync_button
        qtbot.waitUntil(lambda: "同步中" in button.text(), timeout=60_000)
        assert [s.last_error_code for s in statuses if s.last_error_code] == []
        assert button.property("problem") is False
        assert errors == []
    finally:
        hall.stop()  # first: the sync run waiting on it ends at once
        running.window.hide()
        running.stop()


def test_sync_goes_online_once_the_platform_is_up(qtbot, hall: TrainingHall) -> None:
    config = hall.prepare(load_config(hall.home))
    running, statuses, errors = open_window(qtbot, hall, config)
    try:
        qtbot.waitUntil(lambda: any(s.connectivity == "online" for s in statuses), timeout=60_000)
        assert [s.last_error_code for s in statuses if s.last_error_code] == []
        assert errors == []
        # The platform's log is owner-only, as the home's other logs, whatever the umask.
        assert (hall.platform_dir / "central.log").stat().st_mode & 0o777 == 0o600
    finally:
        running.window.hide()
        running.stop()


def test_a_platform_that_cannot_start_is_reported_to_the_clerk(
    qtbot, hall: TrainingHall, monkeypatch, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-dir" / "counter-central"
    monkeypatch.setattr(TrainingHall, "_central_command", lambda _self: [str(missing)])
    config = hall.prepare(load_config(hall.home))
    running, _statuses, errors = open_window(qtbot, hall, config)
    try:
        assert running.window.login.username.isEnabled()  # the window itself works

        # Said when it would start; its commands for the day's samples fail too, said plainly.
        def said(words: str) -> bool:
            return any(words in e and str(missing) in e for e in errors)

        qtbot.waitUntil(lambda: said("培训用中心平台没有启动"), timeout=30_000)
        qtbot.waitUntil(lambda: said("培训用中心平台的 catalog 没有完成"), timeout=30_000)
        assert hall.process is None
    finally:
        running.window.hide()
        running.stop()


def test_the_sample_arrivals_are_the_training_platforms_and_come_by_the_feed(
    qtbot, hall: TrainingHall
) -> None:
    config = hall.prepare(load_config(hall.home))

    def cached() -> list[tuple[str, str | None]]:
        with open_store(hall.home, config) as store:
            return sorted((a.kind, a.appointment_no) for a in arrivals_on(store, hall_today()))

    assert cached() == []  # the first start put them on the platform, not in the window
    running, _statuses, errors = open_window(qtbot, hall, config)
    try:
        login(qtbot, running)
        # The second start booked nothing twice: one appointment, the day's first.
        qtbot.waitUntil(lambda: len(cached()) == 2, timeout=60_000)
        assert cached() == [("appointment", f"A{hall_today():%m%d}001"), ("preapp", None)]
        intake = running.window.intake
        qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
        running.reader.place("resident_rare")  # 陈𪚥, the sample appointment's holder
        # The platform knows the appointment: its holder gets a priority ticket.
        qtbot.waitUntil(lambda: "优先号" in intake.arrival_banner.text(), timeout=30_000)
        assert intake.arrival_banner.text().endswith(" · 优先号 Y001")
        assert errors == []
    finally:
        running.window.hide()
        running.stop()


def test_each_day_starts_with_one_sample_problem_case_to_resolve(tmp_path: Path) -> None:
    """The first start of the day leaves one case the platform keeps in conflict (a version 2
    this PC sent before a restore, another one written after it): after the first sync it is
    the supervisor's one problem case, the platform's version beside the local one, the phone
    marked as differing. A second start the same day makes no second one; resolved, it leaves
    the list with the next sync."""
    home = Home(tmp_path / "home").claim(training=True)
    for start in ("first", "second"):
        hall = TrainingHall(home)
        try:
            config = hall.prepare(load_config(home))
            hall.launch_platform()
            with open_store(home, config) as store:
                hall.finish_on_worker(store)
                SyncEngine(home, config, store, DEFAULT_FEEDS).run_once()
                (problem,) = problem_cases(store, today=hall_today())
                assert (problem.local, problem.sync_state, problem.problem.reason) == (
                    True,
                    "conflict",
                    "content_differs",
                ), start
                assert (problem.state, problem.item_name) == ("accepted", "上海市居住证签注")
                kept = json.loads(hall.run_central("conflicts", "--json"))["conflicts"]
                assert [(c["case_no"], c["data_version"]) for c in kept] == [(problem.case_no, 2)]
                if start == "first":
                    continue
                side = compare(store, problem.case_no)
                assert (side.own, side.local_version, side.platform_version) == (True, 2, 2)
                differing = {row.path for row in side.rows if row.differs}
                assert "applicant.phone" in differing
                supervisor = Accounts(store).get("super01")
                resolve(store, supervisor, problem.case_no, "adopt", "以平台版本为准")
                SyncEngine(home, config, store, DEFAULT_FEEDS).run_once()
                assert problem_cases(store, today=hall_today()) == []
                adopted = store.db.execute(
                    "SELECT data_version, sync_state FROM cases WHERE case_id = ?",
                    (problem.case_id,),
                ).fetchone()
                assert tuple(adopted) == (3, "synced")
        finally:
            hall.stop()
