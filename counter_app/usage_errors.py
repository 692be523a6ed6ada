"""The command lines' usage errors in both languages, Chinese first: argparse says them in
English only ("invalid choice", "the following arguments are required"), and a clerk, an
operator or an IT script reads the first line. The window's ``counter-app`` and the
platform's ``counter-central`` both parse with :class:`BilingualParser`."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's messages (Python 3.11) and their Chinese, most specific first.
_CHINESE = (
    (r"the following arguments are required: (.+)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
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
    sub-command parsers are of its class too.

    An unrecognized argument is most often an option written on the wrong side of the
    command, so that error says where this command line's options go: ``placement`` (in
    Chinese), by default that the parser's own options (``counter-app --home``) go before
    the command."""

    def __init__(self, *args: Any, placement: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placement = placement

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        words = chinese(message)
        if message.startswith("unrecognized arguments: "):
            placement = self.placement if self.placement is not None else self._own_options()
            words += f"（{placement}）" if placement else ""
        self.exit(2, f"{self.prog}: 错误：{words}\n{self.prog}: error: {message}\n")

    def _own_options(self) -> str:
        """Where this parser's own options go, naming them ("" when it has none beyond
        ``--help`` and ``--version``)."""
        options = [
            action.option_strings[-1]
            for action in self._actions
            if action.option_strings
            and not isinstance(action, argparse._HelpAction | argparse._VersionAction)
        ]
        return f"全局选项 {'、'.join(options)} 须写在命令之前" if options else ""
