"""Cyclic garbage is collected on the GUI thread only while a window runs: a worker that
frees a closed dialog's Qt objects would deadlock with the GUI thread deleting widgets."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from ui.app import RunningApp
from ui.gui_thread_gc import GuiThreadCollector, collect_due


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The thread of every collection that starts meanwhile."""
    threads: list[str] = []

    def started(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(started)
    yield threads
    gc.callbacks.remove(started)


def test_a_worker_that_makes_garbage_never_collects_it(
    qtbot, running: RunningApp, collections: list[str]
) -> None:
    finished: list[bool] = []

    def make_garbage(_ws: object) -> int:
        # Far past every generation's threshold: the automatic collector would run here.
        for _ in range(50 * gc.get_threshold()[0]):
            _Cycle()
        return threading.get_ident()

    running.session.worker.submit(make_garbage, lambda _ident: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    main = threading.main_thread().name
    qtbot.waitUntil(lambda: main in collections, timeout=20_000)  # the GUI thread's timer
    assert set(collections) == {main}


def test_the_automatic_collector_is_back_once_the_last_window_stopped(qapp) -> None:
    first, second = GuiThreadCollector(), GuiThreadCollector()
    first.start()
    second.start()
    try:
        assert not gc.isenabled()
        first.stop()
        assert not gc.isenabled()
    finally:
        first.stop()
        second.stop()
    assert gc.isenabled()


def test_a_due_generation_is_collected(qapp) -> None:
    collector = GuiThreadCollector()
    collector.start()
    try:
        gc.collect()
        cycle = _Cycle()
        gone = weakref.ref(cycle)
        del cycle
        for _ in range(gc.get_threshold()[0] + 1):
            _Cycle()
        assert gone() is not None  # the automatic collector is off
        assert collect_due() > 0
        assert gone() is None
    finally:
        collector.stop()
