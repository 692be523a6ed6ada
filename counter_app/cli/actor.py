"""The person a command names: ``--approved-by USER`` (who approved) or ``--by USER`` (who
acted), each proven with ``--password-stdin`` (the first line of stdin). Every command that
names an approver or an actor registers its options and authenticates through here, so each
gets the same lockout, role check, four-eyes rule, audit entries and error messages.

The workstation's OS account is the clerks', shared at the window (docs/operations.md §1.1):
its user proves nobody. A clerk's act may name nobody (:func:`actor_or_os_user`); a
privileged one (staff accounts, a backup with the key, a restore, reading the audit log)
needs an administrator's ``--by`` (:func:`staff_member`).

A person whose role signs in with a one-time code (``security.second_factor``) gives it
after their password: asked on the terminal, or the line of stdin after their password.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from counter_app.cli.context import CliContext, os_actor
from counter_app.errors import AuthError, ValidationError

if TYPE_CHECKING:  # the store and accounts load only when a command runs, not at registration
    from counter_app.services.auth import Accounts, Role, User
    from counter_app.store.database import Store


def add_approver_options(
    parser: argparse.ArgumentParser, what: str, *, after_actor: bool = False
) -> None:
    """``--approved-by USER --password-stdin``; ``what`` the approval is for (help text).
    ``after_actor``: the command already takes ``--by USER --password-stdin``
    (:func:`add_actor_options`); with both named, stdin's first line is the actor's password
    and its second the approver's, as :func:`add_actor_and_approver_options` has it."""
    where = (
        "the second line of stdin with --by, else the first" if after_actor else "read from stdin"
    )
    parser.add_argument(
        "--approved-by",
        metavar="USER",
        help=f"supervisor (or admin) who approves {what}; their password is {where}",
    )
    if not after_actor:
        _add_password_option(parser)


def add_actor_options(parser: argparse.ArgumentParser, who: str, *, required: bool = True) -> None:
    """``--by USER --password-stdin``; ``who`` acts (help text). Not ``required``: without
    ``--by`` the command acts as the OS user (:func:`actor_or_os_user`)."""
    help_text = f"{who}; their password is read from stdin"
    if not required:
        help_text += " (default: act as the OS user, cli:<user>)"
    parser.add_argument("--by", metavar="USER", required=required, help=help_text)
    _add_password_option(parser)


def add_staff_options(
    parser: argparse.ArgumentParser, who: str, *, password_help: str | None = None
) -> None:
    """``--by USER --password-stdin`` of a privileged command (:func:`staff_member`): ``who``
    does it (help text). Not required by argparse: a workstation with neither an active
    administrator nor the platform's staff register yet runs it without. ``password_help``:
    what stdin holds, when more than ``--by``'s."""
    parser.add_argument(
        "--by",
        metavar="USER",
        help=f"{who}; their password is the first line of stdin (required once this PC has "
        "an active administrator account or the platform's staff register)",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=password_help or "read --by's password (then its one-time code) from stdin",
    )


def add_actor_and_approver_options(parser: argparse.ArgumentParser, who: str, what: str) -> None:
    """``--by USER --approved-by USER --password-stdin`` (all required): ``who`` acts and a
    supervisor approves ``what``; stdin's first line is the actor's password, its second the
    approver's."""
    parser.add_argument(
        "--by",
        metavar="USER",
        required=True,
        help=f"{who}; their password is the first line of stdin",
    )
    parser.add_argument(
        "--approved-by",
        metavar="USER",
        required=True,
        help=f"supervisor (or admin, not the same person) who approves {what}; their "
        "password is the second line of stdin",
    )
    _add_password_option(parser)


def _add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read that user's password from the first line of stdin",
    )


# What a line of stdin holds, in words, and the field it stands for.
_PASSWORD = ("密码", "password", "password")
_CODE = ("动态口令", "one-time code", "code")


