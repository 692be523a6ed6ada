"""``counter-central elicence add|revoke|list|show|consent|log``: the e-licence register
(电子证照库) as the operator and the tests drive it, standing in for the city's register and
the app; and the signed log of its lookups, for auditors."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from central.cli_store import hall_day, print_json, with_store
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
        help="licence type: an exempt_elicence of the catalog in force, exactly",
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

    revoke = actions.add_parser(
        "revoke",
        parents=[db],
        help="登记证照已吊销或注销，此后查询不再答复 / record a licence revoked: no lookup "
        "answers with it any more",
    )
    revoke.add_argument("number", metavar="NUMBER", help="licence number")
    revoke.add_argument("--type", help="licence type, when two types share the number")
    revoke.add_argument("--reason", required=True, help="why (the issuer's decision)")
    revoke.add_argument("--json", action="store_true")
    add_operator_option(revoke)
    revoke.set_defaults(func=lambda args: _answer(args, lambda store: _revoke(store, args)))

    listing = actions.add_parser(
        "list",
        parents=[db],
        help="电子证照库中的证照（含是否吊销），不显示持证人号码 / the register's licences, "
        "revoked ones said so; never the holder's number",
    )
    listing.add_argument("--holder", help="the holder's ID number (found by its keyed index)")
    listing.add_argument("--type", help="licence type")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(
        func=lambda args: _answer(
            args,
            lambda store: {
                "licences": elicences.licences(store, holder=args.holder, licence_type=args.type)
            },
        )
    )

    show = actions.add_parser(
        "show", parents=[db], help="一张证照（含是否吊销） / one licence, revoked or not"
    )
    show.add_argument("number", metavar="NUMBER", help="licence number")
    show.add_argument("--type", help="licence type, when two types share the number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(
        func=lambda args: _answer(
            args, lambda store: elicences.licence(store, number=args.number, licence_type=args.type)
        )
    )

    log = actions.add_parser(
        "log", parents=[db], help="每次查询的签名日志 / the signed log of every lookup"
    )
    log.add_argument(
        "--holder",
        help="lookups about this ID number (matched by the keyed index; never printed)",
    )
    log.add_argument("--case", help="lookups serving this case number")
    log.add_argument("--official", help="lookups asked by this official (the window's clerk)")
    log.add_argument("--since", type=hall_day, metavar="DAY", help="from this hall day")
    log.add_argument("--until", type=hall_day, metavar="DAY", help="to this hall day")
    log.add_argument("--json", action="store_true")
    log.set_defaults(
        func=lambda args: _answer(
            args,
            lambda store: elicences.lookup_log(
                store,
                elicences.LookupLogChoice(
                    args.holder, args.case, args.official, args.since, args.until
                ),
            ),
        )
    )


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


def _revoke(store: CentralStore, args: argparse.Namespace) -> dict[str, Any]:
    # The reason is the operator's own words: it stays in the register's revocation
    # (``elicence show``); the operator log names the licence only by its type and id.
    with operator_action(
        store, "elicence revoke", "licence", operator=acting_operator(args)
    ) as entry:
        licence = elicences.revoke_licence(
            store, number=args.number, reason=args.reason, licence_type=args.type
        )
        entry.target = licence["licence_id"]
        entry.detail = {"type": licence["licence_type"]}
    return licence
