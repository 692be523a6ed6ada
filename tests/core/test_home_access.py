"""A home this OS account may not use is refused in words that name its owner or group and
what IT does, never with a traceback. The commands run as root with the capabilities that
let root read anyone's files dropped (``setpriv``), so files of another uid are closed to them
as they would be to a second clerk account."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COUNTER_APP
from tests.store.disk_faults import OWN_MOUNT_NAMESPACE

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


@pytest.mark.parametrize(
    ("narrowed", "mode", "shown"),
    [("counter.db", 0o400, "0400（-r--------）"), ("logs", 0o500, "0500（dr-x------）")],
)
def test_a_file_of_this_account_with_a_narrow_mode_is_named_with_its_chmod(
    run_cli, tmp_path: Path, narrowed: str, mode: int, shown: str
) -> None:
    home = _made_home(run_cli, tmp_path / "home")
    (home / narrowed).chmod(mode)
    refused = _as_an_ordinary_account(home, "stats")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(
        f"数据目录 {home} 中的 {narrowed} 属于当前账号 root，但权限为 {shown}，本账号不能读写。"
        f"请运行 chmod -R u+rwX {home}，然后再启动。"
    )
    assert "chown" not in refused.stderr


def test_a_home_of_this_account_with_a_narrow_mode_asks_for_chmod_700(
    run_cli, tmp_path: Path
) -> None:
    home = _made_home(run_cli, tmp_path / "home")
    home.chmod(0o500)
    refused = _as_an_ordinary_account(home, "--lang", "en", "stats")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(
        f"The home {home} belongs to this account (root), but its mode is 0500 (dr-x------)"
    )
    assert f"Run: chmod 700 {home}; then start again." in refused.stderr
    assert "chown" not in refused.stderr


def test_a_home_on_a_read_only_disk_says_the_disk_is_read_only(run_cli, tmp_path: Path) -> None:
    """The home mounted read-only (a bind mount in a mount namespace of the command's own, as
    a file system the kernel remounted read-only after errors): root is refused too."""
    home = _made_home(run_cli, tmp_path / "home")
    read_only = (
        'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 90\n'
        'exec "$2" -m counter_app.cli.main --home "$1" stats'
    )
    refused = subprocess.run(
        [*OWN_MOUNT_NAMESPACE, "sh", "-c", read_only, "sh", str(home), sys.executable],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert refused.stderr.startswith(f"数据目录 {home} 所在的磁盘为只读，本程序无法保存任何内容")
    assert "系统账号" not in refused.stderr and "chown" not in refused.stderr
