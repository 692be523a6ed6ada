"""A home this OS account may not use is refused in words that name its owner or group and
what IT does, never with a traceback. The commands run as root with the capabilities that
let root read anyone's files dropped (``setpriv``), so files of another uid are closed to them
as they would be to a second clerk account."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import COUNTER_APP

ANOTHER_UID = 54321
ANOTHER_GID = 54322


def _as_an_ordinary_account(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        pytest.fail("hands files to another uid: run as root (make test on the test machine)")
    return subprocess.run(
        [
            "setpriv",
            "--bounding-set=-dac_override,-dac_read_search,-fowner,-chown",
            *COUNTER_APP,
            "--home",
            str(home),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _made_home(run_cli, home: Path) -> Path:
    assert run_cli("doctor", home_dir=home).returncode in (0, 1)
    return home


def test_a_home_of_another_account_names_that_account(run_cli, tmp_path: Path) -> None:
    home = _made_home(run_cli, tmp_path / "home")
    for path in (home, *home.rglob("*")):
        os.chown(path, ANOTHER_UID, ANOTHER_GID)
    refused = _as_an_ordinary_account(home, "stats")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(
        f"数据目录 {home} 属于系统账号 {ANOTHER_UID}，当前账号 root 无权使用。"
        f"请用账号 {ANOTHER_UID} 登录后再启动"
    )
    english = _as_an_ordinary_account(home, "--lang", "en", "stats")
    assert english.stderr.startswith(f"The home {home} belongs to the OS account {ANOTHER_UID}")


def test_a_file_left_by_another_account_is_named_with_the_chown_that_returns_it(
    run_cli, tmp_path: Path
) -> None:
    home = _made_home(run_cli, tmp_path / "home")
    log = home / "logs" / "cli.log"
    os.chown(log, ANOTHER_UID, ANOTHER_GID)
    before = log.read_bytes()
    refused = _as_an_ordinary_account(home, "stats")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(
        f"数据目录 {home} 中的 logs/cli.log 属于系统账号 {ANOTHER_UID}，当前账号 root 无权读写"
    )
    assert f"sudo chown -R root {home}" in refused.stderr
    assert log.read_bytes() == before  # nothing was written before the refusal


def test_a_group_only_folder_asks_it_to_add_the_account_to_the_group(tmp_path: Path) -> None:
    """As the Debian package's /var/lib/counter-app (root:counter-app, 2770) for an account
    not in the group."""
    shared = tmp_path / "var-lib-counter-app"
    shared.mkdir()
    os.chown(shared, ANOTHER_UID, ANOTHER_GID)
    shared.chmod(0o2770)
    refused = _as_an_ordinary_account(shared / "window", "stats")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(
        f"无法在 {shared} 下建立数据目录 {shared / 'window'}：该文件夹只对组 {ANOTHER_GID} "
        f"开放，当前账号 root 不在该组。请 IT 运行 sudo usermod -aG {ANOTHER_GID} root，"
        "然后注销并重新登录。"
    )
    assert not (shared / "window").exists()
