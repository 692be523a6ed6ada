"""The supervisor's problems tab in the real window, with a real platform and a second
workstation of the same hall: W02's conflicting case shows up with the platform's reason;
opening it puts W02's and the platform's version side by side (masked); voiding it sends an
instruction ("waiting for W02") that W02 carries out at its next sync, after which the case
leaves this window's list. A clerk gets no such tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.hall_queue import sync_problem
from counter_app.services.problems import ProblemCase
from counter_app.store.database import Store, open_store
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.sync.backlog import SeededCase
from tests.sync.conftest import enrol_home, make_engine
from tests.sync.damage import conflicting_case
from tests.ui.conftest import SUPERVISOR, login
from ui.app import RunningApp
from ui.hall_queue import HallQueueScreen
from ui.problems import ProblemsScreen

pytestmark = pytest.mark.integration


@pytest.fixture
def window_w02(
    tmp_path: Path, central: RunningCentral, enrolled_window: RunningApp
) -> Iterator[tuple[Home, Config, Store, SeededCase]]:
    """W02 of the window's hall, with a case the platform holds in conflict."""
    home = Home(tmp_path / "home-w02").ensure()
    home.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    config = enrol_home(home, central, enrolled_window.session.config.hall.hall_code, "W02")
    store = open_store(home, config)
    try:
        yield home, config, store, conflicting_case(home, config, store)
    finally:
        store.close()


def _listed(screen: ProblemsScreen) -> list[tuple[str, str]]:
    return [(c.case_no, c.instruction.state if c.instruction else "") for c in screen.cases]


def test_a_supervisor_voids_another_windows_conflict_from_the_problems_tab(
    qtbot, enrolled_window: RunningApp, window_w02: tuple[Home, Config, Store, SeededCase]
) -> None:
    home_b, config_b, store_b, theirs = window_w02
    window = enrolled_window.window
    login(qtbot, enrolled_window, SUPERVISOR)
    screen = window.problems
    assert screen is not None and window.work.indexOf(screen) >= 0

    # The next sync brings W02's problem; the tab refreshes itself.
    enrolled_window.session.sync_now_requested.emit()
    qtbot.waitUntil(lambda: (theirs.case_no, "") in _listed(screen), timeout=60_000)
    assert not screen.empty.isVisibleTo(screen)  # the empty tab's hint goes with the case
    assert window.work.tabText(window.work.indexOf(screen)).startswith("问题办件 (1)")
    row = [c.case_no for c in screen.cases].index(theirs.case_no)
    assert screen.table.item(row, 1).text() == "W02"
    assert "内容不同" in screen.table.item(row, 4).text()

    dialog = screen.open_case(screen.cases[row])
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        pass
    assert dialog.comparison is not None
    shown = [
        dialog.fields.item(r, c).text() for r in range(dialog.fields.rowCount()) for c in range(3)
    ]
    assert theirs.id_number not in shown and theirs.phone not in shown
    differing = [
        dialog.fields.item(r, 0).text()
        for r in range(dialog.fields.rowCount())
        if dialog.fields.item(r, 1).background().color().name() == "#fff1c2"
    ]
    assert differing == ["备注"]

    dialog.void.click()  # no reason yet: asked for one, nothing sent
    assert "原因" in dialog.status.text()
    dialog.reason.setText("重复受理")
    with qtbot.waitSignal(dialog.resolved, timeout=20_000):
        dialog.void.click()
    assert "等待 W02 执行" in dialog.status.text()
    qtbot.waitUntil(lambda: (theirs.case_no, "issued") in _listed(screen), timeout=20_000)
    row = [c.case_no for c in screen.cases].index(theirs.case_no)
    assert "等待 W02 执行（作废）" in screen.table.item(row, 5).text()
    dialog.close()

    assert make_engine(home_b, config_b, store_b).run_once().instructions == 1
    state = store_b.db.execute(
        "SELECT state FROM cases WHERE case_id = ?", (theirs.case_id,)
    ).fetchone()[0]
    assert state == "voided"
    enrolled_window.session.sync_now_requested.emit()
    qtbot.waitUntil(lambda: not screen.cases, timeout=60_000)
    assert screen.count.text() == "共 0 件"
    assert screen.empty.isVisibleTo(screen)
    assert "(" not in window.work.tabText(window.work.indexOf(screen))


def _problem_case(case_no: str) -> ProblemCase:
    problem = sync_problem("conflict", "content_differs", "内容不同", "differs")
    return ProblemCase(
        f"id-{case_no}", case_no, "W01", "clerk01", None, "accepted", "conflict", None, True,
        problem, None,
    )  # fmt: skip


