"""``counter-app stats``: the supervisor's statistics from the command line (the headless twin
of the window's statistics tab), as text, JSON (docs/operations.md) or a CSV file. No
personal data."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.cli.context import CliContext, cli_context, hall_day, os_actor, print_json

if TYPE_CHECKING:
    from counter_app.services.statistics import ClerkFigures, Durations, Statistics


def register(subparsers: argparse._SubParsersAction) -> None:
    stats = subparsers.add_parser(
        "stats",
        help="统计 / statistics of the hall",
        description="Cases per hour, per window and per clerk (with their decisions and "
        "median handling time), decisions, top items, 一件事 bundles "
        "decided (per bundle, with the cases they made), handling time (card "
        "read to decision), 好差评 satisfaction and sync delay (acceptance to the platform's "
        "acknowledgement) of the whole hall: this workstation's cases and the hall queue's. "
        "The period is hall days, both included (default: today).",
    )
    stats.add_argument("--from", dest="first", help="first day, YYYY-MM-DD (default: --to)")
    stats.add_argument("--to", dest="last", help="last day, YYYY-MM-DD (default: today)")
    stats.add_argument("--json", action="store_true", help="the figures as JSON")
    stats.add_argument("--csv", type=Path, help="also write the figures to this CSV file")
    stats.set_defaults(func=_stats)


def _day(text: str | None, option: str) -> date | None:
    return None if text is None else hall_day(text, option)


def _stats(args: argparse.Namespace) -> int:
    from counter_app.services.statistics import Period, compute, export_csv

    period = Period.of(_day(args.first, "--from"), _day(args.last, "--to"))
    context = cli_context(args)
    with context.open_store() as store:
        stats = compute(store, period)
        if args.csv is not None:
            export_csv(store, stats, args.csv, os_actor())
    if args.json:
        print_json(stats.to_json())
    else:
        _print(context, stats)
    return 0


def _print(context: CliContext, stats: Statistics) -> None:
    from counter_app.domain.case_states import STATE_NAMES
    from counter_app.services.end_of_day import BUNDLE_FIGURE, TIME_LIMIT_FIGURE
    from counter_app.services.statistics import DECISION_STATES

    t = context.text
    print(f"{t('统计期间', 'Period')}: {stats.period.first} – {stats.period.last}")
    print(f"{t('办件', 'Cases')}: {stats.cases}")
    # "13时 9件", not "13:9", which reads as a time of day.
    hours = [t(f"{h}时 {n}件", f"{n} at {h}h") for h, n in enumerate(stats.per_hour) if n]
    print(f"{t('每小时', 'Per hour')}: {t('，', ', ').join(hours) or '—'}")
    windows = [f"{w.window_code}:{w.cases}" for w in stats.per_window]
    print(f"{t('每窗口', 'Per window')}: {' '.join(windows) or '—'}")
    for decision, cases in stats.decisions:
        print(f"  {t(*STATE_NAMES[DECISION_STATES[decision]])}: {cases}")
    print(t("每受理人", "Per clerk") + ":" + ("" if stats.per_clerk else " —"))
    for clerk in stats.per_clerk:
        print(f"  {_clerk_line(context, clerk)}")
    print(t("热门事项", "Top items") + ":")
    for item in stats.top_items:
        print(f"  {item.cases:>6}  {item.item_code}  {item.item_name}")
    # Each case of a 一件事 is counted above too, under its own item.
    bundles, cases = stats.bundle_figures
    print(f"{t('一件事', 'One-thing bundles')}: {t(*BUNDLE_FIGURE).format(bundles, cases)}")
    for bundle in stats.bundles:
        print(f"  {bundle.bundle_name}  {t(*BUNDLE_FIGURE).format(bundle.bundles, bundle.cases)}")
    print(
        f"{t('办理时长（读卡至决定）', 'Handling time (card read to decision)')}: "
        f"{_durations(context, stats.handling)}"
    )
    s = stats.satisfaction
    rate = f"{s.rating_rate:.1%}" if s.rating_rate is not None else "—"
    satisfied = f"{s.satisfied_rate:.1%}" if s.satisfied_rate is not None else "—"
    print(
        f"{t('好差评', 'Ratings')}: "
        f"{t('评价率', 'rating rate')} {rate}, {t('满意率', 'satisfied')} {satisfied}, "
        + ", ".join(f"{level}★ {n}" for level, n in enumerate(s.levels, start=1))
        + f", {t('拒评', 'declined')} {s.declined}, {t('未评', 'not rated')} {s.not_rated}"
    )
    print(
        f"{t('同步延迟（受理至平台确认）', 'Sync delay (accepted to acknowledged)')}: "
        f"{_durations(context, stats.sync_delay)}, "
        f"{t('本机待确认', 'waiting here')} {stats.sync_waiting}"
    )
    print(
        t(*TIME_LIMIT_FIGURE).format(
            day=stats.period.last,
            overdue=stats.time_limits.overdue,
            due_soon=stats.time_limits.due_soon,
        )
    )


def _clerk_line(context: CliContext, clerk: ClerkFigures) -> str:
    """``wangfang 王芳 [W01]  5 件: 已受理 3，不予受理 2  中位 7.0 分钟``: the decisions the clerk
    took (those they took any of) and the median handling time."""
    from counter_app.domain.case_states import STATE_NAMES
    from counter_app.services.statistics import DECISION_STATES

    t = context.text
    taken = t("，", ", ").join(
        f"{t(*STATE_NAMES[DECISION_STATES[d]])} {n}" for d, n in clerk.decisions if n
    )
    median = clerk.handling.median_seconds
    handling = (
        t(f"中位 {median / 60:.1f} 分钟", f"median {median / 60:.1f} min")
        if median is not None
        else t("时长无数据", "no handling time measured")
    )
    cases = t(f"{clerk.cases} 件", f"{clerk.cases} cases")
    return f"{clerk.label} [{','.join(clerk.windows)}]  {cases}: {taken}  {handling}"


def _durations(context: CliContext, figures: Durations) -> str:
    if figures.median_seconds is None or figures.p90_seconds is None:
        return context.text("无数据", "none measured")
    return context.text(
        f"{figures.measured} 件，中位 {figures.median_seconds / 60:.1f} 分钟，"
        f"90% 在 {figures.p90_seconds / 60:.1f} 分钟内",
        f"{figures.measured} cases, median {figures.median_seconds / 60:.1f} min, "
        f"90% within {figures.p90_seconds / 60:.1f} min",
    )
