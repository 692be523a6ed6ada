"""``counter-app sync --once`` says why a run failed as every refusal of the command line
does: Chinese, then English, on stderr; with ``--lang en``, English alone."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.config import Config, update_user_config
from counter_app.home import Home
from tests.in_process import CliResult
from tests.sync.conftest import closed_address

UNREACHABLE_ZH = "无法连接平台 {}（连接被拒绝：该地址和端口上没有平台在运行）"
UNREACHABLE_EN = (
    "Cannot reach the platform at {} (connection refused: no platform is running at that "
    "address and port)"
)


def test_an_unreachable_platform_is_told_in_chinese_then_english(
    cli: Callable[..., CliResult], home: Home, enrolled: Config
) -> None:
    address = closed_address()
    update_user_config(home, {"sync": {"url": address}})
    zh, en = UNREACHABLE_ZH.format(address), UNREACHABLE_EN.format(address)

    failed = cli("sync", "--once")
    assert failed.returncode == 3
    chinese, english = failed.stderr.splitlines()[:2]
    assert chinese.startswith(zh) and english.startswith(en)

    in_english = cli("--lang", "en", "sync", "--once")
    assert in_english.returncode == 3
    assert in_english.stderr.startswith(en) and zh not in in_english.stderr
