"""A command whose log's disk is full (a real small tmpfs on the home's ``logs``): the
command's own message and exit status as on any disk, then one line that the log could not
be written instead of pointing at it; no traceback, neither for a record nor at the close."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.store.disk_faults import on_a_small_disk

# $1 the logs directory on its small disk, $2 the interpreter, $3 the home, $4 the language.
_SCRIPT = (
    'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n'
    '"$2" -m counter_app.cli.main --home "$3" --lang "$4" sync --once\n'
)


def _sync_with_a_full_log_disk(tmp_path: Path, lang: str) -> tuple[int, list[str], Path]:
    home = tmp_path / "home"
    logs = home / "logs"
    logs.mkdir(parents=True)
    done = on_a_small_disk(logs, "64k", _SCRIPT, sys.executable, str(home), lang)
    return done.returncode, done.stderr.splitlines(), logs / "cli.log"


def test_a_full_log_disk_is_one_line_after_the_command_s_own_words(tmp_path: Path) -> None:
    # A workstation that is not enrolled: the run fails, and the engine logs a warning.
    status, lines, log_file = _sync_with_a_full_log_disk(tmp_path, "zh")
    assert status == 1, lines  # the sync refusal's own exit status
    assert lines == [
        "本机尚未在中心平台登记：请向管理员索取一次性登记码，运行 counter-app enroll 平台地址 登记码。",
        "This workstation is not enrolled with the central platform: ask the administrator for "
        "a one-time enrolment code and run: counter-app enroll URL CODE.",
        f"命令日志 {log_file} 写不进去（No space left on device），本次命令的日志记录缺失；"
        "请清理该磁盘。",
    ]


def test_in_english_too(tmp_path: Path) -> None:
    status, lines, log_file = _sync_with_a_full_log_disk(tmp_path, "en")
    assert status == 1, lines
    assert lines[-1] == (
        f"The command log {log_file} could not be written (No space left on device): this "
        "command's log records are missing from it. Free space on that disk."
    )
    assert not any("Traceback" in line or "Logging error" in line for line in lines)
