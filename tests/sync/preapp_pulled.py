"""A pre-application made on the test platform and pulled into the enrolled window's cache by
its first sync: the start of the tests of what becomes of it at the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.engine import SyncEngine
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import make_engine
from tests.sync.preapps import create_preapp


def pulled_preapp(
    central: RunningCentral,
    tmp_path: Path,
    window: tuple[Home, Config, Store],
    **engine_options: Any,
) -> tuple[dict[str, Any], SyncEngine]:
    """The bundled catalog published, the pre-application created (``create_preapp``) and
    pulled by the window's engine (made with ``engine_options``); the platform's answer to
    its creation, and the engine for the syncs that follow."""
    central.publish_bundled_catalog()
    preapp = create_preapp(central, tmp_path)
    engine = make_engine(*window, **engine_options)
    assert engine.run_once().pulled_by_feed["arrivals"] == 1
    return preapp, engine
