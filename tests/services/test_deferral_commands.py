"""``counter-app case supply``, ``deferrals [--due-within]`` and ``deferrals expire``, run as
the console script runs them, against cases a real intake accepted with deferrals."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from counter_app.domain.hall_time import hall_today
from counter_app.services.auth import Accounts
from counter_app.store import cases as case_rows
from tests.conftest import CliResult
from tests.services.conftest import PASSWORD
from tests.services.deferral_cases import backdate_deadlines, deferred_case, deferred_codes


def test_case_supply_authenticates_the_clerk_and_accepts_with_the_last_material(
    cli: Callable[..., CliResult], intake_store, clerk, supervisor
):
    Accounts(intake_store).add_user("clerk01", PASSWORD, "clerk")
    case_id = deferred_case(intake_store, clerk, supervisor, deferred=2)
    first, second = deferred_codes(intake_store, case_id)
    number = case_rows.get_case(intake_store, case_id).case_no

    def supply(*codes: str, password: str = PASSWORD) -> CliResult:
        options = [part for code in codes for part in ("--material", code)]
        return cli(
            "--lang", "en", "case", "supply", number, *options, "--by", "clerk01",
            "--password-stdin", "--json", input=password + "\n",
        )  # fmt: skip

    wrong = supply(first, password="not-it")
    assert wrong.returncode == 2 and "Wrong password for clerk01" in wrong.stderr
    unknown = supply("M99")
    assert unknown.returncode == 2 and "M99" in unknown.stderr
    partly = supply(first)
    assert partly.returncode == 0, partly.stderr
    assert json.loads(partly.stdout)["remaining"] == [second]
    done = cli(
        "--lang", "en", "case", "supply", case_id, "--material", second, "--by", "clerk01",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"counter-app print {number} --document supply" in done.stdout
    assert case_rows.get_case(intake_store, case_id).state == "accepted"
    again = supply(second)
    assert again.returncode == 2 and "owes no deferred materials (it is 'Accepted')" in again.stderr
    audit = intake_store.db.execute(
        "SELECT DISTINCT actor FROM audit_log WHERE target = ? AND action LIKE 'case.%'",
        (case_id,),
    ).fetchall()
    assert ("clerk01",) in audit


def test_deferrals_lists_by_due_date_and_expire_ends_the_overdue(
    cli: Callable[..., CliResult], intake_store, clerk, supervisor
):
    today = hall_today()
    due_today = deferred_case(intake_store, clerk, supervisor)
    later = deferred_case(intake_store, clerk, supervisor)
    overdue = deferred_case(intake_store, clerk, supervisor)
    backdate_deadlines(intake_store, due_today, today)
    backdate_deadlines(intake_store, later, today + timedelta(days=6))
    backdate_deadlines(intake_store, overdue, today - timedelta(days=1))

    listed = cli("deferrals", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["deferrals"]
    assert [(r["case_id"], r["overdue"]) for r in rows] == [
        (overdue, True), (due_today, False), (later, False)
    ]  # fmt: skip
    # Whom to phone: the name in full, the phone masked (the clear number only in the window).
    assert {(r["applicant_name"], r["applicant_masked_phone"]) for r in rows} == {
        ("张𠮷", "139****0000")
    }
    today_only = json.loads(cli("deferrals", "--json", "--due-within", "0").stdout)
    assert [r["case_id"] for r in today_only["deferrals"]] == [overdue, due_today]
    negative = cli("--lang", "en", "deferrals", "--due-within", "-1")
    assert negative.returncode == 2 and "--due-within" in negative.stderr

    expired = cli("deferrals", "expire", "--json")
    assert expired.returncode == 0, expired.stderr
    assert [r["case_id"] for r in json.loads(expired.stdout)["terminated"]] == [overdue]
    assert case_rows.get_case(intake_store, overdue).state == "deferred_terminated"
    again = json.loads(cli("deferrals", "expire", "--json").stdout)
    assert again == {"terminated": [], "clock_confirmed": True}  # no platform to confirm it
    human = cli("--lang", "en", "deferrals")
    numbers = [case_rows.get_case(intake_store, c).case_no for c in (due_today, later, overdue)]
    assert human.returncode == 0
    assert [line.split()[0] for line in human.stdout.splitlines()] == numbers[:2]
    assert all("  张𠮷  139****0000  " in line for line in human.stdout.splitlines())


def test_deferrals_expire_says_how_to_print_each_termination_notice(
    cli: Callable[..., CliResult], intake_store, clerk, supervisor
):
    overdue = deferred_case(intake_store, clerk, supervisor)
    backdate_deadlines(intake_store, overdue, hall_today() - timedelta(days=1))
    case_no = case_rows.get_case(intake_store, overdue).case_no
    ended = cli("--lang", "en", "deferrals", "expire")
    assert ended.returncode == 0, ended.stderr
    assert f"counter-app print {case_no}" in ended.stdout


def test_deferrals_expire_waits_for_a_clock_the_platform_confirmed(
    cli: Callable[..., CliResult], intake_store, clerk, supervisor
):
    """A window with a platform whose clock it never confirmed ends nothing (an end cannot
    be undone) and says what to do."""
    overdue = deferred_case(intake_store, clerk, supervisor)
    backdate_deadlines(intake_store, overdue, hall_today() - timedelta(days=1))
    home = intake_store.home
    with home.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[sync]\nurl = "https://127.0.0.1:9"\n')

    waiting = cli("deferrals", "expire")
    assert waiting.returncode == 0, waiting.stderr
    assert "逾期未补齐、已终止受理 0 件" in waiting.stdout
    assert "本机时钟尚未经中心平台核实" in waiting.stderr and "sync --once" in waiting.stderr
    assert json.loads(cli("deferrals", "expire", "--json").stdout)["clock_confirmed"] is False
    assert case_rows.get_case(intake_store, overdue).state == "accepted_deferred"
