"""The supervisor's statistics tab in the real window: today's figures of this workstation's
cases and the hall queue's as labelled charts, a chosen period, and the CSV export through
the save dialog; a clerk gets no such tab. The charts paint without a Qt warning (warnings
fail these tests)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette

from counter_app.config import Config
from counter_app.domain.hall_time import LAST_HALL_DAY, hall_today
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.approval import WrongRole
from counter_app.services.statistics import Period, compute
from counter_app.store import case_plaintext
from counter_app.store.database import open_store
from counter_app.store.hall_queue import upsert_hall_case
from counter_app.store.timestamps import to_text
from tests.services.end_of_day_cases import hall_case
from tests.sync.backlog import seed_cases
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, login, training_home, window_on
from tests.ui.intake_steps import accept_from_card
from ui.app import RunningApp
from ui.charts import BarChart
from ui.core_facade import Workstation
from ui.widgets import chosen_day, show_day


@pytest.fixture
def busy_hall(qtbot, tmp_path: Path) -> Iterator[tuple[RunningApp, int]]:
    """The real window on a training home with two more cases of today here (besides the
    training samples: how many of today's they are comes with it) and one of W09's from the
    hall queue."""
    home, config = training_home(tmp_path / "home")
    store = open_store(home, config)
    try:
        today = hall_today()
        samples = compute(store, Period(today, today)).cases
        seed_cases(
            store,
            2,
            hall=config.hall.hall_code,
            window=config.hall.window_code,
            at=datetime.now(UTC),
        )
        with store.transaction() as db:
            upsert_hall_case(db.conn, hall_case(1, "W09", "refused", datetime.now(UTC)))
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        yield app, samples


def test_a_clerk_has_no_statistics(qtbot, running: RunningApp) -> None:
    login(qtbot, running)
    window = running.window
    assert window.statistics is None
    window._show_statistics()  # Ctrl+T does nothing for a clerk
    assert window.work.currentWidget() is window.intake


def test_supervisor_sees_todays_charts_and_exports_them(
    qtbot, busy_hall: tuple[RunningApp, int], tmp_path: Path
) -> None:
    app, samples = busy_hall
    window = app.window
    login(qtbot, app, SUPERVISOR)
    screen = window.statistics
    assert screen is not None and window.work.indexOf(screen) >= 0
    window.work.setCurrentWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.refresh()

    code = window.session.config.hall.window_code
    assert screen.per_window.bars == ((code, samples + 2), ("W09", 1))
    assert f"{code}: {samples + 2}" in screen.per_window.accessibleDescription()
    assert dict(screen.decisions.bars)["不予受理"] >= 1
    assert f"全大厅 {samples + 3} 件" in screen.summary.text()
    assert not screen.first.isEnabled()  # today: the days follow the choice
    for chart in screen.charts():
        assert not chart.grab().isNull()  # painted (a Qt warning would fail the test)

    dialog = screen.ask_export()
    assert dialog is not None
    target = tmp_path / "today.csv"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(screen.exported, timeout=20_000) as exported:
        dialog.accept()
    assert exported.args == [str(target)]
    assert "已导出到" in screen.summary.text()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert ["各窗口办件", "W09", "1", "cases_per_window", "W09"] in rows
    assert ["统计期间", "起", hall_today().isoformat(), "period", "from"] in rows

    screen.period.setCurrentIndex(screen.period.findData("days"))
    assert screen.first.isEnabled() and screen.last.isEnabled()
    # A period backwards: said where the figures were, and today's figures no longer export.
    show_day(screen.first, hall_today() + timedelta(days=1))
    screen.refresh()
    assert "请交换两个日期" in screen.summary.text() and not screen.export_button.isEnabled()
    # Days past the calendar's reach cannot be chosen at all.
    show_day(screen.last, date(9999, 12, 31))
    assert chosen_day(screen.last) == LAST_HALL_DAY

    window.sign_out()  # never left for the next person at the counter
    assert window.statistics is None and window.work.indexOf(screen) < 0


def test_a_bar_chart_labels_every_bar_and_says_when_it_has_none(qtbot) -> None:
    chart = BarChart("每小时办件")
    qtbot.addWidget(chart)
    chart.resize(400, 240)
    empty = chart.grab().toImage()
    assert chart.accessibleDescription() == "无数据"
    chart.set_bars([("09", 3), ("10", 7), ("11", 0)])
    assert chart.accessibleDescription() == "09: 3; 10: 7; 11: 0"
    image = chart.grab().toImage()
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    bar_pixels = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if QColor(image.pixel(x, y)) == highlight
    )
    assert bar_pixels > 0 and image != empty

    sideways = BarChart("热门事项", horizontal=True)
    qtbot.addWidget(sideways)
    sideways.set_bars([("一个很长很长很长很长很长的事项名称", 12), ("短", 1)])
    sideways.resize(300, 200)
    assert not sideways.grab().isNull()


def test_the_window_records_when_the_card_was_read(
    qtbot, running: RunningApp, seeded_home: tuple[Home, Config], monkeypatch
) -> None:
    """The handling time's start: the moment the reader gave the card, kept with the case
    (and its synced document) when the clerk decides."""
    before = to_text(datetime.now(UTC))
    case_id = accept_from_card(qtbot, running, monkeypatch)
    home, config = seeded_home
    store = open_store(home, config)
    try:
        read_at, decided_at = store.db.execute(
            "SELECT card_read_at, created_at FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()
        assert before <= read_at < decided_at
        assert case_plaintext.case_document(store, case_id)["card_read_at"] == read_at
    finally:
        store.close()


def test_the_core_gives_the_statistics_to_supervisors_only(tmp_path: Path) -> None:
    """Checked in the core on the user signed in there, not only by hiding the tab."""
    workstation = Workstation.open(*training_home(tmp_path / "home"))
    try:
        today = Period(hall_today(), hall_today())
        workstation.login(CLERK, PASSWORD)
        with pytest.raises(WrongRole):
            workstation.statistics(today)
        workstation.login(SUPERVISOR, PASSWORD)
        stats = workstation.statistics(today)
        workstation.login(CLERK, PASSWORD)
        with pytest.raises(WrongRole):
            workstation.export_statistics(stats, tmp_path / "clerk.csv")
        assert not (tmp_path / "clerk.csv").exists()
        refused = [
            json.loads(e["detail"])["action"]
            for e in workstation.store.audit.entries(limit=1000)
            if e["action"] == "authorisation.refused"
        ]
        assert refused == ["statistics.read", "statistics.export"]
    finally:
        workstation.close()
