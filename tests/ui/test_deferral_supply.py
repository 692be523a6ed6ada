"""容缺后补 at the window: the clerk finds the case by its number, opens it, F8 records the
deferred materials as supplied (Enter confirms), the case becomes accepted and the 补齐材料回执
comes up for printing - all from the keyboard."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.identity.simulator import SimulatedReader
from counter_app.services import case_progress
from counter_app.store import case_history as history_rows
from counter_app.store.database import open_store
from tests.services.deferral_cases import deferred_cases_at
from tests.ui.conftest import SUPERVISOR, login, training_home, window_on, without_sync_process


def test_the_clerk_records_the_deferred_material_and_the_supply_receipt_comes_up(
    qtbot, tmp_path: Path
) -> None:
    home, config = training_home(tmp_path / "home")
    # Due in a few days: start-up ends only overdue deferrals.
    [(case_id, case_no)] = deferred_cases_at(
        home, config, [(hall_today() + timedelta(days=3), True)]
    )

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases
        cases.query.setText(case_no)
        with qtbot.waitSignal(cases.loaded, timeout=30_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        assert cases.model.rows[0].case_no == case_no
        detail = cases.open_case(case_id)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
        assert detail.supply_button.isEnabled()

        qtbot.keyClick(detail, Qt.Key.Key_F8)
        qtbot.waitUntil(lambda: detail.supply is not None and detail.supply.isVisible())
        supply = detail.supply
        assert supply.materials.count() == 1
        assert "本人社会保障卡" in supply.materials.item(0).text()
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(supply.materials, Qt.Key.Key_Return)
        assert detail.detail.state == "accepted"
        assert not detail.supply_button.isEnabled()
        qtbot.waitUntil(lambda: detail.preview is not None and detail.preview.isVisible())
        assert "补齐材料回执" in detail.preview.windowTitle()
        qtbot.waitUntil(lambda: detail.preview.pdf_path.endswith(".pdf"), timeout=60_000)
        detail.preview.reject()  # not printed: the clerk is asked, and answers "稍后打印"
        qtbot.waitUntil(lambda: detail.preview.unprinted_question is not None)
        preview = detail.preview
        preview.unprinted_question.button(QMessageBox.StandardButton.Yes).click()
        # Once the question closed, the preview is closed and deleted.
        qtbot.waitUntil(lambda: not isValid(preview) or not preview.isVisible())
        detail.close()
    with open_store(home, load_config(home)) as store:
        events = history_rows.case_history(store, case_id).events
    accepted = [e for e in events if e.to_state == "accepted"]
    assert [e.actor for e in accepted] == ["clerk01"]  # the signed-in clerk, audited


def test_a_supply_here_lowers_the_count_on_the_deferrals_tab(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The supervisor's 容缺到期 tab counts the deferrals due today; one supplied at this
    window leaves the count at once (no sync process here to report it)."""
    without_sync_process(monkeypatch)
    home, config = training_home(tmp_path / "home")
    [(case_id, _)] = deferred_cases_at(home, config, [(hall_today(), True)])

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app, SUPERVISOR)
        window = app.window
        panel = window.deferrals
        assert panel is not None

        def counted() -> int:
            found = re.match(r"容缺到期 \((\d+)\)", window.work.tabText(window.work.indexOf(panel)))
            return int(found.group(1)) if found else 0

        qtbot.waitUntil(lambda: counted() > 0, timeout=30_000)
        due = counted()
        detail = window.cases.open_case(case_id)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
        qtbot.keyClick(detail, Qt.Key.Key_F8)
        qtbot.waitUntil(lambda: detail.supply is not None and detail.supply.isVisible())
        assert detail.supply is not None
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(detail.supply.materials, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: counted() == due - 1, timeout=30_000)
        qtbot.waitUntil(lambda: detail.preview is not None and detail.preview.isVisible())
        detail.preview.reject()
        qtbot.waitUntil(lambda: detail.preview.unprinted_question is not None)
        detail.preview.unprinted_question.button(QMessageBox.StandardButton.Yes).click()
        detail.close()


def test_f8_supplies_a_deferral_the_department_took_into_processing(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The platform took the 容缺 case into processing before its material came: the case
    still owes it, so F8 is offered; the material supplied, the case stays in processing
    (no 补齐材料回执: it was not accepted here) and F8 is off again."""
    without_sync_process(monkeypatch)
    home, config = training_home(tmp_path / "home")
    [(case_id, _)] = deferred_cases_at(home, config, [(hall_today() + timedelta(days=3), True)])
    with open_store(home, config) as store:
        assert case_progress.apply_progress(store, case_id, "in_process")

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        detail = app.window.cases.open_case(case_id)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
        assert detail.detail.state == "in_process"
        assert detail.supply_button.isEnabled()
        assert detail.supply_button.toolTip() == ""

        qtbot.keyClick(detail, Qt.Key.Key_F8)
        qtbot.waitUntil(lambda: detail.supply is not None and detail.supply.isVisible())
        assert detail.supply is not None
        assert "本人社会保障卡" in detail.supply.materials.item(0).text()
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(detail.supply.materials, Qt.Key.Key_Return)
        assert detail.detail.state == "in_process"
        assert all(m.status != "deferred" for m in detail.detail.materials)
        assert not detail.supply_button.isEnabled()
        assert detail.supply_button.toolTip() == "本件没有待补交的容缺材料"
        assert detail.preview is None
        detail.close()
    with open_store(home, load_config(home)) as store:
        events = history_rows.case_history(store, case_id).events
    assert [e.actor for e in events if e.detail.get("supplied")] == ["clerk01"]  # audited