def test_the_chosen_row_stays_on_its_case_when_the_list_refreshes(
    qtbot, running: RunningApp
) -> None:
    """The list refreshes with every sync: the case chosen stays chosen when another comes
    ahead of it, and nothing is chosen once it is gone (Enter then opens nothing)."""
    login(qtbot, running, SUPERVISOR)
    screen = running.window.problems
    assert screen is not None
    first, second, third = (_problem_case(f"W01-000{n}") for n in (1, 2, 3))
    screen._show([first, second])
    screen.table.selectRow(1)
    screen._show([third, first, second])
    assert screen.cases[screen.table.currentRow()] == second
    screen._show([first, third])
    assert screen.table.currentRow() == -1


def test_an_empty_problems_tab_says_there_is_nothing_to_resolve(qtbot, running: RunningApp) -> None:
    login(qtbot, running, SUPERVISOR)
    screen = running.window.problems
    assert screen is not None
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.refresh()
    assert screen.cases == []
    assert screen.empty.isVisibleTo(screen)
    assert screen.empty.text() == "没有问题办件：平台拒收或冲突的办件会列在这里。"


def test_a_clerk_gets_no_problems_tab(qtbot, running: RunningApp) -> None:
    window = running.window
    login(qtbot, running)
    assert window.problems is None
    window.sign_out()
    login(qtbot, running, SUPERVISOR)
    assert window.problems is not None
    window.sign_out()
    assert window.problems is None


def _supervisor_queue(qtbot, running: RunningApp) -> HallQueueScreen:
    """The hall queue of a supervisor signed in at ``running``, a sync run asked for."""
    login(qtbot, running, SUPERVISOR)
    queue = running.window.hall_queue
    assert queue is not None
    running.window.work.setCurrentWidget(queue)  # a hidden tab is read only when shown
    running.session.sync_now_requested.emit()
    return queue


def test_a_supervisor_reviews_a_case_in_the_hall_queue_and_filters_by_review(
    qtbot, enrolled_window: RunningApp, window_w02: tuple[Home, Config, Store, SeededCase]
) -> None:
    theirs = window_w02[3]
    queue = _supervisor_queue(qtbot, enrolled_window)

    def reviewed(case_no: str) -> str | None:
        for row, entry in enumerate(queue.model.rows):
            if entry.case_no == case_no:
                column = queue.model.COLUMNS.index("review")
                text: str = queue.model.data(queue.model.index(row, column))
                return text
        return None

    qtbot.waitUntil(lambda: reviewed(theirs.case_no) == "已接收", timeout=60_000)
    queue.table.selectRow([e.case_no for e in queue.model.rows].index(theirs.case_no))
    dialog = queue.review_selected()
    assert dialog is not None
    dialog.state.setCurrentIndex(dialog.state.findData("rejected"))
    dialog.submit.click()
    qtbot.waitUntil(lambda: bool(dialog.status.text()), timeout=20_000)
    assert "原因" in dialog.status.text()  # a rejection needs a reason
    dialog.reason.setText("材料与原件不符")
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        dialog.submit.click()
    assert reviewed(theirs.case_no) == "已驳回"

    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        queue.review.setCurrentIndex(queue.review.findData("approved"))
    assert reviewed(theirs.case_no) is None
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        queue.review.setCurrentIndex(queue.review.findData("rejected"))
    assert reviewed(theirs.case_no) == "已驳回"


def test_a_supervisor_approves_the_chosen_cases_of_the_queue_at_once(
    qtbot, enrolled_window: RunningApp, window_w02: tuple[Home, Config, Store, SeededCase]
) -> None:
    """MOSIP's batch: several rows chosen, one dialog, one review each (all or none)."""
    theirs = window_w02[3]
    queue = _supervisor_queue(qtbot, enrolled_window)
    qtbot.waitUntil(lambda: theirs.case_no in [e.case_no for e in queue.model.rows], timeout=60_000)
    assert len(queue.model.rows) >= 2
    queue.table.selectAll()
    dialog = queue.review_selected()
    assert dialog is not None
    count = len(queue.model.rows)
    assert dialog.windowTitle() == f"审核 {count} 件办件"
    listed = dialog.findChild(QLabel, "reviewCases")
    assert listed is not None and theirs.case_no in listed.text()
    dialog.state.setCurrentIndex(dialog.state.findData("approved"))
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        dialog.submit.click()
    column = queue.model.COLUMNS.index("review")
    assert {queue.model.data(queue.model.index(row, column)) for row in range(count)} == {
        "已审核通过"
    }
    session = enrolled_window.session
    with open_store(session.home, session.config) as store:
        audited = store.db.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'review.record'"
        ).fetchone()[0]
    assert audited == count
