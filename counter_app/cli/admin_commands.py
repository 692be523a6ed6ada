"""Administration commands: ``doctor``, ``backup``, ``restore``, ``user``
(add, list, unlock, passwd, reset-code, disable, enable).

The workstation's OS account is the clerks' (docs/operations.md §1.1), so what only an
administrator may do - change staff accounts, take the PII key along with a backup, restore
- takes an administrator's ``--by USER --password-stdin`` (``user unlock``: a supervisor's
too), and the audit log names them; without ``--by`` only while this PC has no active
administrator and no account from the platform's register (a new PC;
:func:`counter_app.cli.actor.staff_member`). ``doctor``, a backup without
the key and ``user list`` (names, roles and sign-in state; no secret) stay open.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from counter_app.cli.actor import add_staff_options, staff_member, stdin_password
from counter_app.cli.context import CliContext, cli_context, os_actor
from counter_app.cli.restore_report import (
    restore_document,
    restore_lines,
    restore_warnings,
    restored_counts,
)
from counter_app.domain.hall_time import hall_minute_text, hall_time_text
from counter_app.domain.staff import ROLES
from counter_app.errors import ValidationError
from counter_app.services.approval import ADMIN_ROLES, ROLE_NAMES, SUPERVISOR_ROLES
from counter_app.services.auth import Accounts
from counter_app.services.doctor import Check, record_doctor_run, run_checks
from counter_app.services.doctor_report import doctor_document
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import DatabaseDamaged, KeyMismatch, SchemaTooNew, Store
from counter_app.store.pii import KeyFileError
from counter_app.workstation_identity import workstation_identity


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = subparsers.add_parser(
        "doctor",
        help="检查本机 / check this workstation (database, key, catalog, calendar, disk, clock)",
    )
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    doctor.set_defaults(func=_doctor)

    backup = subparsers.add_parser(
        "backup", help="备份数据库 / write a consistent copy of the database to DEST"
    )
    backup.add_argument("dest", help="backup file to create (never overwritten)")
    backup.add_argument(
        "--with-key",
        metavar="KEY_FILE",
        help="also write the PII key (0600) to KEY_FILE, which must not be in DEST's "
        "directory: keep it apart (another medium, the hall's safe); needs --by",
    )
    add_staff_options(backup, "the administrator who takes the key along (with --with-key)")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(func=_backup)

    restore = subparsers.add_parser(
        "restore", help="从备份恢复数据库 / replace the database with a checked backup"
    )
    restore.add_argument("src", help="backup file made by `counter-app backup`")
    restore.add_argument("--key", help="the backup's key file (on a replacement PC)")
    restore.add_argument(
        "--issued",
        action="append",
        default=[],
        metavar="CASE_NO",
        help="a case number already handed out (e.g. on today's last receipt): the sequence "
        "moves past it; repeatable",
    )
    restore.add_argument(
        "--discard-unsynced",
        action="store_true",
        help="restore although cases waiting to upload that the backup lacks are then left "
        "only in the safety copy of the current database",
    )
    add_staff_options(restore, "the administrator who restores")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=_restore)

    user = subparsers.add_parser("user", help="工作人员账号 / staff accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="新建账号 / create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default="")
    add_staff_options(add, _ADMIN, password_help=_STDIN_HELP)
    add.set_defaults(func=_user_add)
    listing = user_commands.add_parser("list", help="列出账号 / list accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_user_list)
    unlock = user_commands.add_parser("unlock", help="解除登录锁定 / clear a login lockout")
    unlock.add_argument("name")
    add_staff_options(unlock, "the supervisor or administrator (not NAME) who unlocks it")
    unlock.set_defaults(func=_user_unlock)
    passwd = user_commands.add_parser("passwd", help="设置新密码 / set a new password")
    passwd.add_argument("name")
    add_staff_options(passwd, _ADMIN, password_help=_STDIN_HELP)
    passwd.set_defaults(func=_user_passwd)
    reset_code = user_commands.add_parser(
        "reset-code",
        help="重置动态口令（手机丢失或更换） / forget the one-time codes (a lost or new phone)",
    )
    reset_code.add_argument("name")
    add_staff_options(reset_code, "the administrator (not NAME) who resets them")
    reset_code.set_defaults(func=_user_reset_code)
    for action, text in (
        ("disable", "停用账号 / no sign-in with this account (made on this PC) any more"),
        ("enable", "恢复账号 / allow sign-in again"),
    ):
        switch = user_commands.add_parser(action, help=text)
        switch.add_argument("name")
        add_staff_options(switch, f"the administrator (not NAME) who does it ({action})")
        switch.set_defaults(func=_user_switch, disabled=action == "disable")


_ADMIN = "the administrator who does it"
_STDIN_HELP = (
    "read the passwords from stdin, a line each: --by's (then its one-time code), then the "
    "new one; without --by, the new one only"
)


def _print_json(document: object) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def _doctor(args: argparse.Namespace) -> int:
    context = cli_context(args)
    checks = run_checks(context.home, context.config)
    try:
        record_doctor_run(context.home, checks)
    except OSError as exc:  # a full disk, say: the report matters more than its copy
        checks.append(Check("doctor_record", "warn", f"this run was not kept ({exc})"))
    if args.json:
        _print_json(doctor_document(context.home, checks))
    else:
        print(workstation_identity(context.home).header(context.lang))
        for check in checks:
            print(f"[{check.status:4}] {check.name}: {check.detail}")
    return 1 if any(check.status == "fail" for check in checks) else 0


def _named_file(text: str, option: str, field: str) -> Path:
    """The file ``option`` names; ``ValidationError`` (on ``field``, as the store names the
    file) when it names none, empty or blank, before anything is read or written:
    ``--with-key ""`` is no backup without its key, nor ``"  "`` a key file called two
    spaces in the working directory."""
    if not text.strip():
        raise ValidationError(
            f"{option} 的路径为空：请给出文件的路径，再执行一次。",
            f"{option} is empty: give the file's path, and run the command again.",
            field=field,
        )
    return Path(text)


def _backup(args: argparse.Namespace) -> int:
    destination = _named_file(args.dest, "DEST", "dest")
    key_file = (
        None if args.with_key is None else _named_file(args.with_key, "--with-key", "key_file")
    )
    context = cli_context(args)
    with context.open_store() as store:
        # The key opens every applicant's ID number and phone in the copy: an administrator's.
        who = (
            os_actor()
            if key_file is None and args.by is None
            else staff_member(args, context, store, roles=ADMIN_ROLES, action="backup.create")
        )
        result = create_backup(store, destination, key_file=key_file, actor=who)
    if args.json:
        _print_json(
            {
                "database": str(result.database),
                "key": str(result.key) if result.key else None,
                "bytes": result.size_bytes,
                "same_disk": result.same_disk,
                "key_backed_up_at": result.key_backed_up_at,
            }
        )
    else:
        print(
            context.text(
                f"已备份到 {result.database}（{result.size_bytes} 字节）。",
                f"Backed up to {result.database} ({result.size_bytes} bytes).",
            )
        )
        if result.same_disk:
            print(
                context.text(
                    "注意：备份与数据库在同一块磁盘上，磁盘损坏时会一起丢失；"
                    "请另存一份到U盘等其他介质。",
                    "Note: the backup is on the same disk as the database, and a failing disk "
                    "loses both; keep a copy on another medium too, such as a USB drive.",
                )
            )
        if result.key:
            print(
                context.text(
                    f"密钥已写入 {result.key}：请与备份分开妥善保管。",
                    f"The key was written to {result.key}: keep it apart from the backup, safely.",
                )
            )
        else:
            print(_key_not_written(context, result.key_backed_up_at))
    return 0


def _key_not_written(context: CliContext, backed_up_at: str | None) -> str:
    """The line a backup without ``--with-key`` ends with: it is unreadable without the key
    file, so the key needs a copy of its own, made once and kept apart."""
    if backed_up_at is not None:
        at = hall_minute_text(backed_up_at)
        return context.text(
            f"本备份不含密钥（密钥已于 {at} 用 --with-key 备份过；请确认那份密钥仍妥善保管）。",
            f"The key was not written with this backup (it was backed up with --with-key on "
            f"{at}; make sure that copy is still kept safe).",
        )
    return context.text(
        "本备份不含密钥，且本机密钥从未备份过：密钥文件一旦丢失，所有备份都无法读取。"
        "请由管理员执行一次 counter-app backup 目标文件 --with-key 密钥文件 "
        "--by 管理员账号 --password-stdin，把密钥写到与备份分开的安全位置（如大厅保险柜中的U盘）。",
        "The key was not written with this backup, and this installation's key was never "
        "backed up: if the key file is lost, every backup is unreadable. Have an administrator "
        "run once: counter-app backup DEST --with-key KEY_FILE --by ADMIN --password-stdin, "
        "writing the key to a safe place apart from the backups (e.g. a USB drive in the "
        "hall's safe).",
    )


def _restore(args: argparse.Namespace) -> int:
    source = _named_file(args.src, "SRC", "src")
    key_file = None if args.key is None else _named_file(args.key, "--key", "key")
    context = cli_context(args)
    result = restore_backup(
        context.home,
        context.config,
        source,
        key_file=key_file,
        issued=args.issued,
        discard_unsynced=args.discard_unsynced,
        actor=_restorer(args, context, source),
    )
    with context.open_store() as store:
        counts = restored_counts(store)
    if args.json:
        _print_json(restore_document(result, counts))
    else:
        print("\n".join(restore_lines(context, result, counts)))
    for warning in restore_warnings(context, result, counts, issued_given=bool(args.issued)):
        print(warning, file=sys.stderr)
    return 0


def _restorer(args: argparse.Namespace, context: CliContext, source: Path) -> str:
    """Who restores, proven against the database the restore replaces. A PC with none, or
    with one it cannot read (damaged, its key damaged, lost or replaced: what a restore is
    for; migrated by a newer counter-app: going back to this version), has no account to
    prove anyone by, and restores as the OS user."""
    home, store, newer = context.home, None, False
    if home.db_path.exists() and home.key_path.exists():  # opening would make them
        try:
            store = context.open_store()
        except (DatabaseDamaged, KeyFileError, KeyMismatch):
            store = None
        except SchemaTooNew:
            newer = True
    try:
        return staff_member(
            args,
            context,
            store,
            roles=ADMIN_ROLES,
            action="backup.restore",
            target=source.name,
            written_by_newer=newer,
        )
    finally:
        if store is not None:  # closed before the restore, which refuses while it is open
            store.close()


def _read_new_password(args: argparse.Namespace, context: CliContext) -> str:
    if args.password_stdin:
        return stdin_password()
    if not sys.stdin.isatty():
        raise ValidationError(
            "非交互方式运行时请使用 --password-stdin 提供密码。",
            "Not running interactively: give the password with --password-stdin.",
            field="password",
        )
    first = getpass.getpass(context.text("新密码：", "New password: "))
    second = getpass.getpass(context.text("再次输入：", "Repeat it: "))
    if first != second:
        raise ValidationError(
            "两次输入的密码不一致。", "The two passwords differ.", field="password"
        )
    return first


def _user_add(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        who = _administrator(args, context, store, "user.add", sets_password=True)
        password = _read_new_password(args, context)
        user = Accounts(store).add_user(
            args.name, password, args.role, args.display_name, actor=who, initial=True
        )
    role_zh, role_en = ROLE_NAMES[user.role]
    print(
        context.text(
            f"已创建用户 {user.username}（{role_zh}）。",
            f"Created user {user.username} ({role_en}).",
        )
        + _changed_at_sign_in(context)
    )
    return 0


def _user_list(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        accounts = Accounts(store)
        users = [(u, accounts.running_lockout(u.username)) for u in accounts.list_users()]
    rows = [
        {
            "username": u.username,
            "display_name": u.display_name,
            "role": u.role,
            "locked_until": u.locked_until.isoformat() if u.locked_until else None,
            "disabled": u.disabled,
            "source": u.source,  # local: made on this PC; platform: the hall's staff register
            # Set by someone else: its member changes it at their next sign-in at the window.
            "must_change_password": u.must_change_password,
            # Older than security.password_max_age_days: changed at its member's next sign-in
            # at the window; it proves nobody with --by until then.
            "password_expired": u.password_expired,
            # Its role signs in with one-time codes (security.second_factor), and whether they
            # are set up (else at its member's next sign-in at the window).
            "second_factor_required": u.second_factor_required,
            "second_factor_enrolled": u.second_factor_enrolled,
            # Its last sign-in at this window (UTC); null: never (an account nobody uses).
            "last_signed_in_at": u.last_signed_in_at.isoformat() if u.last_signed_in_at else None,
            # The lockout running here now; ``reported``: the platform holds it as it is.
            "lockout": None
            if lockout is None
            else {
                "locked_at": lockout.locked_at,
                "until": lockout.until,
                "failed_attempts": lockout.failed_attempts,
                "reported": lockout.reported,
            },
        }
        for u, lockout in users
    ]
    if args.json:
        _print_json({"users": rows})
    else:
        if not rows:
            print(context.text("还没有账号。", "There are no accounts yet."))
        for row in rows:
            marks = ""
            if row["locked_until"]:
                until = hall_time_text(str(row["locked_until"]))
                marks += context.text(f"  锁定至 {until}", f"  locked until {until}")
            if row["disabled"]:
                marks += context.text("  已停用", "  disabled")
            if row["must_change_password"]:
                marks += context.text("  待本人改密码", "  password to change")
            elif row["password_expired"]:
                marks += context.text("  密码已过期", "  password expired")
            if row["second_factor_required"] and not row["second_factor_enrolled"]:
                marks += context.text("  待设置动态口令", "  one-time codes to set up")
            source = (
                context.text("平台", "platform")
                if row["source"] == "platform"
                else context.text("本机", "local")
            )
            role = context.text(*ROLE_NAMES[str(row["role"])])
            last = row["last_signed_in_at"]
            at = hall_minute_text(str(last))
            marks += (
                context.text(f"  上次登录 {at}", f"  last signed in {at}")
                if last
                else context.text("  从未登录", "  never signed in")
            )
            print(f"{row['username']:20} {role:10} {source:8} {row['display_name']}{marks}")
    return 0


def _administrator(
    args: argparse.Namespace,
    context: CliContext,
    store: Store,
    action: str,
    *,
    sets_password: bool = False,
) -> str:
    """Who changes the account ``args.name``: an administrator (:func:`staff_member`);
    never their own, but for a password (their member's next sign-in asks for another)."""
    return staff_member(
        args,
        context,
        store,
        roles=ADMIN_ROLES,
        action=action,
        target=args.name,
        not_on_self=not sets_password,
        sets_password=sets_password,
    )


def _user_unlock(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        # Never the locked member themselves, who would guess their password without end.
        who = staff_member(
            args,
            context,
            store,
            roles=SUPERVISOR_ROLES,
            action="user.unlock",
            target=args.name,
            not_on_self=True,
        )
        Accounts(store).unlock(args.name, actor=who)
    print(context.text(f"已解锁用户 {args.name}。", f"Unlocked user {args.name}."))
    return 0


def _user_passwd(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        who = _administrator(args, context, store, "user.password_change", sets_password=True)
        password = _read_new_password(args, context)
        Accounts(store).change_password(args.name, password, actor=who)
    print(
        context.text(f"已更新用户 {args.name} 的密码。", f"Changed the password of {args.name}.")
        + _changed_at_sign_in(context)
    )
    return 0


def _user_reset_code(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        who = _administrator(args, context, store, "user.second_factor_reset")
        Accounts(store).reset_second_factor(args.name, actor=who)
    print(
        context.text(
            f"已重置用户 {args.name} 的动态口令：本人下次登录窗口时用手机验证器重新设置。",
            f"Forgot the one-time codes of {args.name}: they set them up again with an "
            "authenticator app at their next sign-in at the window.",
        )
    )
    return 0


def _changed_at_sign_in(context: CliContext) -> str:
    if not context.config.security.require_own_password:
        return ""
    return context.text(
        "本人下次登录窗口时须改为自己的密码。",
        " Its member sets a password of their own at their next sign-in at the window.",
    )


def _user_switch(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        action = "user.disable" if args.disabled else "user.enable"
        who = _administrator(args, context, store, action)
        Accounts(store).set_disabled(args.name, args.disabled, actor=who)
    print(
        context.text(f"已停用用户 {args.name}。", f"Disabled user {args.name}.")
        if args.disabled
        else context.text(f"已启用用户 {args.name}。", f"Enabled user {args.name}.")
    )
    return 0
