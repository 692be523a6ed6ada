"""A command's log records go to its home's ``cli.log``, never to the terminal, and the
command leaves the process's logging as it found it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from counter_app.home import Home
from tests.in_process import CliResult


def test_a_command_logs_to_its_homes_file_and_takes_its_handler_away(
    home: Home, cli: Callable[..., CliResult]
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    listed = cli("catalog")
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""  # no warning logged: nothing said about the log
    assert (home.logs_dir / "cli.log").is_file()
    assert (root.handlers, root.level) == (handlers, level)


def test_a_command_that_logged_warnings_says_where_in_its_language(
    home: Home, cli: Callable[..., CliResult]
) -> None:
    # A workstation that is not enrolled: the sync run fails, and the engine logs it.
    failed = cli("sync", "--once")
    assert failed.returncode == 1
    lines = failed.stderr.splitlines()
    assert lines == [
        "本机尚未在中心平台登记：请向管理员索取一次性登记码，运行 counter-app enroll 平台地址 登记码。",
        "This workstation is not enrolled with the central platform: ask the administrator for "
        "a one-time enrolment code and run: counter-app enroll URL CODE.",
        f"本次命令记录了 1 条警告，见日志 {home.logs_dir / 'cli.log'}",
    ]
    english = cli("--lang", "en", "sync", "--once")
    assert english.stderr.splitlines()[-1] == (
        f"This command logged 1 warning: {home.logs_dir / 'cli.log'}"
    )
    logged = (home.logs_dir / "cli.log").read_text(encoding="utf-8").splitlines()
    failures = [line for line in logged if "WARNING sync.engine: sync run failed:" in line]
    assert len(failures) == 2 and all(line.endswith("(not_enrolled)") for line in failures)
