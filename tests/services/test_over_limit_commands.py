"""Intake past the offline limit from the command line (``counter-app import`` and ``case
from-preapp`` with ``--approved-by USER --password-stdin --reason TEXT``), run as the console
script runs them: one supervisor's approval covers the lines of one import run, each case
decided while intake is paused records it, and the window's rules hold (a supervisor, not
the acting clerk, with a reason; nothing written when the approval fails)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.cli.context import os_actor
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.conftest import PASSWORD
from tests.services.import_lines import line
from tests.services.preapp_samples import PAPER, sample_preapp

PLATFORM = "https://platform.example.gov.cn"
URGENT = "申请人明日住院，当日须受理"
PAUSED_ZH = "本机有1件办件尚未上传（上限1件）"
# A line that made (or replayed) a case: its result, and the applicant's earlier cases.
LINE_KEYS = {
    "line",
    "status",
    "case_id",
    "case_no",
    "errors",
    "replayed",
    "earlier_cases",
    "name_on_file_differs",
    "service_item_name",
}

Cli = Callable[..., CliResult]


def limit_cases(home: Home, cases: int) -> None:
    """IT's hard stop: new intake pauses while ``cases`` cases wait to be uploaded."""
    home.config_path.write_text(
        home.config_path.read_text(encoding="utf-8")
        + f'\n[sync]\nurl = "{PLATFORM}"\nhard_stop_cases = {cases}\n',
        encoding="utf-8",
    )


def cases_file(home: Home, *numbers: int, **changes: Any) -> Path:
    source = home.root / f"cases-{'-'.join(map(str, numbers))}.jsonl"
    source.write_text("\n".join(line(i, **changes) for i in numbers) + "\n", encoding="utf-8")
    return source


def results(done: CliResult) -> list[dict[str, Any]]:
    return [json.loads(text) for text in done.stdout.splitlines() if text.strip()]


def paused_by_one_case(home: Home, cli: Cli) -> None:
    """Intake paused at a one-case limit, with one imported case waiting to be uploaded."""
    limit_cases(home, 1)
    first = cli("import", str(cases_file(home, 1)), "--json")
    assert first.returncode == 0, first.stderr


