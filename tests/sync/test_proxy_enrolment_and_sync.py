"""``sync.proxy`` routes every request to the platform, the enrolment's too: ``counter-app
enroll`` and ``sync --once`` of a window whose configuration names a proxy go through it
(``tests.sync.hostile_platform`` as the proxy, forwarding to a real platform). Enrolled
again, the command says how many acknowledged versions it queued to upload again."""

from __future__ import annotations

import json

from counter_app.config import load_config, update_user_config
from counter_app.home import Home
from counter_app.store.database import open_store
from sync.enrolment import ENROLL_PATH
from sync.push import PUSH_PATH
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliRunner
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL
from tests.sync.hostile_platform import hostile_platform


def test_enrolment_and_sync_go_through_the_configured_proxy(
    home: Home, run_cli: CliRunner, central: RunningCentral
) -> None:
    with hostile_platform(central.url, {}) as proxy:
        update_user_config(home, {"sync": {"proxy": proxy.url}})
        first = run_cli(
            "enroll",
            central.url,
            central.enroll_code(HALL, "W01"),
            "--json",
            "--allow-insecure-http",
        )
        assert first.returncode == 0, first.stderr
        assert f"POST {ENROLL_PATH}" in proxy.requests
        assert json.loads(first.stdout)["requeued"] == 0
        with open_store(home, load_config(home)) as store:
            seed_cases(store, 2, hall=HALL)
        synced = run_cli("sync", "--once", "--json")
        assert synced.returncode == 0, synced.stderr
        assert json.loads(synced.stdout)["pushed"] == 2
        assert f"POST {PUSH_PATH}" in proxy.requests

        device = json.loads(first.stdout)["device_id"]
        code = central.enroll_code(HALL, "W01", replaces=device)
        again = run_cli("--lang", "en", "enroll", central.url, code, "--allow-insecure-http")
        assert again.returncode == 0, again.stderr
        assert "2 case version(s) the platform had acknowledged are queued" in again.stdout
        assert proxy.requests.count(f"POST {ENROLL_PATH}") == 2
