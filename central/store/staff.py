"""The halls' staff register (``counter-central staff …``): who may sign in at the windows
of a hall, with which role, and the salted scrypt verifier a window checks a password
against, offline too (never the password). Every change appends the account's whole new
state to ``staff_changes``, which the ``staff`` feed hands to the hall's windows in order;
a window applies a disabling or a role change at its next sync."""

from __future__ import annotations

from typing import Any, Literal

from central.errors import OperatorError
from central.store.base import CentralStore, DbCursor, iso, utc_now
from counter_app.domain.staff import (
    PASSWORD_MIN_LENGTH,
    check_account,
    check_password_rules,
    hash_password,
)
from counter_app.errors import CounterError

StaffChange = Literal["add", "disable", "enable", "role", "reset"]
_ACCOUNT_COLUMNS = ("username", "display_name", "role", "disabled", "verifier", "changed_at")
_NEWEST = (
    f"SELECT {', '.join(_ACCOUNT_COLUMNS)} FROM staff_changes "  # noqa: S608
    "WHERE hall = ? AND username = ? ORDER BY seq DESC LIMIT 1"
)


def change_staff(
    store: CentralStore,
    hall: str,
    username: str,
    change: StaffChange,
    *,
    role: str = "",
    display_name: str = "",
    password: str = "",
) -> dict[str, Any]:
    """Apply one change to the account ``username`` of ``hall``; the account as it now is
    (without its verifier). A mistake (unknown account, an account added twice, a weak
    password, an unknown role) raises :class:`OperatorError` and changes nothing."""
    try:
        if change == "add":
            display_name = check_account(username, role, display_name)
        if change in ("add", "reset"):
            check_password_rules(password, username, PASSWORD_MIN_LENGTH)
        if change == "role":
            check_account(username, role, username)
    except CounterError as exc:
        raise OperatorError(exc.zh, exc.en) from None
    # Hashed before the transaction: scrypt takes a tenth of a second.
    verifier = hash_password(password) if change in ("add", "reset") else ""
    with store.transaction() as cur:
        store.lock_hall_feed(cur, "staff_changes", hall)
        held = _newest(store, cur, hall, username)
        if (held is None) != (change == "add"):
            raise _unknown(hall, username) if held is None else _taken(hall, username)
        account = held or {"username": username, "display_name": display_name, "role": role}
        account = {
            **account,
            "disabled": change == "disable"
            or (change != "enable" and bool(account.get("disabled"))),
            "verifier": verifier or account["verifier"],
            "changed_at": iso(utc_now()),
        }
        if change == "role":
            account["role"] = role
        store._exec(
            cur,
            "INSERT INTO staff_changes (hall, username, display_name, role, disabled, verifier,"
            " change, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                hall,
                username,
                account["display_name"],
                account["role"],
                int(account["disabled"]),
                account["verifier"],
                change,
                account["changed_at"],
            ),
        )
    return _public(hall, account)


def staff_of_hall(store: CentralStore, hall: str) -> list[dict[str, Any]]:
    """Every account of ``hall`` as it now is, by username (without verifiers)."""
    with store.snapshot() as cur:
        names = [
            row[0]
            for row in store._exec(
                cur,
                "SELECT DISTINCT username FROM staff_changes WHERE hall = ? ORDER BY username",
                (hall,),
            ).fetchall()
        ]
        accounts = [_newest(store, cur, hall, name) for name in names]
    return [_public(hall, account) for account in accounts if account is not None]


def _newest(store: CentralStore, cur: DbCursor, hall: str, username: str) -> dict[str, Any] | None:
    row = store._exec(cur, _NEWEST, (hall, username)).fetchone()
    return None if row is None else dict(zip(_ACCOUNT_COLUMNS, row, strict=True))


def _public(hall: str, account: dict[str, Any]) -> dict[str, Any]:
    return {
        "hall": hall,
        "username": account["username"],
        "display_name": account["display_name"],
        "role": account["role"],
        "disabled": bool(account["disabled"]),
        "changed_at": account["changed_at"],
    }


def _unknown(hall: str, username: str) -> OperatorError:
    return OperatorError(
        f"大厅 {hall} 没有账号 {username}：先用 staff add 添加。",
        f"Hall {hall} has no account {username}: add it with staff add first.",
    )


def _taken(hall: str, username: str) -> OperatorError:
    return OperatorError(
        f"大厅 {hall} 已有账号 {username}：改角色用 staff role，重置密码用 staff reset。",
        f"Hall {hall} already has an account {username}: change its role with staff role, "
        "its password with staff reset.",
    )
