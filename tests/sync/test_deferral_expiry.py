"""Every sync run ends the deferrals whose deadline has passed (终止受理) before it pushes,
so the termination reaches the platform in the same run, exactly once, and issues its
终止受理通知书."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services.auth import Accounts, User
from counter_app.store import case_history as history_rows
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import PASSWORD
from tests.services.deferral_cases import backdate_deadlines, deferred_case
from tests.sync.conftest import make_engine, platform_versions


def test_a_sync_run_terminates_an_overdue_deferral_and_pushes_it_once(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    from datetime import timedelta

    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    supervisor = accounts.authenticate("chief1", PASSWORD)
    clerk = User("clerk1", "窗口一", "clerk", None, False)
    overdue = deferred_case(sync_store, clerk, supervisor)
    waiting = deferred_case(sync_store, clerk, supervisor)
    backdate_deadlines(sync_store, overdue, hall_today() - timedelta(days=1))
    backdate_deadlines(sync_store, waiting, hall_today())

    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None, summary.error
    assert summary.deferrals_terminated == 1
    assert case_rows.get_case(sync_store, overdue).state == "deferred_terminated"
    assert case_rows.get_case(sync_store, waiting).state == "accepted_deferred"
    versions = platform_versions(central.db)
    assert [v for v, _ in versions[overdue]] == [1, 2]
    assert [v for v, _ in versions[waiting]] == [1]
    # Its 终止受理通知书 is issued in the run, waiting to be printed at the window.
    documents = history_rows.case_history(sync_store, overdue).documents
    assert [(d.kind, d.print_status) for d in documents] == [("termination", "not_printed")]

    again = make_engine(home, enrolled, sync_store).run_once()
    assert (again.deferrals_terminated, again.pushed) == (0, 0)
    assert [v for v, _ in platform_versions(central.db)[overdue]] == [1, 2]
