"""A usage error of the command line reads in Chinese first, then English (argparse's own
words are English only), and exits 2."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counter_app.usage_errors import chinese
from tests.conftest import CliResult


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (("case", "show"), "缺少必需的参数：case", "the following arguments are required: case"),
        (
            ("evaluate", "X", "--level", "9"),
            "参数 --level 的值 9 无效，可选：1, 2, 3, 4, 5",
            "invalid choice: 9",
        ),
        (("cases", "--home", "/tmp"), "须写在命令之前", "unrecognized arguments: --home /tmp"),
    ],
)
def test_a_usage_error_says_it_in_chinese_then_english(
    cli: Callable[..., CliResult], argv: tuple[str, ...], zh: str, en: str
) -> None:
    result = cli(*argv)
    assert result.returncode == 2
    chinese_line, english_line = result.stderr.splitlines()[-2:]
    assert "错误：" in chinese_line and zh in chinese_line
    assert "error:" in english_line and en in english_line


def test_a_message_argparse_may_add_later_is_still_said() -> None:
    assert chinese("something new") == "命令行有误：something new"
    assert chinese("argument --x: expected one argument") == "参数 --x 需要一个值"
