"""The case list's search for a case number of another hall (全市通办), which no queue of
this hall holds: answered with the hall and window that accepted it, as ``counter-app
queue --search`` answers it, not with "not found"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from tests.ui.conftest import login, window_on, without_sync_process


def test_a_case_number_of_another_hall_names_that_hall_and_window(
    qtbot, seeded_home: tuple[Home, Config], monkeypatch
) -> None:
    without_sync_process(monkeypatch)
    own_hall = seeded_home[1].hall.hall_code
    number = "310999-W07-PC3-20261127-0042"
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases
        cases.query.setText(number.lower())  # as a clerk may type it
        with qtbot.waitSignal(cases.loaded, timeout=20_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        assert cases.model.rows == []
        said = cases.count.text()
        assert "未找到" not in said
        assert (
            f"办件 {number} 由大厅 310999 的 W07 窗口受理，不是本大厅（{own_hall}）的办件" in said
        )
        assert "请引导申请人到 大厅 310999 的 W07 窗口办理" in said
