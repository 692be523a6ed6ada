"""The end of day lists the 容缺 cases still owing a material past its deadline beside those
due that day, says which, and counts both."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from counter_app.services.end_of_day import day_report
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from printing.day_labels import report_lists
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import hall_case


def test_a_deferral_past_due_and_still_owed_is_listed_as_such(
    store: Store, make_case: CaseFactory
) -> None:
    mine = make_case("deferral")  # its material is due on 2026-12-04 (a Friday)
    theirs = replace(
        hall_case(7, "W02", "accepted_deferred", datetime(2026, 11, 26, 2, 0, tzinfo=UTC)),
        deferral_due="2026-12-07",
    )
    with store.transaction() as db:
        upsert_hall_case(db.conn, theirs)
    report = day_report(store, date(2026, 12, 7))
    assert report.to_dict()["deferrals_due"] == [
        {"window_code": "W01", "case_no": mine.case_no, "due": "2026-12-04", "overdue": True},
        {"window_code": "W02", "case_no": theirs.case_no, "due": "2026-12-07", "overdue": False},
    ]
    assert [(w.window_code, w.deferrals_due) for w in report.windows] == [("W01", 1), ("W02", 1)]
    lines = dict(report_lists(report, "zh"))["due_list"]
    assert lines == [
        f"{mine.case_no}（W01，已逾期，应于 2026-12-04 补齐）",
        f"{theirs.case_no}（W02）",
    ]
    # Before either fell due: none.
    assert day_report(store, date(2026, 12, 3)).deferrals_due == []
