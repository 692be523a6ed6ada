"""A payment on the payment platform recorded at the window from the applicant's voucher,
against the real platform: the version goes up and is stored, but the platform processes
nothing before its own confirmation (先缴费后办理); the confirmation comes back as the
window's record confirmed (a new version, pushed once), not as a second payment."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from central.errors import OperatorError
from central.store import CentralStore, progress
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.domain.fees import PaymentMethod
from counter_app.domain.hall_queue import PAYMENT_TWICE, UNPAID
from counter_app.home import Home
from counter_app.services import intake, payments
from counter_app.services.auth import User
from counter_app.store import case_plaintext
from counter_app.store import payments as payment_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine, platform_versions

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)
TRANSACTION = "SSB-20261127-0042"


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


def _hall_flags(store: Store, case_id: str) -> list[str]:
    [flags] = store.db.execute(
        "SELECT flags FROM hall_queue WHERE case_id = ?", (case_id,)
    ).fetchone()
    found: list[str] = json.loads(flags)
    return found


def test_a_platform_payment_recorded_offline_waits_for_the_platforms_confirmation(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    platform: CentralStore,
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    item = item_named(sync_store, CARD_REPLACEMENT)
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    assert (
        payments.pay_at_window(
            sync_store, case.case_id, CLERK, TRANSACTION, method=PaymentMethod.PLATFORM
        )
        == 2
    )

    pushed = make_engine(home, enrolled, sync_store).run_once()
    assert pushed.error is None and pushed.pushed == 2
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2]
    with pytest.raises(OperatorError) as unpaid:
        progress.record_progress(platform, case.case_no, "in_process", "")
    assert "待缴费" in unpaid.value.zh
    assert UNPAID in _hall_flags(sync_store, case.case_id)

    central.cli("payment", "confirm", f"JF-{case.case_no}")
    pulled = make_engine(home, enrolled, sync_store).run_once()
    assert pulled.error is None

    document = case_plaintext.case_document(sync_store, case.case_id)
    assert document["data_version"] == 3
    assert (document["payment_confirmed"], document["payment_receipt_no"]) == (
        True,
        TRANSACTION,
    )
    assert not payment_rows.paid_twice(sync_store, case.case_id)
    settled = make_engine(home, enrolled, sync_store).run_once()
    again = make_engine(home, enrolled, sync_store).run_once()
    assert (pulled.pushed + settled.pushed, again.pushed) == (1, 0)
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2, 3]
    flags = _hall_flags(sync_store, case.case_id)
    assert UNPAID not in flags and PAYMENT_TWICE not in flags
    progress.record_progress(platform, case.case_no, "in_process", "材料审核中")
