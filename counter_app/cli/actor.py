"""The person a command names: ``--approved-by USER`` (who approved) or ``--by USER`` (who
acted), each proven with ``--password-stdin`` (the first line of stdin). Every command that
names an approver or an actor registers its options and authenticates through here, so each
gets the same lockout, role check, four-eyes rule, audit entries and error messages.

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
from counter_app.errors import ValidationError

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
    """The user named by ``--by``, authenticated and holding one of ``roles``."""
    from counter_app.services.approval import authorise
    from counter_app.services.auth import Accounts

    username = args.by
    password = read_password(args, context, f"{username} 的密码：", f"Password of {username}: ")
    accounts = Accounts(store)
    with _named_errors(accounts, username):
        return _with_code(
            args,
            context,
            username,
            lambda code: authorise(
                accounts, username, password, roles=roles, action=action, target=target, code=code
            ),
        )


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
    ``cli:<name>``, as ``import`` acts: the command line runs as the workstation's
    administrator, who already holds the home; the audit log names them."""
    if args.by is not None:
        return actor(args, context, store, roles=roles, action=action, target=target)
    if args.password_stdin and getattr(args, "approved_by", None) is None:
        # A script that meant to name a clerk must not act silently as the OS user instead
        # (with --approved-by and no --by, stdin's first line is the approver's password).
        raise ValidationError(
            "--password-stdin 须与 --by USER 一起使用（不带 --by 时以操作系统用户身份执行）。",
            "--password-stdin goes with --by USER (without --by the command acts as the OS user).",
            field="by",
        )
    from counter_app.services.auth import User

    return User(os_actor("cli"), "command line", "clerk", None, False)


@contextmanager
def _named_errors(accounts: Accounts, username: str) -> Iterator[None]:
    """Say which of "no such user" and "wrong password" it was. The login screen never does
    (it would tell a passer-by which names exist); the command line runs as the workstation's
    administrator, who can list the accounts anyway, and a script needs to know which to fix."""
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
