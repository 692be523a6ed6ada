"""``counter-app sync``, ``counter-app sync status``, ``counter-app sync requeue CASE``,
``counter-app enroll URL CODE``, ``counter-app notices [publish]`` and ``counter-app ticket
STEP`` / ``counter-app tickets`` (registered through the
``counter_app.commands`` entry point)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from counter_app.cli.actor import add_actor_options
from counter_app.cli.context import lazy_command

if TYPE_CHECKING:
    from counter_app.config import Config
    from counter_app.home import Home
    from counter_app.store.audit import AuditHead

# `--once` waits this long for a sync already running elsewhere (GUI) before reporting it.
ONCE_LOCK_WAIT_SECONDS = 30.0


def _platform_audit_head(home: Home, config: Config) -> AuditHead | None:
    from sync.audit_head import platform_audit_head

    return platform_audit_head(home, config)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # ``counter-app audit verify --online`` asks the platform through this (the core's
    # ``audit`` command never imports sync).
    audit = subparsers.choices.get("audit")
    if audit is not None:
        audit.set_defaults(audit_witness=_platform_audit_head)
    sync = subparsers.add_parser(
        "sync",
        help="与中心平台同步 / sync with the central platform",
        description="Push the outbox and pull the feeds. Without --once: keep syncing until Ctrl-C.",
    )
    sync.add_argument(
        "--once", action="store_true", help="push the whole backlog, pull all feeds, exit"
    )
    sync.add_argument("--json", action="store_true", help="print the summary as JSON")
    sync.add_argument(
        "--wait",
        type=float,
        default=ONCE_LOCK_WAIT_SECONDS,
        metavar="SECONDS",
        help="with --once: how long to wait for a sync already running in another program",
    )
    sync.set_defaults(func=lazy_command("sync.commands", "run_sync"))
    actions = sync.add_subparsers(dest="sync_action", metavar="ACTION")
    status = actions.add_parser("status", help="同步状态 / sync status")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=lazy_command("sync.commands", "show_status"))
    requeue = actions.add_parser(
        "requeue",
        help="重新排队被拒或冲突的办件 / requeue rejected or conflicting cases",
        description="Send cases the platform rejected (or that conflict) again after fixing "
        "them: the named cases, or every rejected case (--all-rejected [--since]).",
    )
    requeue.add_argument("cases", nargs="*", metavar="CASE", help="case UUID or case number")
    requeue.add_argument(
        "--all-rejected", action="store_true", help="every case with a rejected version"
    )
    requeue.add_argument(
        "--since",
        metavar="DATE",
        help="with --all-rejected: only rejections recorded since YYYY-MM-DD (hall time) or an "
        "ISO time",
    )
    add_actor_options(requeue, "the supervisor (or admin) who requeues")
    requeue.add_argument("--json", action="store_true")
    requeue.set_defaults(func=lazy_command("sync.commands", "requeue"))

    _register_notices(subparsers)
    _register_tickets(subparsers)

    enrol = subparsers.add_parser("enroll", help="在中心平台登记本机 / enrol this workstation")
    enrol.add_argument("url", help="platform address, https://host[:port]")
    enrol.add_argument("code", help="one-time enrolment code from the platform operator")
    enrol.add_argument("--ca-bundle", default="", help="CA certificate file for the platform's TLS")
    enrol.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="development only: plain http to 127.0.0.1",
    )
    enrol.add_argument("--json", action="store_true")
    enrol.set_defaults(func=lazy_command("sync.commands", "enroll_workstation"))


def _register_notices(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Here, not in the core: publishing sends the notice to the platform at once.
    notices = subparsers.add_parser(
        "notices",
        help="大厅通知 / hall notices",
        description="The platform's notices to this hall, newest first, read or not for "
        "--user. 'notices publish' sends one to every window of the hall (online only).",
    )
    notices.add_argument("--json", action="store_true")
    notices.add_argument("--unread", action="store_true", help="only notices --user has not read")
    notices.add_argument(
        "--user",
        metavar="USER",
        help="whose read state to show (default: the OS user, cli:<user>)",
    )
    notices.set_defaults(func=lazy_command("sync.notice_commands", "list_notices"))
    actions = notices.add_subparsers(dest="notices_action", metavar="ACTION")
    publish = actions.add_parser(
        "publish",
        help="向本大厅发布通知 / publish a notice to this hall",
        description="Send a notice to the platform, which passes it to every window of this "
        "workstation's hall. Refused when the platform cannot be reached: publish it again "
        "once it can.",
    )
    publish.add_argument("--title", required=True, help="one line, at most 100 characters")
    publish.add_argument("--body", required=True, help="the text, at most 2000 characters")
    add_actor_options(publish, "the supervisor (or admin) who publishes")
    publish.add_argument("--json", action="store_true")
    publish.set_defaults(func=lazy_command("sync.notice_commands", "publish"))


def _register_tickets(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Here, not in the core: every step asks the hall's queue system at once.
    tickets = subparsers.add_parser(
        "tickets",
        help="排队叫号情况 / the hall's queue tickets",
        description="The hall's waiting tickets, in the order this window would call them, "
        "and this window's current ticket, with wait, walk and service times (needs the "
        "queue system).",
    )
    tickets.add_argument("--json", action="store_true")
    tickets.set_defaults(func=lazy_command("sync.ticket_commands", "list_tickets"))
    ticket = subparsers.add_parser(
        "ticket",
        help="叫号 / call, re-call, no-show, start, close or redirect a queue ticket",
        description="One step at this window: 'call' the next ticket (appointment holders "
        "first), or a step on this window's current ticket. Refused when the queue system "
        "cannot be reached: serve without a ticket, or take the step again once it is back.",
    )
    steps = ticket.add_subparsers(dest="step", metavar="STEP", required=True)
    for name, text in (
        ("call", "叫下一号 / call the next ticket"),
        ("recall", "重呼 / re-call the current ticket"),
        ("noshow", "标记未到 / the current ticket did not come"),
        ("start", "开始办理 / start serving the current ticket"),
        ("close", "办结 / close the current ticket's service"),
        ("redirect", "转窗口 / send the current ticket to another window"),
    ):
        parser = steps.add_parser(name, help=text)
        if name == "redirect":
            parser.add_argument("--to", required=True, metavar="WINDOW", help="window code")
        parser.add_argument(
            "--request-id",
            metavar="UUID",
            help="the id of a step whose answer was lost: sent again, it is not taken twice",
        )
        add_actor_options(parser, "the clerk at this window", required=False)
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(func=lazy_command("sync.ticket_commands", "step"))
