"""The supervisor's list and figure tabs read when they are shown: a tab nobody sees is not
refilled when a sync run reports (ui/hall_queue.py, ui/case_list.py), and 日结 and the
statistics, shown after a case was taken, show the new figures with the time they were read
(ui/end_of_day.py, ui/statistics.py, wired in ui/role_tabs.py). A list cut at its limit
says so, and a search finding nothing in the hall queue says what it can find."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.identity.simulator import SimulatedReader
from counter_app.store.cases import LIST_LIMIT
from counter_app.store.database import open_store
from sync.status import SyncStatus
from tests.sync.backlog import seed_cases
from tests.ui.conftest import SUPERVISOR, login, training_home, window_on
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted
from ui.app import RunningApp
from ui.end_of_day import EndOfDayScreen
from ui.hall_queue import HallQueueScreen

ONLINE = SyncStatus(connectivity="online", enrolled=True)


def idle(qtbot, app: RunningApp) -> None:
    qtbot.waitUntil(lambda: app.session.worker.pending == 0, timeout=20_000)


def supervisor_on(qtbot, app: RunningApp, tab: str) -> Any:
    """The window's ``tab`` (its attribute) shown to a supervisor, once it has read."""
    login(qtbot, app, SUPERVISOR)
    screen = getattr(app.window, tab)
    assert screen is not None
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        app.window.work.setCurrentWidget(screen)
    return screen


def take_a_case(qtbot, app: RunningApp, monkeypatch) -> None:
    """The supervisor accepts a case at the intake (no platform: it stays unsynced)."""
    app.window.work.setCurrentWidget(app.window.intake)
    accept_from_card(qtbot, app, monkeypatch, sign_in=False)
    leave_preview_unprinted(app.window.intake)


def test_a_hidden_hall_queue_is_not_refilled_by_a_sync_report_and_is_filled_when_shown(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running, SUPERVISOR)
    window = running.window
    queue = window.hall_queue
    assert queue is not None
    fills: list[int] = []
    queue.loaded.connect(fills.append)
    idle(qtbot, running)
    window.sync_bridge.publish(ONLINE)  # a sync run reports while the tab is hidden
    idle(qtbot, running)
    assert fills == [] and queue.model.rows == []  # nothing read, nothing refilled

    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        window.work.setCurrentWidget(queue)
    assert len(queue.model.rows) >= 3  # the training hall's sample cases
    window.sync_bridge.publish(ONLINE)  # shown, nothing changed: one small query only
    idle(qtbot, running)
    assert len(fills) == 1


def test_end_of_day_shown_after_a_case_was_taken_reads_the_figures_again(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    screen: EndOfDayScreen = supervisor_on(qtbot, running, "end_of_day")
    window = running.window
    assert screen.report is not None and screen.as_of.text().startswith("统计时间 ")
    waiting = len(screen.report.unacknowledged)

    take_a_case(qtbot, running, monkeypatch)
    fills: list[None] = []
    screen.loaded.connect(lambda: fills.append(None))
    window.sync_bridge.publish(ONLINE)  # hidden: not read for nobody
    idle(qtbot, running)
    assert fills == []

    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        window.work.setCurrentWidget(screen)
    assert len(screen.report.unacknowledged) == waiting + 1
    assert f"{waiting + 1} 件办件平台尚未确认" in screen.status.text()


def test_statistics_shown_while_a_sync_run_reports_follow_a_changed_case(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    login(qtbot, running, SUPERVISOR)
    window = running.window
    screen = window.statistics
    assert screen is not None and screen.stats is None  # nothing read while hidden
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        window.work.setCurrentWidget(screen)
    assert screen.stats is not None and screen.as_of.text().startswith("统计时间 ")
    cases = screen.stats.cases

    take_a_case(qtbot, running, monkeypatch)
    window.work.setCurrentWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        window.sync_bridge.publish(ONLINE)
    assert screen.stats.cases == cases + 1


def test_the_hall_queue_says_what_a_search_finding_nothing_can_find(
    qtbot, running: RunningApp
) -> None:
    queue: HallQueueScreen = supervisor_on(qtbot, running, "hall_queue")
    queue.query.setText("clerk3")  # the hall's clerks are clerk30 … clerk39: no exact match
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        queue.refresh()
    assert queue.model.rows == []
    text = queue.count.text()
    assert "未找到与“clerk3”相符的办件" in text and "受理人的完整账号" in text


@pytest.fixture
def busy_day(qtbot, tmp_path: Path) -> Iterator[RunningApp]:
    """The real window on a training home holding more cases of today than a list reads."""
    home, config = training_home(tmp_path / "home")
    store = open_store(home, config)
    try:
        now = datetime.now(UTC)
        seed_cases(store, LIST_LIMIT + 1, hall=config.hall.hall_code, at=now)
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        yield app


def test_a_case_list_cut_at_its_limit_says_so_and_a_hidden_one_waits_to_be_shown(
    qtbot, busy_day: RunningApp
) -> None:
    login(qtbot, busy_day)
    window = busy_day.window
    cases = window.cases
    window.work.setCurrentWidget(cases)
    qtbot.waitUntil(lambda: len(cases.model.rows) == LIST_LIMIT, timeout=30_000)
    assert cases.count.text() == f"显示最新的 {LIST_LIMIT} 件；请用查找或状态缩小范围"

    window.work.setCurrentWidget(window.intake)
    fills: list[int] = []
    cases.loaded.connect(fills.append)
    told: list[None] = []
    cases.changed.connect(lambda: told.append(None))
    cases.shown_at_event = -1  # as if a sync run had changed a case since the rows were read
    cases.refresh_if_changed()
    idle(qtbot, busy_day)
    assert told == [None] and fills == []  # the deferrals' count follows; no rows read
    with qtbot.waitSignal(cases.loaded, timeout=30_000):
        window.work.setCurrentWidget(cases)
    assert told == [None]  # said once
