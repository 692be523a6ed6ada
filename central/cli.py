"""``counter-central``: run the reference platform and operate it (enrolment codes, cases,
conflicts, publishing catalog/calendar/notices, back-office progress, payment confirmations,
postal deliveries of results, devices, the audit heads devices reported; the halls' opening
hours; the online channel's pre-applications and appointments; marking the store restored
from a backup).

Every command takes ``--db PATH_OR_URL``; without it ``$COUNTER_CENTRAL_DB``, else
``<user data dir>/counter-central/central.sqlite3``; and ``--key-file PATH`` (the payload
key, ``central.sealing``); without it ``$COUNTER_CENTRAL_KEY_FILE``, else ``<db>.key``
beside a SQLite database (a PostgreSQL store must be given one); both go after the command
(``counter-central devices --db PATH``). Errors print Chinese then English to stderr and exit
1 (2 for usage errors, ``counter_app.usage_errors``).

Each command group lives in a module of its own (``central/*_cli.py``) that registers it on
the one parser built here; ``central.cli_store`` is how they all open the store and answer.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sqlite3
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import platformdirs

from central.arrival_cli import add_online_channel
from central.back_office_cli import add_delivery_parser, add_payment_parser, add_progress_parser
from central.device_cli import add_devices_parser, add_enroll_code_parser, add_revoke_parser
from central.elicence_cli import add_elicence_parser
from central.errors import (
    OperatorError,
    PlatformError,
    StoreRefusedConnection,
    StoreUnavailable,
)
from central.hall_hours_cli import add_hall_hours_parser
from central.listing_cli import add_listing_parsers
from central.publish_cli import add_feed_parsers, add_notice_parser
from central.restore_cli import add_restored_parser
from central.sealing import ENV_KEY_FILE
from central.serve_cli import add_serve_parser
from central.staff_cli import add_staff_parser
from central.ticket_cli import add_ticket_parser
from counter_app.errors import disk_refusal
from counter_app.store.sqlite_open import is_busy
from counter_app.usage_errors import BilingualParser

ENV_DB = "COUNTER_CENTRAL_DB"


def default_db() -> str:
    return os.environ.get(ENV_DB) or str(
        Path(platformdirs.user_data_dir("counter-central")) / "central.sqlite3"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = BilingualParser(
        prog="counter-central",
        description="一网通办中心平台（参考实现） / Reference central platform for counter-app.",
        placement="--db、--key-file 等选项须写在命令之后，如 counter-central devices --db 路径",
    )
    # The version the platform reports (central.platform.platform_version), read here
    # without importing the HTTP stack every command would then load.
    parser.add_argument(
        "--version", action="version", version=f"counter-central {version('counter-app')}"
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        default=default_db(),
        help=f"SQLite path or postgresql:// URL (default: ${ENV_DB} or the user data dir)",
    )
    db.add_argument(
        "--key-file",
        default=os.environ.get(ENV_KEY_FILE),
        help=f"payload key file, created 0600 with a new store (default: ${ENV_KEY_FILE}, "
        "else <db>.key beside a SQLite database; required for PostgreSQL)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    add_serve_parser(sub, db)
    add_enroll_code_parser(sub, db)
    add_listing_parsers(sub, db)
    add_devices_parser(sub, db)
    add_feed_parsers(sub, db)
    add_progress_parser(sub, db)
    add_payment_parser(sub, db)
    add_delivery_parser(sub, db)
    add_elicence_parser(sub, db)
    add_notice_parser(sub, db)
    add_staff_parser(sub, db)
    add_ticket_parser(sub, db)
    add_hall_hours_parser(sub, db)
    add_online_channel(sub, db)
    add_revoke_parser(sub, db)
    add_restored_parser(sub, db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
        sys.stdout.flush()  # a reader gone (``| head``) is met here, not at the exit
    except BrokenPipeError:
        # Quietly, as a shell tool stopped by SIGPIPE (128 + 13); the rest goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except StoreRefusedConnection as exc:  # a mistyped address: no retry mends it
        zh, en = exc.zh, exc.en
    except StoreUnavailable:  # its own words are for a window, which retries by itself
        zh, en = _STORE_UNAVAILABLE
    except (OperatorError, PlatformError) as exc:
        zh, en = exc.zh, exc.en
    except OSError as exc:
        zh, en = _file_refusal(exc)
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
        zh, en = _store_locked(args.db)
    else:
        return 0
    print(f"错误：{zh}\nError: {en}", file=sys.stderr)
    return 1


# A store busy past its wait (another program's long transaction) or, for PostgreSQL, a
# server out of reach: nothing of the command's transaction stayed.
_STORE_UNAVAILABLE = (
    "平台数据库忙或暂时不可用（另一个程序长时间锁定着它，或数据库服务器无法连接），命令没有完成。"
    "请等那个程序结束、或数据库服务器恢复后，重新运行本命令。",
    "The platform store is busy or unavailable (another program kept it locked, or the "
    "database server cannot be reached); the command did not complete. Run it again once "
    "that program has finished or the server is back.",
)


def _store_locked(db: str) -> tuple[str, str]:
    """A SQLite store another program kept locked while it was being opened (SQLite's wait
    for it ran out before the command began)."""
    return (
        f"平台数据库 {db} 正被另一个程序锁定，等待后仍未释放，命令没有执行。"
        "请等那个程序（如正在进行的备份，或另一个 counter-central 命令）结束后重新运行本命令。",
        f"The platform store {db} is locked by another program and stayed locked while this "
        "command waited; nothing was done. Run the command again once that program (a backup "
        "under way, another counter-central command) has finished.",
    )


# The file errors an operator's command meets most, in words: a path mistyped, a folder given
# for a file (``--material M10=DIR``), a file that is not theirs to read.
_FILE_PROBLEMS = {
    errno.ENOENT: ("不存在", "does not exist"),
    errno.EISDIR: ("是一个文件夹，不是文件", "is a folder, not a file"),
    errno.ENOTDIR: ("的路径中有一段不是文件夹", "has a part of its path that is not a folder"),
    errno.EACCES: ("没有访问权限", "may not be accessed (permission denied)"),
}


def _file_refusal(exc: OSError) -> tuple[str, str]:
    """What a file error means, Chinese and English, naming the file: a full or failing disk
    as :func:`disk_refusal` says it, the usual mistakes as ``_FILE_PROBLEMS`` does, anything
    else with the system's own words."""
    refusal = disk_refusal(exc)
    if refusal is not None:
        return refusal.zh, refusal.en
    reason = exc.strerror or str(exc)
    zh, en = _FILE_PROBLEMS.get(
        exc.errno or 0, (f"无法使用（{reason}）", f"cannot be used ({reason})")
    )
    if not exc.filename:
        return f"文件{zh}（{reason}）。", f"A file {en} ({reason})."
    return (
        f"{exc.filename} {zh}。请检查命令中的路径后重试。",
        f"{exc.filename} {en}. Check the path in the command and try again.",
    )


if __name__ == "__main__":
    sys.exit(main())
