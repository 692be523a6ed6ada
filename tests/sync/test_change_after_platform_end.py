"""The real window and the real platform: a supervisor-approved edit made offline on a case
the applicant withdrew online meanwhile is kept in conflict (``changed_after_end``), not
stored on the withdrawn case, and the window's problems list says so in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import applicant_edits, intake
from counter_app.services.auth import Accounts, User
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine, platform_conflicts, platform_versions

pytestmark = pytest.mark.integration

PASSWORD = "Counter-Pass-2026!"


def test_an_offline_edit_of_a_case_withdrawn_online_is_listed_as_a_problem(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    ensure_bundled_catalog(sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    chief = accounts.authenticate("chief1", PASSWORD)
    clerk = User("clerk1", "窗口一", "clerk", None, False)
    item = item_named(sync_store, "老年综合津贴申领")
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), clerk)
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().pushed == 1
    central.cli("progress", case.case_no, "--to", "in_process")
    central.cli("progress", case.case_no, "--to", "withdrawn", "--note", "申请人网上撤回")
    # Made offline: the window has not pulled the withdrawal.
    applicant_edits.record_applicant_edit(
        sync_store, case.case_id, clerk, chief, field="address", value="徐汇区漕溪北路 1 号",
        reason="门牌号写错",
    )  # fmt: skip

    assert engine.run_once().conflicts == 1
    (kept,) = platform_conflicts(central.db)
    assert (kept["case_id"], kept["reason"]) == (case.case_id, "changed_after_end")
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1]
    listed = cli("--lang", "en", "queue", "--problems", "--json")
    assert listed.returncode == 0, listed.stderr
    (problem,) = json.loads(listed.stdout)["cases"]
    assert (problem["case_no"], problem["sync_state"]) == (case.case_no, "conflict")
    assert problem["problem"]["reason"] == "changed_after_end"
    assert "Withdrawn" in problem["problem"]["message_en"]
    assert "did not take effect" in problem["problem"]["message_en"]
    assert "已撤回" in problem["problem"]["message_zh"]
