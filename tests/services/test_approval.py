"""Supervisor approval in place: only a supervisor (or admin) approves; audited either way."""

from __future__ import annotations

import json

import pytest

from counter_app.services.approval import (
    SUPERVISOR_ROLES,
    InitialPassword,
    SamePerson,
    WrongRole,
    approve,
    authorise,
)
from counter_app.services.auth import Accounts, InvalidCredentials
from tests.services.conftest import PASSWORD

TARGET = "5f0e8a9c-1111-4000-8000-000000000001"


def _actions(accounts: Accounts, target: str) -> list[tuple[str, str, dict]]:
    return [
        (e["actor"], e["action"], e["detail"])
        for e in accounts.store.audit.entries(limit=1000)
        if e["target"] == target
    ]


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_a_supervisor_or_admin_approves_and_it_is_audited(accounts: Accounts, role) -> None:
    accounts.add_user("chief1", PASSWORD, role)
    user = approve(accounts, "chief1", PASSWORD, action="void_case", target=TARGET)
    assert user.username == "chief1"
    actions = _actions(accounts, TARGET)
    assert [(a, act) for a, act, _ in actions] == [("chief1", "approval.granted")]
    assert "void_case" in str(actions[0][2])


def test_a_clerk_cannot_approve_and_the_refusal_is_audited(accounts: Accounts) -> None:
    accounts.add_user("clerk01", PASSWORD, "clerk")
    with pytest.raises(WrongRole) as raised:
        approve(accounts, "clerk01", PASSWORD, action="reprint", target=TARGET)
    assert raised.value.field == "username"
    assert "值班长" in raised.value.zh and "supervisor" in raised.value.en
    assert [(a, act) for a, act, _ in _actions(accounts, TARGET)] == [
        ("clerk01", "approval.refused")
    ]
    assert accounts.store.audit.verify() == []


def test_a_wrong_password_approves_nothing(accounts: Accounts) -> None:
    accounts.add_user("chief1", PASSWORD, "supervisor")
    with pytest.raises(InvalidCredentials):
        approve(accounts, "chief1", "not-the-password", action="defer_case", target=TARGET)
    assert _actions(accounts, TARGET) == []


def test_nobody_approves_their_own_request_and_the_refusal_is_audited(accounts: Accounts) -> None:
    accounts.add_user("chief1", PASSWORD, "supervisor")
    with pytest.raises(SamePerson) as raised:
        approve(
            accounts, "chief1", PASSWORD, action="reprint", target=TARGET, requesters=("chief1",)
        )
    assert "本人" in raised.value.zh and "own" in raised.value.en
    assert [(a, act) for a, act, _ in _actions(accounts, TARGET)] == [
        ("chief1", "approval.refused")
    ]


def test_an_actor_is_authenticated_and_role_checked(accounts: Accounts) -> None:
    accounts.add_user("chief1", PASSWORD, "supervisor")
    accounts.add_user("clerk01", PASSWORD, "clerk")
    assert authorise(accounts, "chief1", PASSWORD, roles=SUPERVISOR_ROLES, action="sync.requeue")
    with pytest.raises(WrongRole) as raised:
        authorise(accounts, "clerk01", PASSWORD, roles=("admin",), action="printer.configured")
    assert "管理员" in raised.value.zh and "administrator" in raised.value.en
    refused = [e for e in accounts.store.audit.entries(limit=1000) if e["actor"] == "clerk01"]
    assert refused[-1]["action"] == "authorisation.refused"


def test_a_password_someone_else_set_neither_approves_nor_proves_who_acts(
    accounts: Accounts,
) -> None:
    """The administrator who made the account knows its initial password: until its member
    has set their own, it approves nothing and acts for nobody (audited)."""
    accounts.add_user("chief1", PASSWORD, "supervisor", initial=True, actor="admin01")
    with pytest.raises(InitialPassword) as raised:
        approve(accounts, "chief1", PASSWORD, action="void_case", target=TARGET)
    assert "初始密码" in raised.value.zh and "initial" in raised.value.en
    with pytest.raises(InitialPassword):
        authorise(accounts, "chief1", PASSWORD, roles=SUPERVISOR_ROLES, action="sync.requeue")
    assert [(a, act, json.loads(d).get("reason")) for a, act, d in _actions(accounts, TARGET)] == [
        ("chief1", "authorisation.refused", "initial")
    ]
    own = "Chief-own-2027"
    accounts.change_password("chief1", own, actor="chief1", old_password=PASSWORD)
    assert approve(accounts, "chief1", own, action="void_case", target=TARGET).username == "chief1"


def test_the_audit_names_the_account_as_folded_not_as_typed(accounts: Accounts) -> None:
    accounts.add_user("li.ming", PASSWORD, "clerk")
    accounts.add_user("chief1", PASSWORD, "supervisor")
    with pytest.raises(WrongRole):
        approve(accounts, "Li.Ming", PASSWORD, action="reprint", target=TARGET)
    approve(accounts, "CHIEF1", PASSWORD, action="reprint", target=TARGET)
    assert [(a, act) for a, act, _ in _actions(accounts, TARGET)] == [
        ("li.ming", "approval.refused"),
        ("chief1", "approval.granted"),
    ]
