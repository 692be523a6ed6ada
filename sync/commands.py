"""Handlers of ``counter-app sync``, ``sync status``, ``sync requeue`` and ``enroll``; imported
only when one of them runs (``sync.cli`` registers them without loading the client)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from types import FrameType

from counter_app.cli.actor import actor
from counter_app.cli.context import CliContext, check_hall_days, cli_context, os_actor
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_time_text
from counter_app.errors import ValidationError
from counter_app.services.approval import SUPERVISOR_ROLES
from sync.credential import load_identity
from sync.engine import SyncEngine, SyncSummary
from sync.enrolment import (
    enroll,
    numbering_devices,
    refuse_stranding_backlog,
    refuse_training_home,
    replaced_device_note,
)
from sync.enrolment_resend import requeued_at_enrolment
from sync.errors import InsecureTransportRefused
from sync.feeds import DEFAULT_FEEDS
from sync.provisioning import NO_CATALOG_AFTER_SYNC, platform_catalog_loaded
from sync.requeue import ACTION, requeue_cases, requeue_rejected
from sync.scheduler import SyncScheduler
from sync.status import (
    CONNECTIVITY_NAMES,
    SyncStatus,
    read_status,
    recovered_words,
    restore_words,
    revoked_words,
)
from sync.status_refusals import RefusedDocument

EXIT_UNREACHABLE = 3


def _engine(ctx: CliContext) -> SyncEngine:
    return SyncEngine(ctx.home, ctx.config, ctx.open_store(), DEFAULT_FEEDS)


def run_sync(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    engine = _engine(ctx)
    try:
        if args.once:
            summary = engine.run_once(manual=True, lock_timeout=args.wait)
            engine.store.checkpoint()  # the window's connection never does (Store.checkpoint)
            _print_summary(ctx, summary, args.json)
            if summary.error is None:
                if not ctx.config.is_training and not platform_catalog_loaded(engine.store):
                    print(ctx.text(*NO_CATALOG_AFTER_SYNC), file=sys.stderr)
                return 0
            return EXIT_UNREACHABLE if not summary.reachable else 1
        return _run_until_interrupted(ctx, engine)
    finally:
        engine.store.close()


def _run_until_interrupted(ctx: CliContext, engine: SyncEngine) -> int:
    stopped = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    scheduler = SyncScheduler(engine, interval_seconds=ctx.config.sync.interval_seconds)
    last_said = [""]

    def say(status: SyncStatus) -> None:
        # What a run ended in, once per change: not each run's start, not the same again.
        line = _service_line(ctx, status)
        if status.connectivity != "syncing" and line != last_said[0]:
            last_said[0] = line
            print(line, flush=True)

    engine.board.subscribe(say)
    scheduler.start()
    scheduler.sync_now()
    stopped.wait()
    scheduler.stop()
    return 0


def _service_line(ctx: CliContext, status: SyncStatus) -> str:
    """What the running ``counter-app sync`` prints when a run ends in a new state (its
    journal, under systemd): ``[同步] 离线，待上传 3 件：无法连接平台……``."""
    state_zh, state_en = CONNECTIVITY_NAMES[status.connectivity]
    zh = f"[同步] {state_zh}，待上传 {status.backlog} 件"
    en = f"[sync] {state_en}, backlog {status.backlog}"
    if status.last_error_zh and status.last_error_en:
        zh, en = f"{zh}：{status.last_error_zh}", f"{en}: {status.last_error_en}"
    return ctx.text(zh, en)


def _print_summary(ctx: CliContext, summary: SyncSummary, as_json: bool) -> None:
    """The run's counts on stdout. A run that failed says why first, on stderr, and then no
    summary that reads as a success: what it did before it failed, and the cases waiting."""
    if summary.error is not None:
        ctx.warn(summary.error["message"], summary.error["message_en"])
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    elif summary.error is None:
        zh, en = _counts_words(summary)
        zh, en = (
            f"{zh}，待上传 {summary.pending} 件；拉取更新 {summary.pulled} 条。",
            f"{en}, pending {summary.pending}; pulled {summary.pulled} updates.",
        )
        print(ctx.text(*_with_restore_words(summary, zh, en)))
    else:
        print(ctx.text(*_with_restore_words(summary, *_unfinished_words(summary))))
    if not as_json:
        if summary.store_behind_platform:
            behind = summary.store_behind_platform
            print(ctx.text(behind["message"], behind["message_en"]))
        if summary.recovered_from_platform:
            print(ctx.text(*recovered_words(summary.recovered_from_platform)))
        for refused in summary.refused_documents:
            print(ctx.text(*RefusedDocument(**refused).words()))


def _with_restore_words(summary: SyncSummary, zh: str, en: str) -> tuple[str, str]:
    """The summary (zh, en) and, when this run found the platform restored from a backup,
    why the cases it had acknowledged went again (or wait to, if the run failed after)."""
    count = summary.resent_after_restore
    if not count:
        return zh, en
    if summary.error is None:
        return (
            f"{zh}平台已从备份恢复：本次重新上传了 {count} 个已确认的版本。",
            f"{en} The platform was restored from a backup: this run sent {count} "
            "acknowledged version(s) again.",
        )
    return (
        f"{zh}平台已从备份恢复：{count} 个已确认的版本已重新排队，下次同步时上传。",
        f"{en} The platform was restored from a backup: {count} acknowledged version(s) "
        "are queued again and go with the next sync.",
    )


def _unfinished_words(summary: SyncSummary) -> tuple[str, str]:
    """A failed run (zh, en): what it did before it failed, if anything, and the backlog the
    store holds after it (every case still waiting, not this run's count)."""
    zh, en = "同步未完成", "Sync did not finish"
    if any(
        (summary.pushed, summary.duplicates, summary.conflicts, summary.rejected, summary.pulled)
    ):
        counts_zh, counts_en = _counts_words(summary)
        zh = f"{zh}：本次{counts_zh}，拉取更新 {summary.pulled} 条"
        en = f"{en}: {counts_en}, pulled {summary.pulled} updates"
    if not summary.pending:
        return f"{zh}。", f"{en}."
    return (
        f"{zh}；本机仍有 {summary.pending} 件办件待上传。",
        f"{en}; {summary.pending} case(s) still wait to be uploaded.",
    )


def _counts_words(summary: SyncSummary) -> tuple[str, str]:
    """What a run's push did, in words (zh, en)."""
    return (
        f"已上传 {summary.pushed} 件，重复确认 {summary.duplicates} 件，冲突 {summary.conflicts} 件，"
        f"被拒 {summary.rejected} 件",
        f"pushed {summary.pushed}, duplicates {summary.duplicates}, conflicts {summary.conflicts}, "
        f"rejected {summary.rejected}",
    )


def show_status(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    store = ctx.open_store()
    try:
        status = read_status(ctx.home, ctx.config, store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(status.to_dict(), ensure_ascii=False))
        return 0
    last = status.last_success_at
    enrolment_zh, enrolment_en = (
        ("已被平台吊销", "revoked by the platform")
        if status.revoked
        else ("已登记", "yes")
        if status.enrolled
        else ("未登记", "no")
    )
    print(
        ctx.text(
            f"登记：{enrolment_zh}；待上传 {status.backlog} 件；"
            f"待值班长处理 {status.needs_supervisor} 件；"
            f"上次成功同步：{hall_time_text(last) if last else '从未'}",
            f"enrolled: {enrolment_en}; backlog {status.backlog}; "
            f"needing a supervisor {status.needs_supervisor}; "
            f"last success: {hall_time_text(last) if last else 'never'}",
        )
    )
    error = (
        revoked_words(ctx.config, status.backlog)
        if status.revoked
        else (status.last_error_zh, status.last_error_en)
    )
    for zh, en in (
        error,
        (status.offline_warning_zh, status.offline_warning_en),
        (status.disk_warning_zh, status.disk_warning_en),
        restore_words(status) or (None, None),
        recovered_words(status.recovered_from_platform)
        if status.recovered_from_platform
        else (None, None),
        *(refused.words() for refused in status.refused_documents),
    ):
        if zh and en:
            print(ctx.text(zh, en))
    return 0


def requeue(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    if bool(args.cases) == args.all_rejected or (args.since and not args.all_rejected):
        raise ValidationError(
            "请指定要重新排队的办件，或使用 --all-rejected [--since 日期]，二者选一。",
            "Name the cases to requeue, or give --all-rejected [--since DATE]; not both.",
            field="cases",
        )
    since = _since(args.since) if args.since else None
    store = ctx.open_store()
    try:
        supervisor = actor(args, ctx, store, roles=SUPERVISOR_ROLES, action=ACTION)
        if args.all_rejected:
            done = requeue_rejected(store, actor=supervisor.username, since=since)
        else:
            done = requeue_cases(store, args.cases, actor=supervisor.username)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"requeued": [asdict(r) for r in done]}, ensure_ascii=False))
        return 0
    versions = sum(r.versions for r in done)
    print(
        ctx.text(
            f"已重新排队 {len(done)} 件办件（{versions} 个版本），下次同步时上传。",
            f"Requeued {len(done)} case(s) ({versions} version(s)); they go with the next sync.",
        )
    )
    return 0


