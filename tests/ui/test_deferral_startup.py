"""The window ends overdue 容缺 deferrals on its worker at start-up (the same core function the
sync run and ``counter-app deferrals expire`` call)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.auth import Accounts, User
from counter_app.store import cases as case_rows
from counter_app.store.database import open_store
from tests.services.conftest import PASSWORD
from tests.services.deferral_cases import backdate_deadlines, deferred_case
from tests.ui.conftest import training_home, window_on


def test_start_up_terminates_an_overdue_deferral(qtbot, tmp_path: Path, monkeypatch) -> None:
    from sync.background import SyncProcess

    # The window's own worker, not its sync child (whose every run expires too): the child
    # is not started here.
    monkeypatch.setattr(SyncProcess, "start", lambda _self: None)
    home, config = training_home(tmp_path / "home")
    with open_store(home, config) as store:
        accounts = Accounts(store)
        accounts.add_user("chief9", PASSWORD, "supervisor")
        supervisor = accounts.authenticate("chief9", PASSWORD)
        clerk = User("clerk9", "窗口九", "clerk", None, False)
        overdue = deferred_case(store, clerk, supervisor)
        backdate_deadlines(store, overdue, hall_today() - timedelta(days=1))

    def state() -> str:
        with open_store(home, load_config(home)) as store:
            return case_rows.get_case(store, overdue).state

    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)):
        qtbot.waitUntil(lambda: state() == "deferred_terminated", timeout=60_000)
