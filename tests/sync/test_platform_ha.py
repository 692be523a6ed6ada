"""A platform with no single point of failure: several instances on one PostgreSQL store,
a client that lists them all in ``sync.url`` and fails over when one cannot be reached, and
the replay protection shared through the store."""

from __future__ import annotations

import socket
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from central.fault_injection import ENV_PAUSE_BATCH, PAUSED
from counter_app.config import Config, load_config
from counter_app.errors import ConfigError
from counter_app.home import Home
from counter_app.store.database import Store, open_store
from sync.credential import load_credential
from sync.device_transport import platform_transport
from sync.doctor import sync_checks
from sync.enrolment import enroll, numbering_devices
from sync.errors import PlatformRefused, PlatformUnreachable
from sync.status import META_PLATFORM_ADDRESS, read_status
from sync.transport import PlatformTransport, TransportSettings
from tests.central.postgres_fixture import RunningPostgres, start_postgres
from tests.central.server_fixture import FAST_SERVE, RunningCentral, start_central
from tests.sync import fault_proxy as fp
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, assert_exactly_once, enrol_home, make_engine
from tests.waiting import wait_until

pytestmark = pytest.mark.integration

BATCH = 100
PAUSED_BATCH = 2


@pytest.fixture
def postgres() -> Iterator[RunningPostgres]:
    cluster = start_postgres()
    yield cluster
    cluster.stop()


def closed_port_url() -> str:
    """An address nobody listens on: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def transport_for(home: Home, urls: str) -> PlatformTransport:
    settings = TransportSettings(urls, allow_insecure_http=True)
    return PlatformTransport(settings, load_credential(home))


@pytest.mark.slow
def test_two_instances_one_killed_mid_batch_every_case_once_and_replay_refused(
    home: Home, tmp_path: Path, postgres: RunningPostgres
) -> None:
    db = postgres.create_database()
    key_file = tmp_path / "central.key"
    # Instance A holds its 2nd batch written but not committed and is killed there; instance
    # B runs two uvicorn workers (``serve --workers 2``) on the same store.
    first = start_central(
        tmp_path / "a",
        db,
        key_file=key_file,
        serve_args=FAST_SERVE,
        env={ENV_PAUSE_BATCH: str(PAUSED_BATCH)},
    )
    second = start_central(
        tmp_path / "b", db, key_file=key_file, serve_args=[*FAST_SERVE, "--workers", "2"]
    )
    store: Store | None = None
    try:
        enrolled = enrol_home(home, first)
        # Replay: a signed request answered by A, sent again word for word to B.
        transport = platform_transport(home, enrolled)
        headers = transport.signer.headers_for("GET", "/v1/feeds/notices", b"")  # type: ignore[union-attr]
        transport.close()
        assert requests.get(f"{first.url}/v1/feeds/notices", headers=headers, timeout=30).ok
        replay = requests.get(f"{second.url}/v1/feeds/notices", headers=headers, timeout=30)
        assert replay.status_code == 401
        assert replay.json()["error"]["code"] == "replayed_nonce"

        config = replace(
            enrolled,
            sync=replace(enrolled.sync, url=f"{first.url} {second.url}", batch_max_cases=BATCH),
        )
        store = open_store(home, config)
        seeded = seed_cases(store, 5 * BATCH, hall=HALL)
        engine = make_engine(home, config, store)
        summary: list[object] = []
        runner = threading.Thread(target=lambda: summary.append(engine.run_once()))
        runner.start()
        held = PAUSED % (PAUSED_BATCH, BATCH)
        wait_until(lambda: held in first.log_path.read_text(errors="replace"), held)
        first.kill9()
        runner.join(timeout=120)
        assert not runner.is_alive()
        # The run went on at B: nothing left behind, nothing twice.
        result = summary[0]
        assert result.error is None and result.pending == 0  # type: ignore[attr-defined]
        assert_exactly_once(store, db, seeded, key_file)
        assert store.meta(META_PLATFORM_ADDRESS) == second.url
        assert read_status(home, config, store).platform_address == second.url
        assert second.url in sync_checks(home, config)[0].detail
    finally:
        if store is not None:
            store.close()
        for instance in (first, second):
            if instance.process.poll() is None:
                instance.stop()


def test_an_unreachable_address_is_skipped_and_the_one_that_answered_kept(
    home: Home, enrolled: Config, central: RunningCentral
) -> None:
    transport = transport_for(home, f"{closed_port_url()} {central.url}")
    try:
        assert transport.request_json("GET", "/v1/health", signed=False)["status"] == "ok"
        assert transport.base_url == central.url
        # The next request goes straight to the address that answered.
        assert transport.request_json("GET", "/v1/feeds/notices")["items"] == []
        assert transport.base_url == central.url
    finally:
        transport.close()


def test_a_gateway_503_fails_over_but_a_platform_refusal_does_not(
    home: Home, enrolled: Config, central: RunningCentral
) -> None:
    host, port = central.url.removeprefix("http://").split(":")
    gateway = fp.FaultProxy(host, int(port), fp.ScriptedFaults([fp.CANNED_503])).start()
    refusing = fp.FaultProxy(host, int(port), fp.ScriptedFaults([fp.PLATFORM_422_BATCH])).start()
    try:
        transport = transport_for(home, f"{gateway.url} {central.url}")
        assert transport.request_json("GET", "/v1/health", signed=False)["status"] == "ok"
        assert transport.base_url == central.url
        transport.close()
        # A live platform's refusal holds for every instance: no second address is tried.
        transport = transport_for(home, f"{refusing.url} {closed_port_url()}")
        with pytest.raises(PlatformRefused):
            transport.request_json("POST", "/v1/cases:batch", {"cases": []})
        assert transport.base_url == refusing.url
        transport.close()
    finally:
        gateway.stop()
        refusing.stop()


def test_every_address_unreachable_is_one_transient_failure(home: Home, enrolled: Config) -> None:
    transport = transport_for(home, f"{closed_port_url()} {closed_port_url()}")
    try:
        with pytest.raises(PlatformUnreachable):
            transport.request_json("GET", "/v1/health", signed=False)
    finally:
        transport.close()


def test_sync_url_takes_a_list_or_a_string(home: Home) -> None:
    base = home.config_path.read_text(encoding="utf-8")
    home.config_path.write_text(
        base + '[sync]\nurl = ["https://a.example", "https://b.example"]\n', encoding="utf-8"
    )
    assert load_config(home, env={}).sync.url == "https://a.example https://b.example"
    home.config_path.write_text(base + '[sync]\nurl = "https://a.example"\n', encoding="utf-8")
    assert load_config(home, env={}).sync.url == "https://a.example"
    home.config_path.write_text(base + "[sync]\nurl = [1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sync\.url"):
        load_config(home, env={})


def test_enrolling_with_several_addresses_keeps_them_all(
    home: Home, central: RunningCentral
) -> None:
    unreachable = closed_port_url()
    identity = enroll(
        home,
        f"{unreachable} {central.url}",
        central.enroll_code(HALL, "W01"),
        number_devices=numbering_devices(load_config(home).hall.device_id),
        allow_insecure_http=True,
    )
    assert identity.platform_url == central.url  # the one that answered
    assert load_config(home, env={}).sync.url == f"{unreachable} {central.url}"
    written = tomllib.loads(home.config_path.read_text(encoding="utf-8"))
    assert written["sync"]["url"] == [unreachable, central.url]
