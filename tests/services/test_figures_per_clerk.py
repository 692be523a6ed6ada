"""A supervisor's figures per clerk after a shift change: 王芳 (wangfang) takes W01's
morning and moves to W02, lisi takes W01's afternoon, clerk09 (no account on this PC) works
W02; ``stats`` gives each clerk's cases, decisions and handling time (JSON, text, CSV),
``eod`` each window's clerks, ``cases --json`` who took each case."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.services.end_of_day import day_report
from counter_app.services.statistics import Period, compute, day_clerks, write_csv
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from counter_app.store.timestamps import to_text
from tests.conftest import CliResult
from tests.services.conftest import (
    MOMENT,
    PASSWORD,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)
from tests.services.end_of_day_cases import hall_case

ALLOWANCE = "老年综合津贴申领"
DAY = MOMENT.date()  # 2026-09-24
MORNING = datetime(2026, 9, 24, 1, 0, tzinfo=UTC)  # 09:00 in the hall
AFTERNOON = datetime(2026, 9, 24, 6, 0, tzinfo=UTC)  # 14:00 in the hall


def _taken(
    store: Store, clerk: User, seq: int, at: datetime, *, read_minutes: int | None
) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    request = request_for(
        item,
        complete_marks(item),
        number=resident_number(f"310104198001011{seq:02d}"),
        card_read_at=at - timedelta(minutes=read_minutes) if read_minutes else None,
    )
    return intake.accept(store, request, clerk, now=at)


@pytest.fixture
def shift_change(intake_store: Store, accounts: Accounts) -> None:
    store = intake_store
    wangfang = accounts.add_user("wangfang", PASSWORD, "clerk", "王芳")
    lisi = accounts.add_user("lisi", PASSWORD, "clerk")  # no display name given
    item = item_named(store, ALLOWANCE)
    # The morning at W01: two acceptances (cards read 4 and 6 minutes before) and a notice.
    _taken(store, wangfang, 1, MORNING, read_minutes=4)
    _taken(store, wangfang, 2, MORNING + timedelta(hours=1), read_minutes=6)
    intake.notify(
        store,
        request_for(item, complete_marks(item)[:1], number=resident_number("31010419800101103")),
        wangfang,
        now=MORNING + timedelta(hours=2),
    )
    # The afternoon at W01: an acceptance (card read 10 minutes before) and a refusal.
    _taken(store, lisi, 4, AFTERNOON, read_minutes=10)
    intake.refuse(
        store,
        request_for(item, complete_marks(item), number=resident_number("31010419800101105")),
        lisi,
        now=AFTERNOON + timedelta(minutes=30),
        reason="申请人户籍不在本区",
        legal_basis="《中华人民共和国行政许可法》第三十二条",
    )
    # W02 through the hall queue: clerk09's acceptance (card read 8 minutes before), then
    # 王芳's refusal there in the afternoon.
    taken = datetime(2026, 9, 24, 2, 30, tzinfo=UTC)
    rows = [
        replace(
            hall_case(1, "W02", "accepted", taken),
            card_read_at=to_text(taken - timedelta(minutes=8)),
        ),
        replace(hall_case(2, "W02", "refused", AFTERNOON), clerk="wangfang"),
    ]
    with store.transaction() as db:
        for row in rows:
            upsert_hall_case(db.conn, row)


def _decisions(figures: dict) -> dict[str, int]:
    return {d["decision"]: d["cases"] for d in figures["decisions"] if d["cases"]}


@pytest.mark.usefixtures("shift_change")
def test_each_clerk_of_the_hall_with_their_decisions_and_handling_time(
    intake_store: Store,
) -> None:
    stats = compute(intake_store, Period(DAY, DAY))
    clerks = {c["clerk"]: c for c in stats.to_json()["cases_per_clerk"]}

    assert list(clerks) == ["clerk09", "lisi", "wangfang"]
    assert [(c["clerk_name"], c["windows"], c["cases"]) for c in clerks.values()] == [
        (None, ["W02"], 1),  # no account of that name on this PC
        ("lisi", ["W01"], 2),
        ("王芳", ["W01", "W02"], 4),
    ]
    assert _decisions(clerks["wangfang"]) == {"accepted": 2, "notified": 1, "refused": 1}
    assert _decisions(clerks["lisi"]) == {"accepted": 1, "refused": 1}
    # Nearest-rank median of 4 and 6 minutes; the typed-in and the refusal are not measured.
    assert clerks["wangfang"]["handling_time"]["median_seconds"] == 240.0
    assert clerks["lisi"]["handling_time"]["measured"] == 1
    assert clerks["clerk09"]["handling_time"]["median_seconds"] == 480.0
    # Every case of the hall is some clerk's, once.
    assert sum(c["cases"] for c in clerks.values()) == stats.cases == 7


@pytest.mark.usefixtures("shift_change")
def test_the_csv_names_each_clerk_as_a_spreadsheet_pivots_them(
    intake_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "stats.csv"
    write_csv(compute(intake_store, Period(DAY, DAY)), target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))

    assert ["各受理人办件", "wangfang 王芳", "4", "cases_per_clerk", "wangfang"] in rows
    assert ["各受理人办件", "lisi", "2", "cases_per_clerk", "lisi"] in rows
    assert [
        "各受理人受理决定",
        "wangfang 王芳 一次性告知（待补齐补正）",
        "1",
        "clerk_decisions",
        "wangfang notified",
    ] in rows
    median = "各受理人办理时长中位数（秒，读卡至决定）"
    assert [median, "clerk09", "480.0", "clerk_handling_median_seconds", "clerk09"] in rows


@pytest.mark.usefixtures("shift_change")
def test_each_windows_clerks_add_up_to_its_day(intake_store: Store) -> None:
    report = day_report(intake_store, DAY)
    clerks = day_clerks(intake_store, DAY)

    assert {w: [c.clerk for c in cs] for w, cs in clerks.items()} == {
        "W01": ["lisi", "wangfang"],
        "W02": ["clerk09", "wangfang"],
    }
    for window in report.windows:
        for decision in ("accepted", "deferred", "notified", "refused", "withdrawn", "voided"):
            shares = [dict(c.decisions)[decision] for c in clerks[window.window_code]]
            assert sum(shares) == getattr(window, decision), (window.window_code, decision)


@pytest.mark.usefixtures("shift_change")
def test_stats_eod_and_cases_on_the_command_line(cli: Callable[..., CliResult]) -> None:
    day = DAY.isoformat()
    stats = cli("stats", "--from", day, "--to", day, "--json")
    assert stats.returncode == 0, stats.stderr
    assert [c["clerk"] for c in json.loads(stats.stdout)["cases_per_clerk"]] == [
        "clerk09",
        "lisi",
        "wangfang",
    ]
    text = cli("stats", "--from", day, "--to", day).stdout.splitlines()
    wangfang = "  wangfang 王芳 [W01,W02]  4 件: 已受理 2，一次性告知（待补齐补正） 1，不予受理 1"
    assert f"{wangfang}  中位 4.0 分钟" in text
    english = cli("--lang", "en", "stats", "--from", day, "--to", day).stdout.splitlines()
    assert "  lisi [W01]  2 cases: Accepted 1, Refused 1  median 10.0 min" in english

    eod = cli("eod", "--date", day, "--json")
    assert eod.returncode == 0, eod.stderr
    w01, w02 = json.loads(eod.stdout)["windows"]
    assert w01["clerks"] == [
        {
            "clerk": "lisi",
            "clerk_name": "lisi",
            "cases": 2,
            "accepted": 1,
            "deferred": 0,
            "notified": 0,
            "refused": 1,
            "withdrawn": 0,
            "voided": 0,
            "received": 0,
            "handling_median_seconds": 600.0,
        },
        {
            "clerk": "wangfang",
            "clerk_name": "王芳",
            "cases": 3,
            "accepted": 2,
            "deferred": 0,
            "notified": 1,
            "refused": 0,
            "withdrawn": 0,
            "voided": 0,
            "received": 0,
            "handling_median_seconds": 240.0,
        },
    ]
    assert [(c["clerk"], c["clerk_name"], c["refused"]) for c in w02["clerks"]] == [
        ("clerk09", None, 0),
        ("wangfang", "王芳", 1),
    ]
    eod_text = cli("eod", "--date", day).stdout.splitlines()
    assert "    wangfang 王芳  受理 2  容缺 0  告知 1  不予受理 0  撤回 0  作废 0" in eod_text

    listed = json.loads(cli("cases", "--json").stdout)["cases"]
    assert sorted((c["clerk"], c["clerk_name"]) for c in listed) == [
        ("lisi", "lisi"),
        ("lisi", "lisi"),
        ("wangfang", "王芳"),
        ("wangfang", "王芳"),
        ("wangfang", "王芳"),
    ]
