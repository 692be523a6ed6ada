"""The whole loop in the training hall, with a real reference platform process:
card → form → "jzz" → checklist → accept → receipt PDF → printed → evaluation → listed →
delivered to the platform → `counter-central progress CASE --to in_process` → the progress
shows in the case detail."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.simulator import SimulatedReader
from tests.ui.intake_steps import accept_from_card
from ui.app import RunningApp, build
from ui.training_hall import TrainingHall

pytestmark = pytest.mark.integration


@pytest.fixture
def training(tmp_path: Path) -> Iterator[tuple[TrainingHall, RunningApp | None]]:
    home = Home(tmp_path / "home").claim(training=True)
    hall = TrainingHall(home)
    yield hall, None
    hall.stop()
    assert hall.process is None


def central(hall: TrainingHall, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "central.cli", *args, "--db", str(hall.platform_db)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout) if out.stdout.strip().startswith("{") else {}


def test_card_to_progress_update(qtbot, training, monkeypatch) -> None:
    hall, _ = training
    config = hall.prepare(load_config(hall.home))
    assert config.is_training and hall.url and hall.url.startswith("http://127.0.0.1:")
    reader = SimulatedReader(use_pty=False)
    running = build(hall.home, config, "zh", training=hall, reader=reader)
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    running.window.show()
    try:
        assert running.window.banner.isVisible()
        assert "clerk01" in running.window.login.training_hint.text()
        case_id = accept_from_card(qtbot, running, monkeypatch)
        intake = running.window.intake
        preview = intake.preview
        assert Path(preview.pdf_path).is_file() and Path(preview.pdf_path).read_bytes().startswith(
            b"%PDF"
        )
        preview.print_button.click()
        qtbot.waitUntil(preview.print_button.isEnabled, timeout=30_000)
        assert preview.status.property("state") == "ok", preview.status.text()
        assert list((hall.home.root / "training-printer").glob("*.pdf"))
        preview.accept()
        qtbot.waitUntil(
            lambda: intake.evaluation is not None and intake.evaluation.isVisible(), timeout=10_000
        )
        with qtbot.waitSignal(intake.flow_finished, timeout=20_000):
            intake.evaluation.choose(5)
        assert intake.identity.name.text() == ""  # ready for the next applicant

        cases = running.window.cases
        running.window.work.setCurrentWidget(cases)  # a hidden list is refilled when shown
        with qtbot.waitSignal(cases.loaded, timeout=20_000):
            cases.refresh()
        assert case_id in [row.case_id for row in cases.model.rows]

        def platform_has_case() -> bool:
            listed = central(hall, "cases", "--json")
            return case_id in [c["case_id"] for c in listed["cases"]]

        sync_bridge = running.window.sync_bridge
        for _ in range(20):
            if platform_has_case():
                break
            with qtbot.waitSignal(sync_bridge.changed, timeout=30_000):
                running.session.sync_now_requested.emit()
        assert platform_has_case()

        def listed(field: str) -> str:
            rows = {row.case_id: row for row in cases.model.rows}
            return getattr(rows[case_id], field)

        # The list refreshes itself when a sync run changed a case: no F5 needed.
        qtbot.waitUntil(lambda: listed("sync_state") == "synced", timeout=30_000)

        central(hall, "progress", case_id, "--to", "in_process")
        detail = cases.open_case(case_id)
        for _ in range(20):
            with qtbot.waitSignal(detail.loaded, timeout=20_000):
                detail.load()
            if detail.detail.state == "in_process":
                break
            with qtbot.waitSignal(sync_bridge.changed, timeout=30_000):
                running.session.sync_now_requested.emit()
        assert detail.detail.state == "in_process"
        assert any(e.to_state == "in_process" for e in detail.detail.events)
        qtbot.waitUntil(lambda: listed("state") == "in_process", timeout=30_000)
        outcomes = [detail.sync.item(row, 2).text() for row in range(detail.sync.rowCount())]
        assert outcomes and set(outcomes) <= {"平台已接收", "平台已有（重发，按成功计）"}, outcomes
        detail.close()
        # The sample result to hand over is ready on the platform too (its steps recorded
        # there, brought back by the feed): the platform takes the hand-over that follows.
        ready = [row for row in cases.model.rows if row.state == "result_ready"]
        assert len(ready) == 1
        listed_there = central(hall, "cases", "--json")["cases"]
        assert [c["state"] for c in listed_there if c["case_id"] == ready[0].case_id] == [
            "result_ready"
        ]
    finally:
        running.window.hide()
        running.stop()
    # The product rule also binds the training platform, whose store lives under the home.
    id_number = SAMPLES_BY_KEY["resident"].base_fields["id_number"].encode()
    found = [
        str(path)
        for path in hall.home.root.rglob("*")
        if path.is_file() and (id_number in (raw := path.read_bytes()) or b"13912340000" in raw)
    ]
    assert found == [], f"plaintext ID number or phone under the home: {found}"
