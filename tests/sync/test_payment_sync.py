"""The payment round trip against the real platform: a fee case goes up waiting for payment
and the platform will not process it; the payment platform's confirmation comes back through
the progress feed as a new version, pushed once; a card payment taken at the window while
offline goes up with the next run and lets the platform process the case (the payment
platform's confirmation coming after it is a second payment)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from central.errors import OperatorError
from central.store import CentralStore, progress
from central.store import open_store as open_central_store
from central.store import payments as platform_payments
from counter_app.config import Config
from counter_app.domain.hall_time import hall_minute_text
from counter_app.home import Home
from counter_app.services import intake, payments
from counter_app.services.auth import User
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store import payments as payment_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine, platform_versions

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


def _fee_case(store: Store) -> intake.IntakeResult:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), CLERK)


def test_the_platforms_payment_confirmation_comes_back_once(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    platform: CentralStore,
) -> None:
    case = _fee_case(sync_store)
    first = make_engine(home, enrolled, sync_store).run_once()
    assert first.error is None and first.pushed == 1
    with pytest.raises(OperatorError) as unpaid:
        progress.record_progress(platform, case.case_no, "in_process", "")
    assert "待缴费" in unpaid.value.zh

    confirmed = central.cli("payment", "confirm", f"JF-{case.case_no}")
    assert confirmed["amount_cents"] == 2000

    pulled = make_engine(home, enrolled, sync_store).run_once()
    assert pulled.error is None
    document = case_plaintext.case_document(sync_store, case.case_id)
    assert (document["data_version"], document["payment_method"]) == (2, "platform")
    assert document["paid_at"] == confirmed["paid_at"]
    assert payment_rows.unpaid_cases(sync_store, [case.case_id]) == set()

    settled = make_engine(home, enrolled, sync_store).run_once()
    again = make_engine(home, enrolled, sync_store).run_once()
    assert (pulled.pushed + settled.pushed, again.pushed, again.pulled) == (1, 0, 0)
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2]
    progress.record_progress(platform, case.case_no, "in_process", "材料审核中")


def test_a_card_payment_taken_offline_reaches_the_platform_with_the_next_run(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    platform: CentralStore,
) -> None:
    case = _fee_case(sync_store)
    assert payments.pay_at_window(sync_store, case.case_id, CLERK, "000123") == 2

    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.pushed == 2
    progress.record_progress(platform, case.case_no, "in_process", "")
    # The payment platform's confirmation coming after all is the applicant's second payment.
    platform_payments.confirm_payment(platform, f"JF-{case.case_no}")
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 0
    assert case_rows.get_case(sync_store, case.case_id).state == "in_process"
    assert payment_rows.paid_twice(sync_store, case.case_id)


def test_a_confirmation_of_a_case_paid_by_card_meanwhile_is_recorded_in_both_languages(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    """A double payment for the supervisor: the platform's confirmation of a fee paid by
    card at the window before the window heard of it is recorded as the case's second
    payment (its history says so in Chinese and in English, the card payment's time as the
    hall's clock reads, and the audit log keeps it), the card payment standing."""
    case = _fee_case(sync_store)
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1
    payments.pay_at_window(sync_store, case.case_id, CLERK, "POS123")
    central.cli("payment", "confirm", f"JF-{case.case_no}")

    assert make_engine(home, enrolled, sync_store).run_once().error is None
    [detail] = [
        json.loads(row[0])
        for row in sync_store.db.execute(
            "SELECT detail FROM case_events WHERE case_id = ? AND kind = 'sync'"
            " AND detail LIKE '%payment_twice%'",
            (case.case_id,),
        )
    ]
    assert detail["payment_twice"] == f"JF-{case.case_no}"
    assert (detail["fee_cents"], detail["receipt_no"]) == (2000, "POS123")
    [audited] = sync_store.db.execute(
        "SELECT detail FROM audit_log WHERE target = ? AND action = 'case.paid_twice'",
        (case.case_id,),
    ).fetchall()
    assert json.loads(audited[0])["receipt_no"] == "POS123"
    assert payment_rows.case_payment(sync_store, case.case_id).method == "pos"
    paid_at = payment_rows.case_payment(sync_store, case.case_id).paid_at
    when = hall_minute_text(paid_at)
    assert "重复缴费" in detail["reason"]["zh"] and when in detail["reason"]["zh"]
    assert "double payment" in detail["reason"]["en"] and when in detail["reason"]["en"]
    assert paid_at not in detail["reason"]["zh"] + detail["reason"]["en"]
    # The supervisor's hall queue flags the case at every window, once a run brings it.
    make_engine(home, enrolled, sync_store).run_once()
    [flags] = sync_store.db.execute(
        "SELECT flags FROM hall_queue WHERE case_id = ?", (case.case_id,)
    ).fetchone()
    assert "payment_twice" in json.loads(flags)
