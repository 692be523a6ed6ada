"""The online channel at the real window of a training hall started fresh (``make run``):
its first sync brings the day's samples from the training platform, and reading a card
shows at once the applicant's appointment of today (with the priority ticket the platform
issues for it) or their pre-application; Ctrl+Y fills the intake from the pre-application
(item, situation, the materials submitted online received as electronic copies, 已电子提交),
and the accepted case consumes it, confirmed by the platform at the next sync."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.arrivals import arrivals_on, unreported_consumptions
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import open_store
from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically
from ui.app import RunningApp, build
from ui.training_hall import TrainingHall

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh(qtbot, tmp_path: Path) -> Iterator[tuple[TrainingHall, RunningApp]]:
    """The window of a training hall started for the first time, with its platform."""
    hall = TrainingHall(Home(tmp_path / "home").claim(training=True))
    config = hall.prepare(load_config(hall.home))
    running = build(hall.home, config, "zh", training=hall, reader=SimulatedReader(use_pty=False))
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    running.window.resize(1366, 768)
    running.window.show()
    try:
        yield hall, running
    finally:
        running.window.hide()
        running.stop()
        hall.stop()


def preapp_on_platform(hall: TrainingHall, preapp_id: str) -> dict:
    command = ["preapp", "show", preapp_id, "--json", "--db", str(hall.platform_db)]
    shown = subprocess.run(
        [sys.executable, "-m", "central.cli", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer: dict = json.loads(shown.stdout)
    return answer


def test_card_read_shows_the_appointment_and_the_pre_application_fills_the_intake(
    qtbot, fresh: tuple[TrainingHall, RunningApp], monkeypatch
) -> None:
    hall, running = fresh
    session = running.session
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)

    def cached_kinds() -> list[str]:
        with open_store(session.home, session.config) as store:
            return sorted(a.kind for a in arrivals_on(store, hall_today()))

    qtbot.waitUntil(lambda: cached_kinds() == ["appointment", "preapp"], timeout=60_000)

    running.reader.place("resident_rare")  # 陈𪚥: an appointment today, booked at the start
    qtbot.waitUntil(intake.arrival_banner.isVisible, timeout=20_000)
    assert re.match(r"预约 \d\d:\d\d 上海市居住证签注（预约号 A", intake.arrival_banner.text())
    assert intake.preapp_button.isHidden()  # an appointment fills nothing in
    qtbot.waitUntil(lambda: "优先号 Y001" in intake.arrival_banner.text(), timeout=30_000)
    running.reader.remove()
    intake.next_applicant(confirm=False)
    assert intake.arrival_banner.isHidden()

    running.reader.place("resident_uyghur")  # 买买提·艾力: a pre-application, pre-review passed
    qtbot.waitUntil(lambda: not intake.preapp_button.isHidden(), timeout=20_000)
    assert intake.arrival_banner.text() == "网上预审已通过：上海市居住证办理（首次申领）"
    running.reader.remove()
    qtbot.waitUntil(lambda: "已取走" in intake.identity.card_state.text(), timeout=20_000)
    intake.preapp_button.setFocus()
    qtbot.keyClick(intake.preapp_button, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: intake.item is not None, timeout=20_000)
    assert intake.item.name == "上海市居住证办理（首次申领）"
    assert intake.situation_code() == "S01"
    rows = {row.material.code: row for row in intake.checklist.rows}
    for code in ("M10", "M11"):
        assert rows[code].entry()["status"] == "received"
        assert rows[code].entry()["form"] == "electronic"
        assert "[已电子提交]" in intake.checklist.table.item(list(rows).index(code), 0).text()
    assert rows["M20"].entry()["status"] == "missing"  # on paper: the clerk takes it

    intake.identity.phone.setText("13912340000")
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    case_id = str(stored.args[0])
    with open_store(session.home, session.config) as store:
        document = case_document(store, case_id)
    preapp_id = document["preapp_id"]
    assert preapp_id == intake.preapp_id
    m10 = next(m for m in document["materials"] if m["code"] == "M10")
    assert (m10["form"], m10["note"][:5]) == ("electronic", "已电子提交")

    # The platform knows the pre-application: it takes the window's report that it was consumed.
    def reported() -> bool:
        with open_store(session.home, session.config) as store:
            return not unreported_consumptions(store)

    session.sync_now_requested.emit()
    qtbot.waitUntil(reported, timeout=60_000)
    on_platform = preapp_on_platform(hall, preapp_id)
    assert (on_platform["state"], on_platform["consumed_case_id"]) == ("consumed", case_id)