def _since(text: str) -> datetime:
    """YYYY-MM-DD is the start of that day in the hall; an ISO time without a zone too."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"--since 应为日期 YYYY-MM-DD 或 ISO 时间（收到 {text}）。",
            f"--since must be a date YYYY-MM-DD or an ISO time (got {text}).",
            field="since",
        ) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=HALL_TIMEZONE)
    try:
        day: date | None = moment.astimezone(HALL_TIMEZONE).date()
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00: before the calendar's first day
        day = None
    check_hall_days(day, "--since", text)
    return moment


def enroll_workstation(args: argparse.Namespace) -> int:
    ctx = cli_context(args)
    refuse_training_home(ctx.home)
    ctx.home.ensure()
    previous = load_identity(ctx.home)
    with ctx.open_store() as store:
        if not args.despite_backlog:
            refuse_stranding_backlog(ctx.home, store)
        try:
            identity = enroll(
                ctx.home,
                args.url,
                args.code,
                number_devices=numbering_devices(ctx.config.hall.device_id, store),
                # Without --ca-bundle: the CA file the configuration names (IT's, in the system file).
                ca_bundle=args.ca_bundle or ctx.config.sync.ca_bundle,
                allow_insecure_http=args.allow_insecure_http or ctx.config.sync.allow_insecure_http,
                store=store,
                actor=os_actor(),
                leave_open_cases=args.leave_open_cases,
                proxy=ctx.config.sync.proxy,
            )
        except InsecureTransportRefused as exc:
            if "http://" not in args.url.lower():
                raise
            # The transport names the setting; this command reads its option too.
            raise InsecureTransportRefused(
                f"{exc.zh}用 counter-app enroll 登记时，也可加 --allow-insecure-http 选项。",
                f"{exc.en} With counter-app enroll, the option --allow-insecure-http does the "
                "same.",
                field="url",
            ) from exc
        requeued = requeued_at_enrolment(store, identity)
    replaced = replaced_device_note(previous, identity)
    if args.json:
        print(
            json.dumps(
                {
                    "device_id": identity.device_id,
                    "hall": identity.hall,
                    "window": identity.window,
                    "platform_url": identity.platform_url,
                    "replaced_device_id": previous.device_id if replaced and previous else None,
                    "requeued": requeued,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(
            ctx.text(
                f"登记成功：大厅 {identity.hall}，窗口 {identity.window}，设备 {identity.device_id}。"
                "下一步：运行 counter-app sync --once 取得事项目录和工作日历。",
                f"Enrolled: hall {identity.hall}, window {identity.window}, device "
                f"{identity.device_id}. Next: run counter-app sync --once to fetch the service "
                "catalog and calendar.",
            )
        )
        if requeued:
            print(
                ctx.text(
                    f"本机已确认上传的 {requeued} 个办件版本重新排队上传（平台已有的答复"
                    "“重复”），下次同步时发出，无需处理。",
                    f"{requeued} case version(s) the platform had acknowledged are queued to "
                    "upload again (those it still holds answer duplicate); the next sync sends "
                    "them. Nothing to do.",
                )
            )
    if replaced is not None:
        print(ctx.text(*replaced), file=sys.stderr)
    return 0


def provision_workstation(args: argparse.Namespace) -> int:
    from sync.provision_file import provision_file_path, provision_from_file, read_provision_file

    ctx = cli_context(args)
    refuse_training_home(ctx.home)  # before the file: the training hall reads none
    path = Path(args.file) if args.file else provision_file_path()
    done = provision_from_file(
        ctx.home, read_provision_file(path), config_file=args.config, actor=os_actor()
    )
    identity = done.identity
    for zh, en in done.warnings:
        print(ctx.text(zh, en), file=sys.stderr)
    if done.code_left:
        print(
            ctx.text(
                f"登记码已用过，但无法从 {path} 中删除：请手动删除 enrolment_code 一行。",
                f"The code is used but could not be taken out of {path}: remove the "
                "enrolment_code line by hand.",
            ),
            file=sys.stderr,
        )
    if args.json:
        print(
            json.dumps(
                {
                    "provisioned": True,
                    "device_id": identity.device_id,
                    "hall": identity.hall,
                    "window": identity.window,
                    "platform_url": identity.platform_url,
                    "file": str(path),
                    "code_removed": done.code_removed,
                    "warnings": [en if ctx.lang == "en" else zh for zh, en in done.warnings],
                },
                ensure_ascii=False,
            )
        )
    else:
        print(
            ctx.text(
                f"本机已就绪：大厅 {identity.hall}，窗口 {identity.window}，设备 "
                f"{identity.device_id}；事项目录和工作日历已取得。",
                f"This window is ready: hall {identity.hall}, window {identity.window}, device "
                f"{identity.device_id}; the service catalog and calendar are in.",
            )
        )
    return 0
