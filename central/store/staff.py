"""The halls' staff register (``counter-central staff …``): who may sign in at the windows
of a hall, with which role, and the salted scrypt verifier a window checks a password
against, offline too (never the password). Every change appends the account's whole new
state to ``staff_changes``, which the ``staff`` feed hands to the hall's windows in order;
a window applies a disabling, a role change or an unlock at its next sync. A member of the
staff sets their own password and their one-time codes (动态口令) at a window; the secret of
those is kept sealed (``staff_second_factors``) and carried by every later state of the
account until the operator's ``reset-code``.

A login lockout holds at its window only; the window reports it (``record_lockout``), and
``staff list`` shows each account's recent lockouts. A password proven at the platform (a
member's own new password or one-time codes) is guessed no more freely than at a window:
after ``PASSWORD_FAILURES`` wrong ones in a row (counted in the store, so that every worker
process and a restart count the same) the platform locks the account itself for
``LOCKOUT_MINUTES`` (a lockout of its register, listed the same way, lifted by ``staff
unlock``), and refuses every password of an account locked anywhere until then."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any, Literal

from central.errors import (
    LockoutIdTaken,
    OperatorError,
    SecondFactorExists,
    StaffLocked,
    UnknownInHall,
    WeakPassword,
    WrongCode,
    WrongPassword,
)
from central.sealing import second_factor_context
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.devices import succeeds
from central.store.staff_feed import NEWEST_QUERY, account_item
from counter_app.domain.one_time_codes import matching_step
from counter_app.domain.staff import (
    PASSWORD_HISTORY,
    PASSWORD_MIN_LENGTH,
    check_account,
    check_not_published,
    check_not_reused,
    check_own_new_password,
    check_password_rules,
    hash_password,
    verify_password,
)
from counter_app.errors import CounterError
from sync.wire.staff import LockoutReport, PasswordChange, SecondFactorSetUp

# The operator's changes (``reset-code``: the one-time codes forgotten, set up again by their
# member); the register's ``change`` column also holds a member of the staff's own changes at
# a window: ``password`` (``change_own_password``) and ``second_factor``
# (``set_up_second_factor``).
StaffChange = Literal["add", "disable", "enable", "role", "reset", "unlock", "reset-code"]
log = logging.getLogger("central.store")

#: Lockouts shown per account, newest first.
RECENT_LOCKOUTS = 10
#: Wrong passwords in a row at the platform that lock the account, and for how long: the
#: window's own sign-in policy (``counter_app.config`` ``max_login_failures``,
#: ``lockout_minutes``), which the platform cannot read.
PASSWORD_FAILURES = 5
LOCKOUT_MINUTES = 15
_LOCKOUT_COLUMNS = (
    "lockout_id",
    "username",
    "window_code",
    "device_id",
    "locked_at",
    "until",
    "failed_attempts",
    "lifted_at",
    "lifted_by",
    "received_at",
)
# The hall's enabled administrators other than one, each as its newest row states it.
_OTHER_ADMINISTRATORS = (
    "SELECT COUNT(*) FROM staff_changes s WHERE s.hall = ? AND s.username <> ?"
    " AND s.role = 'admin' AND s.disabled = 0 AND s.seq = (SELECT MAX(n.seq)"
    " FROM staff_changes n WHERE n.hall = s.hall AND n.username = s.username)"
)
_LOCKOUTS_OF_HALL = (
    f"SELECT {', '.join(_LOCKOUT_COLUMNS)} FROM staff_lockouts"  # noqa: S608 - constant names
    " WHERE hall = ? ORDER BY username, locked_at DESC"
)


def change_staff(
    store: CentralStore,
    hall: str,
    username: str,
    change: StaffChange,
    *,
    by: str,
    role: str = "",
    display_name: str = "",
    password: str = "",
) -> dict[str, Any]:
    """Apply one change to the account ``username`` of ``hall``, made ``by`` an operator (its
    author in the register's history); the account as it now is (without its verifier). A
    mistake (unknown account, an account added twice, a weak password, an unknown role)
    raises :class:`OperatorError` and changes nothing; disabling a disabled account raises
    :class:`AlreadyDisabled`, appending nothing to its history; disabling or demoting the
    hall's last enabled administrator raises :class:`LastAdministrator`."""
    try:
        if change == "add":
            display_name = check_account(username, role, display_name)
        if change in ("add", "reset"):
            check_password_rules(password, username, PASSWORD_MIN_LENGTH)
            # The platform holds no training hall's accounts (those are the window's own).
            check_not_published(password)
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
        if change == "disable" and held is not None and held.get("disabled"):
            raise AlreadyDisabled(hall, username, held["changed_at"])
        if held is not None:
            _refuse_no_change(store, cur, hall, held, change, role=role)
        if change in ("disable", "role") and held is not None:
            _keep_an_administrator(store, cur, hall, held, role if change == "role" else "")
        account = held or {
            "username": username,
            "display_name": display_name,
            "role": role,
            "unlocked_at": None,
            "second_factor": None,
        }
        account = {
            **account,
            "disabled": change == "disable"
            or (change != "enable" and bool(account.get("disabled"))),
            "verifier": verifier or account["verifier"],
            "changed_at": iso(utc_now()),
            "must_change_password": bool(verifier or account.get("must_change_password")),
        }
        if change == "role":
            account["role"] = role
        if change == "reset-code":
            account["second_factor"] = None
        if change in ("unlock", "reset"):
            # A reset of a forgotten password lifts the lockouts its wrong guesses made, or
            # the new password would be refused as locked. What the platform holds is lifted
            # now, its count of wrong passwords too; each window lifts its own at its sync.
            account["unlocked_at"] = account["changed_at"]
            store._exec(
                cur,
                "UPDATE staff_lockouts SET lifted_at = ?, lifted_by = 'platform'"
                " WHERE hall = ? AND username = ? AND lifted_at IS NULL AND until > ?",
                (account["changed_at"], hall, username, account["changed_at"]),
            )
            store._exec(
                cur,
                "DELETE FROM staff_password_failures WHERE hall = ? AND username = ?",
                (hall, username),
            )
        _append(store, cur, hall, account, change, by=by)
    return {**_public(hall, account), "lockouts": _lockouts(store, hall).get(username, [])}


class NoChange(OperatorError):
    """A change that would leave the account as it is (disable a disabled one, enable an
    enabled one, give it its own role): nothing recorded."""


class AlreadyDisabled(NoChange):
    """``staff disable`` of an account disabled already: nothing to do, nothing recorded."""

    def __init__(self, hall: str, username: str, changed_at: str) -> None:
        super().__init__(
            f"大厅 {hall} 的账号 {username} 已经停用（最近一次变更于 {changed_at}），未作更改。",
            f"Account {username} of hall {hall} is disabled already (last changed at "
            f"{changed_at}); nothing changed.",
        )


def _refuse_no_change(
    store: CentralStore,
    cur: DbCursor,
    hall: str,
    held: dict[str, Any],
    change: StaffChange,
    *,
    role: str,
) -> None:
    """Raise :class:`NoChange` when ``change`` (``enable``, ``role``) would leave the account
    ``held`` as it is: its history and the operator log stay free of entries that changed
    nothing. An ``unlock`` is always recorded: a window reports its own offline lockout only
    at its next sync, and the recorded unlock is what lifts it there."""
    username = held["username"]
    if change == "enable" and not held["disabled"]:
        zh, en = "已经启用", "is enabled already"
    elif change == "role" and held["role"] == role:
        zh, en = f"的角色已是 {role}", f"has the role {role} already"
    else:
        return
    raise NoChange(
        f"大厅 {hall} 的账号 {username} {zh}，未作更改。",
        f"Account {username} of hall {hall} {en}; nothing changed.",
    )


class LastAdministrator(OperatorError):
    """``staff disable`` or ``staff role`` of the last enabled administrator of a hall: its
    windows would refuse key backups, restores and the audit log from their next sync on,
    until the operator added another; nothing changed."""

    def __init__(self, hall: str, username: str, role: str) -> None:
        done_zh, done_en = (f"降为 {role}", f"make it {role}") if role else ("停用", "disable it")
        command = (
            f"counter-central staff add --hall {hall} --name 用户名 --role admin --password-stdin"
        )
        super().__init__(
            f"这是本厅最后一名管理员：{done_zh}后大厅 {hall} 将没有启用的管理员，其窗口从下次同步起"
            f"不能再备份密钥、恢复或查看审计日志。账号 {username} 未作更改。请先添加或启用另一名"
            f"管理员（{command}，或 staff enable / staff role --role admin），再执行。",
            f"{username} is the last enabled administrator of hall {hall}: to {done_en} would "
            "leave the hall's windows, from their next sync, refusing key backups, restores "
            "and the audit log. Nothing changed. Add or enable another administrator first "
            f"({command.replace('用户名', 'USER')}, or staff enable / staff role --role admin), "
            "then run it again.",
            code="last_administrator",
        )


def _keep_an_administrator(
    store: CentralStore, cur: DbCursor, hall: str, held: dict[str, Any], role: str
) -> None:
    """Refuse (:class:`LastAdministrator`) to disable the account ``held`` (``role`` empty) or
    give it ``role`` when it is the last enabled administrator of ``hall``. Read under the
    hall's register lock, so that two operators disabling its last two at once cannot both
    pass. A locked administrator, or one whose password is still the operator's, counts, as
    it does at the windows (``counter_app.services.auth.administration``)."""
    if held["role"] != "admin" or held["disabled"] or role == "admin":
        return
    others = store._exec(cur, _OTHER_ADMINISTRATORS, (hall, held["username"])).fetchone()[0]
    if not others:
        raise LastAdministrator(hall, held["username"], role)


def change_own_password(
    store: CentralStore, device: Device, nonce: str, change: PasswordChange
) -> dict[str, Any]:
    """A member of ``device``'s hall's staff sets their own password, proving the old one:
    the register keeps the new verifier (change ``password``), which the ``staff`` feed takes
    to every window of the hall. Returns the verifier and when it changed.

    Raises ``UnknownInHall`` (``unknown_account``) for an account the hall does not hold or
    has disabled, :class:`WrongPassword` for an old password that does not match, and
    :class:`WeakPassword` for a new one the password rule refuses. The same change sent
    again (its answer lost on the way: the old password no longer matches, the new one
    does) is answered as done, nothing appended. A new password that is one of the account's
    last ``PASSWORD_HISTORY`` (the verifiers of its register rows) is refused as weak."""
    try:
        check_own_new_password(
            change.new_password, change.old_password, change.username, PASSWORD_MIN_LENGTH
        )
        check_not_published(change.new_password)
    except CounterError as exc:
        raise WeakPassword(exc.zh, exc.en) from None
    wrong = WrongPassword(
        "原密码不正确，密码没有更改。",
        "The current password is not correct; the password was not changed.",
    )
    # Both scrypt runs before the transaction, which holds the hall's register: a tenth of a
    # second each.
    checked = _usable_account(store, device.hall, change.username)
    if not _proven(store, device, checked, change.old_password):
        if not verify_password(change.new_password, checked["verifier"]):
            raise _failed(store, device, checked, wrong)
        # The same change sent again after its answer was lost (the window, which never got
        # it, still proves the old password): done already, the account's password proven.
        _clear_failures(store, device, checked)
        _use_nonce(store, device, nonce)
        return {"verifier": checked["verifier"], "changed_at": checked["changed_at"]}
    try:
        check_not_reused(change.new_password, _recent_verifiers(store, device.hall, checked))
    except CounterError as exc:
        raise WeakPassword(exc.zh, exc.en) from None
    verifier = hash_password(change.new_password)
    changed_at = _take_own_change(
        store, device, nonce, checked, change="password", wrong=wrong, verifier=verifier
    )
    return {"verifier": verifier, "changed_at": changed_at}


def set_up_second_factor(
    store: CentralStore, device: Device, nonce: str, set_up: SecondFactorSetUp
) -> dict[str, Any]:
    """A member of ``device``'s hall's staff sets up one-time codes at its window, proving
    their password and that their phone has the secret (a code of it now): the register
    keeps the secret, sealed (change ``second_factor``), and the ``staff`` feed takes it to
    every window of the hall. Returns when it changed and the time step the code was of.

    Raises ``UnknownInHall`` (``unknown_account``) for an account the hall does not hold or
    has disabled, :class:`WrongPassword` for a password that does not match,
    :class:`SecondFactorExists` for an account with other codes set up already (the
    operator's ``reset-code`` comes first: a password must not replace them) and
    :class:`WrongCode` for a code that is not the secret's now (by the platform's clock). The
    same secret again is the same set-up sent again (its answer lost on the way): answered
    as done, nothing appended."""
    wrong = WrongPassword(
        "密码不正确，动态口令没有设置。",
        "The password is not correct; no one-time codes were set up.",
    )
    checked = _usable_account(store, device.hall, set_up.username)
    if not _proven(store, device, checked, set_up.password):
        raise _failed(store, device, checked, wrong)
    again = checked["second_factor"] == set_up.secret
    if not again:
        _refuse_second_set_up(checked)
    step = matching_step(set_up.secret, set_up.code, utc_now())
    if step is None:
        raise WrongCode(
            "动态口令不正确，没有设置：请确认手机验证器中添加的是本次显示的密钥，并输入它当前显示的"
            " 6 位数字（手机时间须准确）。",
            "The one-time code is wrong; nothing was set up: add the secret shown now to the "
            "authenticator app, then type the six digits it shows (the phone's clock must be "
            "right).",
        )
    if again:
        _use_nonce(store, device, nonce)
        return {"changed_at": checked["changed_at"], "step": step}
    changed_at = _take_own_change(
        store, device, nonce, checked, change="second_factor", wrong=wrong, secret=set_up.secret
    )
    return {"changed_at": changed_at, "step": step}


def _usable_account(store: CentralStore, hall: str, username: str) -> dict[str, Any]:
    """The usable account ``username`` of ``hall``, read outside any transaction: its
    passwords are checked against it before the transaction (scrypt takes a tenth of a
    second), which takes the change only if it still is (``_take_own_change``)."""
    with store.snapshot() as cur:
        return _usable(_newest(store, cur, hall, username), username)


def _proven(store: CentralStore, device: Device, account: dict[str, Any], password: str) -> bool:
    """Whether ``password`` is the account's; :class:`StaffLocked` while a lockout of it holds
    (none is checked then: a locked account is not guessed at). The attempt is counted in the
    store as a wrong one before the password is checked, in the transaction that finds no
    lockout holds, and taken back if it proves right: however many processes serve the
    platform, and across restarts, at most ``PASSWORD_FAILURES`` passwords are tried between
    lockouts (one more at once than that locks the account)."""
    key, now = (device.hall, account["username"]), iso(utc_now())
    with store.transaction() as cur:
        row = store._exec(
            cur,
            "SELECT MAX(until) FROM staff_lockouts WHERE hall = ? AND username = ?"
            " AND lifted_at IS NULL AND until > ?",
            (*key, now),
        ).fetchone()
        until: str | None = row[0] if row is not None else None
        if until is None:
            store._exec(
                cur,
                "INSERT INTO staff_password_failures (hall, username, failures) VALUES (?, ?, 1)"
                " ON CONFLICT (hall, username) DO UPDATE"
                " SET failures = staff_password_failures.failures + 1",
                key,
            )
            tried = store._exec(
                cur,
                "SELECT failures FROM staff_password_failures WHERE hall = ? AND username = ?",
                key,
            ).fetchone()[0]
            if tried > PASSWORD_FAILURES:
                until = _lock(store, cur, device, key)
    if until is not None:
        raise _locked(account["username"], until)
    proven = verify_password(password, account["verifier"])
    if proven:
        _clear_failures(store, device, account)
    return proven


def _clear_failures(store: CentralStore, device: Device, account: dict[str, Any]) -> None:
    """The account's password proven: no wrong one stands in a row before the next."""
    with store.transaction() as cur:
        store._exec(
            cur,
            "DELETE FROM staff_password_failures WHERE hall = ? AND username = ?",
            (device.hall, account["username"]),
        )


def _failed(
    store: CentralStore, device: Device, account: dict[str, Any], wrong: WrongPassword
) -> WrongPassword | StaffLocked:
    """A wrong password for the account (counted already by ``_proven``): ``wrong``, or the
    lockout when it is the last of ``PASSWORD_FAILURES`` in a row (kept in the register,
    logged; made once however many processes see the count reached)."""
    key = (device.hall, account["username"])
    with store.transaction() as cur:
        reached = store._exec(
            cur,
            "UPDATE staff_password_failures SET failures = 0"
            " WHERE hall = ? AND username = ? AND failures >= ?",
            (*key, PASSWORD_FAILURES),
        ).rowcount
        until = _lock(store, cur, device, key) if reached else None
    if until is None:
        return wrong
    return _locked(account["username"], until)


def _lock(store: CentralStore, cur: DbCursor, device: Device, key: tuple[str, str]) -> str:
    """Lock the account ``key`` (hall, username) at the platform for ``LOCKOUT_MINUTES``
    after ``PASSWORD_FAILURES`` wrong passwords, starting its count again; until when."""
    now = utc_now()
    until = iso(now + timedelta(minutes=LOCKOUT_MINUTES))
    store._exec(
        cur, "UPDATE staff_password_failures SET failures = 0 WHERE hall = ? AND username = ?", key
    )
    store._exec(
        cur,
        "INSERT INTO staff_lockouts (lockout_id, hall, username, window_code, device_id,"
        " locked_at, until, failed_attempts, lifted_at, lifted_by, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
        (
            str(uuid.uuid4()),
            *key,
            device.window,
            device.device_id,
            iso(now),
            until,
            PASSWORD_FAILURES,
            iso(now),
        ),
    )
    log.warning(
        "account %s of hall %s locked at the platform until %s: %d wrong passwords in a row "
        "(the last from device %s, window %s)",
        key[1],
        key[0],
        until,
        PASSWORD_FAILURES,
        device.device_id,
        device.window,
    )
    return until


def _locked(username: str, until: str) -> StaffLocked:
    return StaffLocked(
        f"账号 {username} 因密码连续错误已被锁定，至 {until}（UTC）解除；如需提前解除请联系平台"
        "管理员（counter-central staff unlock）。",
        f"The account {username} is locked after wrong passwords until {until} (UTC); the "
        "platform's operator can lift it sooner (counter-central staff unlock).",
        details={"until": until},
    )


def _use_nonce(store: CentralStore, device: Device, nonce: str) -> None:
    """A signed request answered as done without a change: its nonce is used up all the same,
    so the request sent a third time is refused as a replay."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)


def _take_own_change(
    store: CentralStore,
    device: Device,
    nonce: str,
    checked: dict[str, Any],
    *,
    change: str,
    wrong: WrongPassword,
    verifier: str = "",
    secret: str | None = None,
) -> str:
    """Append a member's own ``change`` (a new ``verifier`` or ``secret``) to the account as
    checked before the transaction (``_usable_account``), and only if it still is (``wrong``
    otherwise: reset meanwhile, the password proven is no longer it); when it changed."""
    username = checked["username"]
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, "staff_changes", device.hall)
        held = _usable(_newest(store, cur, device.hall, username), username)
        if held["verifier"] != checked["verifier"]:
            raise wrong
        if secret is not None:
            _refuse_second_set_up(held)
        changed_at = iso(utc_now())
        account = {**held, "verifier": verifier or held["verifier"], "changed_at": changed_at}
        # The member themselves, at the window that sent it.
        by = f"{username}@{device.window}"
        _append(store, cur, device.hall, account, change, by=by, secret=secret)
    return changed_at


def _refuse_second_set_up(account: dict[str, Any]) -> None:
    if account["second_factor"] is not None:
        raise SecondFactorExists(
            f"账号 {account['username']} 已设置动态口令：更换手机须先由平台管理员重置"
            "（counter-central staff reset-code）。",
            f"{account['username']} has one-time codes set up already: for a new phone the "
            "platform's operator resets them first (counter-central staff reset-code).",
        )


def _recent_verifiers(store: CentralStore, hall: str, account: dict[str, Any]) -> list[str]:
    """The verifiers of the account's last ``PASSWORD_HISTORY`` passwords, newest first: the
    register's rows keep each one it had (the operator's too)."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT verifier FROM staff_changes WHERE hall = ? AND username = ?"
            " GROUP BY verifier ORDER BY MAX(seq) DESC LIMIT ?",
            (hall, account["username"], PASSWORD_HISTORY),
        ).fetchall()
    return [row[0] for row in rows]