def stdin_password(what: tuple[str, str, str] = _PASSWORD) -> str:
    """The next line of stdin, without its line end (``--password-stdin``): a password, or
    the one-time code after it (``what``). Refused before anyone's sign-in is tried when
    stdin is closed, has ended or holds an empty line, or the line is not UTF-8: no password
    given is no wrong password, and five such runs must not lock the account."""
    what_zh, what_en, field = what
    try:
        line = "" if sys.stdin is None else sys.stdin.readline()  # None: started with <&-
        line.encode("utf-8")  # a byte that is not UTF-8 reads as a lone surrogate (PEP 540)
    except UnicodeError:
        raise ValidationError(
            f"标准输入中的{what_zh}不是有效的 UTF-8 文字：请检查终端或脚本的编码。"
            "本次什么也没有做，不计入密码错误次数。",
            f"The {what_en} on standard input is not valid UTF-8 text: check the encoding of "
            "the terminal or script. Nothing was done, and nothing counts as a wrong password.",
            field=field,
        ) from None
    text = line.removesuffix("\n").removesuffix("\r")
    if not text:
        raise ValidationError(
            f"标准输入没有{what_zh}（已读完或是空行）：请按 --password-stdin 的说明每行给出一项"
            "（密码之后是动态口令）。本次什么也没有做，不计入密码错误次数。",
            f"No {what_en} on standard input (it ended, or the line was empty): give one per "
            "line as --password-stdin describes (a one-time code after its password). Nothing "
            "was done, and nothing counts as a wrong password.",
            field=field,
        )
    return text


def read_password(
    args: argparse.Namespace, context: CliContext, prompt_zh: str, prompt_en: str
) -> str:
    """The first line of stdin with ``--password-stdin``; else asked on the terminal."""
    if args.password_stdin:
        return stdin_password()
    if not sys.stdin.isatty():
        raise ValidationError(
            "非交互方式运行时请使用 --password-stdin，从标准输入第一行提供密码。",
            "Not running interactively: give the password on the first line of stdin with "
            "--password-stdin.",
            field="password",
        )
    return getpass.getpass(context.text(prompt_zh, prompt_en))


def read_code(args: argparse.Namespace, context: CliContext, username: str) -> str:
    """``username``'s one-time code: the next line of stdin with ``--password-stdin`` (the
    one after their password); else asked on the terminal."""
    if args.password_stdin:
        return stdin_password(_CODE)
    if not sys.stdin.isatty():
        raise ValidationError(
            f"{username} 须输入动态口令：非交互方式运行时请在 --password-stdin 的密码之后一行提供。",
            f"{username} signs in with a one-time code: not running interactively, give it on "
            "the line of stdin after their password (--password-stdin).",
            field="code",
        )
    return input(context.text(f"{username} 的动态口令：", f"One-time code of {username}: "))


def _with_code(
    args: argparse.Namespace,
    context: CliContext,
    username: str,
    attempt: Callable[[str | None], User],
) -> User:
    """``attempt`` without a code, and again with the one-time code read for ``username``
    when their password was right and their role asks for one."""
    from counter_app.services.second_factor import SecondFactorRequired

    try:
        return attempt(None)
    except SecondFactorRequired:
        return attempt(read_code(args, context, username))


def approver(
    args: argparse.Namespace,
    context: CliContext,
    store: Store,
    *,
    action: str,
    target: str,
    requesters: Iterable[str] = (),
) -> User | None:
    """The supervisor named by ``--approved-by``, authenticated, or None when none is named.

    ``requesters`` (the case's clerk, who asked) may not approve it themselves."""
    if args.approved_by is None:
        return None
    from counter_app.services.approval import approve
    from counter_app.services.auth import Accounts

    username = args.approved_by
    password = read_password(args, context, f"{username} 的密码：", f"Password of {username}: ")
    accounts = Accounts(store)
    with _named_errors(accounts, username):
        return _with_code(
            args,
            context,
            username,
            lambda code: approve(
                accounts,
                username,
                password,
                action=action,
                target=target,
                requesters=requesters,
                code=code,
            ),
        )


def actor(
    args: argparse.Namespace,
    context: CliContext,
    store: Store,
    *,
    roles: Collection[Role],
    action: str,
    target: str | None = None,
) -> User:
    """The user named by ``--by``, authenticated, holding one of ``roles`` and with a password
    that has not expired (``PasswordExpired``: changed at a window first)."""
    from counter_app.services.approval import authorise
    from counter_app.services.auth import Accounts

    username = args.by
    password = read_password(args, context, f"{username} 的密码：", f"Password of {username}: ")
    accounts = Accounts(store)
    with _named_errors(accounts, username):
        user = _with_code(
            args,
            context,
            username,
            lambda code: authorise(
                accounts, username, password, roles=roles, action=action, target=target, code=code
            ),
        )
    return user


def actor_or_os_user(
    args: argparse.Namespace,
    context: CliContext,
    store: Store,
    *,
    roles: Collection[Role],
    action: str,
    target: str | None = None,
) -> User:
    """The user named by ``--by`` (as :func:`actor`), or without it the OS user as
    ``cli:<name>``, as ``import`` acts: a clerk's act, vouched for by whoever is at the
    window's shared OS account; the audit log names that account."""
    if args.by is not None:
        return actor(args, context, store, roles=roles, action=action, target=target)
    if args.password_stdin and getattr(args, "approved_by", None) is None:
        # With --approved-by and no --by, stdin's first line is the approver's password.
        _refuse_password_without_by()
    from counter_app.services.auth import User

    return User(os_actor("cli"), "command line", "clerk", None, False)


