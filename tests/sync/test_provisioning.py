"""The first start of a production window: enrol, pull catalog and calendar, and only then
count as provisioned; each failure leaves the window unprovisioned with one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.store import catalog
from counter_app.store.database import open_store
from sync.credential import load_identity
from sync.errors import EnrolmentRefused
from sync.provisioning import ProvisioningFailed, is_provisioned, provision
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import HALL, closed_address
from tests.sync.tls_server import other_ca, tls_server

ACTOR = "first-start:it"


@pytest.fixture
def fresh(tmp_path: Path) -> Home:
    """A production home as the installer leaves it, allowed plain HTTP to 127.0.0.1 (the
    test platform has no TLS)."""
    home = Home(tmp_path / "window").ensure()
    home.config_path.write_text("[sync]\nallow_insecure_http = true\n", encoding="utf-8")
    return home


def assert_unprovisioned(home: Home, error: CounterError, field: str, *words: str) -> None:
    assert error.field == field
    for word in words:
        assert word in error.zh + error.en
    assert not is_provisioned(home)


def test_enrols_pulls_the_catalog_and_calendar_then_counts_as_provisioned(
    fresh: Home, central: RunningCentral, tmp_path: Path
) -> None:
    central.publish_bundled_catalog()
    assert not is_provisioned(fresh)
    identity = provision(fresh, central.url, central.enroll_code(HALL, "W07"), actor=ACTOR)
    assert identity.window == "W07"
    assert is_provisioned(fresh)
    config = load_config(fresh)
    assert (config.sync.url, config.hall.window_code) == (central.url, "W07")


def test_a_bad_code_an_unreachable_platform_and_a_wrong_ca_leave_it_unprovisioned(
    fresh: Home, central: RunningCentral, tmp_path: Path
) -> None:
    central.publish_bundled_catalog()
    with pytest.raises(EnrolmentRefused) as bad_code:
        provision(fresh, central.url, "NOT-A-CODE", actor=ACTOR)
    assert_unprovisioned(fresh, bad_code.value, "code", "登记码无效", "Unknown enrolment code")
    with pytest.raises(EnrolmentRefused) as short_code:
        provision(fresh, central.url, "ABC", actor=ACTOR)
    assert_unprovisioned(fresh, short_code.value, "code", "格式不对", "wrong form")

    nowhere = closed_address()
    code = central.enroll_code(HALL, "W01")
    with pytest.raises(ProvisioningFailed) as unreachable:
        provision(fresh, nowhere, code, actor=ACTOR)
    assert_unprovisioned(fresh, unreachable.value, "url", nowhere, "无法连接平台", "Cannot reach")
    assert "retrying later" not in unreachable.value.en  # nothing retries on its own here

    wrong = str(other_ca(tmp_path / "tls"))
    with (
        tls_server(tmp_path / "tls") as url,
        pytest.raises(ProvisioningFailed) as wrong_ca,
    ):
        provision(fresh, url, code, ca_bundle=wrong, actor=ACTOR)
    assert_unprovisioned(fresh, wrong_ca.value, "ca_bundle", "CA 证书文件", "CA certificate")
    with pytest.raises(ProvisioningFailed) as missing_ca:
        provision(fresh, central.url, code, ca_bundle=str(tmp_path / "nope.pem"), actor=ACTOR)
    assert_unprovisioned(fresh, missing_ca.value, "ca_bundle", "nope.pem")
    assert load_identity(fresh) is None

    # Ready to retry: the same code still works.
    provision(fresh, central.url, code, actor=ACTOR)
    assert is_provisioned(fresh)


def test_no_catalog_on_the_platform_yet_retries_without_a_new_code(
    fresh: Home, central: RunningCentral, tmp_path: Path
) -> None:
    with pytest.raises(ProvisioningFailed) as no_catalog:
        provision(fresh, central.url, central.enroll_code(HALL, "W01"), actor=ACTOR)
    assert_unprovisioned(fresh, no_catalog.value, "url", "事项目录", "no service catalog")
    assert load_identity(fresh) is not None  # enrolled: the code is spent
    central.publish_bundled_catalog()
    provision(fresh, central.url, "", actor=ACTOR)
    assert is_provisioned(fresh)


def test_the_sample_catalog_a_command_loaded_before_the_first_start_gives_way(
    fresh: Home, central: RunningCentral, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IT lists the catalog right after installing: the command loads the bundled sample, as
    where no platform is. Its version 1 must not keep the platform's out, also on a store
    whose earlier first start (by a program before this) read past the platform's version
    while the sample stood in its way and failed."""
    central.publish_bundled_catalog()
    listed = run_cli("catalog", home_dir=fresh.root)
    assert listed.returncode == 0 and "居住证" in listed.stdout  # the sample, loaded
    monkeypatch.setattr(catalog, "set_aside_sample_catalog", lambda store: [])  # as before
    with pytest.raises(ProvisioningFailed) as before:
        provision(fresh, central.url, central.enroll_code(HALL, "W07"), actor=ACTOR)
    assert before.value.code == "provisioning_failed" and not is_provisioned(fresh)
    monkeypatch.undo()

    provision(fresh, central.url, "", actor=ACTOR)  # enrolled: no new code needed

    assert is_provisioned(fresh)
    with open_store(fresh, load_config(fresh)) as store:
        sources = [r[0] for r in store.db.execute("SELECT source FROM catalog_versions")]
        assert sources and all(source.startswith("platform:") for source in sources)
        actions = [e["action"] for e in store.audit.entries(limit=1000)]
    # The sample went, then the platform's version came.
    assert "catalog.load" in actions[actions.index("catalog.sample_removed") + 1 :]
