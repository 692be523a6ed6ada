"""The supervisor's 日结 tab in the real window: the day's figures with this window flagged
while its cases are unsynced, each unacknowledged case with its last sync error, and the
sign-off confirmed with the supervisor's password (a wrong one refused in the dialog), then
archived and queued for the platform. A clerk gets no such tab."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.evaluations import record_evaluation
from counter_app.store import payment_writes
from counter_app.store.database import open_store
from counter_app.store.end_of_day import sign_offs_of
from tests.sync.backlog import seed_cases
from tests.sync.damage import forge_name
from tests.ui.conftest import PASSWORD, SUPERVISOR, login, training_home, window_on
from ui.app import RunningApp

DAY = date(2026, 11, 27)  # the seeded cases' day


@pytest.fixture
def day_to_close(qtbot, tmp_path: Path) -> Iterator[tuple[RunningApp, list[str], Home]]:
    """The real window on a training home holding two cases of ``DAY`` not synced yet."""
    home, config = training_home(tmp_path / "home")
    store = open_store(home, config)
    try:
        cases = seed_cases(store, 2, hall=config.hall.hall_code, window=config.hall.window_code)
        with store.transaction() as db:  # one owes a fee of 20.00 yuan
            payment_writes.record_payment_due(
                db, case_id=cases[0].case_id, fee_cents=2000, reference=f"JF-{cases[0].case_no}"
            )
        # The other's applicant declined to rate it, that day: no rating, and no bad one.
        declined_at = datetime(DAY.year, DAY.month, DAY.day, 3, tzinfo=UTC)
        record_evaluation(store, cases[1].case_id, None, actor=SUPERVISOR, now=declined_at)
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        yield app, [c.case_no for c in cases], home


def test_supervisor_reviews_and_signs_the_day_off(
    qtbot, day_to_close: tuple[RunningApp, list[str], Home]
) -> None:
    app, numbers, home = day_to_close
    window = app.window
    login(qtbot, app, SUPERVISOR)
    screen = window.end_of_day
    assert screen is not None and window.work.indexOf(screen) >= 0
    window.work.setCurrentWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.day.setDate(QDate(DAY.year, DAY.month, DAY.day))

    code = window.session.config.hall.window_code
    first = screen.windows.item(0, 0).text()
    assert first.startswith(code) and "未同步" in first  # flagged, not hidden
    accepted, unsynced = (screen.windows.item(0, c).text() for c in (1, 11))
    assert (accepted, unsynced) == ("2", "2")
    assert screen.windows.item(screen.windows.rowCount() - 1, 0).text().startswith("全大厅")
    fees = {
        screen.windows.horizontalHeaderItem(c).text(): screen.windows.item(0, c).text()
        for c in range(screen.windows.columnCount())
    }
    assert fees["评价（差评）"] == "0（0）"
    assert (fees["应缴"], fees["已缴"], fees["待缴"]) == (
        "1（20.00 元）",
        "0（0.00 元）",
        "1（20.00 元）",
    )
    listed = sorted(
        screen.unacknowledged.item(r, 0).text() for r in range(screen.unacknowledged.rowCount())
    )
    assert listed == sorted(numbers)
    assert screen.unacknowledged.item(0, 3).text() == "尚未发送（等待下次同步）"
    assert "2 件办件平台尚未确认" in screen.status.text()

    dialog = screen.ask_sign_off()
    assert dialog.username.text() == SUPERVISOR
    dialog.password.setText("wrong-password")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    assert dialog.isVisible()

    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(screen.signed, timeout=30_000) as signed:
        dialog.buttons.accepted.emit()
    sign_off_id = signed.args[0]
    assert not dialog.isVisible()
    assert "已签署" in screen.status.text()

    # Signing again is said before the password, at once and once the day is read again,
    # which says who signed it off.
    again = screen.ask_sign_off()
    assert any("再次签署将另存一份报表" in label.text() for label in again.findChildren(QLabel))
    again.reject()
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.refresh()
    assert f"本日已由 {SUPERVISOR} 于" in screen.status.text() and "共 1 次" in screen.status.text()

    store = open_store(home, window.session.config)
    try:
        ((row, delivered_at),) = sign_offs_of(store, DAY)
        assert (row.sign_off_id, row.signed_by, row.reconciled) == (
            sign_off_id,
            SUPERVISOR,
            False,
        )
        assert delivered_at is None and Path(row.pdf_path).is_file()
        assert sorted(json.loads(row.summary)["unacknowledged"]) == sorted(numbers)
    finally:
        store.close()


def test_a_clerk_gets_no_end_of_day_tab(qtbot, running: RunningApp) -> None:
    window = running.window
    login(qtbot, running)
    assert window.end_of_day is None
    assert not any("日结" in window.work.tabText(i) for i in range(window.work.count()))
    window.sign_out()
    login(qtbot, running, SUPERVISOR)
    assert window.end_of_day is not None
    window.sign_out()
    assert window.end_of_day is None


def test_a_day_to_come_is_not_called_reconciled(qtbot, running: RunningApp) -> None:
    login(qtbot, running, SUPERVISOR)
    screen = running.window.end_of_day
    assert screen is not None
    tomorrow = hall_today() + timedelta(days=1)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert screen.status.text() == "该日尚未到来：没有可对账的办件，也不能日结。"


def test_the_tab_shows_the_figures_then_names_a_case_whose_record_was_altered(
    qtbot, day_to_close: tuple[RunningApp, list[str], Home]
) -> None:
    app, numbers, home = day_to_close
    with open_store(home, app.session.config) as store:
        (case_id,) = store.db.execute(
            "SELECT case_id FROM cases WHERE case_no = ?", (numbers[0],)
        ).fetchone()
        forge_name(store, case_id, "王五")
    login(qtbot, app, SUPERVISOR)
    screen = app.window.end_of_day
    assert screen is not None
    app.window.work.setCurrentWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.day.setDate(QDate(DAY.year, DAY.month, DAY.day))
    assert screen.report is not None and screen.report.records_checked
    assert [a.case_no for a in screen.report.altered] == [numbers[0]]
    assert f"本机记录被改动或删除，与加密封存的版本不符：{numbers[0]}" in screen.status.text()
    assert "正在核对" not in screen.status.text()
