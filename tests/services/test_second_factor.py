"""The second factor of privileged use (等保 level 3): supervisors and administrators sign in
and approve with a one-time code after the password, once they have set one up; until then
they approve nothing. Codes are the authenticator app's (RFC 6238), each used once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from counter_app.domain.one_time_codes import MalformedCode, new_secret
from counter_app.services.approval import NoSecondFactor, approve, authorise
from counter_app.services.auth import AccountLocked, Accounts, InvalidCredentials, User
from counter_app.services.second_factor import SecondFactorRequired, WrongCode
from counter_app.store.database import Store
from tests.services.one_time_codes_clock import Clock

GOOD = "Counter-2026-ok"


pytestmark = pytest.mark.usefixtures("privileged_use_needs_codes")


@pytest.fixture
def staffed_accounts(clocked_accounts: Accounts) -> Accounts:
    """A clerk, a supervisor and an administrator, none with codes set up yet."""
    clocked_accounts.add_user("clerk01", GOOD, "clerk")
    clocked_accounts.add_user("sup01", GOOD, "supervisor")
    clocked_accounts.add_user("admin01", GOOD, "admin")
    return clocked_accounts


def _actions(store: Store) -> list[str]:
    return [e["action"] for e in store.audit.entries(limit=1000)]


def test_privileged_roles_need_codes_clerks_do_not(staffed_accounts: Accounts) -> None:
    clerk = staffed_accounts.authenticate("clerk01", GOOD)
    assert not clerk.second_factor_required and not clerk.must_enrol_second_factor
    for username in ("sup01", "admin01"):
        # Not set up yet: the password signs in, and the window asks them to set it up.
        user = staffed_accounts.authenticate(username, GOOD)
        assert user.second_factor_required and user.must_enrol_second_factor


def test_the_policy_names_who_needs_codes(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    def required(policy: str, role: str) -> bool:
        security = replace(store.config.security, second_factor=policy)
        monkeypatch.setattr(store, "config", replace(store.config, security=security))
        return Accounts(store).second_factor_required(role)  # type: ignore[arg-type]

    assert [required("privileged", r) for r in ("clerk", "supervisor", "admin")] == [
        False,
        True,
        True,
    ]
    assert [required("admin", r) for r in ("clerk", "supervisor", "admin")] == [False, False, True]
    assert not required("off", "admin")


def test_set_up_then_every_sign_in_takes_the_password_and_a_fresh_code(
    staffed_accounts: Accounts, clock: Clock, store: Store
) -> None:
    secret = new_secret()
    with pytest.raises(WrongCode) as wrong:
        staffed_accounts.enrol_second_factor("sup01", secret, clock.code(secret, 5))
    assert wrong.value.field == "code"
    staffed_accounts.enrol_second_factor("sup01", secret, clock.code(secret))
    # The code that set it up is used; the password alone only asks for a code.
    with pytest.raises(SecondFactorRequired) as asked:
        staffed_accounts.authenticate("sup01", GOOD)
    assert asked.value.field == "code" and "6 位动态口令" in asked.value.zh
    with pytest.raises(WrongCode):
        staffed_accounts.authenticate("sup01", GOOD, clock.code(secret))
    clock.now += timedelta(seconds=30)
    user = staffed_accounts.authenticate("sup01", GOOD, clock.code(secret))
    assert user.second_factor_enrolled and not user.must_enrol_second_factor
    # The secret is sealed at rest, not kept as typed.
    sealed = store.db.execute("SELECT second_factor FROM users WHERE username = 'sup01'").fetchone()
    assert secret.encode() not in sealed[0]
    # A wrong password never reaches the code question.
    with pytest.raises(InvalidCredentials):
        staffed_accounts.authenticate("sup01", "Wrong-2026-pass")
    with pytest.raises(MalformedCode):
        staffed_accounts.authenticate("sup01", GOOD, "12 34")
    assert {"user.second_factor_enrol", "login.success"} <= set(_actions(store))


def test_wrong_codes_count_towards_the_lockout(
    staffed_accounts: Accounts, clock: Clock, store: Store
) -> None:
    secret = new_secret()
    staffed_accounts.enrol_second_factor("admin01", secret, clock.code(secret))
    clock.now += timedelta(minutes=2)
    wrong = clock.code(secret, 10)
    for _ in range(store.config.security.max_login_failures - 1):
        with pytest.raises(WrongCode):
            staffed_accounts.authenticate("admin01", GOOD, wrong)
    with pytest.raises(AccountLocked):
        staffed_accounts.authenticate("admin01", GOOD, wrong)
    reasons = [
        json.loads(e["detail"]).get("reason")
        for e in store.audit.entries(limit=100)
        if e["action"] == "login.failure"
    ]
    assert reasons and set(reasons) == {"wrong_code"}


def test_approvals_need_the_code_and_none_without_codes_set_up(
    staffed_accounts: Accounts, clock: Clock, store: Store
) -> None:
    def reprint(code: str | None = None) -> User:
        """The supervisor approves the clerk's reprint of case-1."""
        return approve(
            staffed_accounts,
            "sup01",
            GOOD,
            action="reprint",
            target="case-1",
            requesters=["clerk01"],
            code=code,
        )

    with pytest.raises(NoSecondFactor) as refused:
        reprint()
    assert "动态口令" in refused.value.zh
    with pytest.raises(NoSecondFactor):
        authorise(staffed_accounts, "admin01", GOOD, roles=("admin",), action="user.add")
    secret = new_secret()
    staffed_accounts.enrol_second_factor("sup01", secret, clock.code(secret))
    clock.now += timedelta(seconds=30)
    with pytest.raises(SecondFactorRequired):
        reprint()
    approver = reprint(clock.code(secret))
    assert approver.username == "sup01"
    refusals = [e for e in store.audit.entries(limit=100) if e["action"] == "authorisation.refused"]
    assert {json.loads(e["detail"])["reason"] for e in refusals} == {"no_second_factor"}