def _refuse_password_without_by() -> None:
    """A script that meant to name someone must not act silently as the OS user instead."""
    raise ValidationError(
        "--password-stdin 须与 --by USER 一起使用（不带 --by 时以操作系统用户身份执行）。",
        "--password-stdin goes with --by USER (without --by the command acts as the OS user).",
        field="by",
    )


class StaffRequired(AuthError):
    """A privileged command without ``--by`` on a workstation that has an administrator, or
    has the platform's staff register."""

    code = "staff_required"


class RegisterWithoutAdministrator(StaffRequired):
    """A privileged command without ``--by`` where the platform's staff register holds
    nobody who may do it: nobody here can, until the platform adds an administrator."""

    code = "register_without_administrator"


def staff_member(
    args: argparse.Namespace,
    context: CliContext,
    store: Store | None,
    *,
    roles: Collection[Role],
    action: str,
    target: str | None = None,
    not_on_self: bool = False,
    sets_password: bool = False,
    written_by_newer: bool = False,
) -> str:
    """Who does a privileged act, as the audit log names them: the user named by ``--by``,
    proven as :func:`actor` proves them (lockout, one-time code, audit) and holding one of
    ``roles``. Without ``--by`` only while ``store`` has neither an active administrator
    account nor the platform's staff register (a new or freshly restored PC before the
    register arrives; None: no store this PC can read): then the OS user, ``cli:<name>``,
    and the command says so on stderr. ``not_on_self``: ``--by`` may not name the account
    ``target`` (unlocking, disabling or resetting the codes of one's own).
    ``sets_password``: ``--password-stdin`` also gives the new password, read after
    ``--by``'s, so it may come without ``--by``. ``written_by_newer``: ``store`` is None
    because a newer counter-app migrated the database (only a restore goes on then: going
    back to this version, docs/operations.md §10), which the note says instead."""
    if args.by is None and store is not None:
        _refuse_without_by(store, roles)
    if args.by is None or store is None:
        if args.by is None and args.password_stdin and not sets_password:
            _refuse_password_without_by()
        if written_by_newer:
            _say_newer_store(context, unchecked=args.by)
        else:
            _say_bootstrap(context, readable=store is not None, unchecked=args.by)
        return os_actor()
    if not_on_self and args.by == target:
        raise ValidationError(
            f"{args.by} 不能对本人的账号执行此操作：请另一位有权限的工作人员用 --by 执行。",
            f"{args.by} cannot do this to their own account: another member of staff who may "
            "do it runs it with --by.",
            field="by",
        )
    return actor(args, context, store, roles=roles, action=action, target=target).username


