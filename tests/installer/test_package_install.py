"""The real .deb installed on this machine with the real dpkg, as root: install, the installed
programs (version, doctor, the GUI smoke test), an upgrade to a higher version, provisioning
from /etc/counter-app/provision.toml against a running platform, a refused downgrade, remove
and purge, and what is left.

It needs the bundle `make package` built, so it runs in `make package-install-test` (marker
``package``, which the default test run deselects): ``COUNTER_APP_BUNDLE`` names the bundle
directory and ``COUNTER_APP_DEB`` the package built from it; the upgrade is a second package
of the same bundle with a higher version, built here. Both builds carry the same migrations,
so before the upgrade the test leaves in the window's home a store as the previous release
(one migration fewer) wrote it: the upgraded program's first start migrates it after a
safety copy. Selected without the variables, or not as root, it fails saying so. It leaves
the machine as it found it: the group and the window's home it created are deleted at the
end, after checking that purge kept the home.
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.home import Home
from counter_app.store import database
from counter_app.store.migrations.registry import MIGRATIONS
from installer.build_deb import CONFFILE, DATA_DIR, PACKAGE_HOME, DebPackage, build
from tests.central.server_fixture import start_central

pytestmark = pytest.mark.package

BUNDLE_ENV = "COUNTER_APP_BUNDLE"
DEB_ENV = "COUNTER_APP_DEB"
REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALLED = Path("/opt/counter-app")
GROUP = "counter-app"
PROVISION_FILE = CONFFILE.parent / "provision.toml"
PROVISION_TEMPLATE = """\
[hall]
hall_code = "310104-001"
window_code = "W07"

[sync]
url = "{url}"
allow_insecure_http = true
enrolment_code = "{code}"
"""


def _given(name: str) -> Path:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run `make package-test`, which builds the package first")
    return Path(value).absolute()


def _run(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # The installed program as IT starts it: the machine's /etc/counter-app, not the test
    # suite's stand-ins (tests/conftest.py points the system config elsewhere).
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in ("COUNTER_APP_SYSTEM_CONFIG", "COUNTER_APP_PROVISION_FILE", "COUNTER_APP_HOME")
    }
    result = subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**env, "DEBIAN_FRONTEND": "noninteractive", "QT_QPA_PLATFORM": "offscreen"},
    )
    if check:
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def _installed_version() -> str | None:
    status = _run("dpkg-query", "-W", "-f=${Status} ${Version}", "counter-app", check=False)
    words = status.stdout.split()
    return words[-1] if status.returncode == 0 and "installed" in words[:3] else None


def _group_exists() -> bool:
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        return False
    return True


@pytest.fixture
def machine() -> Iterator[None]:
    """Root, no counter-app installed or left over; afterwards the package purged and what the
    test (not the package) must leave behind deleted: the window's home and the group."""
    if os.geteuid() != 0:
        pytest.fail("installs a package: run as root (make package-test on the test machine)")
    status = _run("dpkg-query", "-W", "-f=${Status}", "counter-app", check=False)
    if status.returncode == 0 and "not-installed" not in status.stdout:
        pytest.fail(f"counter-app is already on this machine ({status.stdout}): not touching it")
    for leftover in (DATA_DIR, CONFFILE.parent):
        if leftover.exists():
            pytest.fail(f"{leftover} exists from an earlier install: not touching it")
    group_before = _group_exists()
    try:
        yield
    finally:
        _run("dpkg", "--purge", "counter-app", check=False)
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        if not group_before and _group_exists():
            _run("groupdel", GROUP, check=False)


