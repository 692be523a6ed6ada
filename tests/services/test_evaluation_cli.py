"""``counter-app evaluate`` and ``counter-app followups``: a rating or a refusal to rate
recorded from the command line as a new case version, the supervisor's follow-up list (the
overdue ones flagged) and its steps, each authenticated as a supervisor."""

from __future__ import annotations

import json
from datetime import date, timedelta

from counter_app.services import case_endings, intake
from counter_app.services.auth import Accounts
from counter_app.store import case_plaintext
from counter_app.store.calendar import working_calendar
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


def _accepted(store, clerk):
    item = item_named(store, ALLOWANCE)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def test_evaluate_records_a_rating_and_a_declined_one(cli, intake_store, clerk) -> None:
    rated, declined = _accepted(intake_store, clerk), _accepted(intake_store, clerk)
    done = cli("evaluate", rated.case_no, "--level", "4", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["case_no"], result["data_version"]) == (rated.case_no, 2)
    assert result["evaluation"]["level"] == 4
    assert result["evaluation"]["channel"] == "hall_evaluator"
    assert result["followup"] is None
    refused = cli("evaluate", declined.case_no, "--declined", "--json")
    assert refused.returncode == 0, refused.stderr
    assert json.loads(refused.stdout)["evaluation"]["declined"] is True
    document = case_plaintext.case_document(intake_store, declined.case_id)
    assert document["evaluation"]["level"] is None

    again = cli("evaluate", rated.case_no, "--level", "5")
    assert again.returncode != 0 and "已评价" in again.stderr and "rated once" in again.stderr
    both = cli("evaluate", rated.case_no, "--level", "5", "--declined")
    assert both.returncode != 0


def test_a_bad_rating_from_the_cli_needs_a_reason_code(cli, intake_store, clerk) -> None:
    case = _accepted(intake_store, clerk)
    missing = cli("evaluate", case.case_no, "--level", "1", "--reason", "太慢")
    assert missing.returncode != 0 and "原因类别" in missing.stderr
    done = cli("evaluate", case.case_no, "--level", "1", "--reason-code", "waiting", "--json")
    assert done.returncode == 0, done.stderr
    followup = json.loads(done.stdout)["followup"]
    rated_on = date.fromisoformat(followup["opened_at"][:10])  # UTC; the hall's day may differ
    calendar = working_calendar(intake_store)
    assert date.fromisoformat(followup["due_contact"]) in (
        calendar.add_working_days(rated_on, 1),
        calendar.add_working_days(rated_on + timedelta(days=1), 1),
    )
    assert followup["state"] == "open"


