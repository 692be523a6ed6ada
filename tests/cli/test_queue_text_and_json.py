"""``counter-app queue`` as text has a header and the window's hall queue columns (item,
accepted time, promised date, days left and flags beside the case's number, window, clerk,
states and review), two lines a case so a page stays within 120 terminal columns; another
window's conflict reads as a conflict there and in --json; a voided case has no days left;
``queue --problems`` with none says so, as the 问题办件 tab does."""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Callable

import pytest

from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.store.hall_summaries import PROMISED, hall_summary, keep_problem, keep_summaries

CONFLICT, VOIDED = hall_summary(4), hall_summary(5, state="voided")


@pytest.fixture
def hall(store: Store) -> Store:
    """W01's case 0004 in conflict at the platform, and its case 0005 voided."""
    keep_summaries(store, CONFLICT, VOIDED)
    keep_problem(store, CONFLICT, "conflict", data_version=2)
    return store


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_the_text_has_the_windows_columns_under_a_header(
    cli: Callable[..., CliResult], hall: Store
) -> None:
    shown = cli("queue", "--hall")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["办件编号", "窗口", "受理人", "状态", "同步", "审核"]
    assert lines[1].split() == ["事项", "受理时间", "承诺日期", "剩余天数", "提示"]
    rows = {
        line.split()[0]: (line, after)
        for line, after in itertools.pairwise(lines)
        if line[:1] != " "
    }
    conflict, details = rows[CONFLICT.case_no]
    assert conflict.split() == [
        CONFLICT.case_no,
        "W01",
        "clerk1",
        "已受理",
        "冲突，待处理",
        "已接收",
    ]
    assert details.split()[:4] == ["老年综合津贴申领", "2026-11-27", "09:04", PROMISED]
    assert "同一版本号的内容不同" in shown.stdout and "counter-app problems resolve" in shown.stdout
    voided, details = rows[VOIDED.case_no]
    assert voided.split()[3:5] == ["已作废", "已上传"]
    assert details.split()[4] == "-"  # no days left: its clock stopped
    # A column starts where its heading does, in terminal columns.
    for heading, cell in (("窗口", "  W01 "), ("同步", "  冲突")):
        start = conflict.index(cell) + 2
        assert columns(conflict[:start]) == columns(lines[0][: lines[0].index(heading)])
    english = cli("--lang", "en", "queue", "--hall")
    assert english.stdout.splitlines()[0].split()[:2] == ["Case", "number"]
    assert "Conflict, to resolve" in english.stdout
    for text in (shown.stdout, english.stdout):
        assert max(columns(line) for line in text.splitlines() if "  " in line[4:]) <= 120


def test_json_says_another_windows_conflict_and_no_days_left_once_voided(
    cli: Callable[..., CliResult], hall: Store
) -> None:
    listed = cli("--lang", "en", "queue", "--hall", "--json")
    cases = {case["case_no"]: case for case in json.loads(listed.stdout)["cases"]}
    conflict = cases[CONFLICT.case_no]
    assert (conflict["sync_state"], conflict["local"]) == ("conflict", False)
    assert conflict["problem"]["status"] == "conflict"
    assert conflict["problem"]["reason"] == "content_differs"
    assert "problems resolve" in conflict["problem"]["todo_en"]
    assert isinstance(conflict["days_left"], int)
    assert cases[VOIDED.case_no]["days_left"] is None
    assert cases[VOIDED.case_no]["promised_date"] == PROMISED


def test_problems_with_none_say_so(cli: Callable[..., CliResult]) -> None:
    for args in (("queue", "--hall", "--problems"), ("queue", "--problems")):
        shown = cli(*args)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.strip() == "没有问题办件：平台拒收或冲突的办件会列在这里。"
    english = cli("--lang", "en", "queue", "--hall", "--problems")
    assert english.stdout.startswith("No problem cases")


def test_problems_have_a_header(cli: Callable[..., CliResult], hall: Store) -> None:
    shown = cli("queue", "--hall", "--problems")
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["办件编号", "窗口", "受理人", "状态", "同步"]
    assert lines[1].split() == [CONFLICT.case_no, "W01", "clerk1", "已受理", "冲突，待处理"]
