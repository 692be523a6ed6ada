"""The first-start screen of a PC whose data was restored from another PC's backup names the
replacement code to ask for (``--replaces`` that device); a fresh PC's says nothing of it."""

from __future__ import annotations

from pathlib import Path

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.restore_guards import RecordedEnrolment, keep_enrolment
from ui.first_start import FirstStartScreen


def test_a_restored_home_is_told_to_ask_for_a_replaces_code(qtbot, tmp_path: Path) -> None:
    home = Home(tmp_path / "window").ensure()
    store = open_store(home, load_config(home))
    try:
        with store.transaction() as db:
            keep_enrolment(db.conn, RecordedEnrolment("DEADPC01", "310104", "W03"))
    finally:
        store.close()
    screen = FirstStartScreen(home, load_config(home), "first-start:it")
    qtbot.addWidget(screen)
    screen.stop()  # its worker thread is joined: nothing was provisioned
    assert not screen.restored_hint.isHidden()
    text = screen.restored_hint.text()
    assert "恢复自另一台电脑（设备 DEADPC01）" in text
    assert "counter-central enroll-code --hall 310104 --window W03 --replaces DEADPC01" in text


def test_a_fresh_home_gets_no_such_hint(qtbot, tmp_path: Path) -> None:
    home = Home(tmp_path / "window").ensure()
    screen = FirstStartScreen(home, load_config(home), "first-start:it")
    qtbot.addWidget(screen)
    screen.stop()
    assert screen.restored_hint.isHidden()
    assert not (home.db_path).exists()  # asking opened no store
