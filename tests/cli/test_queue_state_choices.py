"""``counter-app queue --state`` takes a case state only: anything else (a typo, or a sync
state such as ``conflict``, which ``--problems`` lists) is a usage error in Chinese, then
English, naming the states it may be, and exits 2 as every command's bad choice does."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counter_app.domain.case_states import CaseState
from tests.conftest import CliResult


@pytest.mark.parametrize("state", ["bogus", "conflict"])
def test_a_state_that_is_none_is_refused_naming_the_states(
    cli: Callable[..., CliResult], state: str
) -> None:
    result = cli("queue", "--hall", "--state", state)
    assert result.returncode == 2 and result.stdout == ""
    chinese_line, english_line = result.stderr.splitlines()[-2:]
    assert "错误：" in chinese_line and f"参数 --state 的值 '{state}' 无效" in chinese_line
    assert "error:" in english_line and f"invalid choice: '{state}'" in english_line
    for line in (chinese_line, english_line):
        assert all(case_state.value in line for case_state in CaseState)


def test_a_case_state_is_taken(cli: Callable[..., CliResult]) -> None:
    result = cli("queue", "--hall", "--state", "voided")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "队列中没有符合条件的办件。"
