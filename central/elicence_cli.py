"""``counter-central elicence add|consent|log``: the e-licence register (电子证照库) as the
operator and the tests drive it, standing in for the city's register and the app."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from central.cli_store import print_json, with_store
from central.errors import OperatorError
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore, elicences
from central.store.operator_log import operator_action
from counter_app.domain.id_types import IdType

DEFAULT_ISSUER = "上海市大数据中心（电子证照库）"


def add_elicence_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    group = sub.add_parser("elicence", help="电子证照库 / the e-licence register")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", parents=[db], help="登记持证人的电子证照 / register a holder's e-licence"
    )
    add.add_argument("--holder", required=True, help="the holder's ID number")
    add.add_argument(
        "--id-type",
        choices=[t.value for t in IdType],
        help="the holder's document, as for preapp create (default: told from the number; "
        "digits alone: a resident ID card's rules)",
    )
    add.add_argument(
        "--type",
        required=True,
        help="licence type: an exempt_elicence of the newest published catalog, exactly",
    )
    add.add_argument("--number", required=True, help="licence number")
    add.add_argument("--issuer", default=DEFAULT_ISSUER, help="issuing department")
    add.add_argument("--valid-from", type=date.fromisoformat, help="YYYY-MM-DD")
    add.add_argument("--valid-to", type=date.fromisoformat, help="YYYY-MM-DD (none: 长期)")
    add.add_argument("--file", help="the licence's document file (PDF, OFD, image)")
    add.add_argument("--json", action="store_true")
    add_operator_option(add)
    add.set_defaults(func=lambda args: _answer(args, lambda store: _add(store, args)))

    consent = actions.add_parser(
        "consent",
        parents=[db],
        help="生成授权码（如持证人在应用中所做） / an authorisation code, as the holder makes one in the app",
    )
    consent.add_argument("--holder", required=True, help="the holder's ID number")
    consent.add_argument("--json", action="store_true")
    add_operator_option(consent)
    consent.set_defaults(func=lambda args: _answer(args, lambda store: _consent(store, args)))

    log = actions.add_parser(
        "log", parents=[db], help="每次查询的签名日志 / the signed log of every lookup"
    )
    log.add_argument("--json", action="store_true")
    log.set_defaults(func=lambda args: _answer(args, elicences.lookup_log))


def _answer(args: argparse.Namespace, work: Callable[[CentralStore], Any]) -> None:
    """Open the store, print what ``work`` returns as JSON, close it."""
    with_store(args, lambda store: print_json(work(store)))


def _add(store: CentralStore, args: argparse.Namespace) -> dict[str, Any]:
    document = None
    if args.file:
        try:
            document = Path(args.file).read_bytes()
        except OSError as exc:
            raise OperatorError(
                f"无法读取证照文件 {args.file}：{exc.strerror}",
                f"Cannot read the licence file {args.file}: {exc.strerror}",
            ) from None
    with operator_action(
        store,
        "elicence add",
        args.type,
        {"type": args.type, "issuer": args.issuer},
        operator=acting_operator(args),
    ) as entry:
        licence = elicences.add_licence(
            store,
            holder=args.holder,
            licence_type=args.type,
            number=args.number,
            issuer=args.issuer,
            valid_from=args.valid_from,
            valid_to=args.valid_to,
            document=document,
            id_type=args.id_type,
        )
        entry.target = licence["licence_id"]
    return licence


def _consent(store: CentralStore, args: argparse.Namespace) -> dict[str, Any]:
    # Neither the holder nor the code is logged: the entry says only that one was made.
    with operator_action(store, "elicence consent", "consent", operator=acting_operator(args)):
        return elicences.create_consent(store, args.holder)
