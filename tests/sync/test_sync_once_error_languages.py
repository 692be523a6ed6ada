"""``counter-app sync --once`` says why a run failed as every refusal of the command line
does: Chinese, then English, on stderr; with ``--lang en``, English alone."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.config import Config, update_user_config
from counter_app.home import Home
from tests.in_process import CliResult
from tests.sync.conftest import closed_address

UNREACHABLE_ZH = "无法连接平台（网络中断或平台未启动）"
UNREACHABLE_EN = "Cannot reach the platform (network down or platform not running)"


def test_an_unreachable_platform_is_told_in_chinese_then_english(
    cli: Callable[..., CliResult], home: Home, enrolled: Config
) -> None:
    update_user_config(home, {"sync": {"url": closed_address()}})

    failed = cli("sync", "--once")
    assert failed.returncode == 3
    chinese, english = failed.stderr.splitlines()[:2]
    assert chinese.startswith(UNREACHABLE_ZH) and english.startswith(UNREACHABLE_EN)

    in_english = cli("--lang", "en", "sync", "--once")
    assert in_english.returncode == 3
    assert in_english.stderr.startswith(UNREACHABLE_EN) and UNREACHABLE_ZH not in in_english.stderr
