"""``counter-app sync``, ``counter-app sync status``, ``counter-app sync requeue CASE``,
``counter-app enroll URL CODE``, ``counter-app provision [FILE]``, ``counter-app notices
[publish]``, ``counter-app approvals [approve|refuse ID]``, ``counter-app elicence
check|tasks``, ``counter-app problems …``, ``counter-app ticket STEP`` and ``counter-app
tickets`` (registered through the ``counter_app.commands`` entry point)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from counter_app.cli.actor import add_actor_options
from counter_app.cli.context import lazy_command, number_in
from sync.support_bundle_cli import register as register_support_bundle

if TYPE_CHECKING:
    from counter_app.config import Config
    from counter_app.home import Home
    from counter_app.store.audit import AuditHead

# `--once` waits this long for a sync already running elsewhere (GUI) before reporting it,
# and at most an hour when told (--wait): a run of the window's scheduler ends long before.
ONCE_LOCK_WAIT_SECONDS = 30.0
MOST_LOCK_WAIT_SECONDS = 3600.0


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
        type=number_in(0.0, MOST_LOCK_WAIT_SECONDS),
        default=ONCE_LOCK_WAIT_SECONDS,
        metavar="SECONDS",
        help="with --once: how long to wait for a sync already running in another program "
        f"(0 to {MOST_LOCK_WAIT_SECONDS:g}; default {ONCE_LOCK_WAIT_SECONDS:g})",
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
    _register_approvals(subparsers)
    _register_elicences(subparsers)
    _register_problems(subparsers)
    _register_tickets(subparsers)
    register_support_bundle(subparsers)

    enrol = subparsers.add_parser("enroll", help="在中心平台登记本机 / enrol this workstation")
    enrol.add_argument("url", help="platform address, https://host[:port]")
    enrol.add_argument("code", help="one-time enrolment code from the platform operator")
    enrol.add_argument("--ca-bundle", default="", help="CA certificate file for the platform's TLS")
    enrol.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="development only: plain http to 127.0.0.1",
    )
    enrol.add_argument(
        "--despite-backlog",
        action="store_true",
        help="enrol again although cases wait to upload under the current enrolment (those of "
        "another hall or window then never upload): only for a revoked enrolment, or a new "
        "code for the same hall and window",
    )
    enrol.add_argument(
        "--leave-open-cases",
        action="store_true",
        help="enrol into another hall although cases of the old hall are still open here "
        "(nobody can then take their corrections or hand over their results here): recorded "
        "in the audit log",
    )
    enrol.add_argument("--json", action="store_true")
    enrol.set_defaults(func=lazy_command("sync.commands", "enroll_workstation"))

    provision = subparsers.add_parser(
        "provision",
        help="按配置文件登记并同步本机 / provision this window from a file",
        description="Enrol at the platform the provisioning file names, pull the service "
        "catalog and calendar, then take the used enrolment code out of the file. FILE: "
        "/etc/counter-app/provision.toml by default ($COUNTER_APP_PROVISION_FILE).",
    )
    provision.add_argument("file", nargs="?", metavar="FILE", help="the provisioning file")
    provision.add_argument("--json", action="store_true")
    provision.set_defaults(func=lazy_command("sync.commands", "provision_workstation"))


def _register_elicences(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Here, not in the core: the check asks the platform's e-licence register.
    elicence = subparsers.add_parser(
        "elicence",
        help="两个免于提交 / which materials an applicant need not submit",
        description="'elicence check': per material of an item, whether this applicant is "
        "exempt (issued by a city department, or held as an e-licence the register confirms "
        "with the applicant's authorisation code). 'elicence tasks': e-licences marked "
        "pending offline that the register did not confirm.",
    )
    actions = elicence.add_subparsers(dest="elicence_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="免交核对 / check exemptions")
    check.add_argument("--id-number", required=True, help="the applicant's ID number")
    check.add_argument("--item", required=True, help="service item code")
    check.add_argument("--situation", help="situation code (default: the item's first)")
    check.add_argument(
        "--consent", metavar="CODE", help="authorisation code the applicant made in the app"
    )
    add_actor_options(check, "clerk or supervisor who looks the licences up", required=False)
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=lazy_command("sync.elicence_commands", "check"))
    tasks = actions.add_parser("tasks", help="核验未通过的电子证照 / failed verifications")
    tasks.add_argument("--json", action="store_true")
    tasks.set_defaults(func=lazy_command("sync.elicence_commands", "tasks"))
    resolve = actions.add_parser(
        "resolve",
        help="处理核验未通过的电子证照 / close a failed verification",
        description="Close a task of 'elicence tasks': --paper (the applicant handed the "
        "material in on paper: it is recorded as received) or --recheck (look the licence up "
        "again with the applicant's new authorisation code; its document is attached). The "
        "case's next version records it and syncs like any change.",
    )
    resolve.add_argument("case_no", metavar="CASE_NUMBER", help="the case number")
    resolve.add_argument("--material", required=True, metavar="CODE", help="material code")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--paper", action="store_true", help="收取纸质材料 / paper handed in")
    how.add_argument("--recheck", action="store_true", help="重新核验 / look up again")
    resolve.add_argument(
        "--consent", metavar="CODE", help="with --recheck: the applicant's new authorisation code"
    )
    add_actor_options(resolve, "clerk or supervisor who settles the task")
    resolve.add_argument("--json", action="store_true")
    resolve.set_defaults(func=lazy_command("sync.elicence_commands", "resolve"))


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


def _register_approvals(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Here, not in the core: the requests live on the platform.
    approvals = subparsers.add_parser(
        "approvals",
        help="审批请求 / the hall's approval requests",
        description="The approval requests pending in this workstation's hall, from every "
        "window (online only). 'approvals approve|refuse ID' decides one as a supervisor.",
    )
    approvals.add_argument("--json", action="store_true")
    approvals.set_defaults(func=lazy_command("sync.approval_commands", "list_requests"))
    actions = approvals.add_subparsers(dest="approvals_action", metavar="ACTION")
    for name, what in (
        ("approve", "批准审批请求 / approve a request"),
        ("refuse", "拒绝审批请求 / refuse a request (with --reason)"),
    ):
        decide = actions.add_parser(
            name,
            help=what,
            description="Decide a pending approval request of this hall as a supervisor; "
            "the clerk's window learns it within seconds. Nobody decides their own request.",
        )
        decide.add_argument(
            "request_id",
            metavar="ID",
            help="the request's id (approvals lists it), or a unique prefix of >= 8 hex digits",
        )
        decide.add_argument("--reason", help="why (needed to refuse; the clerk reads it)")
        add_actor_options(decide, "the supervisor (or admin) who decides")
        decide.add_argument("--json", action="store_true")
        decide.set_defaults(func=lazy_command("sync.approval_commands", "decide"))


def _register_problems(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Here, not in the core: both read the platform's version of the case.
    problems = subparsers.add_parser(
        "problems",
        help="被拒或冲突的办件 / cases the platform refused or holds in conflict",
        description="Compare a problem case's local and platform versions, and resolve it. "
        "List the problems with 'counter-app queue --problems'.",
    )
    actions = problems.add_subparsers(dest="problems_action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="本机与平台版本逐项对照 / local and platform version field by field",
        description="The platform's newest version of the case beside this workstation's "
        "(or, for another window's case, the one it sent), personal data masked; * marks a "
        "field that differs.",
    )
    show.add_argument("case", metavar="CASE", help="case UUID or case number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=lazy_command("sync.problem_commands", "show"))
    resolve = actions.add_parser(
        "resolve",
        help="处理问题办件 / resolve a problem case",
        description="Resend this workstation's version as corrected (a new, approved "
        "version), adopt the platform's version, or void the case. Another window's case is "
        "resolved by a signed instruction its workstation carries out at its next sync.",
    )
    resolve.add_argument("case", metavar="CASE", help="case UUID or case number")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--resend", action="store_true", help="resend as corrected")
    how.add_argument("--adopt", action="store_true", help="adopt the platform's version")
    how.add_argument("--void", action="store_true", help="void the case (作废)")
    resolve.add_argument("--reason", required=True, help="why (kept in the case and the audit)")
    add_actor_options(resolve, "the supervisor (or admin) who resolves it")
    resolve.add_argument("--json", action="store_true")
    resolve.set_defaults(func=lazy_command("sync.problem_commands", "resolve_case"))


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
        help="叫号 / call, re-call, no-show, start, close, redirect or re-queue a queue ticket",
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
    requeue = steps.add_parser(
        "requeue", help="过号重新排队 / put today's no-show back in the queue"
    )
    requeue.add_argument("number", metavar="NUMBER", help="today's ticket number, e.g. Y006")
    requeue.add_argument(
        "--request-id",
        metavar="UUID",
        help="the id of a step whose answer was lost: sent again, it is not taken twice",
    )
    add_actor_options(requeue, "the clerk at this window", required=False)
    requeue.add_argument("--json", action="store_true")
    requeue.set_defaults(func=lazy_command("sync.ticket_commands", "requeue"))
