"""The platform's certificate is renewed under another CA (docs/operations.md, "The
platform's certificate"): IT installs a CA file holding the old CA and the new one and sets
it where the window reads it, the system file or the provisioning file given again, and the
window syncs through the change. Whatever fails names the CA file in use and the config
file that set it, says a TLS failure as such (not as "not enrolled"), a file of no
certificates as unreadable, and the server's own certificate as no CA; doctor checks the
file."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from counter_app.home import Home
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.sync.conftest import HALL
from tests.sync.tls_proxy import TestCa, TlsProxy, both

Cli = Callable[..., CliResult]
NO_TLS = "建立安全连接（TLS）"


def _system_file(text: str) -> Path:
    """The system config file (``/etc/counter-app/config.toml`` in a hall) holding ``text``."""
    path = Path(os.environ["COUNTER_APP_SYSTEM_CONFIG"])
    path.write_text(text, encoding="utf-8")
    return path


def _user_sync(home: Home) -> dict[str, object]:
    return dict(tomllib.loads(home.config_path.read_text(encoding="utf-8")).get("sync", {}))


def _checks(cli: Cli) -> dict[str, dict[str, str]]:
    doctor = json.loads(cli("doctor", "--json").stdout)
    return {check["name"]: check for check in doctor["checks"]}


def _provision_file(tmp_path: Path, url: str, ca: Path, code: str = "") -> Path:
    path = tmp_path / "provision.toml"
    line = f'enrolment_code = "{code}"\n' if code else ""
    path.write_text(
        f'[hall]\nhall_code = "{HALL}"\nwindow_code = "W01"\n\n'
        f'[sync]\nurl = "{url}"\nca_bundle = "{ca}"\n{line}',
        encoding="utf-8",
    )
    return path


def test_the_ca_file_it_sets_in_the_system_file_carries_the_window_through_a_renewal(
    home: Home, cli: Cli, central: RunningCentral, tmp_path: Path
) -> None:
    ca1, ca2 = TestCa(tmp_path / "pki", "ca1"), TestCa(tmp_path / "pki", "ca2")
    system = _system_file(f'[sync]\nca_bundle = "{ca1.path}"\n')
    with TlsProxy(central.url, ca1) as proxy:
        # No --ca-bundle: the configured CA file is used, and left where IT set it.
        enrolled = cli("enroll", proxy.url, central.enroll_code(HALL, "W01"))
        assert enrolled.returncode == 0, enrolled.stderr
        assert "ca_bundle" not in _user_sync(home)
        assert cli("sync", "--once").returncode == 0

        proxy.serve_certificate_of(ca2)
        failed = cli("sync", "--once", "--json")
        assert failed.returncode == 3, failed.stderr
        message = json.loads(failed.stdout)["error"]["message"]
        assert NO_TLS in message and str(ca1.path) in message, message
        check = _checks(cli)["sync_ca_file"]
        assert check["status"] == "ok" and str(system) in check["detail"], check

        renewal = both(tmp_path / "pki", ca1, ca2)
        _system_file(f'[sync]\nca_bundle = "{renewal}"\n')
        synced = cli("sync", "--once")
        assert synced.returncode == 0, synced.stderr
        check = _checks(cli)["sync_ca_file"]
        assert "含 2 个证书（其中 CA 证书 2 个）" in check["detail"], check


def test_provisioning_again_with_a_new_ca_file_applies_it_and_says_tls_as_tls(
    home: Home, cli: Cli, central: RunningCentral, tmp_path: Path
) -> None:
    central.publish_bundled_catalog()
    ca1, ca2 = TestCa(tmp_path / "pki", "ca1"), TestCa(tmp_path / "pki", "ca2")
    with TlsProxy(central.url, ca1) as proxy:
        code = central.enroll_code(HALL, "W01")
        done = cli("provision", str(_provision_file(tmp_path, proxy.url, ca1.path, code)))
        assert done.returncode == 0, done.stderr
        assert _user_sync(home)["ca_bundle"] == str(ca1.path)  # no other layer names one

        proxy.serve_certificate_of(ca2)
        again = cli("provision", str(_provision_file(tmp_path, proxy.url, ca1.path)))
        assert again.returncode != 0
        assert NO_TLS in again.stderr and "平台的证书未通过验证" in again.stderr, again.stderr
        assert "无法连接平台" not in again.stderr and "本机尚未登记" not in again.stderr
        assert "本机的登记（大厅 310104-TRAIN 窗口 W01）不变" in again.stderr, again.stderr

        renewal = both(tmp_path / "pki", ca1, ca2)
        renewed = cli("provision", str(_provision_file(tmp_path, proxy.url, renewal)))
        assert renewed.returncode == 0, renewed.stderr
        assert _user_sync(home)["ca_bundle"] == str(renewal)
        assert cli("sync", "--once").returncode == 0
        check = _checks(cli)["sync_ca_file"]
        assert str(home.config_path) in check["detail"], check


def test_a_file_of_no_certificates_and_the_servers_own_certificate_are_named_as_such(
    home: Home, cli: Cli, central: RunningCentral, tmp_path: Path
) -> None:
    ca1 = TestCa(tmp_path / "pki", "ca1")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n", encoding="utf-8")
    with TlsProxy(central.url, ca1) as proxy:
        refused = cli(
            "enroll", proxy.url, central.enroll_code(HALL, "W01"), "--ca-bundle", str(garbage)
        )
        assert refused.returncode != 0
        assert f"CA 证书文件 {garbage} 无法作为 PEM 格式的证书读取" in refused.stderr, (
            refused.stderr
        )
        assert "握手" not in refused.stderr

        server_certificate, _ = ca1.server_certificate()
        pinned = cli(
            "enroll",
            proxy.url,
            central.enroll_code(HALL, "W01"),
            "--ca-bundle",
            str(server_certificate),
        )
        assert pinned.returncode != 0
        assert "不支持固定（pin）服务器证书" in pinned.stderr, pinned.stderr
        assert "签发平台证书的 CA" in pinned.stderr

    _system_file(f'[sync]\nca_bundle = "{garbage}"\n')
    check = _checks(cli)["sync_ca_file"]
    assert check["status"] == "fail" and "无法作为 PEM 格式的证书读取" in check["detail"], check


def test_doctor_warns_of_a_ca_file_expiring_within_30_days(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    soon = TestCa(tmp_path / "pki", "soon", days=10)
    system = _system_file(f'[sync]\nca_bundle = "{soon.path}"\n')
    check = _checks(cli)["sync_ca_file"]
    assert check["status"] == "warn" and "即将到期" in check["detail"], check
    assert str(system) in check["detail"]
