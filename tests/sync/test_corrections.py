"""补正 through a real platform: the request arrives on the progress feed with what to
correct, the correction goes up exactly once, and the platform's next step starts from the
case back in processing."""

from __future__ import annotations

from central.store import cases as case_store
from central.store import open_store as open_central_store
from central.store import progress
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import applicant_edits, corrections, intake
from counter_app.services.auth import Accounts, User
from counter_app.store import case_history as history_rows
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import PASSWORD, complete_marks, item_named, request_for
from tests.sync.conftest import make_engine, platform_versions


def test_a_correction_round_trip_with_the_platform(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    clerk = User("clerk1", "窗口一", "clerk", None, False)
    item = item_named(sync_store, "老年综合津贴申领")
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), clerk)
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1

    platform = open_central_store(central.db)
    try:
        progress.record_progress(
            platform, case.case_id, "correction_requested", "申请表签名不清", materials=("M04",)
        )
        pulled = make_engine(home, enrolled, sync_store).run_once()
        assert pulled.error is None, pulled.error
        assert case_rows.get_case(sync_store, case.case_id).state == "correction_requested"
        request = history_rows.open_correction_request(sync_store, case.case_id)
        assert request is not None
        assert (request.materials, request.note) == (("M04",), "申请表签名不清")

        done = corrections.correct(sync_store, case.case_no, clerk, ["M04"])
        assert done.state == "in_process"
        pushed = make_engine(home, enrolled, sync_store).run_once()
        assert (pushed.error, pushed.pushed) == (None, 1)
        assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2]
        (stored,) = [
            v for v in case_store.case_versions(platform, case.case_id) if v["data_version"] == 2
        ]
        assert stored["payload"]["state"] == "in_process"
        assert stored["payload"]["corrections"][0]["materials"] == ["M04"]

        # The platform sees the case back in processing: the department may now decide.
        progress.record_progress(platform, case.case_id, "completed_approved", "准予")
    finally:
        platform.close()
    last = make_engine(home, enrolled, sync_store).run_once()
    assert (last.error, last.pushed) == (None, 0)
    assert case_rows.get_case(sync_store, case.case_id).state == "completed_approved"
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2]


def test_an_approved_edit_of_the_applicants_data_reaches_the_platform_once(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    chief = accounts.authenticate("chief1", PASSWORD)
    clerk = User("clerk1", "窗口一", "clerk", None, False)
    item = item_named(sync_store, "老年综合津贴申领")
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), clerk)
    # Made offline: nothing was sent yet when the typo is corrected.
    applicant_edits.record_applicant_edit(
        sync_store, case.case_id, clerk, chief, field="address", value="徐汇区漕溪北路 1 号",
        reason="门牌号写错",
    )  # fmt: skip
    first = make_engine(home, enrolled, sync_store).run_once()
    assert (first.error, first.pushed) == (None, 2)
    again = make_engine(home, enrolled, sync_store).run_once()
    assert (again.error, again.pushed) == (None, 0)
    assert [v for v, _ in platform_versions(central.db)[case.case_id]] == [1, 2]
    platform = open_central_store(central.db)
    try:
        (edited,) = [
            v for v in case_store.case_versions(platform, case.case_id) if v["data_version"] == 2
        ]
    finally:
        platform.close()
    assert edited["payload"]["applicant"]["address"] == "徐汇区漕溪北路 1 号"
    assert edited["payload"]["applicant_edits"][0]["approved_by"] == "chief1"
