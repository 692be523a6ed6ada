"""doctor compares the recent cases' rows with their sealed versions and the audit log, and
notices the audit log's protective triggers dropped: what someone with the file (no key)
does, named by case number only."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.doctor import Check, run_checks
from counter_app.store.database import Store
from tests.printing.fixtures import CASE_TIME, RARE_NAME, CaseFactory

NEXT_DAY = CASE_TIME + timedelta(days=1)


def checked(home: Home, config: Config) -> dict[str, Check]:
    return {c.name: c for c in run_checks(home, config, now=lambda: NEXT_DAY)}


def tamper(home: Home, *statements: str) -> None:
    with sqlite3.connect(home.db_path) as raw:
        for sql in statements:
            raw.execute(sql)


def test_recent_cases_as_taken_pass(
    home: Home, config: Config, store: Store, make_case: CaseFactory
) -> None:
    make_case(), make_case("notify")
    check = checked(home, config)["case_records"]
    assert check.status == "ok" and "2 件" in check.detail, check


def test_forged_and_deleted_cases_fail_by_number_without_their_data(
    home: Home, config: Config, store: Store, make_case: CaseFactory
) -> None:
    renamed, withdrawn, deleted, kept = make_case(), make_case(), make_case(), make_case()
    tamper(
        home,
        f"UPDATE cases SET name = '张三丰' WHERE case_id = '{renamed.case_id}'",
        f"UPDATE cases SET state = 'withdrawn' WHERE case_id = '{withdrawn.case_id}'",
        *(
            f"DELETE FROM {table} WHERE case_id = '{deleted.case_id}'"
            for table in ("case_materials", "case_events", "outbox", "case_versions", "cases")
        ),
    )
    check = checked(home, config)["case_records"]
    assert check.status == "fail"
    for case in (renamed, withdrawn, deleted):
        assert case.case_no in check.detail
    assert kept.case_no not in check.detail
    assert "张三丰" not in check.detail and RARE_NAME not in check.detail
    assert "counter-app restore" in check.detail and "信息技术人员" in check.detail


def test_cases_older_than_the_recent_window_are_not_compared(
    home: Home, config: Config, store: Store, make_case: CaseFactory
) -> None:
    old = make_case(now=CASE_TIME - timedelta(days=30))
    tamper(home, f"UPDATE cases SET name = '张三丰' WHERE case_id = '{old.case_id}'")
    check = checked(home, config)["case_records"]
    assert check.status == "ok" and "0 件" in check.detail, check


def test_dropped_protective_triggers_fail_the_schema(
    home: Home, config: Config, store: Store
) -> None:
    assert checked(home, config)["schema"].status == "ok"
    tamper(home, "DROP TRIGGER audit_log_no_delete")
    schema = checked(home, config)["schema"]
    assert schema.status == "fail" and "audit_log_no_delete" in schema.detail
    assert "audit_log_no_update" not in schema.detail


def test_a_trigger_made_to_do_nothing_fails_the_schema(
    home: Home, config: Config, store: Store
) -> None:
    tamper(
        home,
        "DROP TRIGGER audit_log_no_update",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END",
    )
    schema = checked(home, config)["schema"]
    assert schema.status == "fail" and "audit_log_no_update" in schema.detail
