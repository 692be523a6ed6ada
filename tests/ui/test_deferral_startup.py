"""The window ends overdue 容缺 deferrals on its worker at start-up (the same core function the
sync run and ``counter-app deferrals expire`` call)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.identity.simulator import SimulatedReader
from counter_app.store import cases as case_rows
from counter_app.store import documents as document_rows
from counter_app.store.database import open_store
from tests.services.deferral_cases import deferred_cases_at
from tests.ui.conftest import login, training_home, window_on, without_sync_process


def test_start_up_terminates_an_overdue_deferral(qtbot, tmp_path: Path, monkeypatch) -> None:
    # The window's own worker, not its sync child (whose every run expires too): the child
    # is not started here.
    without_sync_process(monkeypatch)
    home, config = training_home(tmp_path / "home")
    [(overdue, _)] = deferred_cases_at(home, config, [(hall_today() - timedelta(days=1), True)])

    def state() -> str:
        with open_store(home, load_config(home)) as store:
            return case_rows.get_case(store, overdue).state

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)):
        qtbot.waitUntil(lambda: state() == "deferred_terminated", timeout=60_000)


def test_the_termination_notice_comes_up_when_the_clerk_opens_the_ended_case(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Start-up ended the deferral and issued its 终止受理通知书: the list marks the case as not
    printed, Enter on its row opens it and the notice's preview comes up; F9 prints it."""
    without_sync_process(monkeypatch)
    home, config = training_home(tmp_path / "home")
    [(overdue, case_no)] = deferred_cases_at(
        home, config, [(hall_today() - timedelta(days=1), True)]
    )

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases

        def ended() -> bool:
            with open_store(home, load_config(home)) as store:
                return document_rows.unprinted_cases(store, [overdue]) == {overdue}

        qtbot.waitUntil(ended, timeout=60_000)
        cases.query.setText(case_no)
        with qtbot.waitSignal(cases.loaded, timeout=30_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        assert cases.model.rows[0].state == "deferred_terminated"
        assert "回执未打印" in cases.model.data(cases.model.index(0, 4))
        cases.table.setFocus()
        cases.table.selectRow(0)
        qtbot.keyClick(cases.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: cases.detail is not None, timeout=10_000)
        detail = cases.detail
        qtbot.waitUntil(
            lambda: detail.preview is not None and detail.preview.isVisible(), timeout=30_000
        )
        preview = detail.preview
        assert "终止受理通知书" in preview.windowTitle()
        qtbot.waitUntil(lambda: preview.pdf_path.endswith(".pdf"), timeout=60_000)
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(preview, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: preview.printed_once, timeout=30_000)
        qtbot.waitUntil(
            lambda: detail.detail is not None and not detail.detail.unprinted, timeout=30_000
        )
        assert [(d.kind, d.reprint_no, d.print_status) for d in detail.detail.documents] == [
            ("termination", 0, "printed")
        ]
        qtbot.keyClick(preview, Qt.Key.Key_Escape)
        detail.close()
