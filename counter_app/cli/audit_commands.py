"""``counter-app audit verify|list``: the audit log's hash chain checked (here, and against the
head the central platform holds; open to hall IT's scripts), and its entries read back by an
administrator (``--by``, as in the window's 设置 → 审计日志) for an auditor or IT, about one
person too (``--person``: who looked at their data; the number given is neither logged nor
printed)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict

from counter_app.cli.actor import add_staff_options, staff_member
from counter_app.cli.context import (
    MOST_ROWS,
    CliContext,
    cli_context,
    hall_day,
    number_in,
    print_json,
)
from counter_app.config import Config
from counter_app.domain.hall_time import hall_time_text
from counter_app.errors import ConfigError
from counter_app.home import Home
from counter_app.store.audit import AuditHead, ReplacedRun


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="审计日志 / the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_commands.add_parser(
        "verify",
        help="核对审计日志的哈希链 / check the hash chain; exit 1 naming the first broken entry",
    )
    verify.add_argument("--json", action="store_true")
    verify.add_argument(
        "--online",
        action="store_true",
        help="also compare with the audit head the central platform holds for this device",
    )
    # The sync plug-in sets ``audit_witness`` on the ``audit`` parser (see sync.cli): the
    # core asks the platform only through it, never importing sync itself.
    verify.set_defaults(func=_audit_verify)
    listing = audit_commands.add_parser(
        "list",
        help="查阅审计日志 / the newest entries that match, oldest first (hall time)",
    )
    listing.add_argument("--since", metavar="DAY", help="first hall day, YYYY-MM-DD")
    listing.add_argument("--until", metavar="DAY", help="last hall day, YYYY-MM-DD")
    listing.add_argument("--actor", metavar="USER", help="who acted (a username, cli:<os user>)")
    listing.add_argument(
        "--action", help="an action or its family: login finds login.success, login.failure…"
    )
    listing.add_argument(
        "--case", metavar="CASE", help="entries about this case (its number or UUID)"
    )
    listing.add_argument("--target", help="entries about this target as recorded (e.g. a user)")
    listing.add_argument(
        "--person",
        metavar="ID_OR_PHONE",
        help="entries about this person: the searches for them and the entries about their "
        "cases (an ID number, or a mobile or landline number with its area code)",
    )
    listing.add_argument(
        "--limit",
        type=number_in(1, MOST_ROWS),
        default=100,
        help="at most this many (default 100)",
    )
    listing.add_argument("--json", action="store_true")
    add_staff_options(listing, "the administrator who reads it")
    listing.set_defaults(func=_audit_list)


AuditWitness = Callable[[Home, Config], AuditHead | None]


def _platform_head(args: argparse.Namespace, context: CliContext) -> AuditHead | None:
    witness: AuditWitness | None = getattr(args, "audit_witness", None)
    if witness is None:
        raise ConfigError(
            "本机未安装同步组件，无法与中心平台核对审计日志。",
            "The sync component is not installed, so the audit log cannot be checked "
            "against the central platform.",
        )
    return witness(context.home, context.config)


def _audit_verify(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        problems, replaced = store.audit.verify_with_runs()
        count = store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        keyed_from = store.audit.keyed_from()
        held = _platform_head(args, context) if args.online else None
        problems += store.audit.compare_with_platform(held)
    if args.json:
        print_json(
            {
                "entries": count,
                "keyed_from": keyed_from,
                "ok": not problems,
                "problems": [{"seq": p.seq, "message": p.zh, "message_en": p.en} for p in problems],
                "replaced": [
                    {
                        "restore_seq": run.restore_seq,
                        "restore_replaced": run.restore_replaced,
                        "from_seq": run.from_seq,
                        "to_seq": run.to_seq,
                        "count": run.count,
                        "checked": run.checked,
                        "ok": not run.problems,
                        "message": run.message("zh"),
                        "message_en": run.message("en"),
                    }
                    for run in replaced
                ],
                **({"platform_head": held and asdict(held)} if args.online else {}),
            }
        )
        return 1 if problems else 0
    if problems:
        for problem in problems:
            print(problem.message(context.lang), file=sys.stderr)
        _print_replaced(replaced, context.lang)
        return 1
    print(
        context.text(
            f"审计日志完整：{count} 条，哈希链无误（自第 {keyed_from} 条起以本机密钥签名）。",
            f"Audit log intact: {count} entries, hash chain verified (keyed from entry {keyed_from}).",
        )
    )
    _print_replaced(replaced, context.lang)
    if args.online:
        print(
            context.text(
                f"与中心平台核对一致：平台保存的链头为第 {held.seq} 条。",
                f"Matches the central platform: it holds the head at entry {held.seq}.",
            )
            if held is not None
            else context.text(
                "中心平台尚未收到本机的审计链头（同步一次后再核对）。",
                "The central platform holds no audit head of this device yet (sync once, then check).",
            )
        )
    return 0


def _print_replaced(replaced: list[ReplacedRun], lang: str) -> None:
    for run in replaced:
        print(run.message(lang))


def _audit_list(args: argparse.Namespace) -> int:
    from counter_app.services.approval import ADMIN_ROLES
    from counter_app.services.person_searches import person_asked_about
    from counter_app.store.audit_search import AuditQuery, search_audit
    from counter_app.store.cases import find_case

    context = cli_context(args)
    with context.open_store() as store:
        staff_member(args, context, store, roles=ADMIN_ROLES, action="audit.view")
        target = find_case(store, args.case).case_id if args.case else args.target
        page = search_audit(
            store,
            AuditQuery(
                since=hall_day(args.since, "--since") if args.since else None,
                until=hall_day(args.until, "--until") if args.until else None,
                actor=args.actor,
                action=args.action,
                target=target,
                person=person_asked_about(store, args.person) if args.person else None,
                limit=args.limit,
            ),
        )
    if args.json:
        print_json({"entries": page.entries, "earlier": page.earlier})
        return 0
    if page.earlier:
        print(
            context.text(
                f"（更早的 {page.earlier} 条未列出：用 --since 或 --limit 查看）",
                f"({page.earlier} earlier entries not shown: use --since or --limit)",
            )
        )
    if not page.entries:
        print(context.text("没有符合条件的审计记录。", "No audit entries match."))
    for entry in page.entries:
        where = entry["window_code"] or "-"
        line = f"{entry['seq']:>7}  {hall_time_text(entry['at'])}  {where:<5} {entry['actor']:<16}"
        line += f" {entry['action']}"
        if entry["target"]:
            line += f"  {entry['case_no'] or entry['target']}"
        if entry["detail"] and entry["detail"] != "{}":
            line += f"  {entry['detail']}"
        if entry["replaced_by_restore"] is not None:
            restore = entry["replaced_by_restore"] or "?"
            line += context.text(
                f"  （已被第 {restore} 条恢复备份替换）",
                f"  (replaced by the restore at seq {restore})",
            )
        print(line)
    return 0
