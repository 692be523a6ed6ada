"""The device's signing key is held to the PII key's owner-only rule: a key file other
users can read stops the sync with the chmod to run, until it is owner-only again."""

from __future__ import annotations

import os

import pytest

from counter_app.config import Config
from counter_app.device_files import KEY_FILE
from counter_app.home import Home
from counter_app.store.database import Store
from counter_app.store.pii import KeyFileError
from sync.credential import load_credential
from tests.sync.conftest import make_engine

pytestmark = pytest.mark.integration


def test_a_device_key_others_can_read_stops_the_sync(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    device_key = home.device_dir / KEY_FILE
    os.chmod(device_key, 0o644)
    with pytest.raises(KeyFileError) as refused:
        load_credential(home)
    assert f"chmod 600 {device_key}" in refused.value.zh
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is not None and f"chmod 600 {device_key}" in summary.error["message_en"]
    os.chmod(device_key, 0o600)
    assert make_engine(home, enrolled, sync_store).run_once().error is None
