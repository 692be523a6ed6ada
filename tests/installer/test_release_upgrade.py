"""Releases replace one another in dpkg's order: the package's preinst, filled in with a
version as the .deb builder does and run with the real ``dpkg --compare-versions``, lets the
program's version replace 0.1.0 (the number every release carried before the numbering of
docs/operations.md section 10) and refuses to put an older release over a newer one, whether
the newer one raised the store part or only the release count. The version the package is
built with is the source's only while the installed distribution carries the same."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import counter_app
from installer.bundle import REPO_ROOT, version
from tests.waiting import DEFAULT_TIMEOUT

PREINST = REPO_ROOT / "installer" / "debian" / "preinst"
EARLIER = "0.1.0"


def _preinst_upgrade(new: str, installed: str) -> subprocess.CompletedProcess[str]:
    """The preinst of the package ``new`` as dpkg runs it over an installed ``installed``."""
    script = PREINST.read_text(encoding="utf-8").replace("@VERSION@", new)
    return subprocess.run(
        ["sh", "-c", script, "preinst", "upgrade", installed],
        capture_output=True,
        text=True,
        timeout=DEFAULT_TIMEOUT,
        check=False,
    )


def _later_releases(current: str) -> list[str]:
    """The next release with a migration and the next one without."""
    _, store, count = (int(part) for part in current.split("."))
    return [f"0.{store + 1}.0", f"0.{store}.{count + 1}"]


def test_the_program_replaces_the_releases_numbered_before() -> None:
    current = version()
    valid = subprocess.run(
        ["dpkg", "--validate-version", current], check=False, timeout=DEFAULT_TIMEOUT
    )
    assert valid.returncode == 0
    assert _preinst_upgrade(current, EARLIER).returncode == 0
    refused = _preinst_upgrade(EARLIER, current)
    assert refused.returncode == 1
    assert "拒绝降级" in refused.stderr and "downgrade refused" in refused.stderr


@pytest.mark.parametrize("later", _later_releases(counter_app.__version__))
def test_a_later_release_replaces_the_program_and_is_never_replaced_by_it(later: str) -> None:
    current = version()
    assert _preinst_upgrade(later, current).returncode == 0
    refused = _preinst_upgrade(current, later)
    assert refused.returncode == 1
    assert f"本机已安装 {later}，此安装包是较旧的 {current}" in refused.stderr


def test_a_version_the_installed_distribution_does_not_carry_is_refused(tmp_path: Path) -> None:
    raised = _later_releases(counter_app.__version__)[0]
    (tmp_path / "counter_app").mkdir()
    (tmp_path / "counter_app" / "__init__.py").write_text(
        f'__version__ = "{raised}"\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"says .* install it again \(\.venv/bin/pip install"):
        version(tmp_path)