@pytest.mark.timeout(900)  # two dpkg unpacks of a 320 MB bundle and the GUI smoke test
def test_install_run_upgrade_provision_refuse_downgrade_remove_purge(
    machine: None, tmp_path: Path
) -> None:
    bundle, first = _given(BUNDLE_ENV), _given(DEB_ENV)
    version = _run("dpkg-deb", "-f", str(first), "Version").stdout.strip()
    architecture = _run("dpkg-deb", "-f", str(first), "Architecture").stdout.strip()
    # Uncompressed: the upgrade is the same bundle, and xz over it takes minutes.
    upgrade = DebPackage(bundle, f"{version}+upgrade1", architecture)
    second = build(upgrade, tmp_path / "o2", compression="none")

    # Install: the programs, the conffile pointing the home under /var/lib, the group.
    installed = _run("dpkg", "--install", str(first))
    assert "usermod -aG counter-app,dialout" in installed.stdout
    assert _installed_version() == version
    assert _run("counter-app", "--version").stdout.strip() == f"counter-app {version}"
    assert f'path = "{PACKAGE_HOME}"' in CONFFILE.read_text(encoding="utf-8")
    assert DATA_DIR.stat().st_gid == grp.getgrnam(GROUP).gr_gid
    doctor = json.loads(_run("counter-app", "doctor", "--json", check=False).stdout)
    checks = {check["name"]: check for check in doctor["checks"]}
    assert checks["database"]["status"] == "ok"
    assert str(PACKAGE_HOME / "counter.db") in checks["database"]["detail"]

    # The GUI smoke test on the installed programs (a training home of its own in /tmp).
    _run(sys.executable, str(REPO_ROOT / "installer" / "smoke_test.py"), str(INSTALLED))

    # The window's store as the previous release left it: one migration behind.
    shutil.rmtree(PACKAGE_HOME)
    names = database.known_migrations()
    older = database.connect(Home(PACKAGE_HOME).ensure().db_path, 5000)
    MIGRATIONS.apply(older, stop_before=names[-1])
    older.close()

    # Upgrade: a higher version replaces the program; its first start migrates the store
    # after a safety copy of the old one.
    _run("dpkg", "--install", str(second))
    assert _installed_version() == f"{version}+upgrade1"
    doctor = json.loads(_run("counter-app", "doctor", "--json", check=False).stdout)
    checks = {check["name"]: check for check in doctor["checks"]}
    assert checks["database"]["status"] == "ok" and checks["schema"]["status"] == "ok"
    assert names[-1] in checks["schema"]["detail"]
    (backup,) = (PACKAGE_HOME / "backups").glob("pre-migrate-*.db")
    assert names[-2] in backup.name

    # Provisioning against a running platform, by the upgraded program, from the file IT's
    # tooling writes: enrolled, first feeds pulled, the used code taken out of the file.
    central = start_central(tmp_path / "central")
    try:
        central.publish_bundled_catalog()
        code = central.enroll_code("310104-001", "W07")
        PROVISION_FILE.write_text(
            PROVISION_TEMPLATE.format(url=central.url, code=code), encoding="utf-8"
        )
        provisioned = json.loads(_run("counter-app", "provision", "--json").stdout)
        assert (provisioned["hall"], provisioned["window"]) == ("310104-001", "W07")
        assert provisioned["code_removed"] and code not in PROVISION_FILE.read_text("utf-8")
        doctor = json.loads(_run("counter-app", "doctor", "--json", check=False).stdout)
        checks = {check["name"]: check for check in doctor["checks"]}
        assert checks["catalog"]["status"] == "ok", checks["catalog"]
    finally:
        central.stop()
    store = PACKAGE_HOME / "counter.db"

    # Downgrade: refused by the package, with the reason and the way back.
    downgrade = _run("dpkg", "--install", str(first), check=False)
    assert downgrade.returncode != 0
    assert "拒绝降级" in downgrade.stderr and "downgrade refused" in downgrade.stderr
    assert _installed_version() == f"{version}+upgrade1"

    # Remove keeps everything but the program; purge deletes /etc/counter-app, never the home.
    _run("dpkg", "--remove", "counter-app")
    assert not (INSTALLED / "counter-app").exists() and shutil.which("counter-app") is None
    assert CONFFILE.is_file() and store.is_file()
    purged = _run("dpkg", "--purge", "counter-app")
    assert str(DATA_DIR) in purged.stdout
    assert not CONFFILE.parent.exists() and not INSTALLED.exists()
    assert store.is_file() and (PACKAGE_HOME / "keys" / "pii.key").is_file()
    assert _group_exists()  # Debian keeps system groups: files may still belong to them
