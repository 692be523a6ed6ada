"""The supervisor's hall queue tab in the real window, with a real platform: a second
workstation of the same hall syncs a case, and it shows up in this window's queue once the
feed arrived; opening it shows its history from the platform; its unpaid fee and, once the
back office is done, its ready result are flagged. A clerk gets no such tab."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import open_store
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.backlog import seed_cases
from tests.sync.conftest import enrol_home, make_engine
from tests.ui.conftest import SUPERVISOR, login
from ui.app import RunningApp, build
from ui.column_fit import FREE_MIN_WIDTH
from ui.hall_queue import HallHistoryDialog, HallQueueScreen
from ui.i18n import install_language

pytestmark = pytest.mark.integration


def other_window_case(
    tmp_path: Path, central: RunningCentral, hall: str, *, with_fee: bool = False
) -> str:
    """A case taken and synced at window W02 of ``hall`` (another workstation); its number.
    ``with_fee``: taken through intake for an item with a fee, not paid yet."""
    home = Home(tmp_path / "home-w02").ensure()
    home.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    config = enrol_home(home, central, hall, "W02")
    store = open_store(home, config)
    try:
        if with_fee:
            ensure_bundled_catalog(store)
            ensure_bundled_calendar(store)
            item = item_named(store, "上海市居住证卡补领、换领")
            clerk = User("clerk2", "窗口二", "clerk", None, False)
            case_no = intake.accept(store, request_for(item, complete_marks(item)), clerk).case_no
        else:
            (seeded,) = seed_cases(store, 1, hall=hall, window="W02")
            case_no = seeded.case_no
        assert make_engine(home, config, store).run_once().pushed == 1
    finally:
        store.close()
    return case_no


def test_a_second_windows_case_shows_in_the_supervisors_queue(
    qtbot, tmp_path: Path, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window, SUPERVISOR)
    queue = window.hall_queue
    assert queue is not None
    assert window.work.indexOf(queue) >= 0
    window.work.setCurrentWidget(queue)  # a hidden tab is read only when shown

    def listed() -> list[str]:
        return [row.case_no for row in queue.model.rows]

    qtbot.waitUntil(lambda: queue.shown_at != (-1, -1), timeout=20_000)  # the sign-in's read
    case_no = other_window_case(tmp_path, central, window.session.config.hall.hall_code)
    assert case_no not in listed()
    # The next sync run pulls the feed and the tab refreshes itself: no F5 pressed.
    enrolled_window.session.sync_now_requested.emit()
    qtbot.waitUntil(lambda: case_no in listed(), timeout=60_000)
    assert case_no in listed()
    row = next(r for r in queue.model.rows if r.case_no == case_no)
    assert (row.window_code, row.sync_state, row.local) == ("W02", "synced", False)
    column = queue.model.COLUMNS.index("window_code")
    index = queue.model.index(queue.model.rows.index(row), column)
    assert queue.model.data(index) == "W02"

    # Search narrows it to that case.
    queue.query.setText(case_no)
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        queue.query.returnPressed.emit()
    assert listed() == [case_no]

    # Opening it asks the platform for its history.
    dialog = queue.open_case(row)
    assert isinstance(dialog, HallHistoryDialog)
    qtbot.waitUntil(lambda: bool(dialog.entries), timeout=20_000)
    assert [(e.kind, e.state) for e in dialog.entries] == [("version", "accepted")]
    assert dialog.table.rowCount() == 1
    dialog.close()


def test_another_windows_unpaid_fee_and_ready_result_are_flagged(
    qtbot, tmp_path: Path, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window, SUPERVISOR)
    queue = window.hall_queue
    assert queue is not None
    window.work.setCurrentWidget(queue)  # a hidden tab is read only when shown
    qtbot.waitUntil(lambda: queue.shown_at != (-1, -1), timeout=20_000)
    hall = window.session.config.hall.hall_code
    case_no = other_window_case(tmp_path, central, hall, with_fee=True)
    flags_column = queue.model.COLUMNS.index("flags")

    def flags_shown() -> str | None:
        for number, row in enumerate(queue.model.rows):
            if row.case_no == case_no:
                return queue.model.data(queue.model.index(number, flags_column))
        return None

    enrolled_window.session.sync_now_requested.emit()
    qtbot.waitUntil(lambda: flags_shown() == "待缴费", timeout=60_000)

    # Paid on the payment platform, decided and ready at the hall: the next feed says so.
    central.cli("payment", "confirm", f"JF-{case_no}")
    central.cli("progress", case_no, "--to", "completed_approved")
    central.cli("progress", case_no, "--to", "result_ready")
    enrolled_window.session.sync_now_requested.emit()
    qtbot.waitUntil(lambda: flags_shown() == "结果待领取", timeout=60_000)


def test_a_clerk_gets_no_hall_queue(qtbot, running: RunningApp) -> None:
    window = running.window
    login(qtbot, running)
    assert window.hall_queue is None
    titles = [window.work.tabText(i) for i in range(window.work.count())]
    assert not any("大厅队列" in title for title in titles)
    window.sign_out()
    login(qtbot, running, SUPERVISOR)
    assert window.hall_queue is not None
    window.sign_out()
    assert window.hall_queue is None
    assert window.work.count() == 2


@contextmanager
def english_queue(
    qtbot, seeded_home: tuple[Home, Config], width: int, height: int
) -> Iterator[tuple[RunningApp, HallQueueScreen]]:
    """The window in English at ``width``×``height``, a supervisor signed in, the hall
    queue shown with the training hall's sample cases."""
    home, config = seeded_home
    app = build(home, config, "en", reader=SimulatedReader(use_pty=False))
    app.crash.uninstall()
    qtbot.addWidget(app.window)
    try:
        app.window.resize(width, height)
        app.window.show()
        login(qtbot, app, SUPERVISOR)
        queue = app.window.hall_queue
        assert queue is not None
        app.window.work.setCurrentWidget(queue)
        qtbot.waitUntil(lambda: len(queue.model.rows) >= 3, timeout=20_000)  # the samples
        yield app, queue
    finally:
        app.window.hide()
        app.stop()
        install_language("zh")


