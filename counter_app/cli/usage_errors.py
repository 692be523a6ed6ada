"""The command line's usage errors in both languages, Chinese first: argparse says them in
English only ("invalid choice", "the following arguments are required"), and a clerk or an
IT script reads the first line."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's messages (Python 3.11) and their Chinese, most specific first.
_CHINESE = (
    (r"the following arguments are required: (.+)", "缺少必需的参数：{0}"),
    (
        r"unrecognized arguments: (.+)",
        "无法识别的参数：{0}（全局选项 --home、--config、--lang、--training 须写在命令之前）",
    ),
    (r"one of the arguments (.+) is required", "须给出以下参数之一：{0}"),
    (r"ambiguous option: (\S+) could match (.+)", "选项 {0} 不明确，可能是：{1}"),
    (
        r"argument (.+?): invalid choice: (.+) \(choose from (.+)\)",
        "参数 {0} 的值 {1} 无效，可选：{2}",
    ),
    (r"argument (.+?): invalid \S+ value: (.+)", "参数 {0} 的值 {1} 无效"),
    (r"argument (.+?): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (.+?): not allowed with argument (.+)", "参数 {0} 不能与 {1} 同用"),
    (r"argument (.+?): (.+)", "参数 {0}：{1}"),  # an option type's own words
)


def chinese(message: str) -> str:
    """argparse's ``message`` in Chinese (the English as it is, after a prefix, when it is
    none of the known ones)."""
    for pattern, words in _CHINESE:
        found = re.fullmatch(pattern, message)
        if found:
            return words.format(*found.groups())
    return f"命令行有误：{message}"


class BilingualParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors read in Chinese, then English (exit 2); its
    sub-command parsers are of its class too."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 错误：{chinese(message)}\n{self.prog}: error: {message}\n")