def test_an_own_password_change_proves_the_password_only(
    staffed_accounts: Accounts, clock: Clock
) -> None:
    secret = new_secret()
    staffed_accounts.enrol_second_factor("sup01", secret, clock.code(secret))
    staffed_accounts.change_password("sup01", "Another-2026-pw", actor="sup01", old_password=GOOD)
    clock.now += timedelta(seconds=30)
    assert (
        staffed_accounts.authenticate("sup01", "Another-2026-pw", clock.code(secret)).username
        == "sup01"
    )


def test_a_reset_asks_its_member_to_set_up_codes_again(
    staffed_accounts: Accounts, clock: Clock, store: Store
) -> None:
    secret = new_secret()
    staffed_accounts.enrol_second_factor("sup01", secret, clock.code(secret))
    staffed_accounts.reset_second_factor("sup01", actor="admin01")
    assert staffed_accounts.authenticate("sup01", GOOD).must_enrol_second_factor
    assert "user.second_factor_reset" in _actions(store)


def test_the_platforms_secret_arrives_with_the_account_and_keeps_its_used_step(
    staffed_accounts: Accounts, clock: Clock, store: Store
) -> None:
    from counter_app.domain.staff import hash_password

    secret = new_secret()
    verifier = hash_password(GOOD)
    apply = staffed_accounts.apply_platform_account
    apply("sup02", "李值班", "supervisor", disabled=False, verifier=verifier, second_factor=secret)
    user = staffed_accounts.authenticate("sup02", GOOD, clock.code(secret))
    assert user.source == "platform" and user.second_factor_enrolled
    # The same secret again (another change of the account): the used code stays used.
    apply("sup02", "李值班", "supervisor", disabled=False, verifier=verifier, second_factor=secret)
    with pytest.raises(WrongCode):
        staffed_accounts.authenticate("sup02", GOOD, clock.code(secret))
    # Reset on the platform: none here either.
    apply("sup02", "李值班", "supervisor", disabled=False, verifier=verifier, second_factor=None)
    assert staffed_accounts.authenticate("sup02", GOOD).must_enrol_second_factor


def test_codes_set_up_are_replaced_only_after_an_administrators_reset(
    staffed_accounts: Accounts, clock: Clock
) -> None:
    from counter_app.services.second_factor import SecondFactorExists

    first, second = new_secret(), new_secret()
    staffed_accounts.enrol_second_factor("sup01", first, clock.code(first))
    # Whoever knows the password may not put their own phone in its member's place.
    with pytest.raises(SecondFactorExists) as refused:
        staffed_accounts.enrol_second_factor("sup01", second, clock.code(second))
    assert "user reset-code" in refused.value.zh
    staffed_accounts.reset_second_factor("sup01", actor="admin01")
    staffed_accounts.enrol_second_factor("sup01", second, clock.code(second))
    clock.now += timedelta(seconds=30)
    assert staffed_accounts.authenticate("sup01", GOOD, clock.code(second)).second_factor_enrolled


def test_in_their_own_session_a_supervisor_proves_themselves_again_with_the_password(
    staffed_accounts: Accounts, clock: Clock
) -> None:
    """The inbox's decisions and the day's sign-off at the supervisor's own window: both
    factors opened the session, so a run of decisions does not wait for a fresh code each
    (a code is used once). Anyone else, and the command line, still gives the code."""
    secret = new_secret()
    staffed_accounts.enrol_second_factor("sup01", secret, clock.code(secret))
    clock.now += timedelta(seconds=30)
    session = staffed_accounts.authenticate("sup01", GOOD, clock.code(secret))
    for request in ("request-1", "request-2", "request-3"):
        decided = authorise(
            staffed_accounts,
            "sup01",
            GOOD,
            roles=("supervisor",),
            action="approval_request.approved",
            target=request,
            signed_in=session,
        )
        assert decided.username == "sup01"
    with pytest.raises(InvalidCredentials):  # the password still counts
        authorise(
            staffed_accounts,
            "sup01",
            "Wrong-2026-pass",
            roles=("supervisor",),
            action="x",
            signed_in=session,
        )
    clerk = staffed_accounts.authenticate("clerk01", GOOD)
    with pytest.raises(SecondFactorRequired):  # on a clerk's screen: the code too
        authorise(
            staffed_accounts, "sup01", GOOD, roles=("supervisor",), action="x", signed_in=clerk
        )
    with pytest.raises(SecondFactorRequired):
        authorise(staffed_accounts, "sup01", GOOD, roles=("supervisor",), action="x")
