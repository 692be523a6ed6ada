"""``counter-central staff add|disable|enable|role|reset|unlock|reset-code|list|history --hall
H …``: the platform operator keeps each hall's staff; the hall's windows take the changes at
their next sync (``central.store.staff``); ``list`` shows the lockouts the windows reported
and who has one-time codes set up, ``history`` an account's changes and who made each (the
operator as ``operator:<OS user>``). A password is read from the first line of stdin
(``--password-stdin``), never from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from central.cli_store import (
    hall_code,
    print_note,
    warn_hall_without_windows,
    with_store,
)
from central.errors import OperatorError
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore
from central.store.operator_log import operator_action
from central.store.staff import (
    NoChange,
    StaffChange,
    change_staff,
    staff_history,
    staff_of_hall,
)
from counter_app.domain.staff import ROLES

# Far longer than any password a person types or a password manager makes; the first line of
# stdin is read no further, so a large file piped in by mistake is refused, not held.
_PASSWORD_MAX_CHARS = 1024


def add_staff_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    staff = sub.add_parser(
        "staff",
        help="各大厅工作人员账号（可在任一窗口登录） / the halls' staff accounts (sign-in at any window)",
    )
    actions = staff.add_subparsers(dest="action", metavar="ACTION", required=True)
    hall = argparse.ArgumentParser(add_help=False, parents=[db])
    hall.add_argument("--hall", required=True, type=hall_code, help="hall code")
    account = argparse.ArgumentParser(add_help=False, parents=[hall])
    account.add_argument("--name", required=True, help="username (2-32 a-z 0-9 . _ -)")

    add = actions.add_parser("add", parents=[account], help="新建账号 / add an account")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default="", help="shown at the window (default: --name)")
    add.add_argument("--password-stdin", action="store_true", required=True)
    role = actions.add_parser(
        "role", parents=[account], help="更改账号角色 / change an account's role"
    )
    role.add_argument("--role", required=True, choices=ROLES)
    reset = actions.add_parser("reset", parents=[account], help="设置新密码 / set a new password")
    reset.add_argument("--password-stdin", action="store_true", required=True)
    actions.add_parser(
        "disable", parents=[account], help="停用账号：任何窗口都不能登录 / no sign-in at any window"
    )
    actions.add_parser("enable", parents=[account], help="恢复账号 / allow sign-in again")
    actions.add_parser(
        "unlock",
        parents=[account],
        help="解除该账号在各窗口的登录锁定 / lift the account's login lockouts at every window",
    )
    actions.add_parser(
        "reset-code",
        parents=[account],
        help="清除动态口令（手机丢失或更换）：本人下次登录时重新设置 / forget the one-time codes "
        "(a phone lost or replaced): set up again at the next sign-in",
    )
    for name in ("add", "role", "reset", "disable", "enable", "unlock", "reset-code"):
        add_operator_option(actions.choices[name])
        actions.choices[name].set_defaults(func=_changing(name))

    listing = actions.add_parser("list", parents=[hall], help="本大厅的账号 / the hall's accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=lambda args: with_store(args, lambda s: _list(s, args)))
    history = actions.add_parser(
        "history",
        parents=[account],
        help="账号的变更记录及操作人 / the account's changes and who made each",
    )
    history.add_argument("--json", action="store_true")
    history.set_defaults(func=lambda args: with_store(args, lambda s: _history(s, args)))


def _changing(change: StaffChange) -> Callable[[argparse.Namespace], None]:
    def run(args: argparse.Namespace) -> None:
        password = read_password() if getattr(args, "password_stdin", False) else ""

        def work(store: CentralStore) -> None:
            if change == "add":
                warn_hall_without_windows(store, args.hall)
            with operator_action(
                store,
                f"staff {change}",
                f"{args.hall}/{args.name}",
                {"role": getattr(args, "role", None)},
                operator=acting_operator(args),
            ):
                account = change_staff(
                    store,
                    args.hall,
                    args.name,
                    change,
                    by=acting_operator(args),
                    role=getattr(args, "role", "") or "",
                    display_name=getattr(args, "display_name", ""),
                    password=password,
                )
            print(json.dumps(account, ensure_ascii=False))

        try:
            with_store(args, work)
        except NoChange as done:  # what was asked for holds: not a failure
            print_note(done.zh, done.en)

    return run


def _history(store: CentralStore, args: argparse.Namespace) -> None:
    changes = staff_history(store, args.hall, args.name)
    if args.json:
        print(json.dumps({"changes": changes}, ensure_ascii=False))
        return
    for change in changes:
        state = "停用 disabled" if change["disabled"] else ""
        by = change["changed_by"] or "—"
        print(f"{change['changed_at']}\t{change['change']}\t{change['role']}\t{by}\t{state}")


def read_password() -> str:
    """The first line of stdin; ``OperatorError`` when stdin is closed (``<&-``), ended or
    empty, the line is longer than any password (a file given by mistake, read no further
    than that), or it is not UTF-8 (whose bytes read as lone surrogates, PEP 540)."""
    try:
        line = "" if sys.stdin is None else sys.stdin.readline(_PASSWORD_MAX_CHARS + 2)
        password = line.rstrip("\r\n")
        password.encode("utf-8")
    except UnicodeError:
        raise OperatorError(
            "标准输入第一行的密码不是有效的 UTF-8 文字：请检查终端或脚本的编码。",
            "The password on the first line of standard input is not valid UTF-8 text: check "
            "the encoding of the terminal or script.",
        ) from None
    if not password:
        raise OperatorError(
            "标准输入没有密码：第一行应为密码。",
            "No password on standard input: its first line must be the password.",
        )
    if len(password) > _PASSWORD_MAX_CHARS:
        raise OperatorError(
            f"标准输入第 1 行超过 {_PASSWORD_MAX_CHARS} 个字符，不像密码：第一行应只有密码"
            "（是否把别的文件接到了标准输入？）。",
            f"Line 1 of standard input is longer than {_PASSWORD_MAX_CHARS} characters, no "
            "password: the first line must be the password alone (was another file given as "
            "standard input?).",
        )
    return password


def add_acting_member_options(
    parser: argparse.ArgumentParser, register: str, who: tuple[str, str], book: tuple[str, str]
) -> None:
    """``--by USER --password-stdin``: the member of the platform's own staff ``register``
    who acts (``who``, in Chinese and English, of the register called ``book``), proven by
    the password :func:`read_password` reads."""
    parser.add_argument(
        "--by",
        required=True,
        metavar="USER",
        help=f"{who[0]}（{book[0]} {register}） / {who[1]} ({book[1]} {register})",
    )
    parser.add_argument("--password-stdin", action="store_true", required=True)


def reset_commands(store: CentralStore, hall: str) -> list[str]:
    """The commands that reset every account of ``hall``, disabled ones too: its password
    (``staff reset``) and, where they are set up, its one-time codes (``staff reset-code``).
    Every window PC of the hall holds all of their verifiers and secrets, so a lost one
    gives them all away (docs/operations.md §3.3)."""
    commands = []
    for account in staff_of_hall(store, hall):
        name = account["username"]
        commands.append(f"counter-central staff reset --hall {hall} --name {name} --password-stdin")
        if account["second_factor_enrolled"]:
            commands.append(f"counter-central staff reset-code --hall {hall} --name {name}")
    return commands


def _list(store: CentralStore, args: argparse.Namespace) -> None:
    warn_hall_without_windows(store, args.hall)
    accounts = staff_of_hall(store, args.hall)
    if args.json:
        print(json.dumps({"staff": accounts}, ensure_ascii=False))
        return
    for account in accounts:
        state = "停用 disabled" if account["disabled"] else ""
        if account["must_change_password"]:
            state = f"{state} 待本人改密码 password to change".strip()
        if account["second_factor_enrolled"]:
            state = f"{state} 已设动态口令 one-time codes".strip()
        print(f"{account['username']}\t{account['role']}\t{account['display_name']}\t{state}")
        for lockout in account["lockouts"]:
            if lockout["state"] == "active":
                print(
                    f"\t锁定 locked at {lockout['window']} since {lockout['locked_at']} until "
                    f"{lockout['until']} ({lockout['failed_attempts']} failed sign-ins)"
                )
