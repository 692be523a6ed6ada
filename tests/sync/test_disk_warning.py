"""A disk running out of space, measured with every sync run: the window's sync status (and
``counter-app sync status``) says so while there is still room, and stops saying so once IT
has freed space. The measurement is the disk's own; the test moves the threshold."""

from __future__ import annotations

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import disk_space
from counter_app.store.database import Store
from sync.status import read_status
from tests.sync.conftest import make_engine


def test_a_sync_run_on_a_disk_running_out_warns_until_space_is_freed(
    home: Home, enrolled: Config, sync_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    monkeypatch.setattr(disk_space, "WARN_BYTES", 1 << 62)  # more than any disk holds
    assert engine.run_once().error is None

    status = engine.board.status
    assert status.disk_warning_zh is not None and "剩余空间不足" in status.disk_warning_zh
    assert status.disk_warning_en is not None and "MB left" in status.disk_warning_en
    assert str(home.root) in status.disk_warning_zh
    assert read_status(home, enrolled, sync_store).disk_warning_zh is not None  # doctor, CLI

    monkeypatch.setattr(disk_space, "WARN_BYTES", 0)  # space freed
    assert engine.run_once().error is None
    assert (engine.board.status.disk_warning_zh, engine.board.status.disk_warning_en) == (
        None,
        None,
    )
    assert read_status(home, enrolled, sync_store).disk_warning_zh is None
