"""``counter-app audit list``: an auditor or IT reads who did what back from the audit log, by
day, actor, action family, case or target; the newest entries, oldest first, in hall time."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.services import intake
from counter_app.services.auth import Accounts, InvalidCredentials
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


def _listed(cli: Callable[..., CliResult], *options: str) -> dict:
    result = cli("audit", "list", *options, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_audit_list_answers_who_did_what_to_which_case(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    accounts = Accounts(intake_store)
    accounts.add_user("clerk9", PASSWORD, "clerk")
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("clerk9", "Not-the-one-1")
    clerk = accounts.authenticate("clerk9", PASSWORD)
    item = item_named(intake_store, ALLOWANCE)
    case = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)

    logins = _listed(cli, "--action", "login")["entries"]
    assert [e["action"] for e in logins] == ["login.failure", "login.success"]
    assert {e["actor"] for e in logins} == {"clerk9"}
    # By case number or UUID: the entries about that case only.
    about = _listed(cli, "--case", case.case_no)["entries"]
    assert about and {e["target"] for e in about} == {case.case_id}
    assert {e["case_no"] for e in about} == {case.case_no}  # the number an auditor knows
    assert about == _listed(cli, "--case", case.case_id)["entries"]
    by_clerk = _listed(cli, "--actor", "clerk9")["entries"]
    assert {e["action"] for e in by_clerk} >= {"login.success", *(e["action"] for e in about)}

    # The newest first chosen, shown oldest first; how many older ones match is said.
    everything = _listed(cli)["entries"]
    newest = _listed(cli, "--limit", "2")
    assert newest["entries"] == everything[-2:] and newest["earlier"] == len(everything) - 2
    words = cli("audit", "list", "--limit", "2").stdout
    assert f"更早的 {len(everything) - 2} 条未列出" in words
    assert everything[-1]["action"] in words

    # Days are the hall's: none of it happened before 2026.
    assert _listed(cli, "--until", "2025-12-31")["entries"] == []
    assert "没有符合条件的审计记录" in cli("audit", "list", "--until", "2025-12-31").stdout
    bad = cli("--lang", "en", "audit", "list", "--since", "1.12.2026")
    assert bad.returncode != 0 and "--since must be a day as YYYY-MM-DD" in bad.stderr
    backwards = cli("audit", "list", "--since", "2026-12-05", "--until", "2026-12-01")
    assert backwards.returncode == 2 and "请交换两个日期" in backwards.stderr
    far = cli("--lang", "en", "audit", "list", "--until", "9999-12-31")
    assert far.returncode == 2 and "from 2000-01-01 to 2099-12-31" in far.stderr
    unknown = cli("--lang", "en", "audit", "list", "--case", "not-a-case")
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
