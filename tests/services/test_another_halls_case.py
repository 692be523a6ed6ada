"""A case number of another hall (全市通办: accepted there) named at this hall: not "找不到
办件，请核对办件编号", but the hall and window the number names as the accepting ones, and
where the applicant turns, for each command that names a case and for the queue's search."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import CliResult

Cli = Callable[..., CliResult]
ELSEWHERE = "310115-001-W01-75826F55-20261207-0001"


@pytest.mark.parametrize(
    ("command", "advice"),
    [
        (("case", "show"), "它的详情和历史在 大厅 310115-001 的 W01 窗口，本大厅的队列里没有它。"),
        (
            ("case", "correct", "--material", "M01"),
            "补正材料须在 大厅 310115-001 的 W01 窗口提交",
        ),
        (
            ("case", "handover", "--id-number", "310115195603011231"),
            "办理结果须在 大厅 310115-001 的 W01 窗口领取",
        ),
    ],
)
def test_a_command_names_the_accepting_hall_and_window(
    cli: Cli, command: tuple[str, ...], advice: str
) -> None:
    refused = cli(command[0], command[1], ELSEWHERE, *command[2:])

    assert refused.returncode != 0
    assert "找不到办件" not in refused.stderr
    assert f"办件 {ELSEWHERE} 由大厅 310115-001 的 W01 窗口受理" in refused.stderr
    assert advice in refused.stderr
    assert "凭办件编号或扫描回执上的二维码查询办理进度" in refused.stderr


def test_in_english_too(cli: Cli) -> None:
    refused = cli("--lang", "en", "case", "show", ELSEWHERE)

    assert f"Case {ELSEWHERE} was accepted at window W01 of hall 310115-001" in refused.stderr


def test_the_hall_queue_search_says_where_it_was_accepted(cli: Cli) -> None:
    searched = cli("queue", "--hall", "--search", ELSEWHERE)

    assert searched.returncode == 0
    assert "队列中没有符合条件的办件" not in searched.stdout
    assert "由大厅 310115-001 的 W01 窗口受理" in searched.stdout
    assert "本大厅的队列里没有它，请引导申请人到 大厅 310115-001 的 W01 窗口办理" in searched.stdout


def test_a_number_of_this_hall_is_still_not_found(cli: Cli) -> None:
    refused = cli("case", "show", "310104-TRAIN-W01-75826F55-20261207-0001")

    assert "找不到办件" in refused.stderr
