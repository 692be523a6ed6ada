"""A list command with nothing to list says so, in the language asked for, rather than
printing nothing (which reads as a command that did not run); --json stays an empty list."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.in_process import CliResult

EMPTY = [
    (("cases",), "没有符合条件的办件。", "No cases match.", "cases"),
    (
        ("deferrals",),
        "没有待补齐的容缺办件。",
        "No deferred materials are outstanding.",
        "deferrals",
    ),
    (("results",), "没有待领取或待邮寄的结果。", "No results wait to be handed over", "results"),
    (("followups",), "没有差评回访。", "No follow-ups of bad ratings.", "followups"),
    (("queue",), "队列中没有符合条件的办件。", "No cases in the queue match.", "cases"),
    (
        ("arrivals", "--date", "2026-12-07"),
        "2026-12-07 没有预约或网上申报。",
        "on 2026-12-07",
        "appointments",
    ),
    (("user", "list"), "还没有账号。", "There are no accounts yet.", "users"),
]


@pytest.mark.parametrize(("command", "zh", "en", "key"), EMPTY, ids=[c[0][0] for c in EMPTY])
def test_an_empty_list_says_so(
    cli: Callable[..., CliResult], command: tuple[str, ...], zh: str, en: str, key: str
) -> None:
    chinese = cli(*command)
    assert chinese.returncode == 0 and chinese.stdout.strip() == zh, chinese.stderr
    english = cli("--lang", "en", *command)
    assert english.returncode == 0 and en in english.stdout
    listed = json.loads(cli(*command, "--json").stdout)
    assert listed[key] == []
