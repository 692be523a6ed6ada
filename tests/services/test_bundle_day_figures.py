"""一件事 bundles in the day's and the period's figures: each of their cases still counts as a
case of its own item and decision, and beside those figures the end of day (JSON, text, PDF)
says how many bundles each window and the hall decided and how many cases they made, the
statistics (JSON, text, CSV) the same per bundle name; another window's from the hall queue."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle
from counter_app.services.end_of_day import day_report
from counter_app.services.intake import accept
from counter_app.services.intake_request import ApplicantInput
from counter_app.services.statistics import Period, compute, csv_rows
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from tests.conftest import CliResult
from tests.printing import pdf_tools
from tests.services.conftest import (
    MOMENT,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)
from tests.services.end_of_day_cases import hall_case
from tests.services.import_lines import number

DAY = date(2026, 9, 24)  # MOMENT's hall day
APPLICANT = ApplicantInput(
    name="张三", id_type="111", id_number=resident_number(), phone="13900000000"
)
CONTRACT_WINDOW_KEYS = {
    "window_code",
    "accepted",
    "notified",
    "refused",
    "deferred",
    "voided",
    "reprints",
    "unsynced",
    "acknowledged",
}


@pytest.fixture
def bundled_day(intake_store: Store, clerk: User) -> Store:
    """W01 (this window): a 失业一件事 (its two cases notified: nothing marked) and a case
    alone. W02, from the hall queue: a 失业一件事 and a 养老一件事 of two cases each, a case
    alone, and a 失业一件事 of the day before."""
    decide_bundle(intake_store, BundleRequest("YJS-0001", APPLICANT), clerk, now=MOMENT)
    item = item_named(intake_store, "老年综合津贴申领")
    marks = complete_marks(item)
    accept(intake_store, request_for(item, marks, number=number(7)), clerk, now=MOMENT)
    rows = [
        replace(hall_case(1, "W02", "accepted", MOMENT), bundle_id="b-1", bundle_name="失业一件事"),
        replace(hall_case(2, "W02", "notified", MOMENT), bundle_id="b-1", bundle_name="失业一件事"),
        *(
            replace(
                hall_case(n, "W02", "accepted", MOMENT),
                bundle_id="b-2",
                bundle_name="养老一件事（老年人津贴与敬老卡）",
            )
            for n in (3, 4)
        ),
        hall_case(5, "W02", "accepted", MOMENT),
        *(
            replace(
                hall_case(n, "W02", "accepted", MOMENT - timedelta(days=1)),
                bundle_id="b-0",
                bundle_name="失业一件事",
            )
            for n in (6, 7)
        ),
    ]
    with intake_store.transaction() as db:
        for row in rows:
            upsert_hall_case(db.conn, row)
    return intake_store


def test_the_day_counts_bundles_beside_their_cases(bundled_day: Store) -> None:
    report = day_report(bundled_day, DAY)

    w01, w02 = report.windows
    # Each case still counts under its own decision: a bundle is no case of its own.
    assert (w01.accepted, w01.notified, w01.cases) == (1, 2, 3)
    assert (w02.accepted, w02.notified, w02.cases) == (4, 1, 5)
    assert (w01.bundles, w01.bundle_cases) == (1, 2)
    assert (w02.bundles, w02.bundle_cases) == (2, 4)  # the day before's is not of the day
    assert (report.hall.bundles, report.hall.bundle_cases) == (3, 6)
    figures = report.to_dict()
    for window in figures["windows"]:
        assert set(window) >= CONTRACT_WINDOW_KEYS
    assert [(w["bundles"], w["bundle_cases"]) for w in figures["windows"]] == [(1, 2), (2, 4)]
    assert (figures["hall"]["bundles"], figures["hall"]["bundle_cases"]) == (3, 6)


def test_eod_says_the_bundles_in_words_and_on_paper(
    bundled_day: Store, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    done = cli("eod", "--date", DAY.isoformat())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    w01 = next(line for line in lines if line.strip().startswith("W01"))
    hall = next(line for line in lines if line.strip().startswith("全大厅"))
    assert w01.endswith("一件事 1 件（含办件 2 件）  ！有未同步办件")
    assert "受理 1" in w01 and "告知 2" in w01  # the cases as before
    assert "一件事 3 件（含办件 6 件）" in hall
    assert "一件事的每个办件已按其事项计入上表。" in done.stdout

    english = cli("--lang", "en", "eod", "--date", DAY.isoformat())
    assert "One-thing bundles 2 (4 cases)" in english.stdout

    pdf = tmp_path / "eod.pdf"
    assert cli("eod", "--date", DAY.isoformat(), "--out", str(pdf)).returncode == 0
    text = "".join(pdf_tools.text(pdf).split())
    assert "一件事：W011件（含办件2件）；W022件（含办件4件）；全大厅3件（含办件6件）" in text


def test_a_day_without_bundles_says_none(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    report = day_report(intake_store, DAY)
    assert (report.hall.bundles, report.hall.bundle_cases) == (0, 0)
    done = cli("eod", "--date", DAY.isoformat())
    assert done.returncode == 0, done.stderr
    assert "一件事" not in done.stdout


def test_the_statistics_count_bundles_per_name(bundled_day: Store, tmp_path: Path) -> None:
    stats = compute(bundled_day, Period(DAY, DAY))

    assert stats.cases == 8  # every case, bundled or not, once
    assert stats.bundle_figures == (3, 6)
    assert stats.to_json()["bundles"] == {
        "bundles": 3,
        "cases": 6,
        "per_bundle": [
            {"bundle_name": "失业一件事", "bundles": 2, "cases": 4},
            {"bundle_name": "养老一件事（老年人津贴与敬老卡）", "bundles": 1, "cases": 2},
        ],
    }
    rows = [list(row) for row in csv_rows(stats)]
    assert ["一件事（件）", "合计", "3", "bundles", "total"] in rows
    assert ["一件事（件）", "失业一件事", "2", "bundles", "失业一件事"] in rows
    assert ["一件事所含办件", "合计", "6", "bundle_cases", "total"] in rows
    assert ["一件事所含办件", "失业一件事", "4", "bundle_cases", "失业一件事"] in rows
    two_days = compute(bundled_day, Period(DAY - timedelta(days=1), DAY))
    assert two_days.bundles[0].bundles == 3  # the day before's 失业一件事 too


def test_stats_says_the_bundles_in_words_and_in_the_csv(
    bundled_day: Store, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    target = tmp_path / "stats.csv"
    done = cli("stats", "--from", DAY.isoformat(), "--to", DAY.isoformat(), "--csv", str(target))
    assert done.returncode == 0, done.stderr
    assert "一件事: 3 件（含办件 6 件）" in done.stdout
    assert "  失业一件事  2 件（含办件 4 件）" in done.stdout
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert ["一件事（件）", "合计", "3", "bundles", "total"] in list(csv.reader(handle))
    shown = cli("stats", "--from", DAY.isoformat(), "--to", DAY.isoformat(), "--json")
    assert json.loads(shown.stdout)["bundles"]["cases"] == 6
