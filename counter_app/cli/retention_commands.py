"""``counter-app retention [--dry-run] [--json]``: purge the personal data of the cases past
the retention period (``retention.personal_data_days``), or say how many a run would; the
background sync does the same once a hall day (:mod:`counter_app.services.retention`)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from counter_app.cli.context import open_case_store, os_actor, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "retention",
        help="清除超过保留期限的个人信息 / purge personal data past the retention period",
        description="Clear the applicants' personal data of the cases finished here, held by "
        "the platform, owing nothing and unchanged for retention.personal_data_days days; "
        "case numbers, states, dates and figures stay.",
    )
    command.add_argument(
        "--dry-run", action="store_true", help="only count the cases due; change nothing"
    )
    command.add_argument("--json", action="store_true")
    command.set_defaults(func=_retention)


def _retention(args: argparse.Namespace) -> int:
    from counter_app.services.retention import purge_expired

    context, store = open_case_store(args)
    with store:
        run = purge_expired(store, actor=os_actor("retention"), dry_run=args.dry_run)
    if args.json:
        print_json(asdict(run))
        return 0
    if run.dry_run:
        zh_done, en_done = "将清除", "Would purge"
    else:
        zh_done, en_done = "已清除", "Purged"
    span_zh = f"（受理日期 {run.first_day} 至 {run.last_day}）" if run.cases else ""
    span_en = f" (taken {run.first_day} to {run.last_day})" if run.cases else ""
    print(
        context.text(
            f"{zh_done} {run.cases} 件办件的个人信息{span_zh}：已办结、中心平台已接收，"
            f"最后变更早于 {run.cutoff}（保留 {run.kept_days} 天）。",
            f"{en_done} the personal data of {run.cases} case(s){span_en}: finished, held by "
            f"the platform, last changed before {run.cutoff} (kept {run.kept_days} days).",
        )
    )
    if run.dry_run:
        print(context.text("试运行：未做任何改动。", "Dry run: nothing was changed."))
    return 0
