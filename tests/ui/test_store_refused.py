"""A store the window cannot open (here: one a newer counter-app has migrated) is refused
once, in the store's own words, before anyone signs in; the window then starts nothing more
against it and closes with the box."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.database import known_migrations
from tests.ui.conftest import window_on, without_sync_process


def test_a_store_a_newer_program_migrated_is_refused_once_and_the_window_closes(
    qtbot, seeded_home: tuple[Home, Config], monkeypatch
) -> None:
    home, _config = seeded_home
    # The copy the newer program's upgrade made before migrating: this version restores it.
    before_upgrade = home.backups_dir / f"pre-migrate-20261201T080000-{known_migrations()[-1]}.db"
    before_upgrade.write_bytes(b"")
    with sqlite3.connect(home.db_path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('counter_app', 'm9999_from_the_future', 'x')"
        )
    raw.close()
    without_sync_process(monkeypatch)
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as running:
        window = running.window
        qtbot.waitUntil(lambda: window.findChildren(QMessageBox, "storeRefusal") != [])
        # Every job queued behind the store's opening has failed with it by now.
        qtbot.waitUntil(lambda: running.session.worker.pending == 0)
        (refusal,) = window.findChildren(QMessageBox, "storeRefusal")
        assert window.findChildren(QMessageBox, "errorDialog") == []
        assert refusal.text().startswith(f"数据库 {home.db_path} 由更新版本的程序创建")
        assert f"counter-app restore {before_upgrade}" in refusal.text()
        assert window.stack.currentWidget() is window.login
        assert running.sync is None

        with qtbot.waitSignal(refusal.finished):
            refusal.button(QMessageBox.StandardButton.Ok).click()
        assert not window.isVisible()
        assert running.session.worker.pending == 0
