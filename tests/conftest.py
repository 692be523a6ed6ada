"""Fixtures shared by the whole suite: an isolated environment, a fresh home with a valid
user config, its loaded config, an open store, and a runner for the real ``counter-app``."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from counter_app.config import Config, load_config
from counter_app.domain import staff
from counter_app.domain.staff import ScryptCost
from counter_app.home import Home
from counter_app.store.database import Store, open_store
from tests import machine_services, stale_services
from tests.central.server_fixture import FAST_SERVE, RunningCentral, start_central
from tests.in_process import CliResult, run_main
from tests.pcsc_rig import PcscService, pcscd_running

# No per-example time limit: Hypothesis's default (200 ms) fails a correct example on a loaded
# or slow machine. Timings belong in benchmarks/.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

# Fixtures more than one package's tests use, registered once.
pytest_plugins = ["tests.printing.fixtures"]

MINIMAL_USER_CONFIG = """\
[hall]
hall_code = "310104-TRAIN"
hall_name = "培训大厅（徐汇区示例）"
window_code = "W01"

[ui]
lang = "zh"
"""


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    """A real platform on 127.0.0.1 (a test may stop it to work offline); tests/central has
    its own, over each kind of store."""
    running = start_central(tmp_path / "central", serve_args=FAST_SERVE)
    yield running
    if running.process.poll() is None:
        running.stop()


def pytest_sessionstart() -> None:
    """Stop what a crashed test process left running (tests/stale_services.py)."""
    stale_services.sweep()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[object]:
    """A test that uses the machine's shared services holds them alone (tests/machine_services.py)."""
    if any(name in getattr(item, "fixturenames", ()) for name in machine_services.FIXTURES):
        with machine_services.held():
            return (yield)
    return (yield)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_verifiers() -> Iterator[None]:
    """New verifiers made in this process cost scrypt N=2**10, not the program's 2**15: the
    suite makes hundreds of accounts, each a tenth of a second or more at the real cost.
    Verifying reads the cost from the verifier, so sign-in is checked the same way; programs
    the tests start (the CLI, the platform) keep the real cost, and tests/services/test_auth.py
    checks it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staff, "SCRYPT_COST", ScryptCost(n=2**10, r=8, p=1))
        yield


@pytest.fixture(autouse=True)
def root_logger_restored() -> Iterator[None]:
    """What a test adds to the root logger goes with it: a window started in-process logs to
    its home's file (``Home.log_to_file``), and a handler left behind would write the next
    tests' records into a deleted directory or a closed capture stream."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


SECOND_FACTOR_SETTING = "COUNTER_APP__SECURITY__SECOND_FACTOR"


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads this machine's /etc/counter-app, a real home, or stray overrides."""
    nothing = tmp_path_factory.mktemp("no-system-config")
    monkeypatch.setenv("COUNTER_APP_SYSTEM_CONFIG", str(nothing / "config.toml"))
    monkeypatch.setenv("COUNTER_APP_PROVISION_FILE", str(nothing / "provision.toml"))
    monkeypatch.delenv("COUNTER_APP_HOME", raising=False)
    for name in list(os.environ):
        if name.startswith("COUNTER_APP__"):
            monkeypatch.delenv(name)
    # Supervisors and administrators throughout the suite sign in and approve with their
    # passwords only; the one-time codes of ``security.second_factor`` are tested on their own
    # (tests/services/test_second_factor.py and the window's, sync's and platform's tests).
    monkeypatch.setenv(SECOND_FACTOR_SETTING, "off")


@pytest.fixture
def home(tmp_path: Path) -> Home:
    """A fresh home (directories created, 0700) with a minimal valid user config."""
    return training_home(tmp_path / "home")


def training_home(root: Path) -> Home:
    """The home at ``root`` made, with the minimal user config of the training hall."""
    fresh = Home(root).ensure()
    fresh.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    return fresh


@pytest.fixture
def config(home: Home) -> Config:
    return load_config(home)


@pytest.fixture
def store(home: Home, config: Config) -> Iterator[Store]:
    """The store under ``home``, opened (created and migrated) and closed after the test."""
    opened = open_store(home, config)
    try:
        yield opened
    finally:
        opened.close()


CliRunner = Callable[..., subprocess.CompletedProcess[str]]
COUNTER_APP = [sys.executable, "-m", "counter_app.cli.main"]


def counter_process(
    home_dir: Path, *args: str, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real ``counter-app --home HOME_DIR ARGS`` in a subprocess (text mode)."""
    return subprocess.run(
        [*COUNTER_APP, "--home", str(home_dir), *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def run_cli(home: Home) -> CliRunner:
    """Run the real ``counter-app`` in a subprocess against ``home``.

    ``run_cli("doctor", "--json", input="...", timeout=60)`` returns the CompletedProcess
    (text mode); global options other than ``--home`` go before the command as usual.
    """

    def run(
        *args: str, input: str | None = None, timeout: float = 120, home_dir: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return counter_process(home_dir or home.root, *args, input=input, timeout=timeout)

    return run


@pytest.fixture
def cli(home: Home) -> Callable[..., CliResult]:
    """Run ``counter-app`` in this process (same code path as the console script, minus the
    interpreter start): ``cli("user", "list", "--json", input="...")``. Use ``run_cli``
    where the separate process itself matters (start-up errors, tracebacks, kill -9)."""
    from counter_app.cli.main import main

    def run(*args: str, input: str | None = None, home_dir: Path | None = None) -> CliResult:
        return run_main(main, ["--home", str(home_dir or home.root), *args], input)

    return run


@pytest.fixture(scope="session")
def pcscd_service() -> Iterator[PcscService]:
    """The pcscd this worker started, if it did; stopped when its tests are done."""
    service = PcscService()
    yield service
    if service.owned:
        with machine_services.held():
            service.kill()


@pytest.fixture
def pcscd(pcscd_service: PcscService) -> PcscService:
    """The system pcscd (tests/pcsc_rig.py), ready; started when none runs (another worker's
    may have ended with that worker)."""
    if pcscd_running():
        pcscd_service.wait_ready()
    else:
        pcscd_service.start()
    return pcscd_service
