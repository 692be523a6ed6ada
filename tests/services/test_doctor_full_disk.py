"""`counter-app doctor` on a full disk of an enrolled window: the disk is reported full with
what to do once; the checks that could not open the store point at it, in the chosen
language, without claiming that something was not saved and without a class name."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.store.disk_faults import on_a_small_disk

# Enrols the home in $1 with a platform that is not there: the sync check then opens the store.
_ENROL = """
import sys
from pathlib import Path
from counter_app.home import Home
from sync.credential import DeviceIdentity, new_private_key, save_credential
home = Home(Path(sys.argv[1]))
identity = DeviceIdentity("https://127.0.0.1:9", "D1", "310104-TRAIN", "W01", "2026-11-02T00:00:00Z")
save_credential(home, identity, new_private_key())
"""


def test_doctor_on_a_full_disk_says_so_once_and_the_other_checks_point_at_it(
    tmp_path: Path,
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        '"$2" -m counter_app.cli.main --home "$1/home" catalog --json > /dev/null || exit 91\n'
        'printf \'[sync]\\nurl = "https://127.0.0.1:9"\\n\' >> "$1/home/config.toml"\n'
        '"$2" -c "$3" "$1/home" || exit 92\n'
        'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n'
        '"$2" -m counter_app.cli.main --home "$1/home" doctor --json\n'
    )
    done = on_a_small_disk(disk, "16m", script, sys.executable, _ENROL)
    assert done.returncode == 1, done.stderr
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["disk_space"]["status"] == "fail"
    full = checks["disk_space"]["detail"]
    # Full now, not "once it is full": nothing can be saved, and what uses the home's space.
    assert full.startswith("磁盘已满") and "现在不能保存任何办件" in full and "清理磁盘" in full
    assert "写满后" not in full
    for what in ("数据库", "文书", "备份", "日志"):
        assert f"{what} " in full and " MB" in full, what
    for name in ("database", "sync"):
        assert checks[name]["status"] == "fail"
        assert checks[name]["detail"].startswith("磁盘已满，无法打开数据库进行检查")
        assert "见 disk_space" in checks[name]["detail"]
    details = " ".join(check["detail"] for check in checks.values())
    assert "没有保存" not in details and "DiskFull" not in details
    assert "The disk is full" not in details  # the chosen language only
