"""``counter-central ticket issue``: the hall's ticket machine (叫号), a priority ticket for
an appointment's holder."""

from __future__ import annotations

import argparse

from central.cli_store import check_code, check_enrolled_hall, print_json, with_store
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore, arrivals
from central.store.operator_log import operator_action
from central.store.tickets import issue_ticket
from counter_app.domain.hall_time import hall_time_text


def cmd_ticket_issue(args: argparse.Namespace) -> None:
    check_code(args.hall, "大厅编码", "Hall code")
    if args.item is not None:
        check_code(args.item, "事项编码", "Item code")

    def work(store: CentralStore) -> None:
        check_enrolled_hall(store, args.hall)
        if args.item is not None:  # refused as an appointment for it is
            with store.snapshot() as cur:
                arrivals.catalog_item(store, cur, args.item)
        with operator_action(
            store,
            "ticket issue",
            args.hall,
            {"item": args.item, "appointment": args.appointment},
            operator=acting_operator(args),
        ) as entry:
            ticket = issue_ticket(store, args.hall, args.item, args.appointment)
            entry.detail["number"] = ticket["number"]
        if args.json:
            print_json(ticket)
        else:
            issued = hall_time_text(ticket["issued_at"])
            print(f"取号 / ticket: {ticket['number']}  ({ticket['hall']}, {issued})")

    with_store(args, work)


def add_ticket_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    ticket = sub.add_parser("ticket", help="大厅叫号 / the hall's queue tickets")
    actions = ticket.add_subparsers(dest="action", metavar="ACTION", required=True)
    issue = actions.add_parser(
        "issue", parents=[db], help="取号（取号机） / issue a ticket (the ticket machine)"
    )
    issue.add_argument("--hall", required=True, help="hall code (its windows enrolled)")
    issue.add_argument("--item", help="service item code chosen at the machine")
    issue.add_argument(
        "--appointment", metavar="ID", help="the holder's appointment: a priority ticket"
    )
    issue.add_argument("--json", action="store_true")
    add_operator_option(issue)
    issue.set_defaults(func=cmd_ticket_issue)
