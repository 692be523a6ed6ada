"""A member changing their own password at the window goes back to none of their last five,
whether the account is this PC's (checked here) or the hall's register's (checked by the
platform, which keeps the account's history, and said at the window in its words)."""

from __future__ import annotations

import pytest

from counter_app.config import Config
from counter_app.errors import ValidationError
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from sync.errors import PlatformRefused
from sync.staff_passwords import change_own_password
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
NEW_PASSWORD = "Counter-2027-new"


def test_a_register_account_may_not_go_back_to_a_recent_password(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    central.cli(
        "staff", "add", "--hall", HALL, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    make_engine(home, enrolled, sync_store).run_once()
    accounts = Accounts(sync_store)
    clerk = accounts.authenticate("li.ming", PASSWORD)
    change_own_password(sync_store, clerk, PASSWORD, NEW_PASSWORD)
    with pytest.raises(PlatformRefused) as refused:
        change_own_password(sync_store, clerk, NEW_PASSWORD, PASSWORD)
    assert refused.value.platform_code == "weak_password"
    assert "不能与最近5次用过的密码相同" in refused.value.zh
    assert accounts.authenticate("li.ming", NEW_PASSWORD).username == "li.ming"


def test_an_account_made_on_this_pc_may_not_go_back_to_a_recent_password(
    sync_store: Store,
) -> None:
    accounts = Accounts(sync_store)
    accounts.add_user("wang.local", PASSWORD, "clerk", "王小文")
    clerk = accounts.authenticate("wang.local", PASSWORD)
    change_own_password(sync_store, clerk, PASSWORD, NEW_PASSWORD)
    with pytest.raises(ValidationError, match="不能与最近5次用过的密码相同"):
        change_own_password(sync_store, clerk, NEW_PASSWORD, PASSWORD)
    assert accounts.authenticate("wang.local", NEW_PASSWORD).username == "wang.local"