def whole(queue: HallQueueScreen, key: str) -> bool:
    """Whether column ``key`` is at least as wide as its widest cell (nothing of it cut)."""
    column = queue.model.COLUMNS.index(key)
    width = queue.table.horizontalHeader().sectionSize(column)
    return width >= queue.table.sizeHintForColumn(column)


def test_case_numbers_show_whole_at_1366_wide_in_english(
    qtbot, seeded_home: tuple[Home, Config]
) -> None:
    """The case number (long, alike at its start) and the state show whole; the item's name
    and the flags share what is left, on one line, elided at the right, and the table needs
    no sideways scrolling."""
    with english_queue(qtbot, seeded_home, 1366, 768) as (_app, queue):
        header = queue.table.horizontalHeader()
        columns = queue.model.COLUMNS
        qtbot.waitUntil(lambda: whole(queue, "case_no") and whole(queue, "state"), timeout=10_000)
        item = columns.index("item_name")
        assert header.sectionSize(item) >= FREE_MIN_WIDTH
        assert header.length() <= queue.table.viewport().width()
        option = QStyleOptionViewItem()
        queue.table.itemDelegateForColumn(item).initStyleOption(option, queue.model.index(0, item))
        assert option.textElideMode == Qt.TextElideMode.ElideRight
        assert not option.features & QStyleOptionViewItem.ViewItemFeature.WrapText


def test_every_column_shows_whole_at_1920_wide_in_english(
    qtbot, seeded_home: tuple[Home, Config]
) -> None:
    """Where the screen has room, the free-text columns show whole too; back at 1366 the
    case number stays whole (ui/column_fit.py)."""
    with english_queue(qtbot, seeded_home, 1920, 1080) as (app, queue):
        keys = queue.model.COLUMNS
        qtbot.waitUntil(lambda: all(whole(queue, key) for key in keys), timeout=10_000)
        header = queue.table.horizontalHeader()
        app.window.resize(1366, 768)
        qtbot.waitUntil(lambda: header.length() <= queue.table.viewport().width(), timeout=10_000)
        assert whole(queue, "case_no") and whole(queue, "state")
