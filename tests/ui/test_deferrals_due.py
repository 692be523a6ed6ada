"""The supervisor's 容缺到期 tab (Ctrl+D): the deferrals due today (and any overdue) and those
due within the week (the next 7 days, as ``counter-app deferrals --due-within 7``); Enter on
one opens the case, 联系申请人 (Alt+C) shows the applicant's phone (audited). A clerk has no
such tab: following the deferrals up is the supervisor's."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.calendar import working_calendar
from counter_app.store.database import open_store
from tests.services.deferral_cases import deferred_cases_at
from tests.ui.conftest import (
    SUPERVISOR,
    activate,
    login,
    training_home,
    window_on,
    without_sync_process,
)
from ui.app import RunningApp
from ui.deferrals_due import DeferralsDueScreen
from ui.facade_types import DeferralsDue

DUE_IN = {"today": 0, "week": 3, "later": 30}  # days from today to each case's deadline


def _hall_with_deferrals(
    tmp_path: Path, monkeypatch, plan: dict[str, tuple[date, bool]]
) -> tuple[Home, Config, dict[str, tuple[str, str]]]:
    """A training hall (no sync process) with one deferred case per entry of ``plan``:
    label -> (deadline, with a phone); returns each label's (case id, case number)."""
    without_sync_process(monkeypatch)
    home, config = training_home(tmp_path / "home")
    made = deferred_cases_at(home, config, list(plan.values()))
    return home, config, dict(zip(plan, made, strict=True))


def _panel_and_read(qtbot, app: RunningApp) -> tuple[DeferralsDueScreen, DeferralsDue]:
    """The supervisor's deferrals tab and the list as the facade reads it, to show by hand."""
    login(qtbot, app, SUPERVISOR)
    panel = app.window.deferrals
    assert panel is not None
    read: list[DeferralsDue] = []
    app.session.worker.submit(lambda ws: ws.due_deferrals(7), read.append)
    qtbot.waitUntil(lambda: bool(read), timeout=30_000)
    return panel, read[0]