def case_count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def audited(store: Store, action: str) -> list[tuple[str, str, dict[str, Any]]]:
    rows = store.db.execute(
        "SELECT actor, target, detail FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    )
    return [(actor, target, json.loads(detail or "null")) for actor, target, detail in rows]


def approved_import(cli: Cli, source: Path, approver: str, password: str = PASSWORD) -> CliResult:
    return cli(
        "import", str(source), "--json", "--approved-by", approver, "--password-stdin",
        "--reason", URGENT, input=password + "\n",
    )  # fmt: skip


def test_a_paused_import_without_approval_refuses_every_line(
    home: Home, cli: Cli, intake_store: Store
) -> None:
    paused_by_one_case(home, cli)
    done = cli("import", str(cases_file(home, 2, 3)), "--json")
    assert done.returncode == 1, done.stderr
    out = results(done)
    assert [r["status"] for r in out] == ["error", "error"]
    for refused in out:
        assert set(refused) == {
            "line",
            "status",
            "case_id",
            "case_no",
            "errors",
            "service_item_name",
        }
        (error,) = refused["errors"]
        assert error["message"].startswith(PAUSED_ZH)
        assert "not uploaded yet (limit 1)" in error["message_en"]
    assert case_count(intake_store) == 1
    assert audited(intake_store, "approval.granted") == []


def test_one_supervisor_approval_covers_every_line_of_the_run(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    paused_by_one_case(home, cli)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    source = cases_file(home, 2, 3)
    refusal = cases_file(home, 4, decision="refuse", reason="户籍不在本区")
    source.write_text(source.read_text(encoding="utf-8") + refusal.read_text(encoding="utf-8"))

    done = approved_import(cli, source, "chief1")
    assert done.returncode == 0, done.stderr
    out = results(done)
    assert [r["status"] for r in out] == ["accepted", "accepted", "refused"]
    assert all(set(r) == LINE_KEYS for r in out)  # the line's JSON as without an approval

    # The supervisor signed in once, for this file; each case records the approval with the
    # backlog it was decided at, as the window's approval of one decision does.
    [(actor, target, detail)] = audited(intake_store, "approval.granted")
    assert (actor, target, detail) == ("chief1", str(source.resolve()), {"action": "over_limit"})
    clerk = os_actor("import")
    recorded = audited(intake_store, "case.over_limit_approved")
    assert [(a, t) for a, t, _ in recorded] == [("chief1", r["case_id"]) for r in out]
    for reached, (result, (_, _, detail)) in enumerate(zip(out, recorded, strict=True), 1):
        assert detail == {
            "case_no": result["case_no"],
            "clerk": clerk,
            "reason": URGENT,
            "limit": "cases",
            "allowed": 1,
            "reached": reached,
        }
        document = case_plaintext.case_document(intake_store, result["case_id"])
        assert document["over_limit_approval"] == {
            "approved_by": "chief1",
            "reason": URGENT,
            "limit": "cases",
            "allowed": 1,
            "reached": reached,
        }
        # `case show` says so, as JSON and in words.
        shown = cli("case", "show", result["case_no"], "--json")
        assert json.loads(shown.stdout)["over_limit_approval"] == document["over_limit_approval"]
        assert (
            f"over_limit_approval  chief1  {URGENT}"
            in cli("case", "show", result["case_no"]).stdout
        )
        [event] = history_rows.case_history(intake_store, result["case_id"]).events
        assert (event.actor, event.to_state) == (clerk, document["state"])
        assert event.detail["over_limit_approved_by"] == "chief1"
        assert event.detail["over_limit_reason"] == URGENT
    assert intake_store.audit.verify() == []

    # One run: the next one is paused again.
    again = cli("import", str(cases_file(home, 5)), "--json")
    assert again.returncode == 1
    assert results(again)[0]["errors"][0]["message"].startswith("本机有4件办件尚未上传")


def test_a_clerk_cannot_approve_and_nothing_is_written(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    paused_by_one_case(home, cli)
    accounts.add_user("clerk2", PASSWORD, "clerk")
    done = approved_import(cli, cases_file(home, 2, 3), "clerk2")
    assert done.returncode == 2 and done.stdout == ""
    assert "账号 clerk2 是受理员，不能执行此操作" in done.stderr
    assert "clerk2 is a clerk and cannot do this" in done.stderr  # Chinese first, then English
    assert case_count(intake_store) == 1
    assert [(a, d) for a, _, d in audited(intake_store, "approval.refused")] == [
        ("clerk2", {"action": "over_limit"})
    ]


def test_a_wrong_password_is_refused_and_nothing_is_written(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    paused_by_one_case(home, cli)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    source = cases_file(home, 2, 3)
    done = approved_import(cli, source, "chief1", password="not-it")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("用户 chief1 的密码不正确。")
    english = cli(
        "--lang", "en", "import", str(source), "--approved-by", "chief1", "--password-stdin",
        "--reason", URGENT, input="not-it\n",
    )  # fmt: skip
    assert english.returncode == 2
    assert english.stderr == "Wrong password for chief1. Repeated failures lock the account.\n"
    assert case_count(intake_store) == 1
    assert audited(intake_store, "approval.granted") == []
    assert audited(intake_store, "case.over_limit_approved") == []


def test_an_approval_needs_a_reason_and_a_reason_needs_an_approver(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    paused_by_one_case(home, cli)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    source = str(cases_file(home, 2))
    no_reason = cli(
        "import", source, "--approved-by", "chief1", "--password-stdin", "--reason", "  ",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert no_reason.returncode == 2
    assert no_reason.stderr.startswith("请用 --reason 写明值班长批准超出离线上限受理的理由。")
    alone = cli("import", source, "--reason", URGENT)
    assert alone.returncode == 2 and "须与 --approved-by USER 一起使用" in alone.stderr
    # The cases and the password cannot share stdin.
    piped = cli(
        "import", "-", "--approved-by", "chief1", "--password-stdin", "--reason", URGENT,
        input=PASSWORD + "\n" + line(2) + "\n",
    )  # fmt: skip
    assert piped.returncode == 2 and "不能都从标准输入读取" in piped.stderr
    assert case_count(intake_store) == 1
    assert audited(intake_store, "approval.granted") == []
    told = cli("import", "--help")
    assert told.returncode == 0
    assert "ONE approval covers the lines of this one run" in " ".join(told.stdout.split())


def test_an_approval_is_recorded_only_on_the_lines_decided_while_paused(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    """As the intake service has it: while intake is not paused the approval is not needed
    and not recorded; a run that reaches the limit midway records it from there on."""
    limit_cases(home, 2)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    done = approved_import(cli, cases_file(home, 1, 2, 3), "chief1")
    assert done.returncode == 0, done.stderr
    out = results(done)
    assert [r["status"] for r in out] == ["accepted"] * 3
    recorded = audited(intake_store, "case.over_limit_approved")
    assert [(t, d["reached"]) for _, t, d in recorded] == [(out[2]["case_id"], 2)]
    for result in out[:2]:
        document = case_plaintext.case_document(intake_store, result["case_id"])
        assert "over_limit_approval" not in document


def test_case_from_preapp_past_the_limit_with_a_supervisors_approval(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    paused_by_one_case(home, cli)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    accounts.add_user("chief7", PASSWORD, "supervisor")
    preapp_id = sample_preapp(intake_store)
    received = ",".join(PAPER)

    def from_preapp(*options: str, input: str = "") -> CliResult:
        return cli(
            "case", "from-preapp", preapp_id, "--received", received, "--json", *options,
            input=input,
        )  # fmt: skip

    paused = from_preapp()
    assert paused.returncode == 1
    assert json.loads(paused.stdout)["errors"][0]["message"].startswith(PAUSED_ZH)
    # Four eyes: the clerk who decides does not approve their own decision.
    own = from_preapp(
        "--by", "chief7", "--approved-by", "chief7", "--password-stdin", "--reason", URGENT,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert own.returncode == 2 and "双人复核" in own.stderr
    assert case_count(intake_store) == 1

    # stdin: the clerk's password, then the supervisor's.
    done = from_preapp(
        "--by", "clerk7", "--approved-by", "chief7", "--password-stdin", "--reason", URGENT,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "accepted" and set(result) == LINE_KEYS
    document = case_plaintext.case_document(intake_store, result["case_id"])
    assert document["preapp_id"] == preapp_id
    assert (document["clerk"], document["over_limit_approval"]["approved_by"]) == (
        "clerk7",
        "chief7",
    )
    [(actor, target, detail)] = audited(intake_store, "case.over_limit_approved")
    assert (actor, target, detail["clerk"]) == ("chief7", result["case_id"], "clerk7")
    assert ("chief7", preapp_id) in [
        (a, t) for a, t, _ in audited(intake_store, "approval.granted")
    ]


def test_case_from_preapp_as_the_os_user_takes_the_approvers_password_first(
    home: Home, cli: Cli, intake_store: Store, accounts: Accounts
) -> None:
    paused_by_one_case(home, cli)
    accounts.add_user("chief7", PASSWORD, "supervisor")
    preapp_id = sample_preapp(intake_store)
    done = cli(
        "case", "from-preapp", preapp_id, "--received", ",".join(PAPER), "--json",
        "--approved-by", "chief7", "--password-stdin", "--reason", URGENT, input=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    case_id = json.loads(done.stdout)["case_id"]
    document = case_plaintext.case_document(intake_store, case_id)
    assert document["clerk"] == os_actor("cli")
    assert document["over_limit_approval"]["reason"] == URGENT
    # Without --approved-by, --password-stdin still needs --by (no silent OS-user action).
    stray = cli("case", "from-preapp", preapp_id, "--password-stdin", input=PASSWORD + "\n")
    assert stray.returncode == 2 and "--password-stdin 须与 --by USER 一起使用" in stray.stderr
