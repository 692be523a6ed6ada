"""Accounts over their life at a window: a platform account named like one made on this PC
replaces it with fresh state (no failed sign-ins, lockout or last sign-in carried over),
audited with when and by whom the local one was made; a window that holds the platform's
staff register makes no local accounts; a name typed in capitals signs in as its account."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.staff import hash_password
from counter_app.services.auth import Accounts, InvalidCredentials, PlatformAccount
from counter_app.store.database import Store

LOCAL = "Counter-2026-ok"
PLATFORM = "Window-2026-ok"


def _from_register(accounts: Accounts, username: str) -> None:
    accounts.apply_platform_account(
        username, "李明", "clerk", disabled=False, verifier=hash_password(PLATFORM)
    )


def test_a_platform_account_replaces_a_local_one_of_the_same_name_afresh(
    clocked_accounts: Accounts, store: Store
) -> None:
    clocked_accounts.add_user("li.ming", LOCAL, "supervisor", actor="admin01")
    clocked_accounts.authenticate("li.ming", LOCAL)
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            clocked_accounts.authenticate("li.ming", "wrong-" + LOCAL)

    _from_register(clocked_accounts, "li.ming")
    (replaced,) = [
        e for e in store.audit.entries(limit=1000) if e["action"] == "user.local_replaced"
    ]
    detail = json.loads(replaced["detail"])
    assert (replaced["target"], detail["created_by"], detail["role"]) == (
        "li.ming",
        "admin01",
        "supervisor",
    )
    with pytest.raises(InvalidCredentials):
        clocked_accounts.authenticate("li.ming", LOCAL)
    user = clocked_accounts.authenticate("li.ming", PLATFORM)
    assert (user.role, user.previous_sign_in_at, user.failures_since) == ("clerk", None, 1)


def test_a_window_of_the_platform_register_makes_no_local_accounts(
    clocked_accounts: Accounts,
) -> None:
    clocked_accounts.add_user("admin01", LOCAL, "admin")  # before the register came
    _from_register(clocked_accounts, "li.ming")
    with pytest.raises(PlatformAccount) as refused:
        clocked_accounts.add_user("wang.fang", LOCAL, "clerk")
    assert "counter-central staff add" in refused.value.zh and "platform" in refused.value.en


def test_the_typed_name_is_taken_in_lower_case(clocked_accounts: Accounts) -> None:
    _from_register(clocked_accounts, "li.ming")
    assert clocked_accounts.authenticate("Li.Ming", PLATFORM).username == "li.ming"
