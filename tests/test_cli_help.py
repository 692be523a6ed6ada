"""``counter-app --help``, ``counter-central --help`` and each command's list of actions speak
Chinese first, English after a slash: the lists IT reads to find a command."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator

import pytest

from central.cli import build_parser as central_parser
from counter_app.cli.main import build_parser as counter_parser

BILINGUAL = re.compile(r"^[^A-Za-z]*[\u4e00-\u9fff][^/]* / [A-Za-z(]")


def _listed(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:
                yield f"{path} {listed.dest}", listed.help or ""
            for name, child in action.choices.items():
                yield from _listed(child, f"{path} {name}")


@pytest.mark.parametrize(
    ("program", "build", "least"),
    [("counter-app", counter_parser, 60), ("counter-central", central_parser, 40)],
)
def test_every_command_and_action_is_listed_in_chinese_then_english(
    program: str, build: Callable[[], argparse.ArgumentParser], least: int
) -> None:
    listed = dict(_listed(build(), program))
    assert len(listed) > least  # every command (a plug-in's too), and their actions
    assert {command for command, text in listed.items() if not BILINGUAL.match(text)} == set()
