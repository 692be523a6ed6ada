"""A file a person asked for on a disk that refuses it (a real small tmpfs, full or mounted
read-only) is named in the refusal, never the temporary file written first nor nothing; a
read-only medium is told apart from a full one, with its own advice."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.store.disk_faults import on_a_small_disk

# $2 the interpreter, $3 the file in $1: the refusal's words as JSON, or "written".
_EXPORT = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from counter_app.durable_files import export_file\n"
    "from counter_app.errors import DiskRefused\n"
    "try:\n"
    "    export_file(Path(sys.argv[1]), b'x' * 8192, ('日结报告', \"The day's report\"), field='out')\n"
    "except DiskRefused as exc:\n"
    "    print(json.dumps({'zh': exc.zh, 'en': exc.en}))\n"
    "else:\n"
    "    print('written')\n"
)
_FULL = 'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n"$2" -c "$4" "$1/$3"\n'
_READ_ONLY = 'mount -o remount,ro "$1" || exit 91\n"$2" -c "$4" "$1/$3"\n'


def _refusal(tmp_path: Path, script: str, name: str) -> tuple[Path, dict[str, str]]:
    disk = tmp_path / "stick"
    disk.mkdir()
    done = on_a_small_disk(disk, "64k", script, sys.executable, name, _EXPORT)
    assert done.returncode == 0, done.stderr
    return disk / name, json.loads(done.stdout)


def test_a_full_disk_names_the_file_asked_for(tmp_path: Path) -> None:
    target, said = _refusal(tmp_path, _FULL, "e.pdf")
    assert said["zh"].startswith(f"无法写入 {target}：所在磁盘已满")
    assert "请清理磁盘或换一个位置" in said["zh"]
    assert said["en"].startswith(f"Cannot write {target}: its disk refused")


def test_a_read_only_disk_names_the_file_and_says_what_to_do_there(tmp_path: Path) -> None:
    target, said = _refusal(tmp_path, _READ_ONLY, "s3.csv")
    assert said["zh"].startswith(f"无法写入 {target}：所在磁盘为只读")
    assert ".tmp" not in said["zh"] and "清理磁盘" not in said["zh"]
    assert "请换一个文件夹，或拨开 U 盘的写保护开关后重试" in said["zh"]
    assert said["en"].startswith(f"Cannot write {target}: its disk is read-only")
    assert "write-protect switch" in said["en"] and ".tmp" not in said["en"]
