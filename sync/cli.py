"""``counter-app sync``, ``counter-app sync status``, ``counter-app sync requeue CASE`` and
``counter-app enroll URL CODE`` (registered through the ``counter_app.commands`` entry point)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType

from counter_app.cli.context import CliContext, cli_context
from sync.engine import SyncEngine
from sync.enrolment import enroll
from sync.feeds import DEFAULT_FEEDS
from sync.requeue import requeue_case
from sync.scheduler import SyncScheduler
from sync.status import read_status

# `--once` waits this long for a sync already running elsewhere (GUI) before reporting it.
ONCE_LOCK_WAIT_SECONDS = 30.0
EXIT_UNREACHABLE = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    sync.set_defaults(func=_sync)
    actions = sync.add_subparsers(dest="sync_action", metavar="ACTION")
    status = actions.add_parser("status", help="同步状态 / sync status")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_status)
    requeue = actions.add_parser(
        "requeue", help="重新排队被拒或冲突的办件 / requeue a rejected or conflicting case"
    )
    requeue.add_argument("case", help="case UUID or case number")
    requeue.add_argument("--by", default="supervisor", help="supervisor user name (audit log)")
    requeue.set_defaults(func=_requeue)

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
    enrol.set_defaults(func=_enroll)


def _engine(ctx: CliContext) -> SyncEngine:
    return SyncEngine(ctx.home, ctx.config, ctx.open_store(), DEFAULT_FEEDS)


def _sync(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    engine = _engine(ctx)
    try:
        if args.once:
            summary = engine.run_once(manual=True, lock_timeout=args.wait)
            _print_summary(ctx, summary.to_dict(), args.json)
            if summary.error is None:
                return 0
            return EXIT_UNREACHABLE if not summary.reachable else 1
        return _run_until_interrupted(ctx, engine)
    finally:
        engine.store.close()


def _run_until_interrupted(ctx: CliContext, engine: SyncEngine) -> int:
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    scheduler = SyncScheduler(engine, interval_seconds=ctx.config.sync.interval_seconds)
    engine.board.subscribe(
        lambda status: print(
            ctx.text(
                f"[同步] {status.connectivity} 待上传 {status.backlog} 件 {status.last_error_zh or ''}",
                f"[sync] {status.connectivity} backlog {status.backlog} {status.last_error_en or ''}",
            ),
            flush=True,
        )
    )
    scheduler.start()
    scheduler.sync_now()
    stopped.wait()
    scheduler.stop()
    return 0


def _print_summary(ctx: CliContext, summary: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(
        ctx.text(
            f"已上传 {summary['pushed']} 件，重复确认 {summary['duplicates']} 件，冲突 {summary['conflicts']} 件，"
            f"被拒 {summary['rejected']} 件，待上传 {summary['pending']} 件；拉取更新 {summary['pulled']} 条。",
            f"pushed {summary['pushed']}, duplicates {summary['duplicates']}, conflicts {summary['conflicts']}, "
            f"rejected {summary['rejected']}, pending {summary['pending']}; pulled {summary['pulled']} updates.",
        )
    )
    error = summary.get("error")
    if isinstance(error, dict):
        print(ctx.text(str(error["message"]), str(error["message_en"])), file=sys.stderr)


def _status(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    store = ctx.open_store()
    try:
        status = read_status(ctx.home, ctx.config, store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(status.to_dict(), ensure_ascii=False))
        return 0
    print(
        ctx.text(
            f"登记：{'已登记' if status.enrolled else '未登记'}；待上传 {status.backlog} 件；"
            f"待值班长处理 {status.needs_supervisor} 件；上次成功同步：{status.last_success_at or '从未'}",
            f"enrolled: {'yes' if status.enrolled else 'no'}; backlog {status.backlog}; "
            f"needing a supervisor {status.needs_supervisor}; last success: {status.last_success_at or 'never'}",
        )
    )
    for zh, en in (
        (status.last_error_zh, status.last_error_en),
        (status.offline_warning_zh, status.offline_warning_en),
    ):
        if zh and en:
            print(ctx.text(zh, en))
    return 0


def _requeue(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    store = ctx.open_store()
    try:
        count = requeue_case(store, args.case, actor=args.by)
    finally:
        store.close()
    print(
        ctx.text(
            f"已重新排队 {count} 个版本，下次同步时上传。",
            f"Requeued {count} version(s); they go with the next sync.",
        )
    )
    return 0


def _enroll(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    ctx.home.ensure()
    identity = enroll(
        ctx.home,
        args.url,
        args.code,
        ca_bundle=args.ca_bundle,
        allow_insecure_http=args.allow_insecure_http,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "device_id": identity.device_id,
                    "hall": identity.hall,
                    "window": identity.window,
                    "platform_url": identity.platform_url,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(
            ctx.text(
                f"登记成功：大厅 {identity.hall}，窗口 {identity.window}，设备 {identity.device_id}。",
                f"Enrolled: hall {identity.hall}, window {identity.window}, device {identity.device_id}.",
            )
        )
    return 0
