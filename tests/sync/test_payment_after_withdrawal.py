"""A payment the payment platform confirmed after the case was withdrawn offline: the window
marks the case paid all the same (a version the platform takes), the money owed back for the
supervisor to refund (应退费), audited, instead of a note that showed the fee as still due."""

from __future__ import annotations

import json

from counter_app.cli.payment_commands import payment_line
from counter_app.config import Config
from counter_app.domain.hall_queue import REFUND_OWED, UNPAID
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services import case_endings, intake, payments
from counter_app.services.auth import User
from counter_app.services.hall_queue import read_queue
from counter_app.store import cases as case_rows
from counter_app.store import payments as payment_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


def test_a_payment_confirmed_after_an_offline_withdrawal_is_owed_back(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    item = item_named(sync_store, CARD_REPLACEMENT)
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1
    case_endings.withdraw(sync_store, case.case_id, CLERK, "不办了", applicant_confirmed=True)
    central.cli("payment", "confirm", f"JF-{case.case_no}")

    for _ in range(3):  # the withdrawal up, the confirmation down, its version up
        assert make_engine(home, enrolled, sync_store).run_once().error is None

    payment = payment_rows.case_payment(sync_store, case.case_id)
    assert payment is not None and payment.refund_owed and payment.method == "platform"
    assert "已缴费，应退费（已撤回）" in payment_line(payment, "zh")
    record = case_rows.get_case(sync_store, case.case_id)
    assert (record.state, record.sync_state) == ("withdrawn", "synced")
    [audited] = sync_store.db.execute(
        "SELECT detail FROM audit_log WHERE target = ? AND action = ?",
        (case.case_id, payments.PAID_AFTER_END_ACTION),
    ).fetchall()
    assert json.loads(audited[0])["paid"] == "platform"
    not_applied = sync_store.db.execute(
        "SELECT count(*) FROM case_events WHERE case_id = ? AND detail LIKE '%not_applied%'",
        (case.case_id,),
    ).fetchone()[0]
    assert not_applied == 0

    # The supervisor's hall queue flags it, here and as the platform summarises it.
    [entry] = [
        e
        for e in read_queue(sync_store, QueueQuery(text=case.case_no), today=hall_today())
        if e.case_id == case.case_id
    ]
    [listed] = [c for c in central.cli("cases", "--json")["cases"] if c["case_no"] == case.case_no]
    assert REFUND_OWED in listed["flags"]
    assert REFUND_OWED in entry.flags and UNPAID not in entry.flags
