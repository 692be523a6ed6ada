"""The end of day is not reconciled while a case of the day was altered or deleted behind the
program's back: its figures rest on those rows; the cases are named (``altered``)."""

from __future__ import annotations

import sqlite3

from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.home import Home
from counter_app.services.end_of_day import checked_day_report
from counter_app.store.database import Store
from counter_app.store.timestamps import utc_now
from printing.day_labels import altered_line, reconciliation_parts
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import answer


def test_a_forged_or_deleted_case_of_the_day_keeps_it_unreconciled(
    home: Home, store: Store, make_case: CaseFactory
) -> None:
    now = utc_now()
    day = now.astimezone(HALL_TIMEZONE).date()
    forged, deleted, kept = (make_case(now=now) for _ in range(3))
    for case in (forged, deleted, kept):
        answer(store, case.case_id, "stored")
    assert checked_day_report(store, day).reconciled
    with sqlite3.connect(home.db_path) as raw:
        raw.execute("UPDATE cases SET state = 'withdrawn' WHERE case_id = ?", (forged.case_id,))
        for table in (
            "case_materials",
            "case_events",
            "sync_attempts",
            "outbox",
            "case_versions",
            "cases",
        ):
            raw.execute(f"DELETE FROM {table} WHERE case_id = ?", (deleted.case_id,))
    figures = checked_day_report(store, day).to_dict()
    assert figures["reconciled"] is False
    assert figures["unacknowledged"] == []
    assert figures["altered"] == sorted([forged.case_no, deleted.case_no])
    assert {d["case_no"]: d["problem"] for d in figures["altered_details"]} == {
        forged.case_no: "row_differs",
        deleted.case_no: "rows_missing",
    }
    report = checked_day_report(store, day)
    for lang in ("zh", "en"):
        said = reconciliation_parts(report, lang)
        assert [sentence for sentence, _ in said] == ["altered_list"]  # nothing unacknowledged
        assert said[0][1] == [altered_line(a, lang) for a in report.altered]  # each case by number
    assert altered_line(report.altered[0], "zh").startswith(report.altered[0].case_no)
    forged_line = next(line for line in said[0][1] if line.startswith(forged.case_no))
    assert forged_line == f"{forged.case_no} (state)"  # the field's name, never its value
