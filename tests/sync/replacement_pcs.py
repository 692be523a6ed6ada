"""A window's PC replaced by a fresh home (``enroll-code --replaces``), and the cases the old
one synced first: the set-up of the tests of what the replacement gets back from the
platform (docs/operations.md §6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from counter_app.config import Config
from counter_app.domain.catalog import ServiceItem
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.database import Store
from sync.credential import load_identity
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.in_process import CliResult
from tests.services.conftest import item_named
from tests.sync.conftest import HALL, make_engine

CLERK = User("clerk1", "窗口一", "clerk", None, False)
Cli = Callable[..., CliResult]


def synced_allowance(home: Home, config: Config, store: Store) -> ServiceItem:
    """The platform's catalog synced in at ``home`` and the calendar in place: the item
    老年综合津贴申领, to accept cases of."""
    assert make_engine(home, config, store).run_once().error is None
    ensure_bundled_calendar(store)
    return item_named(store, "老年综合津贴申领")


def replacing_code(home: Home, central: RunningCentral) -> tuple[str, str]:
    """The device id of ``home``'s PC and a code for window W01 replacing it."""
    old = load_identity(home)
    assert old is not None
    code = central.cli(
        "enroll-code", "--hall", HALL, "--window", "W01", "--replaces", old.device_id, "--json"
    )["code"]
    return old.device_id, code


def enrolled_fresh(cli: Cli, central: RunningCentral, code: str, root: Path) -> Home:
    """A fresh home at ``root`` enrolled with ``code`` (not synced yet)."""
    fresh = Home(root).ensure()
    fresh.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    done = cli("enroll", central.url, code, "--allow-insecure-http", home_dir=fresh.root)
    assert done.returncode == 0, done.stderr
    return fresh
