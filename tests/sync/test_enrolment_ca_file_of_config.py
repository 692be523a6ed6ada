"""A CA file IT sets only in the ``--config`` file is IT's, as one set in the system file:
``counter-app --config FILE enroll`` leaves it there and does not copy it into the home's
own config file, where it would stand over IT's next change."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from counter_app.home import Home
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.sync.conftest import HALL
from tests.sync.tls_proxy import TestCa, TlsProxy

Cli = Callable[..., CliResult]


def test_a_ca_file_set_only_in_the_config_file_stays_there(
    home: Home, cli: Cli, central: RunningCentral, tmp_path: Path
) -> None:
    ca = TestCa(tmp_path / "pki", "ca1")
    extra = tmp_path / "it.toml"
    extra.write_text(f'[sync]\nca_bundle = "{ca.path}"\n', encoding="utf-8")
    with TlsProxy(central.url, ca) as proxy:
        enrolled = cli(
            "--config", str(extra), "enroll", proxy.url, central.enroll_code(HALL, "W01")
        )
        assert enrolled.returncode == 0, enrolled.stderr
        user_sync = tomllib.loads(home.config_path.read_text(encoding="utf-8"))["sync"]
        assert user_sync["url"] == proxy.url
        assert "ca_bundle" not in user_sync
        synced = cli("--config", str(extra), "sync", "--once")
        assert synced.returncode == 0, synced.stderr