def _usable(account: dict[str, Any] | None, username: str) -> dict[str, Any]:
    """``account`` when the hall holds it and it is not disabled; else ``unknown_account``."""
    if account is None or account["disabled"]:
        raise UnknownInHall(
            "unknown_account",
            f"本大厅没有可用的账号 {username}。",
            f"This hall has no account {username} in use.",
        )
    return account


def _append(
    store: CentralStore,
    cur: DbCursor,
    hall: str,
    account: dict[str, Any],
    change: str,
    *,
    by: str,
    secret: str | None = None,
) -> None:
    """The account's whole new state, as the newest row of the register, and who made it
    (``by``). Its one-time code secret is the one its member set up last (the query reads it
    from there, ``staff_feed``) unless ``change`` sets one (``secret``, kept sealed to the new
    row) or is ``reset-code``."""
    seq = store._exec(
        cur,
        "INSERT INTO staff_changes (hall, username, display_name, role, disabled, verifier,"
        " change, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        (
            hall,
            account["username"],
            account["display_name"],
            account["role"],
            int(account["disabled"]),
            account["verifier"],
            change,
            account["changed_at"],
        ),
    ).fetchone()[0]
    store._exec(cur, "INSERT INTO staff_change_authors (seq, changed_by) VALUES (?, ?)", (seq, by))
    if secret is not None:
        store._exec(
            cur,
            "INSERT INTO staff_second_factors (seq, secret_sealed) VALUES (?, ?)",
            (seq, store.sealer.seal(secret, second_factor_context(seq))),
        )


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
    lockouts = _lockouts(store, hall)
    return [
        {**_public(hall, account), "lockouts": lockouts.get(account["username"], [])}
        for account in accounts
        if account is not None
    ]


