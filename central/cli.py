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
import os
import signal
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import platformdirs

from central.approval_cli import add_approvals_parser
from central.arrival_cli import add_online_channel
from central.back_office_cli import add_delivery_parser, add_payment_parser, add_progress_parser
from central.cli_refusal import refusal
from central.device_cli import add_devices_parser, add_enroll_code_parser, add_revoke_parser
from central.elicence_cli import add_elicence_parser
from central.export_cli import add_export_parser
from central.hall_hours_cli import add_hall_hours_parser
from central.listing_cli import add_listing_parsers
from central.operator_log_cli import add_operator_log_parser
from central.publish_cli import add_feed_parsers, add_notice_parser
from central.restore_cli import add_restored_parser
from central.sealing import ENV_KEY_FILE
from central.serve_cli import add_serve_parser
from central.staff_cli import add_staff_parser
from central.ticket_cli import add_ticket_parser
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
    add_export_parser(sub, db)
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
    add_operator_log_parser(sub, db)
    add_approvals_parser(sub, db)
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
    except Exception as exc:
        told = refusal(exc, args.db)
        if told is None:
            raise
        zh, en = told.zh, told.en
    else:
        return 0
    print(f"错误：{zh}\nError: {en}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
