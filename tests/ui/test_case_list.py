"""The case list's search: a case number this window does not hold, but the hall queue knows
(another window accepted it), is answered with that window and where the applicant goes, not
with "not found"; one another PC of this very window holds is simply not found."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.database import open_store
from counter_app.store.hall_queue import HallCaseRow, upsert_hall_case
from tests.ui.conftest import login, window_on, without_sync_process


def hall_case(config: Config, window: str, device: str, sequence: int) -> HallCaseRow:
    """A case of ``config``'s hall as the hall queue feed brought it: accepted at ``window``
    on the PC ``device``."""
    return HallCaseRow(
        case_id=str(uuid.uuid4()),
        sequence=sequence,
        case_no=f"{config.hall.hall_code}-{window}-{device}-20261127-{sequence:06d}",
        window_code=window,
        clerk="clerk02",
        item_code="310104-SHEBAO-001",
        item_name="老年综合津贴申领",
        state="in_process",
        data_version=2,
        updated_at="2026-11-27T02:00:00.000000Z",
        received_at="2026-11-27T01:00:00.000000Z",
        accepted_at="2026-11-27T01:00:00.000000Z",
        promised_date="2026-12-11",
        deferral_due=None,
        flags=(),
    )


def test_a_case_number_another_window_accepted_names_that_window(
    qtbot, seeded_home: tuple[Home, Config], monkeypatch
) -> None:
    without_sync_process(monkeypatch)
    home, config = seeded_home
    own = config.hall.window_code
    theirs = hall_case(config, "W09", "PC1", 1)
    own_other_pc = hall_case(config, own, "PC9", 2)
    with open_store(home, config) as store, store.transaction() as db:
        for row in (theirs, own_other_pc):
            upsert_hall_case(db.conn, row)

    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases
        cases.query.setText(f" {theirs.case_no.lower()} ")  # as a clerk may type it
        with qtbot.waitSignal(cases.loaded, timeout=20_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        assert cases.model.rows == []
        said = cases.count.text()
        assert "未找到" not in said
        assert f"办件 {theirs.case_no} 由 W09 窗口受理（办理中）" in said
        assert f"本窗口（{own}）没有这件办件" in said
        assert "请引导申请人到 W09 窗口办理" in said

        cases.query.setText(own_other_pc.case_no)
        with qtbot.waitSignal(cases.loaded, timeout=20_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        assert "未找到" in cases.count.text()
