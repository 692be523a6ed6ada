"""A voucher the payment platform never confirms, replaced by a card payment at the window,
against the real platform: the card payment's version goes up and the platform takes the
fee as paid and processes the case (the voucher's confirmation coming after all is the
applicant's second payment: ``test_payment_confirmed_late``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from central.errors import OperatorError
from central.store import CentralStore, progress
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.domain.fees import PaymentMethod
from counter_app.home import Home
from counter_app.services import intake, payments
from counter_app.services.auth import User
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


def test_a_card_payment_in_place_of_an_unconfirmed_voucher_pays_on_the_platform(
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
    payments.pay_at_window(
        sync_store, case.case_id, CLERK, "SSB-FALSE-1", method=PaymentMethod.PLATFORM
    )
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    with pytest.raises(OperatorError) as unpaid:
        progress.record_progress(platform, case.case_no, "in_process", "")
    assert "待缴费" in unpaid.value.zh

    assert payments.pay_at_window(sync_store, case.case_id, CLERK, "POS-000901") == 3
    pushed = make_engine(home, enrolled, sync_store).run_once()

    assert pushed.error is None and pushed.pushed == 1
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2, 3]
    progress.record_progress(platform, case.case_no, "in_process", "材料审核中")
