"""The supervisor's statistics on a real store filled through intake, ratings and sync's own
writers: the hall's cases per hour, window, decision and item, handling times from the card
read, 好差评 with the declined ones, and sync delays (this workstation's cases and the hall
queue's, each counted once); the period in hall days; the CSV export."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.durable_files import ExportFailed
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.evaluations import apply_online_evaluation, record_evaluation
from counter_app.services.statistics import (
    InvalidPeriod,
    Period,
    compute,
    write_csv,
)
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from counter_app.store.timestamps import to_text
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number
from tests.services.end_of_day_cases import answer, hall_case

ALLOWANCE = "老年综合津贴申领"
DAY = MOMENT.date()  # 2026-09-24, 10:00 in the hall


def _accept(store: Store, clerk: User, *, read_minutes_before: float | None, seq: int, **kw):
    item = item_named(store, ALLOWANCE)
    read = MOMENT - timedelta(minutes=read_minutes_before) if read_minutes_before else None
    request = request_for(
        item,
        complete_marks(item),
        number=resident_number(f"310104198001011{seq:02d}"),
        card_read_at=read,
    )
    return intake.accept(store, request, clerk, now=kw.get("now", MOMENT))


@pytest.fixture
def hall_day(intake_store: Store, clerk: User) -> dict[str, str]:
    """Four cases at W01 (this workstation) on the day, one the evening before; three at W02
    through the hall queue (with the platform's facts of them), and W01's first case echoed
    back by the feed. The ids of the first and the typed-in case, the notice's number."""
    store = intake_store
    quick = _accept(store, clerk, read_minutes_before=4, seq=1)
    slow = _accept(store, clerk, read_minutes_before=12, seq=2)
    typed = _accept(store, clerk, read_minutes_before=None, seq=3)
    item = item_named(store, ALLOWANCE)
    notified = intake.notify(
        store,
        request_for(item, complete_marks(item)[:1], number=resident_number("31010419800101944")),
        clerk,
        now=MOMENT,
    )
    # 23:00 in the hall the day before: not the 24th's.
    _accept(store, clerk, read_minutes_before=2, seq=5, now=datetime(2026, 9, 23, 15, tzinfo=UTC))
    record_evaluation(store, quick.case_id, 5, actor=clerk.username, now=MOMENT)
    record_evaluation(
        store, slow.case_id, 2, reason_code="waiting", actor=clerk.username, now=MOMENT
    )
    record_evaluation(store, typed.case_id, None, actor=clerk.username, now=MOMENT)
    answer(store, quick.case_id, "stored", at=to_text(MOMENT + timedelta(minutes=3)))
    answer(store, slow.case_id, "stored", at=to_text(MOMENT + timedelta(minutes=20)))
    taken = datetime(2026, 9, 24, 2, 30, tzinfo=UTC)
    rows = [
        # The platform's facts of W02's cases: a card read 8 minutes before the decision,
        # acknowledged 2 minutes after, rated 4; a refusal the applicant declined to rate.
        replace(
            hall_case(1, "W02", "accepted", taken),
            card_read_at=to_text(taken - timedelta(minutes=8)),
            acknowledged_at=to_text(taken + timedelta(minutes=2)),
            rating_level=4,
        ),
        replace(
            hall_case(2, "W02", "refused", datetime(2026, 9, 24, 8, 0, tzinfo=UTC)),
            rating_declined=True,
        ),
        # 00:30 on the 24th in the hall.
        hall_case(3, "W02", "completed_approved", datetime(2026, 9, 23, 16, 30, tzinfo=UTC)),
        replace(
            hall_case(4, "W01", "accepted", datetime(2026, 9, 24, 2, 0, tzinfo=UTC)),
            case_id=quick.case_id,
            case_no=quick.case_no,
        ),
    ]
    with store.transaction() as db:
        for row in rows:
            upsert_hall_case(db.conn, row)
    return {"quick": quick.case_id, "typed": typed.case_id, "notified": notified.case_no}


def test_the_hall_charts_count_every_case_of_the_day_once(
    intake_store: Store, hall_day: dict[str, str]
) -> None:
    stats = compute(intake_store, Period(DAY, DAY))

    assert stats.cases == 7
    hours = {hour: n for hour, n in enumerate(stats.per_hour) if n}
    assert hours == {0: 1, 10: 5, 16: 1}
    assert [(w.window_code, w.cases, w.local) for w in stats.per_window] == [
        ("W01", 4, True),
        ("W02", 3, False),
    ]
    assert dict(stats.decisions) == {
        "accepted": 5,  # the completed case was accepted
        "deferred": 0,
        "notified": 1,
        "refused": 1,
        "withdrawn": 0,
        "voided": 0,
        "received": 0,
    }
    assert [(i.item_name, i.cases) for i in stats.top_items] == [(ALLOWANCE, 4), ("模拟事项", 3)]


def test_handling_ratings_and_sync_delay_of_the_hall(
    intake_store: Store, hall_day: dict[str, str]
) -> None:
    stats = compute(intake_store, Period(DAY, DAY))

    # Cards read 4 and 12 minutes before the decision here, 8 at W02; the typed-in and the
    # notified applicants here and W02's other cases have no start to measure from.
    assert stats.handling.measured == 3
    assert (stats.handling.median_seconds, stats.handling.p90_seconds) == (480.0, 720.0)
    assert {b.label: b.cases for b in stats.handling.buckets if b.cases} == {
        "0–5": 1,
        "5–10": 1,
        "10–15": 1,
    }

    s = stats.satisfaction
    assert (s.cases, s.rated, s.declined, s.not_rated) == (7, 3, 2, 2)
    assert s.levels == (0, 1, 0, 1, 1)
    assert (round(s.rating_rate or 0, 4), s.satisfied_rate) == (0.4286, 2 / 3)

    # Acknowledged 3 and 20 minutes after acceptance here, 2 at W02; the third case
    # accepted here and the notified one still wait (what the end-of-day report calls 未同步).
    assert (stats.sync_delay.measured, stats.sync_waiting) == (3, 2)
    assert {b.label: b.cases for b in stats.sync_delay.buckets if b.cases} == {
        "1–5": 2,
        "15–60": 1,
    }


def test_online_ratings_count_beside_the_halls_by_channel(
    intake_store: Store, hall_day: dict[str, str], tmp_path: Path
) -> None:
    quick, typed = hall_day["quick"], hall_day["typed"]
    # Rated 5 at the hall and 2 online; declined at the hall, then rated 4 online.
    assert apply_online_evaluation(intake_store, quick, 2, "waiting", MOMENT)
    assert apply_online_evaluation(intake_store, typed, 4, None, MOMENT)
    stats = compute(intake_store, Period(DAY, DAY))

    s = stats.satisfaction
    # Per case: rated on either channel; only W02's refusal was declined and nothing else.
    assert (s.cases, s.rated, s.declined, s.not_rated) == (7, 4, 1, 2)
    assert [(c.channel, c.rated, c.declined, c.levels) for c in s.channels] == [
        ("hall_evaluator", 3, 2, (0, 1, 0, 1, 1)),
        ("online", 2, 0, (0, 1, 0, 1, 0)),
    ]
    assert (s.levels, s.ratings, s.satisfied_rate) == ((0, 2, 0, 2, 1), 5, 3 / 5)
    online = stats.to_json()["satisfaction"]["channels"][1]
    assert (online["channel"], online["rated"], online["levels"][1]) == (
        "online",
        2,
        {"level": 2, "cases": 1},
    )
    target = tmp_path / "stats.csv"
    write_csv(stats, target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert ["好差评（网上评价）", "2星", "1", "satisfaction_online", "level_2"] in rows
    assert ["好差评", "评价次数", "5", "satisfaction", "ratings"] in rows


def test_a_period_of_several_days_and_its_json(
    intake_store: Store, hall_day: dict[str, str]
) -> None:
    both = compute(intake_store, Period(DAY - timedelta(days=1), DAY)).to_json()
    assert (both["from"], both["to"], both["cases"]) == ("2026-09-23", "2026-09-24", 8)
    assert both["handling_time"]["measured"] == 4  # the evening before's card read too
    assert both["cases_per_window"][1] == {"window_code": "W02", "cases": 3, "local": False}
    assert sum(h["cases"] for h in both["cases_per_hour"]) == 8
    assert both["satisfaction"]["levels"][4] == {"level": 5, "cases": 1}
    json.dumps(both)  # plain JSON all through

    empty = compute(intake_store, Period(date(2026, 1, 5), date(2026, 1, 5)))
    assert empty.cases == 0 and empty.handling.median_seconds is None
    assert empty.satisfaction.rating_rate is None


def test_a_period_must_run_forwards_and_be_at_most_a_year() -> None:
    with pytest.raises(InvalidPeriod) as backwards:
        Period.of(date(2026, 9, 25), date(2026, 9, 24))
    assert "晚于" in backwards.value.zh and "swap" in backwards.value.en
    with pytest.raises(InvalidPeriod):
        Period.of(date(2025, 1, 1), date(2026, 9, 24))
    assert Period.of(None, date(2026, 9, 24)) == Period(date(2026, 9, 24), date(2026, 9, 24))
    assert Period.of(None, None, today=DAY) == Period(DAY, DAY)


def test_the_csv_holds_every_chart(
    intake_store: Store, hall_day: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "stats.csv"
    write_csv(compute(intake_store, Period(DAY, DAY)), target)

    assert target.read_bytes().startswith("\ufeff".encode())  # a spreadsheet's UTF-8 mark
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    # Chinese for the supervisor's spreadsheet, the codes of --json for a script.
    assert rows[0] == ["统计项", "分项", "数值", "chart", "label"]
    charts = {row[3] for row in rows[1:]}
    assert charts >= {
        "cases_per_hour",
        "cases_per_window",
        "decisions",
        "top_items",
        "handling_time_minutes",
        "satisfaction",
        "sync_delay_minutes",
    }
    assert ["各窗口办件", "W02", "3", "cases_per_window", "W02"] in rows
    assert ["热门事项", "ITEM-1 模拟事项", "3", "top_items", "ITEM-1 模拟事项"] in rows
    assert ["好差评", "拒评", "2", "satisfaction", "declined"] in rows
    named = {(row[3], row[4]): row[:2] for row in rows[1:]}
    assert named["cases_per_hour", "09"] == ["每小时办件", "09时"]
    assert named["decisions", "deferred"] == [
        "受理决定",
        STATE_NAMES[CaseState.ACCEPTED_DEFERRED][0],
    ]
    assert named["satisfaction", "rating_rate"] == ["好差评", "评价率"]
    assert named["handling_time_minutes", "median_seconds"][1] == "中位数（秒）"
    assert all(not chart.isascii() for chart, _label in named.values())


def test_a_csv_that_cannot_be_written_says_so_in_both_languages(
    intake_store: Store, tmp_path: Path
) -> None:
    stats = compute(intake_store, Period(DAY, DAY))
    too_long = tmp_path / ("统计" * 100 + ".csv")  # past what a file system takes in a name
    with pytest.raises(ExportFailed) as failed:
        write_csv(stats, too_long)
    assert "统计表未能写入" in failed.value.zh and "choose another folder" in failed.value.en
    assert failed.value.field == "csv"
    in_the_way = tmp_path / "stats.csv"
    in_the_way.mkdir()  # a folder where the file would be: left as it is
    with pytest.raises(ExportFailed) as folder:
        write_csv(stats, in_the_way)
    assert f"{in_the_way} 是一个文件夹，不是普通文件" in folder.value.zh
    assert in_the_way.is_dir() and list(in_the_way.iterdir()) == []
    # A folder that is not there (a USB drive not mounted) is not made on this PC's disk.
    unmounted = tmp_path / "media" / "usb"
    with pytest.raises(ExportFailed) as missing:
        write_csv(stats, unmounted / "stats.csv")
    assert f"文件夹 {unmounted} 不存在" in missing.value.zh
    assert "U盘" in missing.value.zh and "USB drive" in missing.value.en
    assert not unmounted.parent.exists()


def test_the_card_read_travels_in_the_case_document(intake_store: Store, clerk: User) -> None:
    """The platform learns the service's start from the synced case (and feeds it to the
    other windows' statistics); a typed-in identity has none, and the field is left out."""
    read = _accept(intake_store, clerk, read_minutes_before=6, seq=1)
    typed = _accept(intake_store, clerk, read_minutes_before=None, seq=2)
    document = case_plaintext.case_document(intake_store, read.case_id)
    assert document["card_read_at"] == to_text(MOMENT - timedelta(minutes=6))
    assert "card_read_at" not in case_plaintext.case_document(intake_store, typed.case_id)
