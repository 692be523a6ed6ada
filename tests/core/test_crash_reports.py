"""The window keeps its newest 50 crash reports, and doctor's ``crashes`` check warns while
one is younger than 7 days, naming the newest and how many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_app.crash_reports import (
    CRASH_REPORTS_KEPT,
    crash_report_path,
    prune_crash_reports,
    recent_crashes_check,
)
from counter_app.home import Home

NOW = datetime(2026, 12, 7, 16, 15, 49, tzinfo=UTC)


def english(_zh: str, en: str) -> str:
    return en


def chinese(zh: str, _en: str) -> str:
    return zh


def report(home: Home, moment: datetime) -> Path:
    path = crash_report_path(home.crash_dir, moment)
    path.write_text("Traceback …\n", encoding="utf-8")
    return path


def test_only_the_newest_reports_are_kept(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    made = [report(home, NOW - timedelta(hours=hours)) for hours in range(60)]
    (home.crash_dir / "notes.txt").write_text("IT's own note\n", encoding="utf-8")

    prune_crash_reports(home.crash_dir)

    kept = sorted(path for path in home.crash_dir.iterdir() if path.name.startswith("crash-"))
    assert kept == sorted(made[:CRASH_REPORTS_KEPT])
    assert (home.crash_dir / "notes.txt").is_file()  # not a crash report: left alone


def test_no_recent_crash_is_ok(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    report(home, NOW - timedelta(days=8))

    check = recent_crashes_check(home, english, now=lambda: NOW)

    assert (check.name, check.status) == ("crashes", "ok")


def test_a_recent_crash_warns_naming_the_newest_and_how_many(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    report(home, NOW - timedelta(days=10))
    report(home, NOW - timedelta(days=6))
    newest = report(home, NOW - timedelta(hours=1))

    check = recent_crashes_check(home, english, now=lambda: NOW)
    assert (check.name, check.status) == ("crashes", "warn")
    assert check.detail.startswith(f"2 crash report(s) in 7 days, the newest {newest}")

    in_chinese = recent_crashes_check(home, chinese, now=lambda: NOW)
    assert f"最近 7 天程序崩溃 2 次，最新的记录：{newest}" in in_chinese.detail
