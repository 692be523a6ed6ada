"""The supervisor's 日结 and 统计 tabs in the real window say the 一件事 bundles decided, in the
words of the day report and ``stats`` (their cases are in the figures already, each under its
own item): this window's and another window's from the hall queue; on a day without bundles
the line is hidden."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from counter_app.domain.idnumber import check_character
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.database import open_store
from counter_app.store.hall_queue import upsert_hall_case
from tests.services.end_of_day_cases import hall_case
from tests.ui.conftest import CLERK, SUPERVISOR, login, training_home, window_on
from ui.app import RunningApp

DECIDED = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
DAY = date(2026, 11, 26)  # DECIDED's hall day
QUIET_DAY = DAY - timedelta(days=1)  # no bundle decided
FIRST17 = "31010419800101123"


@pytest.fixture
def bundled_day(qtbot, tmp_path: Path) -> Iterator[RunningApp]:
    """The real window on a training home where, on ``DAY``, this window decided a 失业一件事
    (its two cases notified: nothing marked) and W02, from the hall queue, a 失业一件事 of
    two cases and a case alone."""
    home, config = training_home(tmp_path / "home")
    store = open_store(home, config)
    try:
        applicant = ApplicantInput(
            name="张三", id_type="111", id_number=FIRST17 + check_character(FIRST17)
        )
        clerk = User(CLERK, "窗口一", "clerk", None, False)
        decide_bundle(store, BundleRequest("YJS-0001", applicant), clerk, now=DECIDED)
        rows = [
            *(
                replace(
                    hall_case(n, "W02", "accepted", DECIDED),
                    bundle_id="b-1",
                    bundle_name="失业一件事",
                )
                for n in (1, 2)
            ),
            hall_case(3, "W02", "accepted", DECIDED),
        ]
        with store.transaction() as db:
            for row in rows:
                upsert_hall_case(db.conn, row)
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        yield app


def test_the_end_of_day_tab_says_the_bundles_under_the_table(
    qtbot, bundled_day: RunningApp
) -> None:
    window = bundled_day.window
    login(qtbot, bundled_day, SUPERVISOR)
    screen = window.end_of_day
    assert screen is not None
    window.work.setCurrentWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.day.setDate(QDate(DAY.year, DAY.month, DAY.day))

    code = window.session.config.hall.window_code
    assert screen.bundles.isVisible()
    assert screen.bundles.text() == (
        f"一件事：{code} 1 件（含办件 2 件）；W02 1 件（含办件 2 件）；全大厅 2 件（含办件 4 件）\n"
        "一件事的每个办件已按其事项计入上表。"
    )
    # The table's columns are as before: the bundles' cases among its counts, no column more.
    headings = [
        screen.windows.horizontalHeaderItem(c).text() for c in range(screen.windows.columnCount())
    ]
    assert not any("一件事" in heading for heading in headings)
    hall = screen.windows.rowCount() - 1
    assert screen.windows.item(hall, headings.index("受理")).text() == "3"  # W02's

    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.day.setDate(QDate(QUIET_DAY.year, QUIET_DAY.month, QUIET_DAY.day))
    assert screen.bundles.isHidden() and not screen.bundles.text()


def test_the_statistics_tab_says_the_bundles_of_the_period(qtbot, bundled_day: RunningApp) -> None:
    window = bundled_day.window
    login(qtbot, bundled_day, SUPERVISOR)
    screen = window.statistics
    assert screen is not None
    window.work.setCurrentWidget(screen)
    screen.period.setCurrentIndex(screen.period.findData("days"))
    screen.first.setDate(QDate(DAY.year, DAY.month, DAY.day))
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.last.setDate(QDate(DAY.year, DAY.month, DAY.day))

    assert screen.bundles.isVisible()
    assert screen.bundles.text() == (
        "一件事：2 件（含办件 4 件）——失业一件事 2 件（含办件 4 件）\n"
        "一件事的每个办件已按其事项计入下列图表。"
    )
    assert "全大厅 5 件" in screen.summary.text()  # each bundle's case counted once

    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.first.setDate(QDate(QUIET_DAY.year, QUIET_DAY.month, QUIET_DAY.day))
        screen.last.setDate(QDate(QUIET_DAY.year, QUIET_DAY.month, QUIET_DAY.day))
    assert screen.bundles.isHidden() and not screen.bundles.text()
