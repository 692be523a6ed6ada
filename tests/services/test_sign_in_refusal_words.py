"""What a refused sign-in says: the lockout rule's numbers, the same for a name no account
has as for an account's wrong password."""

from __future__ import annotations

import pytest

from counter_app.services.auth import Accounts, InvalidCredentials

GOOD = "Counter-2026-ok"


def test_a_wrong_password_says_how_many_failures_lock_and_for_how_long(
    clocked_accounts: Accounts,
) -> None:
    clocked_accounts.add_user("alice", GOOD, "clerk")
    with pytest.raises(InvalidCredentials) as wrong:
        clocked_accounts.authenticate("alice", "Wrong-pass-123")
    with pytest.raises(InvalidCredentials) as unknown:
        clocked_accounts.authenticate("mallory", GOOD)
    assert wrong.value.zh == "用户名或密码不正确。同一账号连续 5 次输错，将锁定 15 分钟。"
    assert wrong.value.en == (
        "Wrong username or password. 5 failures in a row lock the account for 15 minutes."
    )
    assert (unknown.value.zh, unknown.value.en) == (wrong.value.zh, wrong.value.en)
