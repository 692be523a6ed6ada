"""``counter-app case correct`` (补正 handed in) and ``counter-app case edit`` (a supervisor-
approved correction of the applicant's data), run as the console script runs them."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.cli.context import os_actor
from counter_app.services import case_progress, intake
from counter_app.services.auth import Accounts
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


def _accepted(store: Store) -> intake.IntakeResult:
    accounts = Accounts(store)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    accounts.add_user("chief7", PASSWORD, "supervisor")
    clerk = accounts.authenticate("clerk7", PASSWORD)
    item = item_named(store, ALLOWANCE)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _outbox(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    )
    return [row[0] for row in rows]


def _audit(store: Store, case_id: str) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq", (case_id,)
    )
    return [(row[0], row[1]) for row in rows]


def test_case_correct_records_the_correction_with_the_authenticated_clerk(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    case = _accepted(intake_store)
    case_progress.apply_progress(
        intake_store, case.case_id, "correction_requested", note="申请表签名不清",
        materials=("M04",), fields=("phone",),
    )  # fmt: skip

    shown = json.loads(cli("case", "show", case.case_no, "--json").stdout)
    assert shown["correction_request"]["materials"] == ["M04"]
    assert shown["correction_request"]["note"] == "申请表签名不清"
    words = cli("case", "show", case.case_no).stdout
    assert "申请表签名不清" in words and "M04" in words

    def correct(*options: str, password: str = PASSWORD) -> CliResult:
        return cli(
            "case", "correct", case.case_no, *options, "--by", "clerk7", "--password-stdin",
            "--json", input=password + "\n",
        )  # fmt: skip

    wrong = correct("--material", "M04", password="nope")
    assert wrong.returncode == 2 and "密码不正确" in wrong.stderr
    missing = correct("--material", "M04")
    assert missing.returncode == 2 and "联系电话" in missing.stderr
    bad = correct("--material", "M04", "--field", "phone")
    assert bad.returncode == 2 and "NAME=VALUE" in bad.stderr
    done = correct("--material", "M04", "--field", "phone=13812345678")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["state"], result["data_version"]) == ("in_process", 2)
    assert result["materials"] == ["M04"] and result["fields"] == ["phone"]
    assert result["promised_date"] == case_rows.get_case(intake_store, case.case_id).promised_date
    assert _outbox(intake_store, case.case_id) == [1, 2]
    assert ("clerk7", "case.in_process") in _audit(intake_store, case.case_id)

    again = cli(
        "case", "correct", case.case_no, "--material", "M04", "--by", "clerk7",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert again.returncode == 2 and "没有待补正的内容" in again.stderr
    assert (
        json.loads(cli("case", "show", case.case_no, "--json").stdout)["correction_request"] is None
    )
    assert _outbox(intake_store, case.case_id) == [1, 2]


def test_case_correct_in_the_contract_form_acts_as_the_os_user(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    case = _accepted(intake_store)
    case_progress.apply_progress(
        intake_store, case.case_id, "correction_requested", materials=("M04",)
    )
    done = cli("case", "correct", case.case_no, "--material", "M04", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "in_process"
    assert _outbox(intake_store, case.case_id) == [1, 2]
    assert (os_actor("cli"), "case.in_process") in _audit(intake_store, case.case_id)


def test_case_correct_in_words_says_how_to_print_the_voucher(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    case = _accepted(intake_store)
    case_progress.apply_progress(
        intake_store, case.case_id, "correction_requested", materials=("M04",)
    )
    done = cli(
        "--lang", "en", "case", "correct", case.case_no, "--material", "M04", "--by", "clerk7",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"counter-app print {case.case_no} --document correction" in done.stdout


def test_case_edit_needs_a_second_persons_approval_and_keeps_old_and_new(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    case = _accepted(intake_store)

    def edit(by: str, approver: str, *, value: str = "13911112222") -> CliResult:
        return cli(
            "case", "edit", case.case_no, "--field", "phone", "--value", value,
            "--reason", "申请人报错号码", "--by", by, "--approved-by", approver,
            "--password-stdin", "--json", input=f"{PASSWORD}\n{PASSWORD}\n",
        )  # fmt: skip

    clerk_approves = edit("clerk7", "clerk7")
    assert clerk_approves.returncode == 2 and "值班长" in clerk_approves.stderr
    own = edit("chief7", "chief7")
    assert own.returncode == 2 and "双人复核" in own.stderr
    assert _outbox(intake_store, case.case_id) == [1]

    done = edit("clerk7", "chief7")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["data_version"] == 2 and result["state"] == "accepted"
    assert _outbox(intake_store, case.case_id) == [1, 2]
    assert ("chief7", "approval.granted") in _audit(intake_store, case.case_id)
    assert ("clerk7", "case.edit") in _audit(intake_store, case.case_id)

    shown = cli("case", "show", case.case_no, "--json")
    history = json.loads(shown.stdout)["history"]["events"]
    change = history[-1]["detail"]
    assert (change["field"], change["old"], change["new"]) == (
        "phone",
        "139****0000",
        "139****2222",
    )
    assert "13911112222" not in shown.stdout  # the history is masked
    words = cli("case", "show", case.case_no)
    assert "联系电话 139****0000 → 139****2222" in words.stdout


def test_case_edit_in_words_names_the_field(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    case = _accepted(intake_store)
    done = cli(
        "case", "edit", case.case_no, "--field", "address", "--value", "徐汇区漕溪北路1号",
        "--reason", "门牌号写错", "--by", "clerk7", "--approved-by", "chief7",
        "--password-stdin", input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "申请人地址已更正" in done.stdout and "chief7" in done.stdout


def test_a_supervisor_with_one_time_codes_gives_the_code_after_the_password(
    cli: Callable[..., CliResult], intake_store: Store, monkeypatch
) -> None:
    from datetime import UTC, datetime

    from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
    from tests.conftest import SECOND_FACTOR_SETTING

    monkeypatch.setenv(SECOND_FACTOR_SETTING, "privileged")
    case = _accepted(intake_store)
    secret = new_secret()
    enrolled = step_at(datetime.now(UTC))
    Accounts(intake_store).enrol_second_factor("chief7", secret, code_for_step(secret, enrolled))

    def edit(stdin: str) -> CliResult:
        return cli(
            "case", "edit", case.case_no, "--field", "phone", "--value", "13911112222",
            "--reason", "申请人报错号码", "--by", "clerk7", "--approved-by", "chief7",
            "--password-stdin", input=stdin,
        )  # fmt: skip

    # The clerk's password, the supervisor's, and no code: refused, saying where it goes.
    missing = edit(f"{PASSWORD}\n{PASSWORD}\n")
    assert missing.returncode != 0 and "动态口令" in missing.stderr
    assert missing.stderr.startswith("标准输入没有动态口令（已读完或是空行）")
    assert "不计入密码错误次数" in missing.stderr
    used = edit(f"{PASSWORD}\n{PASSWORD}\n{code_for_step(secret, enrolled)}\n")
    assert used.returncode != 0 and "已用过" in used.stderr
    assert _outbox(intake_store, case.case_id) == [1]
    done = edit(f"{PASSWORD}\n{PASSWORD}\n{code_for_step(secret, enrolled + 1)}\n")
    assert done.returncode == 0, done.stderr
    assert "chief7" in done.stdout


def test_user_reset_code_forgets_the_codes_and_the_list_says_who_sets_them_up(
    cli: Callable[..., CliResult], store: Store, monkeypatch
) -> None:
    from datetime import UTC, datetime

    from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
    from tests.conftest import SECOND_FACTOR_SETTING

    monkeypatch.setenv(SECOND_FACTOR_SETTING, "privileged")
    accounts = Accounts(store)
    accounts.add_user("chief8", PASSWORD, "supervisor", "陈值班")
    secret = new_secret()
    accounts.enrol_second_factor(
        "chief8", secret, code_for_step(secret, step_at(datetime.now(UTC)))
    )
    listed = json.loads(cli("user", "list", "--json").stdout)["users"][0]
    assert listed["second_factor_required"] and listed["second_factor_enrolled"]
    assert "待设置动态口令" not in cli("user", "list").stdout
    done = cli("user", "reset-code", "chief8")
    assert done.returncode == 0 and "重新设置" in done.stdout
    assert "待设置动态口令" in cli("user", "list").stdout
    assert ("user.second_factor_reset", os_actor()) in {
        (row[0], row[1]) for row in store.db.execute("SELECT action, actor FROM audit_log")
    }


def test_on_a_terminal_each_person_is_asked_for_their_password_then_their_code(
    cli: Callable[..., CliResult], intake_store: Store, monkeypatch
) -> None:
    """Run by hand: the clerk's password, the supervisor's, then the supervisor's one-time
    code, each asked on the terminal in the command's language (a terminal stands in for
    stdin; what the person types is given at each prompt)."""
    import builtins
    import types
    from datetime import UTC, datetime

    from counter_app.cli import actor as actor_module
    from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
    from tests.conftest import SECOND_FACTOR_SETTING

    monkeypatch.setenv(SECOND_FACTOR_SETTING, "privileged")
    case = _accepted(intake_store)
    secret = new_secret()
    now = step_at(datetime.now(UTC))
    Accounts(intake_store).enrol_second_factor("chief7", secret, code_for_step(secret, now))
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return code_for_step(secret, now + 1) if "动态口令" in prompt else PASSWORD

    terminal = types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(actor_module, "sys", terminal)
    monkeypatch.setattr(actor_module.getpass, "getpass", typed)
    monkeypatch.setattr(builtins, "input", typed)
    done = cli(
        "case", "edit", case.case_no, "--field", "phone", "--value", "13911112222",
        "--reason", "申请人报错号码", "--by", "clerk7", "--approved-by", "chief7",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert asked == ["clerk7 的密码：", "chief7 的密码：", "chief7 的动态口令："]
