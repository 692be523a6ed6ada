"""``counter-app ticket call|recall|noshow|start|close|redirect`` (a step at this window),
``counter-app ticket requeue NUMBER`` (today's no-show back in the queue) and ``counter-app
tickets`` (the hall's waiting tickets and this window's current one, with their wait, walk
and service times): the headless twins of the window's ticket bar."""

from __future__ import annotations

import argparse
import json

from counter_app.cli.actor import actor_or_os_user
from counter_app.cli.context import CliContext, cli_context
from counter_app.domain.staff import ROLES
from sync.device_transport import COMMAND_TIMEOUTS
from sync.queue_system import hall_queue_system
from sync.tickets import hall_tickets, requeue_ticket, ticket_step
from sync.wire.tickets import Ticket, TicketAnswer


def step(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        clerk = actor_or_os_user(args, context, store, roles=ROLES, action=f"ticket.{args.step}")
        system = hall_queue_system(context.home, context.config, timeouts=COMMAND_TIMEOUTS)
        try:
            answer = ticket_step(
                store,
                system,
                clerk.username,
                args.step,
                to_window=getattr(args, "to", None),
                request_id=args.request_id,
            )
        finally:
            system.close()
    _print_answer(args, context, answer)
    return 0


def requeue(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        clerk = actor_or_os_user(args, context, store, roles=ROLES, action="ticket.requeue")
        system = hall_queue_system(context.home, context.config, timeouts=COMMAND_TIMEOUTS)
        try:
            answer = requeue_ticket(
                store, system, clerk.username, args.number, request_id=args.request_id
            )
        finally:
            system.close()
    _print_answer(args, context, answer)
    return 0


def _print_answer(args: argparse.Namespace, context: CliContext, answer: TicketAnswer) -> None:
    if args.json:
        print(answer.model_dump_json())
    elif answer.ticket is None:
        print(context.text("没有等候的号。", "No ticket is waiting."))
    else:
        print(_line(context, answer.ticket))


def list_tickets(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        system = hall_queue_system(context.home, context.config, timeouts=COMMAND_TIMEOUTS)
        try:
            listed = hall_tickets(store, system)
        finally:
            system.close()
    if args.json:
        print(json.dumps(listed.model_dump(mode="json"), ensure_ascii=False))
        return 0
    current = listed.current
    print(
        context.text("本窗口当前：", "This window now: ")
        + (_line(context, current) if current else context.text("无", "none"))
    )
    print(context.text(f"等候 {len(listed.waiting)} 人：", f"{len(listed.waiting)} waiting:"))
    for ticket in listed.waiting:
        print("  " + _line(context, ticket))
    return 0


_STATES = {
    "waiting": ("等候", "waiting"),
    "called": ("已叫号", "called"),
    "serving": ("办理中", "serving"),
    "closed": ("已办结", "closed"),
    "no_show": ("未到", "no-show"),
    "expired": ("已过期（当天未办结）", "expired (its day ended)"),
}


def _line(context: CliContext, ticket: Ticket) -> str:
    state = context.text(*_STATES[ticket.state])
    where = f" {ticket.window}" if ticket.window else ""
    mark = context.text(" 预约优先", " appointment, priority") if ticket.priority else ""
    return f"{ticket.number}  {state}{where}{mark}"
