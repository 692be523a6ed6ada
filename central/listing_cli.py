"""``counter-central cases|conflicts|evaluations|audit-heads|day-sign-offs|tickets``: what
the platform holds, for a hall or every hall, one line per row or ``--json``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from central.cli_store import print_json, with_store
from central.store import CentralStore, audit_heads, day_sign_offs, evaluations
from central.store import cases as case_store
from central.store.tickets import ticket_visits


def _listing(
    key: str, rows_of: Callable[[CentralStore, str | None], list[dict[str, Any]]], line: str
) -> Callable[[argparse.Namespace], None]:
    """A listing command: ``{key: [...]}`` with ``--json``, else one ``line`` per row."""

    def command(args: argparse.Namespace) -> None:
        def work(store: CentralStore) -> None:
            rows = rows_of(store, args.hall)
            if args.json:
                print_json({key: rows})
            else:
                for row in rows:
                    print(line.format(**row))

        with_store(args, work)

    return command


cmd_cases = _listing(
    "cases",
    case_store.cases,
    "{case_no}  {case_id}  v{data_version}  {state}  {item_code} {item_name}  {received_at}",
)
cmd_conflicts = _listing(
    "conflicts", case_store.conflicts, "{case_no}  {case_id}  v{data_version}  {reason}"
)
cmd_evaluations = _listing(
    "evaluations",
    evaluations.evaluations,
    "{case_no}  {window}/{clerk}  {channel}  level {level}  declined {declined}  {reason_code}  {at}",
)
cmd_audit_heads = _listing(
    "audit_heads",
    audit_heads.audit_heads,
    "{device}  {hall}/{window}  seq {seq}  {head}  {time}  refused reports: {anomalies}",
)
cmd_day_sign_offs = _listing(
    "day_sign_offs",
    day_sign_offs.day_sign_offs,
    "{day}  {hall}/{window}  {signed_by}  {signed_at}  reconciled={reconciled}  "
    "unacknowledged={unacknowledged}",
)
cmd_tickets = _listing(
    "visits",
    ticket_visits,
    "{hall}  {number}  {window}  {item_code}  wait {wait_seconds}s  walk {walk_seconds}s  "
    "service {service_seconds}s  {outcome}",
)


def add_listing_parsers(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    for name, func, text in (
        ("cases", cmd_cases, "已收办件 / cases received"),
        ("conflicts", cmd_conflicts, "待值班长处理的冲突提交 / submissions kept for a supervisor"),
        (
            "evaluations",
            cmd_evaluations,
            "好差评及差评回访 / ratings and the follow-up of bad ones",
        ),
        (
            "audit-heads",
            cmd_audit_heads,
            "各终端上报的审计链头 / last audit-chain head each device reported",
        ),
        ("day-sign-offs", cmd_day_sign_offs, "值班长日结签字 / supervisors' end-of-day sign-offs"),
        (
            "tickets",
            cmd_tickets,
            "叫号记录：等候、走动与办理时长 / queue-ticket visits: wait, walk and service times",
        ),
    ):
        listing = sub.add_parser(name, parents=[db], help=text)
        listing.add_argument("--hall")
        listing.add_argument("--json", action="store_true")
        listing.set_defaults(func=func)
