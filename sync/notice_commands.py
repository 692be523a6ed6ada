"""``counter-app notices`` (the hall's notices, read or not for a user) and ``counter-app
notices publish`` (a supervisor's notice to every window of the hall): the headless twins of
the window's notice list and compose dialog."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from counter_app.cli.actor import actor
from counter_app.cli.context import CliContext, cli_context, os_actor
from counter_app.domain.hall_time import hall_time_text
from counter_app.services.approval import SUPERVISOR_ROLES
from counter_app.store.hall_notices import HallNotice, hall_notices
from sync.device_transport import COMMAND_TIMEOUTS
from sync.hall_notices import publish_notice


def list_notices(args: argparse.Namespace) -> int:
    context = cli_context(args)
    username = args.user or os_actor("cli")
    with context.open_store() as store:
        notices = hall_notices(store, username, unread_only=args.unread)
    if args.json:
        print(json.dumps({"notices": [asdict(n) for n in notices]}, ensure_ascii=False))
        return 0
    if not notices:
        print(context.text("没有大厅通知。", "No hall notices."))
    for notice in notices:
        _print_notice(context, notice)
    return 0


def publish(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        publisher = actor(args, context, store, roles=SUPERVISOR_ROLES, action="notice.publish")
        notice = publish_notice(store, publisher, args.title, args.body, timeouts=COMMAND_TIMEOUTS)
    if args.json:
        print(json.dumps(asdict(notice), ensure_ascii=False))
        return 0
    print(
        context.text(
            f"已向本大厅发布通知“{notice.title}”（{hall_time_text(notice.published_at)}）。",
            f"Published '{notice.title}' to this hall ({hall_time_text(notice.published_at)}).",
        )
    )
    return 0


def _print_notice(context: CliContext, notice: HallNotice) -> None:
    mark = context.text("已读", "read") if notice.read else context.text("未读", "unread")
    publisher = notice.publisher_name or context.text("平台", "platform")
    print(f"{hall_time_text(notice.published_at)}  [{mark}]  {notice.title}  ({publisher})")
    for line in notice.body.splitlines():
        print(f"    {line}")
