"""The payment platform confirms whenever it likes, end to end against the real platform: a
voucher the window recorded, then replaced by a card payment, confirmed after all is the
applicant's second payment (``payment_twice``, one refunded); a voucher of a case withdrawn
meanwhile, confirmed after all, is owed back (``refund_owed``). Either way the window learns
it, whether the confirmation comes before or after the window's sync of the change, the
supervisor's refund is taken and ``payment_unconfirmed`` is gone. The end of day counts a
voucher the platform has not confirmed as unpaid."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from counter_app.config import Config
from counter_app.domain.fees import PaymentMethod
from counter_app.domain.hall_queue import (
    PAYMENT_TWICE,
    PAYMENT_UNCONFIRMED,
    REFUND_OWED,
    UNPAID,
)
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services import case_endings, intake, payments
from counter_app.services.auth import Accounts, User
from counter_app.services.hall_queue import read_queue
from counter_app.store import payments as payment_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.services.conftest import PASSWORD, complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)
# Past the working days the payment platform is given to confirm a voucher.
LATER = timedelta(days=10)
# The confirmation after the window's sync of the change (the probe), or before it.
ORDERS = pytest.mark.parametrize("late", [True, False], ids=["after_sync", "before_sync"])


def _voucher_case(home: Home, enrolled: Config, store: Store) -> intake.IntakeResult:
    """A fee case whose payment the window recorded from the applicant's voucher, synced."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    Accounts(store).add_user("chief1", PASSWORD, "supervisor")
    item = item_named(store, CARD_REPLACEMENT)
    case = intake.accept(store, request_for(item, complete_marks(item)), CLERK)
    payments.pay_at_window(store, case.case_id, CLERK, "SSB-0001", method=PaymentMethod.PLATFORM)
    assert make_engine(home, enrolled, store).run_once().error is None
    return case


def _confirm(
    home: Home, enrolled: Config, store: Store, central: RunningCentral, case_no: str, *, late: bool
) -> None:
    """The payment platform's confirmation, after or before the window syncs its change;
    then the runs that bring it down and take the window's answer up."""
    if late:
        assert make_engine(home, enrolled, store).run_once().error is None
    confirmed = central.cli("payment", "confirm", f"JF-{case_no}")
    assert confirmed["replayed"] is False
    for _ in range(3):
        assert make_engine(home, enrolled, store).run_once().error is None
    again = central.cli("payment", "confirm", f"JF-{case_no}")
    assert again == {**confirmed, "replayed": True}


def _flags(store: Store, case: intake.IntakeResult) -> tuple[str, ...]:
    later = hall_today() + LATER
    [entry] = read_queue(store, QueueQuery(text=case.case_no), today=later)
    return entry.flags


def _refund(cli: Callable[..., CliResult], case_no: str) -> CliResult:
    return cli(
        "case", "refund", case_no, "--reference", "RF-1", "--reason", "退还一笔",
        "--by", "chief1", "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip


@ORDERS
def test_a_voucher_confirmed_after_a_card_payment_replaced_it_is_a_second_payment(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Callable[..., CliResult],
    late: bool,
) -> None:
    case = _voucher_case(home, enrolled, sync_store)
    payments.pay_at_window(sync_store, case.case_id, CLERK, "POS-000901")

    _confirm(home, enrolled, sync_store, central, case.case_no, late=late)

    assert payment_rows.paid_twice(sync_store, case.case_id)
    assert payment_rows.case_payment(sync_store, case.case_id).method == "pos"
    flags = _flags(sync_store, case)
    assert PAYMENT_TWICE in flags
    assert not {UNPAID, PAYMENT_UNCONFIRMED} & set(flags)
    [listed] = [c for c in central.cli("cases", "--json")["cases"] if c["case_no"] == case.case_no]
    assert PAYMENT_TWICE in listed["flags"]
    shown = cli("case", "show", case.case_no)
    assert "已缴费（另有平台确认的第二笔，应退费）" in shown.stdout
    in_english = cli("--lang", "en", "case", "show", case.case_no)
    assert "a second payment confirmed by the payment platform" in in_english.stdout
    assert json.loads(cli("case", "show", case.case_no, "--json").stdout)["payment"]["paid_twice"]

    refunded = _refund(cli, case.case_no)
    assert refunded.returncode == 0, refunded.stderr
    assert PAYMENT_TWICE not in _flags(sync_store, case)
    assert "重复缴费已退费（凭证号 RF-1，" in cli("case", "show", case.case_no).stdout


@ORDERS
def test_a_voucher_confirmed_after_the_case_was_withdrawn_is_owed_back(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Callable[..., CliResult],
    late: bool,
) -> None:
    case = _voucher_case(home, enrolled, sync_store)
    case_endings.withdraw(sync_store, case.case_id, CLERK, "不办了", applicant_confirmed=True)
    assert PAYMENT_UNCONFIRMED in _flags(sync_store, case)

    _confirm(home, enrolled, sync_store, central, case.case_no, late=late)

    payment = payment_rows.case_payment(sync_store, case.case_id)
    assert payment is not None and payment.confirmed and payment.refund_owed
    flags = _flags(sync_store, case)
    assert REFUND_OWED in flags
    assert not {UNPAID, PAYMENT_UNCONFIRMED} & set(flags)
    [listed] = [c for c in central.cli("cases", "--json")["cases"] if c["case_no"] == case.case_no]
    assert REFUND_OWED in listed["flags"]
    shown = cli("case", "show", case.case_no)
    assert "已缴费，应退费（已撤回）" in shown.stdout and "待平台确认" not in shown.stdout
    assert not json.loads(cli("case", "show", case.case_no, "--json").stdout)["payment"][
        "paid_twice"
    ]

    refunded = _refund(cli, case.case_no)
    assert refunded.returncode == 0, refunded.stderr
    assert REFUND_OWED not in _flags(sync_store, case)


def test_the_end_of_day_counts_an_unconfirmed_voucher_as_unpaid(
    home: Home, enrolled: Config, sync_store: Store, cli: Callable[..., CliResult]
) -> None:
    _voucher_case(home, enrolled, sync_store)
    make_engine(home, enrolled, sync_store).run_once()  # the platform's summary comes back

    report = cli("eod", "--json")
    assert report.returncode == 0, report.stderr
    [window] = [w for w in json.loads(report.stdout)["windows"] if w["fees_recorded"]]
    assert (window["fees_paid"], window["fees_unpaid"], window["fees_platform"]) == (0, 1, 0)
