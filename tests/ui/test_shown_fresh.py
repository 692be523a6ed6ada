"""A tab that follows the hall queue's marker (ui/shown_fresh.py): shown, it reads afresh
only when the marker moved since its rows were read; hidden, or with nobody signed in, it
asks nothing (the hall queue, 日结 and statistics tabs are such tabs)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from ui.end_of_day import EndOfDayScreen
from ui.hall_queue import HallQueueScreen
from ui.shown_fresh import ShownFreshScreen
from ui.statistics import StatisticsScreen


class Worker:
    """Answers at once with the marker the test sets, counting the questions."""

    def __init__(self) -> None:
        self.marker = (1, 1)
        self.asked = 0

    def submit(
        self, job: Callable[[Any], Any], done: Callable[[Any], None], _failed: Any, name: str
    ) -> None:
        assert name == "hall_queue_marker"
        self.asked += 1
        done(job(SimpleNamespace(hall_queue_marker=lambda: self.marker)))


class Tab(ShownFreshScreen):
    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session
        self.reads = 0

    def refresh(self) -> None:
        self.reads += 1
        self.shown_at = self.session.worker.marker


def test_a_tab_reads_again_only_when_shown_and_the_marker_moved(qtbot) -> None:
    worker = Worker()
    tab = Tab(SimpleNamespace(username="chief1", worker=worker, report_error=print))
    qtbot.addWidget(tab)

    tab.refresh_if_changed()  # hidden: nothing asked
    assert (worker.asked, tab.reads) == (0, 0)
    tab.show()  # first shown: never read, so read
    assert (worker.asked, tab.reads) == (1, 1)
    tab.refresh_if_changed()  # a quiet sync run: asked, not read
    assert (worker.asked, tab.reads) == (2, 1)
    tab.hide()
    worker.marker = (2, 1)  # a case taken meanwhile
    tab.show()
    assert (worker.asked, tab.reads) == (3, 2)

    tab.session.username = None  # signed out: nothing asked
    tab.refresh_if_changed()
    assert worker.asked == 3


def test_the_supervisors_figure_and_list_tabs_are_such_tabs() -> None:
    assert all(
        issubclass(screen, ShownFreshScreen)
        for screen in (HallQueueScreen, EndOfDayScreen, StatisticsScreen)
    )
