"""``counter-app stats``: the statistics of a period as JSON (docs/operations.md), as text,
and as a CSV file; a day that is no day is refused in both languages."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

from counter_app.services import intake
from tests.export_targets import in_the_way
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
DAY = MOMENT.date().isoformat()


def test_stats_json_csv_and_text(cli, intake_store, clerk, tmp_path: Path) -> None:
    item = item_named(intake_store, ALLOWANCE)
    request = request_for(item, complete_marks(item), card_read_at=MOMENT - timedelta(minutes=7))
    intake.accept(intake_store, request, clerk, now=MOMENT)
    target = tmp_path / "day.csv"

    done = cli("stats", "--from", DAY, "--to", DAY, "--json", "--csv", str(target))
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert set(figures) == {
        "from",
        "to",
        "generated_at",
        "cases",
        "cases_per_hour",
        "cases_per_window",
        "decisions",
        "top_items",
        "handling_time",
        "satisfaction",
        "sync_delay",
        "bundles",
        "overdue",
        "due_soon",
        "cases_per_clerk",
    }
    assert figures["bundles"] == {"bundles": 0, "cases": 0, "per_bundle": []}
    assert (figures["from"], figures["to"], figures["cases"]) == (DAY, DAY, 1)
    assert figures["cases_per_hour"][10] == {"hour": 10, "cases": 1}
    assert figures["cases_per_window"] == [{"window_code": "W01", "cases": 1, "local": True}]
    assert figures["handling_time"]["median_seconds"] == 420.0
    assert figures["sync_delay"]["waiting"] == 1
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert ["办件量", "合计", "1", "cases", "total"] in list(csv.reader(handle))

    text = cli("stats", "--from", DAY, "--to", DAY)
    assert text.returncode == 0, text.stderr
    assert "W01:1" in text.stdout and ALLOWANCE in text.stdout and "中位 7.0 分钟" in text.stdout


def test_stats_refuses_a_day_that_is_no_day(cli, intake_store) -> None:
    bad = cli("stats", "--from", "2026-13-01")
    assert bad.returncode == 2
    assert "YYYY-MM-DD" in bad.stderr and "--from must be a day" in bad.stderr
    backwards = cli("stats", "--from", "2026-09-25", "--to", "2026-09-24")
    assert backwards.returncode == 2 and "swap the two dates" in backwards.stderr


def test_stats_csv_refuses_what_is_not_a_regular_file(cli, intake_store, tmp_path: Path) -> None:
    """A FIFO (standing in for a device) and a link are left as they are; an empty --csv says
    so instead of a ValueError traceback."""
    there = in_the_way(tmp_path, ".csv")

    piped = cli("stats", "--csv", str(there.fifo))
    assert piped.returncode == 2 and "Traceback" not in piped.stderr
    assert piped.stderr.startswith(f"{there.fifo} 是一个命名管道（FIFO），不是普通文件")
    linked = cli("--lang", "en", "stats", "--csv", str(there.link))
    assert linked.returncode == 2
    assert linked.stderr.startswith(f"{there.link} is a symbolic link: an export neither writes")
    empty = cli("stats", "--csv", "")
    assert empty.returncode == 2 and "--csv 的路径为空" in empty.stderr
    assert "--csv is empty" in empty.stderr and "Traceback" not in empty.stderr
    assert there.untouched()
