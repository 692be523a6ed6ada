"""出件 through the real platform: the delivery choice and each window step (hand-over,
posting) reach it exactly once as data versions, and the platform's news (result ready, a
posted result delivered by the carrier) comes back through the progress feed."""

from __future__ import annotations

from central.store import cases as case_store
from central.store import open_store as open_central_store
from central.store import progress
from counter_app.config import Config
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod, PostalStatus
from counter_app.home import Home
from counter_app.services import delivery, intake
from counter_app.services.auth import User
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for, resident_number
from tests.sync.conftest import make_engine, platform_versions

ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


def _accept(store: Store, seq: int, choice: DeliveryChoice | None) -> intake.IntakeResult:
    item = item_named(store, "老年综合津贴申领")
    number = resident_number(f"3101041980010112{seq}")
    return intake.accept(
        store, request_for(item, complete_marks(item), number=number, delivery=choice), CLERK
    )


def test_hand_over_and_postal_delivery_round_trip(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    pickup = _accept(sync_store, 1, None)
    posted = _accept(sync_store, 2, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 2

    platform = open_central_store(central.db)
    try:
        payload = case_store.case_versions(platform, posted.case_id)[0]["payload"]
        assert payload["delivery"] == {
            "method": "post", "address": ADDRESS, "waybill": None, "posted_at": None,
        }  # fmt: skip
        for case in (pickup, posted):
            progress.record_progress(platform, case.case_id, "completed_approved", "")
            progress.record_progress(platform, case.case_id, "result_ready", "")
        run = make_engine(home, enrolled, sync_store).run_once()
        assert run.error is None, run.error
        assert {r.case_no for r in delivery.ready_results(sync_store)} == {
            pickup.case_no,
            posted.case_no,
        }

        number = case_plaintext.case_document(sync_store, pickup.case_id)["applicant"]["id_number"]
        delivery.hand_over(sync_store, pickup.case_no, CLERK, id_number=number)
        delivery.post_result(sync_store, posted.case_no, CLERK, "EA123456789CN")
        assert make_engine(home, enrolled, sync_store).run_once().pushed == 2
        versions = platform_versions(central.db)
        assert [v for v, _ in versions[pickup.case_id]] == [1, 2]
        assert [v for v, _ in versions[posted.case_id]] == [1, 2]
        handed = case_store.case_versions(platform, pickup.case_id)[1]["payload"]
        assert handed["state"] == "delivered" and handed["handover"]["collector"] == "applicant"
        sent = case_store.case_versions(platform, posted.case_id)[1]["payload"]
        assert sent["delivery"]["waybill"] == "EA123456789CN"

        progress.record_delivery(platform, posted.case_no, "EA123456789CN", "delivered")
    finally:
        platform.close()
    again = make_engine(home, enrolled, sync_store).run_once()
    assert again.error is None and again.pushed == 0  # the platform's news makes no version
    assert case_rows.get_case(sync_store, posted.case_id).state == "delivered"
    shown = delivery.delivery_of(sync_store, posted.case_id)
    assert shown is not None and shown.postal_status is PostalStatus.DELIVERED
    assert delivery.ready_results(sync_store) == []
    assert [v for v, _ in platform_versions(central.db)[posted.case_id]] == [1, 2]
