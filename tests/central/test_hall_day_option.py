"""A hall day given to a ``counter-central`` command (``--day``, ``--since``) is read by one
option type: YYYY-MM-DD within the days anyone may ask about; anything else is a usage error
in both languages, the same for every command that takes one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

import pytest

from central.cli_store import hall_day
from tests.central.conftest import CliRun, Platform


def test_a_hall_day_is_read_and_anything_else_refused_in_both_languages() -> None:
    assert hall_day("2026-12-07") == date(2026, 12, 7)
    for wrong in ("07/12/2026", "1999-12-31", "2100-01-01", ""):
        with pytest.raises(argparse.ArgumentTypeError, match=r"大厅日期 / .* hall day"):
            hall_day(wrong)


def test_the_listings_and_the_back_office_refuse_one_wrong_day_alike(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    commands = (
        ("cases", "--day"),
        ("routed", "--department", "gongan", "--day"),
        ("routed", "--department", "gongan", "--since"),
    )
    for command in commands:
        refused = run_cli(*command, "26/11/2026", *platform.db)
        assert refused.returncode == 2
        assert "“26/11/2026”不是 YYYY-MM-DD 格式的大厅日期" in refused.stderr
        assert "'26/11/2026' is not a hall day as YYYY-MM-DD" in refused.stderr
