"""``counter-central operator-log``: what the platform's operators changed, newest first
(``central.store.operator_log``); and the ``--operator NAME`` every changing command takes,
naming the person at a shared OS account (default: ``operator:<OS user>``)."""

from __future__ import annotations

import argparse
import json
import re
import sys

from central.cli_store import hall_day, operator_name, print_json, whole_number, with_store
from central.store import CentralStore
from central.store.operator_log import LogChoice, operator_log
from counter_app.domain.hall_time import hall_time_text

_NAME = re.compile(r"^[\w.@-]{1,64}$")
_PREFIX = "operator:"


def add_operator_option(parser: argparse.ArgumentParser) -> None:
    """``--operator NAME`` on a command the operator log records."""
    parser.add_argument(
        "--operator",
        type=_operator,
        help="操作人（多人共用一个系统账号时），记入平台操作日志 / who runs this, as the "
        "operator log names them (default: operator:<OS user>)",
    )


def acting_operator(args: argparse.Namespace) -> str:
    """Who the operator log names for this command: ``--operator``, else the OS user."""
    given: str | None = args.operator
    return given or operator_name()


def _operator(value: str) -> str:
    """An option's ``type``: a name of 1-64 letters, digits, ``. @ _ -``, kept as
    ``operator:NAME`` (the prefix may be typed or not)."""
    name = value.removeprefix(_PREFIX)
    if not _NAME.match(name):
        raise argparse.ArgumentTypeError(
            f"“{value}”不是操作人名称：1-64 个字母、数字或 . @ _ - / '{value}' is not an "
            "operator name: 1-64 letters, digits, '.', '@', '_' or '-'"
        )
    return _PREFIX + name


def cmd_operator_log(args: argparse.Namespace) -> None:
    choice = LogChoice(args.since, args.until, args.operator, args.action, args.limit)

    def work(store: CentralStore) -> None:
        entries, more = operator_log(store, choice)
        if args.json:
            print_json({"entries": entries, "more": more})
            return
        if not entries:
            print("没有符合条件的操作记录。 / No operator actions match.")
        for entry in entries:
            detail = json.dumps(entry["detail"], ensure_ascii=False, sort_keys=True)
            print(
                f"{hall_time_text(entry['at'])}\t{entry['operator']}\t{entry['action']}\t"
                f"{entry['target']}\t{detail}"
            )
        if more:
            print(
                f"另有更早的记录未列出（--limit {args.limit}）。 / Older entries not listed "
                f"(--limit {args.limit}).",
                file=sys.stderr,
            )

    with_store(args, work)


def add_operator_log_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    listing = sub.add_parser(
        "operator-log",
        parents=[db],
        help="平台操作日志：谁在何时做了哪项变更，最新在前 / the platform's operation log: who "
        "changed what and when, newest first",
    )
    listing.add_argument("--since", type=hall_day, metavar="DAY", help="from this hall day")
    listing.add_argument("--until", type=hall_day, metavar="DAY", help="to this hall day")
    listing.add_argument(
        "--operator", type=_operator, help="one operator's entries (operator:NAME or NAME)"
    )
    listing.add_argument("--action", help="one action's entries, e.g. revoke, 'staff reset'")
    listing.add_argument("--limit", type=whole_number(1, 100_000), default=200)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_operator_log)