def staff_history(store: CentralStore, hall: str, username: str) -> list[dict[str, Any]]:
    """Every change of the account ``username`` of ``hall``, oldest first: when, which,
    the role and disabling it left, and who made it (None for a change made before authors
    were kept). Never a verifier or a secret. ``OperatorError`` for an account the hall never
    had."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT s.seq, s.changed_at, s.change, s.role, s.disabled, a.changed_by"
            " FROM staff_changes s LEFT JOIN staff_change_authors a ON a.seq = s.seq"
            " WHERE s.hall = ? AND s.username = ? ORDER BY s.seq",
            (hall, username),
        ).fetchall()
    if not rows:
        raise _unknown(hall, username)
    keys = ("sequence", "changed_at", "change", "role", "disabled", "changed_by")
    return [{**dict(zip(keys, row, strict=True)), "disabled": bool(row[4])} for row in rows]


def record_lockout(
    store: CentralStore, device: Device, nonce: str, report: LockoutReport
) -> tuple[str, str]:
    """Keep a lockout at ``device``'s window, once per ``lockout_id``: the same report again
    is a ``duplicate``; one that brings its lifting adds it (a lifting is never undone). A
    lockout made at or before the platform's newest unlock of the account is lifted on
    arrival. Returns the status and when the platform first received the lockout.

    The id is the reporting device's choice, so one held for another device (of any hall)
    is ``LockoutIdTaken``: never a duplicate of that device's lockout, which would drop
    this one and tell the caller when the other arrived; unless ``device`` took over from
    that one (``devices.succeeds``: the replaced PC's lockout sent again from its backup)."""
    now = iso(utc_now())
    lockout_id = str(report.lockout_id)
    lifted = (iso(report.lifted_at), report.lifted_by) if report.lifted_at else (None, None)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        account = _newest(store, cur, device.hall, report.username)
        unlocked_at = account and account["unlocked_at"]
        if lifted[0] is None and unlocked_at and unlocked_at >= iso(report.locked_at):
            lifted = (unlocked_at, "platform")
        stored = store._exec(
            cur,
            "INSERT INTO staff_lockouts (lockout_id, hall, username, window_code, device_id,"
            " locked_at, until, failed_attempts, lifted_at, lifted_by, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lockout_id) DO NOTHING",
            (
                lockout_id,
                device.hall,
                report.username,
                device.window,
                device.device_id,
                iso(report.locked_at),
                iso(report.until),
                report.failed_attempts,
                *lifted,
                now,
            ),
        ).rowcount
        reporter, received = store._exec(
            cur,
            "SELECT device_id, received_at FROM staff_lockouts WHERE lockout_id = ?",
            (lockout_id,),
        ).fetchone()
        if reporter != device.device_id and not succeeds(store, cur, device, reporter):
            raise LockoutIdTaken(
                "该锁定编号已用于另一台设备报告的锁定，平台未保存本次报告。请联系信息科。",
                "This lockout id already names a lockout another device reported; the "
                "platform did not keep this report. Tell IT.",
                details={"lockout_id": lockout_id},
            )
        if not stored and lifted[0] is not None:
            stored = store._exec(
                cur,
                "UPDATE staff_lockouts SET lifted_at = ?, lifted_by = ?"
                " WHERE lockout_id = ? AND lifted_at IS NULL",
                (*lifted, lockout_id),
            ).rowcount
    return ("stored" if stored == 1 else "duplicate"), received


def _newest(store: CentralStore, cur: DbCursor, hall: str, username: str) -> dict[str, Any] | None:
    """The account as its newest row of the register states it (the feed's item), or None."""
    row = store._exec(cur, NEWEST_QUERY, (hall, username)).fetchone()
    return None if row is None else account_item(store.sealer, row)


def _lockouts(store: CentralStore, hall: str) -> dict[str, list[dict[str, Any]]]:
    """The recent lockouts of ``hall``'s accounts, newest first, by username."""
    now = iso(utc_now())
    by_account: dict[str, list[dict[str, Any]]] = {}
    with store.snapshot() as cur:
        rows = store._exec(cur, _LOCKOUTS_OF_HALL, (hall,)).fetchall()
    for row in rows:
        lockout = dict(zip(_LOCKOUT_COLUMNS, row, strict=True))
        listed = by_account.setdefault(lockout.pop("username"), [])
        if len(listed) < RECENT_LOCKOUTS:
            listed.append(_shown(lockout, now))
    return by_account


def _shown(lockout: dict[str, Any], now: str) -> dict[str, Any]:
    """A lockout as ``staff list`` shows it: its window and its state now (``active``,
    ``lifted`` or ``expired``)."""
    shown = {("window" if key == "window_code" else key): value for key, value in lockout.items()}
    if lockout["lifted_at"] is not None:
        state = "lifted"
    else:
        state = "active" if lockout["until"] > now else "expired"
    return {**shown, "state": state}


def _public(hall: str, account: dict[str, Any]) -> dict[str, Any]:
    return {
        "hall": hall,
        "username": account["username"],
        "display_name": account["display_name"],
        "role": account["role"],
        "disabled": bool(account["disabled"]),
        "changed_at": account["changed_at"],
        "unlocked_at": account["unlocked_at"],
        # The operator's password still: its member changes it at their next sign-in.
        "must_change_password": bool(account["must_change_password"]),
        # One-time codes set up (never the secret): a reset-code makes its member set them up
        # again.
        "second_factor_enrolled": account["second_factor"] is not None,
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
