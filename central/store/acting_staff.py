"""Who a window says acted (asked for or decided an approval, reviewed a case, issued an
instruction), checked against the hall's staff register (``central.store.staff``): an
account of the hall in use, with a supervisor's role where a supervisor acts. A name the
register does not hold is refused and logged: the platform vouches only for its own staff.
A hall that registered nobody on the platform (its accounts live on its windows alone)
has its names taken unchecked, each logged as such: registering the hall's staff
(``counter-central staff add``) is what turns the check on."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from central.errors import NotASupervisor, OperatorError, UnknownStaff
from central.store.base import CentralStore, DbCursor, Device, iso
from central.store.staff_feed import AS_AT_QUERY, ITEM_KEYS, NEWEST_QUERY
from counter_app.domain.staff import verify_password
from counter_app.domain.text import unprintable_error

log = logging.getLogger("central.store")

# The roles that act as a supervisor (decide approvals, review cases, issue instructions).
SUPERVISING_ROLES = ("supervisor", "admin")
_ROLE, _DISABLED = ITEM_KEYS.index("role"), ITEM_KEYS.index("disabled")
_VERIFIER, _CHANGED_AT = ITEM_KEYS.index("verifier"), ITEM_KEYS.index("changed_at")
# The longest reason a member of a platform register gives for an act (``checked_reason``).
REASON_MAX_CHARS = 500


def check_acting(
    store: CentralStore,
    cur: DbCursor,
    device: Device,
    username: str,
    *,
    act: str,
    supervising: bool,
    at: datetime | None = None,
) -> None:
    """Raise unless ``username`` is an account in use of ``device``'s hall (with a
    supervising role if ``supervising``); ``act`` names what they are said to have done,
    for the platform's log. ``at``: when the window says it was done, the account judged as
    the register stated it then (a review given at an offline window before its supervisor
    was disabled stays hers, however late it arrives); None: as it is now."""
    if at is None:
        row = store._exec(cur, NEWEST_QUERY, (device.hall, username)).fetchone()
    else:
        row = store._exec(cur, AS_AT_QUERY, (device.hall, username, iso(at))).fetchone()
    if row is None and not _keeps_a_register(store, cur, device.hall):
        # A hall whose staff the platform does not manage (none registered: its accounts
        # live on its windows alone) cannot have names checked; said in the log, each time.
        log.warning(
            "device %s (hall %s) says %s %s: the hall keeps no staff register on the "
            "platform, so the name is taken unchecked",
            device.device_id,
            device.hall,
            username,
            act,
        )
        return
    if row is None or row[_DISABLED]:
        disabled = row is not None
        log.warning(
            "device %s (hall %s) says %s %s: %s; refused",
            device.device_id,
            device.hall,
            username,
            act,
            "the account is disabled" if disabled else "no account in use of the hall",
        )
        if disabled:
            raise UnknownStaff(
                f"账号 {username} 已在本大厅的人员名册（中心平台）中停用，平台不接受该账号的操作。"
                "如该人员仍在岗，请信息科在中心平台重新启用（counter-central staff enable）。",
                f"Account {username} is disabled in the hall's staff register (central "
                "platform); the platform does not take what it did. If they still work here, "
                "IT re-enables the account on the platform (counter-central staff enable).",
                details={"username": username, "disabled": True},
            )
        raise UnknownStaff(
            f"本大厅的人员名册（中心平台）中没有在用的账号 {username}，平台不接受该账号的操作。"
            "请信息科在中心平台登记该人员（counter-central staff add）。",
            f"The hall's staff register (central platform) holds no account {username} in "
            "use; the platform does not take what it did. Ask IT to register them on the "
            "platform (counter-central staff add).",
            details={"username": username},
        )
    if supervising and row[_ROLE] not in SUPERVISING_ROLES:
        log.warning(
            "device %s (hall %s) says %s %s: role %s, not a supervisor; refused",
            device.device_id,
            device.hall,
            username,
            act,
            row[_ROLE],
        )
        raise NotASupervisor(
            f"账号 {username} 不是值班长（主管）或管理员，不能执行该操作。",
            f"Account {username} is not a supervisor or administrator and may not do this.",
            details={"username": username},
        )


def out_of_use_at(store: CentralStore, cur: DbCursor, hall: str, username: str, at: str) -> bool:
    """Whether ``username`` was no account in use of ``hall``'s register at ``at`` (stored
    time form): disabled then, or not yet added. False for a hall that keeps no register
    (its names are taken unchecked)."""
    row = store._exec(cur, AS_AT_QUERY, (hall, username, at)).fetchone()
    if row is None:
        return _keeps_a_register(store, cur, hall)
    return _disabled_since(row) is not None


def disabled_since(
    store: CentralStore, cur: DbCursor, hall: str, username: str, at: str
) -> str | None:
    """When ``hall``'s register disabled ``username`` (stored time form), as the register
    stood at ``at``; None: in use then, or not registered then."""
    row = store._exec(cur, AS_AT_QUERY, (hall, username, at)).fetchone()
    return None if row is None else _disabled_since(row)


def _disabled_since(row: Sequence[Any]) -> str | None:
    return str(row[_CHANGED_AT]) if row[_DISABLED] else None


def _keeps_a_register(store: CentralStore, cur: DbCursor, hall: str) -> bool:
    """Whether the platform manages the hall's staff: any account registered for it."""
    return store._exec(cur, _ANY_STAFF, (hall,)).fetchone() is not None


_ANY_STAFF = "SELECT 1 FROM staff_changes WHERE hall = ? LIMIT 1"


def check_register_member(
    store: CentralStore,
    register: str,
    username: str,
    password: str,
    *,
    roles: tuple[str, ...],
    act: str,
    refusal: tuple[str, str],
) -> None:
    """Raise ``OperatorError`` (``refusal``, Chinese and English) unless ``username`` is an
    account in use of the platform's own ``register`` (a hall code no window has: the city's
    rating reviewers, its operations staff) with one of ``roles``; and when ``password`` is
    not its password. Each refusal is logged, naming ``act``."""
    with store.snapshot() as cur:
        row = store._exec(cur, NEWEST_QUERY, (register, username)).fetchone()
    if row is None or row[_DISABLED] or row[_ROLE] not in roles:
        log.warning(
            "%s by %s refused: no account in use of %s with that role", act, username, register
        )
        raise OperatorError(*refusal)
    if not verify_password(password, row[_VERIFIER]):
        log.warning("%s by %s refused: wrong password", act, username)
        raise OperatorError(f"{username} 的密码不正确。", f"Wrong password for {username}.")


def checked_reason(reason: str, words: tuple[str, str], *, required: bool) -> str:
    """The reason a member of a platform register gives for an act (``check_register_member``)
    as it is kept: stripped, at most ``REASON_MAX_CHARS``, printable (line breaks allowed)
    and, when ``required``, not empty; else ``OperatorError`` naming it by ``words``
    (Chinese, English)."""
    text = reason.strip()
    zh, en = words
    if required and not text:
        raise OperatorError(
            f"请写明{zh}（最多 {REASON_MAX_CHARS} 字）。",
            f"Give {en.lower()} (at most {REASON_MAX_CHARS} characters).",
        )
    if len(text) > REASON_MAX_CHARS:
        raise OperatorError(
            f"{zh}最多 {REASON_MAX_CHARS} 字。", f"{en} is at most {REASON_MAX_CHARS} characters."
        )
    problem = unprintable_error(text, words, field="reason", lines=True)
    if problem is not None:
        raise OperatorError(problem.zh, problem.en)
    return text
