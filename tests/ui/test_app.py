"""The running window holds its home: a second window and a restore are refused until it
closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.file_lock import HomeBusy
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import open_store
from ui.app import RunningApp, build


def test_a_running_window_refuses_a_restore_and_a_second_window(
    running: RunningApp, tmp_path: Path
) -> None:
    home = running.session.home
    with open_store(home, load_config(home)) as store:
        backup = create_backup(store, tmp_path / "b.db").database
    with pytest.raises(HomeBusy, match="close the counter window"):
        restore_backup(home, load_config(home), backup)
    with pytest.raises(HomeBusy, match="already open"):
        build(home, load_config(home), "zh", reader=SimulatedReader(use_pty=False))

    running.window.hide()
    running.stop()
    restore_backup(home, load_config(home), backup)
