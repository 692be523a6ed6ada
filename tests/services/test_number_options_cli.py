"""A number a list command takes (``--limit``, ``--offset``, ``--due-within``) or a wait
(``sync --wait``) outside its range is a usage error in both languages (exit 2): never an
OverflowError or SQLite's "datatype mismatch" for a number too large, nor a page quietly
clamped for -1 or 0, nor a sync told to wait -1 or 1e309 seconds for another one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.in_process import CliResult

HUGE = str(10**21)

OUT_OF_RANGE = [
    (("queue", "--offset", str(2**63 - 1)), "--offset", 0, 1000000),
    (("queue", "--limit", HUGE), "--limit", 1, 1000000),
    (("queue", "--limit", "0"), "--limit", 1, 1000000),
    (("queue", "--limit", "-1"), "--limit", 1, 1000000),
    (("queue", "--offset", "-3"), "--offset", 0, 1000000),
    (("queue", "--problems", "--limit", HUGE), "--limit", 1, 1000000),
    (("audit", "list", "--limit", HUGE), "--limit", 1, 1000000),
    (("audit", "list", "--limit", "0"), "--limit", 1, 1000000),
    (("cases", "--limit", str(10**20)), "--limit", 1, 1000000),
    (("cases", "--limit", "ten"), "--limit", 1, 1000000),
    (("deferrals", "--due-within", "3000000"), "--due-within", 0, 36500),
    (("deferrals", "--due-within", "-1"), "--due-within", 0, 36500),
]


@pytest.mark.parametrize(("command", "option", "low", "high"), OUT_OF_RANGE)
def test_a_number_out_of_range_is_refused_in_both_languages(
    cli: Callable[..., CliResult], command: tuple[str, ...], option: str, low: int, high: int
) -> None:
    refused = cli(*command)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "Traceback" not in refused.stderr
    error = refused.stderr.splitlines()[-1]
    assert f"argument {option}: 应为 {low} 至 {high} 之间的整数，收到“{command[-1]}”" in error
    assert f"must be a whole number from {low} to {high}, got '{command[-1]}'" in error


@pytest.mark.parametrize("seconds", ["-1", "3601", "1e309", "nan", "soon"])
def test_a_sync_wait_out_of_range_is_refused_in_both_languages(
    cli: Callable[..., CliResult], seconds: str
) -> None:
    refused = cli("sync", "--once", "--wait", seconds)
    assert refused.returncode == 2 and refused.stdout == ""
    error = refused.stderr.splitlines()[-1]
    assert f"argument --wait: 应为 0 至 3600 之间的数，收到“{seconds}”" in error
    assert f"must be a number from 0 to 3600, got '{seconds}'" in error


def test_numbers_in_range_still_list(cli: Callable[..., CliResult]) -> None:
    for command in (
        ("queue", "--limit", "1000000", "--offset", "1000000"),
        ("audit", "list", "--limit", "1"),
        ("cases", "--limit", "1"),
        ("deferrals", "--due-within", "36500"),
    ):
        listed = cli(*command, "--json")
        assert listed.returncode == 0, listed.stderr