def _case_numbers(table) -> list[str]:
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def test_the_supervisor_sees_the_deferrals_due_today_and_this_week(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    today = hall_today()
    home, config, numbers = _hall_with_deferrals(
        tmp_path,
        monkeypatch,
        {name: (today + timedelta(days=days), True) for name, days in DUE_IN.items()},
    )

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        window = app.window
        login(qtbot, app, SUPERVISOR)
        panel = window.deferrals
        assert panel is not None
        with qtbot.waitSignal(panel.loaded, timeout=30_000):
            qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert window.work.currentWidget() is panel
        due_today, due_this_week = _case_numbers(panel.today), _case_numbers(panel.week)
        assert numbers["today"][1] in due_today
        assert numbers["week"][1] in due_this_week
        assert numbers["week"][1] not in due_today
        shown = due_today + due_this_week
        assert numbers["today"][1] not in due_this_week and numbers["later"][1] not in shown
        label = window.work.tabText(window.work.indexOf(panel))
        assert label.startswith(f"容缺到期 ({len(due_today)})")  # the count, from sign-in
        row = due_today.index(numbers["today"][1])
        assert panel.today.item(row, 5).text() == today.isoformat()
        assert not panel.empty.isVisibleTo(panel)

        # Enter on the row opens the case in the case list's detail.
        panel.today.setFocus()
        panel.today.selectRow(row)
        qtbot.keyClick(panel.today, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.cases.detail is not None, timeout=10_000)
        assert window.cases.detail.case_id == numbers["today"][0]
        assert window.work.currentWidget() is window.cases
        window.cases.detail.close()

        window.sign_out()
        assert window.deferrals is None
        login(qtbot, app)  # the clerk
        assert window.deferrals is None
        assert all("容缺到期" not in window.work.tabText(i) for i in range(window.work.count()))
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert window.work.currentWidget() is window.intake


def test_a_refresh_keeps_the_selection_on_its_case(qtbot, tmp_path: Path, monkeypatch) -> None:
    """The list refreshes with every sync: the row the supervisor chose stays chosen, on the
    same case, when the rows come back in another order."""
    today = hall_today()
    plan = {"first": (today, True), "second": (today, True)}
    home, config, numbers = _hall_with_deferrals(tmp_path, monkeypatch, plan)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        panel, due = _panel_and_read(qtbot, app)
        panel._show(due)
        chosen = _case_numbers(panel.today).index(numbers["first"][1])
        panel.today.selectRow(chosen)
        reordered = replace(due, deferrals=list(reversed(due.deferrals)))
        panel._show(reordered)  # the next refresh, in another order
        assert _case_numbers(panel.today).index(numbers["first"][1]) != chosen
        assert panel._selected_case() == numbers["first"][0]


def test_an_empty_deferrals_tab_says_what_comes_there(qtbot, running) -> None:
    login(qtbot, running, SUPERVISOR)
    panel = running.window.deferrals
    assert panel is not None
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.refresh()
    assert panel.today.rowCount() == 1  # the training hall's sample deferral, due today
    assert not panel.empty.isVisibleTo(panel)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel._show(DeferralsDue(hall_today(), [], frozenset()))  # supplied: nothing due
    assert panel.today.rowCount() == panel.week.rowCount() == 0
    assert panel.empty.isVisibleTo(panel)
    assert panel.week_label.text() == "本周到期（7日内）：0 件"


def _contact_text(qtbot, panel, table, row: int) -> str:
    """Alt+C on ``row`` of ``table``: the text of the dialog it opens (then closed)."""
    activate(qtbot, panel.window())  # the key acts in the active window only
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(panel, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(
        lambda: panel.findChild(QMessageBox, "deferralContactDialog") is not None, timeout=20_000
    )
    dialog = panel.findChild(QMessageBox, "deferralContactDialog")
    text = dialog.text()
    dialog.close()  # deleted on close: the next one is found afresh
    qtbot.waitUntil(
        lambda: panel.findChild(QMessageBox, "deferralContactDialog") is None, timeout=5_000
    )
    return text


def test_the_supervisor_sees_whom_to_call_and_reveals_the_phone_audited(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    today = hall_today()
    home, config, cases = _hall_with_deferrals(
        tmp_path, monkeypatch, {"phone": (today, True), "none": (today, False)}
    )

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        window = app.window
        login(qtbot, app, SUPERVISOR)
        panel = window.deferrals
        assert panel is not None
        with qtbot.waitSignal(panel.loaded, timeout=30_000):
            qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        shown = _case_numbers(panel.today)
        row, bare = shown.index(cases["phone"][1]), shown.index(cases["none"][1])
        # The name in full, as the case list shows it; the phone masked.
        assert [panel.today.item(row, c).text() for c in (1, 4)] == ["张𠮷", "139****0000"]
        assert panel.today.item(bare, 4).text() == "未留"

        text = _contact_text(qtbot, panel, panel.today, row)
        assert "13900000000" in text and "张𠮷" in text and cases["phone"][1] in text
        assert "没有留下手机号码" in _contact_text(qtbot, panel, panel.today, bare)

        with open_store(home, config) as store:
            audited = store.db.execute(
                "SELECT actor, target, detail FROM audit_log WHERE action = 'applicant.reveal'"
                " ORDER BY seq"
            ).fetchall()
        assert [(actor, target, json.loads(detail)) for actor, target, detail in audited] == [
            (SUPERVISOR, cases[label][0], {"purpose": "deferral_due_contact", "fields": ["phone"]})
            for label in ("phone", "none")
        ]


def test_a_deadline_in_a_year_without_a_published_calendar_says_how_it_was_counted(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """As its paper and the progress page do: a deadline counted into a year whose public
    holidays were not published was counted Monday to Friday, and the list says so. (The
    calendar ships with this year's; the list is shown as a hall whose calendar lacks it.)"""
    today = hall_today()
    home, config, numbers = _hall_with_deferrals(tmp_path, monkeypatch, {"due": (today, True)})
    with open_store(home, config) as store:
        years = working_calendar(store).covered_years
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        panel, due = _panel_and_read(qtbot, app)
        assert due.calendar_years == years and today.year in years
        panel._show(due)
        row = _case_numbers(panel.today).index(numbers["due"][1])
        assert panel.today.item(row, 5).text() == today.isoformat()
        panel._show(replace(due, calendar_years=years - {today.year}))
        note = f"{today.year}年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节"
        assert panel.today.item(row, 5).text() == f"{today.isoformat()}（{note}）"
