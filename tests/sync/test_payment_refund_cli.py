"""``counter-app case refund`` end to end against the real platform: a fee paid by card at
the window and confirmed on the payment platform as well is flagged 重复缴费待核实 in the
hall queue; a supervisor's refund clears the flag here at once and, once its version is
synced, in the platform's summary too; a clerk, a case that owes nothing and a second
refund are refused with their own messages."""

from __future__ import annotations

import json

from counter_app.config import Config
from counter_app.domain.hall_queue import PAYMENT_TWICE
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery, queue_page
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import PASSWORD, complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

CARD_REPLACEMENT = "上海市居住证卡补领、换领"


def _queue_flags(store: Store, case_id: str) -> tuple[str, ...]:
    [case] = [c for c in queue_page(store, QueueQuery(), limit=50) if c.case_id == case_id]
    return case.flags


def _refund(cli, case_no: str, by: str, reference: str = "RF-20260924-1", *extra: str):
    return cli(
        "case",
        "refund",
        case_no,
        "--reference",
        reference,
        "--reason",
        "重复缴费，退还缴费平台的一笔",
        "--by",
        by,
        "--password-stdin",
        *extra,
        input=PASSWORD + "\n",
    )


def test_a_supervisors_refund_clears_the_double_payment_here_and_on_the_platform(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, cli
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    accounts.add_user("chief1", PASSWORD, "supervisor")
    clerk = accounts.authenticate("clerk7", PASSWORD)
    item = item_named(sync_store, CARD_REPLACEMENT)
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), clerk)
    unpaid = intake.accept(sync_store, request_for(item, complete_marks(item)), clerk)
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 2

    paid = cli(
        "case", "pay", case.case_no, "--method", "pos", "--reference", "POS-77",
        "--by", "clerk7", "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    central.cli("payment", "confirm", f"JF-{case.case_no}")
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    make_engine(home, enrolled, sync_store).run_once()  # the hall queue feed brings the flag
    assert PAYMENT_TWICE in _queue_flags(sync_store, case.case_id)

    by_clerk = _refund(cli, case.case_no, "clerk7")
    assert by_clerk.returncode != 0
    assert "须由值班长或管理员本人" in by_clerk.stderr and "a supervisor" in by_clerk.stderr
    assert "Traceback" not in by_clerk.stderr
    nothing_owed = _refund(cli, unpaid.case_no, "chief1")
    assert nothing_owed.returncode != 0
    assert "本办件没有应退的费用" in nothing_owed.stderr and "no refund" in nothing_owed.stderr

    done = _refund(cli, case.case_no, "chief1", "RF-20260924-1", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["data_version"] == 3
    assert (result["payment"]["refund"]["reference"], result["payment"]["refund"]["by"]) == (
        "RF-20260924-1",
        "chief1",
    )
    assert PAYMENT_TWICE not in _queue_flags(sync_store, case.case_id)
    shown = cli("case", "show", case.case_no)
    assert "重复缴费已退费（凭证号 RF-20260924-1，" in shown.stdout

    again = _refund(cli, case.case_no, "chief1", "RF-20260924-2")
    assert again.returncode != 0
    assert "不能重复退费" in again.stderr and "RF-20260924-1" in again.stderr

    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1
    make_engine(home, enrolled, sync_store).run_once()  # the platform's new summary
    [(version, flags)] = sync_store.db.execute(
        "SELECT data_version, flags FROM hall_queue WHERE case_id = ?", (case.case_id,)
    ).fetchall()
    assert version == 3 and PAYMENT_TWICE not in json.loads(flags)
    assert PAYMENT_TWICE not in _queue_flags(sync_store, case.case_id)