def test_the_supervisor_lists_and_works_through_follow_ups(cli, intake_store, clerk) -> None:
    accounts = Accounts(intake_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    case = _accepted(intake_store, clerk)
    assert (
        cli("evaluate", case.case_no, "--level", "2", "--reason-code", "attitude").returncode == 0
    )

    listed = cli("followups", "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)["followups"]
    assert {"case_no", "level", "due_contact", "due_rectify", "state", "overdue"} <= row.keys()
    assert (row["case_no"], row["level"], row["state"]) == (case.case_no, 2, "open")

    def record(step: str, user: str = "chief1", password: str = PASSWORD):
        return cli(
            "followups",
            "record",
            case.case_no,
            "--step",
            step,
            "--note",
            f"{step} 情况",
            "--by",
            user,
            "--password-stdin",
            "--json",
            input=password + "\n",
        )

    early = record("finding")
    assert early.returncode != 0 and "请先记录联系" in early.stderr
    wrong = record("contacted", password="nope")
    assert wrong.returncode != 0 and "密码" in wrong.stderr
    accounts.add_user("clerk9", PASSWORD, "clerk")
    not_allowed = record("contacted", user="clerk9")
    assert not_allowed.returncode != 0
    for step, state in (
        ("contacted", "contacted"),
        ("finding", "found"),
        ("rectified", "rectified"),
    ):
        done = record(step)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["state"] == state
    (row,) = json.loads(cli("followups", "--json").stdout)["followups"]
    assert (row["state"], row["overdue"], row["last_note"]) == ("rectified", [], "rectified 情况")
    words = cli("followups")
    assert case.case_no in words.stdout and "已整改" in words.stdout


def test_a_rating_entered_by_someone_else_is_the_case_clerks(cli, intake_store, clerk) -> None:
    accounts = Accounts(intake_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    as_os_user, by_chief = _accepted(intake_store, clerk), _accepted(intake_store, clerk)
    plain = cli("evaluate", as_os_user.case_no, "--level", "1", "--reason-code", "attitude")
    assert plain.returncode == 0, plain.stderr
    entered = cli(
        "evaluate",
        by_chief.case_no,
        *("--level", "2", "--reason-code", "waiting", "--by", "chief1", "--password-stdin"),
        input=PASSWORD + "\n",
    )
    assert entered.returncode == 0, entered.stderr
    for case in (as_os_user, by_chief):
        document = case_plaintext.case_document(intake_store, case.case_id)
        assert document["evaluation"]["clerk"] == "clerk1"
    listed = json.loads(cli("followups", "--json").stdout)["followups"]
    assert [row["clerk"] for row in listed] == ["clerk1", "clerk1"]
    audit = intake_store.audit.entries(limit=1000)
    actors = {e["target"]: e["actor"] for e in audit if e["action"] == "case.evaluation"}
    assert actors[by_chief.case_id] == "chief1"
    assert actors[as_os_user.case_id].startswith("cli:")


def test_a_voided_case_is_refused_in_both_languages(cli, intake_store, clerk, supervisor) -> None:
    case = _accepted(intake_store, clerk)
    case_endings.void_case(intake_store, case.case_id, clerk, supervisor, "录入错误")
    refused = cli("evaluate", case.case_no, "--level", "5")
    assert refused.returncode != 0 and "已作废" in refused.stderr
    english = cli("--lang", "en", "evaluate", case.case_no, "--level", "5")
    assert english.returncode != 0 and "voided" in english.stderr


def test_the_follow_up_list_has_headings_and_whom_to_call(cli, intake_store, clerk) -> None:
    case = _accepted(intake_store, clerk)
    assert cli("evaluate", case.case_no, "--level", "1", "--reason-code", "other").returncode == 0
    (row,) = json.loads(cli("followups", "--json").stdout)["followups"]
    assert row["applicant_name"] == "张𠮷"
    masked = row["applicant_masked_phone"]
    assert masked.startswith("139") and "13900000000" not in masked
    # The fields that were there stay, under their names (CONTRACTS.md: followups shape).
    assert {"case_no", "level", "due_contact", "due_settle", "due_rectify", "clerk"} <= row.keys()

    heading, line = cli("followups").stdout.splitlines()
    for label in ("办件编号", "申请人", "电话", "联系期限", "办结期限", "整改期限"):
        assert label in heading
    assert case.case_no in line and "张𠮷" in line and masked in line
    assert row["due_contact"] in line and row["due_rectify"] in line
    assert heading.index("联系期限") < heading.index("办结期限") < heading.index("整改期限")
    english = cli("--lang", "en", "followups").stdout.splitlines()[0]
    assert all(label in english for label in ("contact by", "settle by", "rectify by"))
    # A list naming applicants is read on the record.
    audit = intake_store.audit.entries(limit=1000)
    viewed = [json.loads(e["detail"]) for e in audit if e["action"] == "evaluations.followups"]
    assert viewed == [{"cases": 1}] * 3


def test_an_appeal_from_the_cli_waits_for_the_platform(cli, intake_store, clerk) -> None:
    Accounts(intake_store).add_user("chief1", PASSWORD, "supervisor")
    case = _accepted(intake_store, clerk)
    assert cli("evaluate", case.case_no, "--level", "1", "--reason-code", "other").returncode == 0

    def record(step: str, *options: str):
        return cli(
            "followups",
            "record",
            case.case_no,
            *("--step", step, "--note", "恶意差评", "--by", "chief1", "--password-stdin"),
            *options,
            input=PASSWORD + "\n",
        )

    filed = record("appeal", "--json")
    assert filed.returncode == 0, filed.stderr
    assert json.loads(filed.stdout) | {"case_id": None} == {
        "case_id": None,
        "case_no": case.case_no,
        "state": "open",
        "appeal": "pending",
    }
    (row,) = json.loads(cli("followups", "--json").stdout)["followups"]
    assert (row["state"], row["appeal"]) == ("open", "pending")
    heading, line = cli("followups").stdout.splitlines()
    assert "申诉" in heading and "申诉待审" in line
    assert "appeal pending" in cli("--lang", "en", "followups").stdout
    # The decision is the platform's reviewer's, never a step at the window.
    decided_here = record("appeal_upheld")
    assert decided_here.returncode != 0 and "invalid choice" in decided_here.stderr
    twice = record("appeal")
    assert twice.returncode != 0 and "等待平台审核" in twice.stderr
