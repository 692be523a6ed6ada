"""The statistics CSV never hands a spreadsheet a formula: a text cell starting with
``= + - @``, a tab or a carriage return (an item or 一件事 name from a published catalog)
gets a leading apostrophe, while the figures stay numbers, negative ones too."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

from counter_app.services.statistics import (
    BundleTotal,
    Period,
    WindowCount,
    compute,
    csv_rows,
    write_csv,
)
from counter_app.store.database import Store

LINK = '=HYPERLINK("http://evil","失业")'


def test_formula_like_names_are_text_and_figures_stay_numbers(
    intake_store: Store, tmp_path: Path
) -> None:
    empty = compute(intake_store, Period(date(2026, 9, 24), date(2026, 9, 24)))
    stats = replace(
        empty,
        per_window=(WindowCount("@W1", 2, False),),
        bundles=(BundleTotal(LINK, 1, 2), BundleTotal("\t-1+1", 1, 1)),
        # The platform's acknowledgement before acceptance (a skewed clock): a negative figure.
        sync_delay=replace(empty.sync_delay, median_seconds=-90.5, p90_seconds=-12),
    )
    target = tmp_path / "stats.csv"
    write_csv(stats, target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [list(row) for row in csv_rows(stats)]
    assert ["各窗口办件", "'@W1", "2", "cases_per_window", "'@W1"] in rows
    assert ["一件事（件）", f"'{LINK}", "1", "bundles", f"'{LINK}"] in rows
    assert ["一件事所含办件", "'\t-1+1", "1", "bundle_cases", "'\t-1+1"] in rows
    assert ["同步延迟，分钟（受理至平台确认）", "中位数（秒）", "-90.5", "sync_delay_minutes",
            "median_seconds"] in rows  # fmt: skip
    assert ["同步延迟，分钟（受理至平台确认）", "90%分位数（秒）", "-12", "sync_delay_minutes",
            "p90_seconds"] in rows  # fmt: skip
    # No measurement is an empty cell, not a text; every text cell that is not data as it was.
    assert ["办理时长，分钟（读卡至决定）", "中位数（秒）", "", "handling_time_minutes",
            "median_seconds"] in rows  # fmt: skip
    assert rows[1] == ["统计期间", "起", "2026-09-24", "period", "from"]
    formula_like = [c for row in rows for c in row if c.startswith(("=", "+", "-", "@", "\t"))]
    assert formula_like == ["-90.5", "-12"]
