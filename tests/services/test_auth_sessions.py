"""Who is signed in holds no longer than their account: an account disabled or removed
since its member signed in is refused (``Accounts.in_force``); signing out, switching the
member and the lock are audited; the platform's one-time code secret taken again never makes
a code used here good again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.domain.one_time_codes import new_secret, step_at
from counter_app.domain.staff import hash_password
from counter_app.services.auth import Accounts, AccountWithdrawn
from counter_app.services.second_factor import WrongCode
from counter_app.store.database import Store
from tests.services.one_time_codes_clock import Clock

GOOD = "Counter-2026-ok"


pytestmark = pytest.mark.usefixtures("privileged_use_needs_codes")


def _actions(store: Store) -> list[str]:
    return [e["action"] for e in store.audit.entries(limit=1000)]


def _from_register(accounts: Accounts, username: str, role: str = "clerk", **changes) -> None:
    accounts.apply_platform_account(
        username,
        "王平",
        role,  # type: ignore[arg-type]
        disabled=changes.get("disabled", False),
        verifier=changes.get("verifier") or hash_password(GOOD),
        second_factor=changes.get("second_factor"),
    )


def test_an_account_disabled_on_the_platform_since_sign_in_is_refused(
    clocked_accounts: Accounts,
) -> None:
    verifier = hash_password(GOOD)
    _from_register(clocked_accounts, "clerkb", verifier=verifier)
    user = clocked_accounts.authenticate("clerkb", GOOD)
    assert clocked_accounts.in_force(user) == user
    _from_register(clocked_accounts, "clerkb", verifier=verifier, disabled=True)
    with pytest.raises(AccountWithdrawn) as refused:
        clocked_accounts.in_force(user)
    assert refused.value.reason == "disabled_by_platform"
    assert "已被平台停用" in refused.value.zh


def test_an_account_disabled_here_or_removed_is_refused_and_a_new_role_holds(
    clocked_accounts: Accounts,
) -> None:
    clocked_accounts.add_user("clerk01", GOOD, "clerk")
    user = clocked_accounts.authenticate("clerk01", GOOD)
    clocked_accounts.set_disabled("clerk01", True, actor="admin01")
    with pytest.raises(AccountWithdrawn) as refused:
        clocked_accounts.in_force(user)
    assert refused.value.reason == "disabled"

    _from_register(clocked_accounts, "sup02", "clerk")
    member = clocked_accounts.authenticate("sup02", GOOD)
    _from_register(clocked_accounts, "sup02", "supervisor")
    assert clocked_accounts.in_force(member).role == "supervisor"
    clocked_accounts.forget_platform_accounts()  # the window enrolled with another hall
    with pytest.raises(AccountWithdrawn) as removed:
        clocked_accounts.in_force(member)
    assert removed.value.reason == "removed"


def test_sign_out_switch_and_lock_are_audited(clocked_accounts: Accounts, store: Store) -> None:
    clocked_accounts.add_user("clerk01", GOOD, "clerk")
    clocked_accounts.record_lock("clerk01")
    clocked_accounts.record_sign_out("clerk01", switch=True)
    clocked_accounts.record_sign_out("clerk01", switch=False)
    clocked_accounts.record_sign_out("clerk01", switch=False, reason="account_withdrawn")
    entries = [(e["actor"], e["action"], e["target"]) for e in store.audit.entries()]
    assert entries[-4:] == [
        ("clerk01", "login.locked", "clerk01"),
        ("clerk01", "login.switch", "clerk01"),
        ("clerk01", "login.sign_out", "clerk01"),
        ("system", "login.sign_out", "clerk01"),
    ]


def test_the_code_used_to_set_up_codes_stays_used_when_the_feed_brings_them_back(
    clocked_accounts: Accounts, clock: Clock, store: Store
) -> None:
    """The administrator set up the codes at this window (its code's step kept as used);
    the next sync's page brings the account as it was at their password change (no codes
    yet), then the set-up: the code typed at the set-up must not sign in."""
    secret = new_secret()
    verifier = hash_password(GOOD)
    _from_register(clocked_accounts, "adm", "admin", verifier=verifier)
    set_up_code = clock.code(secret)
    clocked_accounts.take_second_factor("adm", secret, step_at(clock.now), actor="adm")
    _from_register(clocked_accounts, "adm", "admin", verifier=verifier, second_factor=None)
    _from_register(clocked_accounts, "adm", "admin", verifier=verifier, second_factor=secret)
    with pytest.raises(WrongCode):
        clocked_accounts.authenticate("adm", GOOD, set_up_code)
    clock.now += timedelta(seconds=30)
    assert clocked_accounts.authenticate("adm", GOOD, clock.code(secret)).second_factor_enrolled
    # The same secret again: nothing to set or reset, and nothing audited as if it were.
    before = _actions(store).count("user.second_factor_reset")
    _from_register(clocked_accounts, "adm", "admin", verifier=verifier, second_factor=secret)
    assert _actions(store).count("user.second_factor_reset") == before
    assert _actions(store)[-1] == "user.platform_update"


def test_the_platforms_desk_refuses_a_supervisor_disabled_since_but_lets_them_withdraw(
    store: Store, clocked_accounts: Accounts
) -> None:
    """Deciding other clerks' requests, resolving problems, publishing notices: each reads
    the account again (``SignedInStore.signed_in``); withdrawing what they asked for goes
    with their session as it ends."""
    from ui.platform_facade import PlatformDesk

    _from_register(clocked_accounts, "supv", "supervisor")
    desk = PlatformDesk(store)
    desk.set_user(clocked_accounts.authenticate("supv", GOOD, None))
    assert desk.signed_in().username == "supv"
    _from_register(clocked_accounts, "supv", "supervisor", disabled=True)
    with pytest.raises(AccountWithdrawn):
        desk.signed_in()
    assert desk.signed_in_as_was().username == "supv"
