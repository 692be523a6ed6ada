"""``counter-app problems show CASE`` (the local and the platform's version side by side,
each field in words with its path for IT, masked) and ``counter-app problems resolve CASE
--resend|--adopt|--void``: the headless twins of the window's problems tab. ``counter-app
queue --problems`` lists the cases."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from counter_app.cli.actor import actor
from counter_app.cli.context import cli_context
from counter_app.services.approval import SUPERVISOR_ROLES
from counter_app.services.problems import Resolution
from sync.device_transport import COMMAND_TIMEOUTS
from sync.problems import compare, resolve


def show(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        comparison = compare(store, args.case, timeouts=COMMAND_TIMEOUTS)
    if args.json:
        print(json.dumps(asdict(comparison), ensure_ascii=False))
        return 0
    local = context.text("本机", "local") if comparison.own else comparison.window_code
    differing = sum(row.differs for row in comparison.rows)
    print(
        f"{comparison.case_no}  {local} v{comparison.local_version or '-'}  "
        f"{context.text('平台', 'platform')} v{comparison.platform_version}  "
        + context.text(f"有 {differing} 个字段不同（*）", f"{differing} field(s) differ (*)")
    )
    masked = context.text("  不同（已遮蔽）", "  differs (masked)")
    for row in comparison.rows:
        mark = "*" if row.differs else " "
        print(
            f"{mark} {context.text(row.label_zh, row.label_en)}  [{row.path}]  "
            f"{row.local or '-'}  |  {row.platform or '-'}{masked if row.differs_masked else ''}"
        )
    return 0


def resolve_case(args: argparse.Namespace) -> int:
    context = cli_context(args)
    action = "resend" if args.resend else "adopt" if args.adopt else "void"
    with context.open_store() as store:
        supervisor = actor(args, context, store, roles=SUPERVISOR_ROLES, action=f"problem.{action}")
        outcome = resolve(
            store, supervisor, args.case, action, args.reason, timeouts=COMMAND_TIMEOUTS
        )
    if args.json:
        print(json.dumps(asdict(outcome), ensure_ascii=False))
        return 0
    if isinstance(outcome, Resolution):
        print(context.text(outcome.outcome_zh, outcome.outcome_en))
        return 0 if outcome.state == "done" else 1
    print(
        context.text(
            f"已发出指令，等待 {outcome.target_window} 执行。",
            f"Instruction sent; waiting for {outcome.target_window}.",
        )
    )
    return 0