def _refuse_without_by(store: Store, roles: Collection[Role]) -> None:
    """Refuse a privileged act without ``--by`` unless the OS account stands in for the
    administrator (:func:`counter_app.services.auth.administration`): once this PC has an
    administrator or the hall's register, whoever does it proves who they are."""
    from counter_app.services.approval import ADMIN_ROLES, ROLE_NAMES
    from counter_app.services.auth import Accounts, add_administrator_step, administration

    users = Accounts(store).list_users()
    administered = administration(users)
    if administered == "os_account":
        return
    who_zh = "或".join(ROLE_NAMES[role][0] for role in roles)
    who_en = " or ".join(ROLE_NAMES[role][1] for role in roles)
    if administered == "nobody" and not any(
        user.role in roles and not user.disabled for user in users
    ):
        step_zh, step_en = add_administrator_step(store.config.hall.hall_code)
        raise RegisterWithoutAdministrator(
            f"需要{who_zh}确认：平台的工作人员名册已同步到本机，但其中没有启用的{who_zh}账号，"
            f"本机无人能执行此操作。{step_zh}，再执行。",
            f"{_article(who_en).capitalize()} {who_en} must confirm this: the platform's staff "
            f"register has reached this PC, but holds no active {who_en} account, so nobody "
            f"here can do it. To go on, {step_en}, and run it again.",
            field="by",
        )
    why_zh, why_en = (
        ("本机已有管理员账号", "this PC has an administrator account")
        if administered == "administrator"
        else ("本机已有平台的工作人员名册", "this PC has the platform's staff register")
    )
    example = "管理员账号" if tuple(roles) == ADMIN_ROLES else "账号"
    raise StaffRequired(
        f"需要{who_zh}确认：{why_zh}，此操作须由{who_zh}本人证明身份。请加 "
        f"--by {example} --password-stdin 再执行（标准输入第一行为其密码，"
        "需要动态口令时下一行为口令）。",
        f"{_article(who_en).capitalize()} {who_en} must confirm this: {why_en}, so "
        f"{_article(who_en)} {who_en} proves who they are for it. Add --by USER "
        "--password-stdin and run it again (their password on stdin's first line, their "
        "one-time code on the next where their role needs one).",
        field="by",
    )


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def _say_bootstrap(context: CliContext, *, readable: bool, unchecked: str | None) -> None:
    """Tell, on stderr, that a privileged command acts as the OS user, and why: the store
    has neither an active administrator nor the staff register (``readable``), or there is
    no store to read one from (``unchecked``: the ``--by`` given, which could not be
    checked)."""
    if readable:
        why = (
            "本机还没有启用的管理员账号，也还没有平台的工作人员名册（新装或刚恢复的电脑，"
            "名册尚未同步到）",
            "this PC has no active administrator account yet, nor the platform's staff "
            "register (a new or freshly restored PC, before the register arrives)",
        )
    else:
        why = (
            "本机没有可读取的数据库（新电脑，或数据库已损坏、密钥不符），无从核对账号",
            "this PC has no database it can read (a new PC, or a damaged database or a key "
            "that does not fit it), so no account can be checked",
        )
    _say_as_os_user(
        context,
        why,
        unchecked,
        (
            "有了管理员账号或平台的名册后，此操作须加 --by 账号 --password-stdin。",
            "Once an administrator account or the platform's register is here, it needs "
            "--by USER --password-stdin.",
        ),
    )


def _say_newer_store(context: CliContext, *, unchecked: str | None) -> None:
    """Tell, on stderr, that a restore over a database a newer counter-app migrated acts as
    the OS user: this version cannot read that database's accounts (nor should it guess at
    a schema it does not know), and refusing would shut the one way back to it (§10), which
    whoever installed this older version, with the PC's administrator rights, has taken."""
    _say_as_os_user(
        context,
        (
            "本机的数据库由更新版本的 counter-app 写入，本版本读不出其中的账号，无从核对",
            "this PC's database was written by a newer counter-app, whose accounts this "
            "version cannot read, so no account can be checked",
        ),
        unchecked,
        (
            "用本版本恢复升级前的副本（backups/pre-migrate-…），即退回本版本（docs/operations.md"
            " 第 10 节）；新版本的数据库留作恢复前的安全副本。",
            "Restoring the copy made before the upgrade (backups/pre-migrate-...) with this "
            "version is how to go back to it (docs/operations.md §10); the newer database is "
            "kept as the restore's safety copy.",
        ),
    )


def _say_as_os_user(
    context: CliContext,
    why: tuple[str, str],
    unchecked: str | None,
    then: tuple[str, str],
) -> None:
    """The note (stderr) of a privileged command run as the OS user: ``why`` no account
    could prove anyone, the ``--by`` given that was not checked (``unchecked``), and what
    follows (``then``); Chinese and English."""
    who = os_actor()
    why_zh, why_en = why
    if unchecked is not None:
        why_zh += f"，--by {unchecked} 未经核对"
        why_en += f"; --by {unchecked} was not checked"
    print(
        context.text(
            f"注意：{why_zh}。本次以操作系统用户身份执行，审计日志记为 {who}。{then[0]}",
            f"Note: {why_en}. This runs as the OS user, and the audit log names {who}. {then[1]}",
        ),
        file=sys.stderr,
    )


@contextmanager
def _named_errors(accounts: Accounts, username: str) -> Iterator[None]:
    """Say which of "no such user" and "wrong password" it was. The login screen never does
    (it would tell a passer-by which names exist); at the command line ``user list`` shows
    the names anyway, and a script needs to know which to fix."""
    from counter_app.services.auth import InvalidCredentials, UnknownUser

    try:
        yield
    except InvalidCredentials:
        try:
            accounts.get(username)
        except UnknownUser:
            raise UnknownUser(
                f"没有用户 {username}：请核对用户名（counter-app user list 列出所有账号）。",
                f"There is no user {username}: check the name (counter-app user list shows the "
                "accounts).",
                field="username",
            ) from None
        raise InvalidCredentials(
            f"用户 {username} 的密码不正确。连续多次错误将锁定账号。",
            f"Wrong password for {username}. Repeated failures lock the account.",
            field="password",
        ) from None
