"""The supervisor's statistics for a period of hall days, of the whole hall (this
workstation's cases from its own tables, every other window's from the hall queue): cases per
hour, per window and per clerk (a window's clerks change with the shift), the counter's
decisions, the top items, the 一件事 bundles decided (per
bundle name, with the cases they made: each of those counted besides as any case is),
handling time (card read to decision), 好差评 satisfaction and sync delay (acceptance to the
platform's acknowledgement).

``Statistics.to_json`` is the shape ``counter-app stats --json`` prints (docs/operations.md);
``csv_rows`` the rows of its CSV export.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.evaluation import EvaluationChannel
from counter_app.domain.hall_time import hall_today
from counter_app.durable_files import export_file
from counter_app.errors import ValidationError
from counter_app.services.end_of_day import day_decisions
from counter_app.store import statistics as rows
from counter_app.store.database import Store
from counter_app.store.hall_queue import TimeLimitCounts, time_limit_counts
from counter_app.store.timestamps import day_bounds, now_text

# Shanghai keeps no summer time: a hall hour is the UTC hour plus eight.
_HALL_UTC_OFFSET_HOURS = 8
TOP_ITEMS = 10
# A period longer than this is a year's report, not a supervisor's look at the hall.
MAX_DAYS = 366
# Each decision of the chart, in its order, with the state that names it (STATE_NAMES).
DECISION_STATES: dict[str, CaseState] = {
    "accepted": CaseState.ACCEPTED,
    "deferred": CaseState.ACCEPTED_DEFERRED,
    "notified": CaseState.NOTIFIED,
    "refused": CaseState.REFUSED,
    "withdrawn": CaseState.WITHDRAWN,
    "voided": CaseState.VOIDED,
    "received": CaseState.RECEIVED,
}
# Bucket upper bounds in minutes (the last bucket is open-ended).
HANDLING_BUCKETS = (5, 10, 15, 20, 30, 45, 60)
SYNC_DELAY_BUCKETS = (1, 5, 15, 60, 240)


class InvalidPeriod(ValidationError):
    code = "invalid_period"


@dataclass(frozen=True)
class Period:
    """Hall days ``first`` to ``last``, both included."""

    first: date
    last: date

    @classmethod
    def of(cls, first: date | None, last: date | None, *, today: date | None = None) -> Period:
        """The period a caller asked for: a missing end is ``today`` (the hall's), a missing
        start the end's day; a period that runs backwards or is too long is refused."""
        end = last or today or hall_today()
        start = first or end
        if start > end:
            raise InvalidPeriod(
                f"统计期间的开始日期 {start} 晚于结束日期 {end}：请交换两个日期。",
                f"The period starts ({start}) after it ends ({end}): swap the two dates.",
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise InvalidPeriod(
                f"统计期间最长 {MAX_DAYS} 天：请缩短 {start} 至 {end} 的期间。",
                f"A period is at most {MAX_DAYS} days: shorten {start} to {end}.",
            )
        return cls(start, end)

    def bounds(self) -> tuple[str, str]:
        """[start, end) in the store's timestamp text."""
        return day_bounds(self.first)[0], day_bounds(self.last + timedelta(days=1))[0]


@dataclass(frozen=True)
class Bucket:
    """Cases whose duration fell in [``from_minutes``, ``to_minutes``); None: no bound."""

    from_minutes: int
    to_minutes: int | None
    cases: int

    @property
    def label(self) -> str:
        if self.to_minutes is None:
            return f"≥{self.from_minutes}"
        return f"{self.from_minutes}–{self.to_minutes}"


@dataclass(frozen=True)
class Durations:
    """A distribution of durations: how many were measured, their median and 90th
    percentile (None when none was), and the buckets."""

    measured: int
    median_seconds: float | None
    p90_seconds: float | None
    buckets: tuple[Bucket, ...]


Levels = tuple[int, ...]  # ratings of level 1, 2, 3, 4, 5


@dataclass(frozen=True)
class ChannelRatings:
    """The ratings of the period's cases given through one channel (``EvaluationChannel``:
    the hall's evaluator, or the progress page, which has no 拒绝评价)."""

    channel: str
    rated: int
    declined: int
    levels: Levels


@dataclass(frozen=True)
class Satisfaction:
    """好差评 of the period's cases. Per case: ``rated`` (a level from either channel),
    ``declined`` (declined at the hall, not rated online), ``not_rated``; ``rating_rate`` is
    rated / cases (an honest rate: a declined or missing rating is not a good one). Per
    rating: ``levels`` adds up the channels (a case rated at the hall and online counts in
    both), ``satisfied_rate`` is levels 4–5 / every rating."""

    cases: int
    rated: int
    declined: int
    not_rated: int
    channels: tuple[ChannelRatings, ...]  # the hall's evaluator, then online

    @property
    def levels(self) -> Levels:
        return tuple(sum(c.levels[i] for c in self.channels) for i in range(5))

    @property
    def ratings(self) -> int:
        return sum(self.levels)

    @property
    def rating_rate(self) -> float | None:
        return self.rated / self.cases if self.cases else None

    @property
    def satisfied_rate(self) -> float | None:
        levels = self.levels
        return (levels[3] + levels[4]) / self.ratings if self.ratings else None


@dataclass(frozen=True)
class ItemCount:
    item_code: str
    item_name: str
    cases: int


@dataclass(frozen=True)
class BundleTotal:
    """The 一件事 bundles of one name decided in the period and the cases they made."""

    bundle_name: str
    bundles: int
    cases: int


@dataclass(frozen=True)
class WindowCount:
    window_code: str
    cases: int
    local: bool  # this workstation's window (its cases counted here, unsynced ones too)


@dataclass(frozen=True)
class ClerkFigures:
    """One clerk's cases of a period: the windows they took them at, each case by the
    decision it was taken with (``DECISION_STATES``' order, ``day_decisions``), and their
    handling time (card read to decision). The clerk by user name and, where this PC's
    accounts know it, display name."""

    clerk: str
    clerk_name: str | None
    windows: tuple[str, ...]
    decisions: tuple[tuple[str, int], ...]
    handling: Durations

    @property
    def cases(self) -> int:
        return sum(n for _, n in self.decisions)

    @property
    def label(self) -> str:
        """``wangf 王芳``: the user name, then the display name where it says more (an
        account made without one is named by its user name)."""
        if self.clerk_name in (None, self.clerk):
            return self.clerk
        return f"{self.clerk} {self.clerk_name}"

    def to_json(self) -> dict[str, Any]:
        return {
            "clerk": self.clerk,
            "clerk_name": self.clerk_name,
            "windows": list(self.windows),
            "cases": self.cases,
            "decisions": [{"decision": d, "cases": n} for d, n in self.decisions],
            "handling_time": _durations_json(self.handling),
        }


@dataclass(frozen=True)
class Statistics:
    period: Period
    generated_at: str
    cases: int
    per_hour: tuple[int, ...]  # 24 hall hours, 0..23
    per_window: tuple[WindowCount, ...]
    per_clerk: tuple[ClerkFigures, ...]  # by user name
    decisions: tuple[tuple[str, int], ...]  # DECISION_STATES' order, every decision
    top_items: tuple[ItemCount, ...]
    bundles: tuple[BundleTotal, ...]  # per bundle name, the most decided first
    handling: Durations
    satisfaction: Satisfaction
    sync_delay: Durations
    sync_waiting: int  # taken at this workstation, not as it stands here on the platform yet
    # The queue's cases overdue and 临近超期 on the period's last day (their states now).
    time_limits: TimeLimitCounts

    @property
    def bundle_figures(self) -> tuple[int, int]:
        """``(bundles, cases)``: every 一件事 decided in the period and the cases they made."""
        return sum(b.bundles for b in self.bundles), sum(b.cases for b in self.bundles)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.period.first.isoformat(),
            "to": self.period.last.isoformat(),
            "generated_at": self.generated_at,
            "cases": self.cases,
            "cases_per_hour": [{"hour": h, "cases": n} for h, n in enumerate(self.per_hour)],
            "cases_per_window": [
                {"window_code": w.window_code, "cases": w.cases, "local": w.local}
                for w in self.per_window
            ],
            "cases_per_clerk": [c.to_json() for c in self.per_clerk],
            "decisions": [{"decision": d, "cases": n} for d, n in self.decisions],
            "top_items": [
                {"item_code": i.item_code, "item_name": i.item_name, "cases": i.cases}
                for i in self.top_items
            ],
            "bundles": {
                "bundles": self.bundle_figures[0],
                "cases": self.bundle_figures[1],
                "per_bundle": [
                    {"bundle_name": b.bundle_name, "bundles": b.bundles, "cases": b.cases}
                    for b in self.bundles
                ],
            },
            "handling_time": _durations_json(self.handling),
            "satisfaction": {
                "cases": self.satisfaction.cases,
                "rated": self.satisfaction.rated,
                "declined": self.satisfaction.declined,
                "not_rated": self.satisfaction.not_rated,
                "rating_rate": _rate(self.satisfaction.rating_rate),
                "satisfied_rate": _rate(self.satisfaction.satisfied_rate),
                "ratings": self.satisfaction.ratings,
                "levels": _levels_json(self.satisfaction.levels),
                "channels": [
                    {
                        "channel": c.channel,
                        "rated": c.rated,
                        "declined": c.declined,
                        "levels": _levels_json(c.levels),
                    }
                    for c in self.satisfaction.channels
                ],
            },
            "sync_delay": {"waiting": self.sync_waiting, **_durations_json(self.sync_delay)},
            "overdue": self.time_limits.overdue,
            "due_soon": self.time_limits.due_soon,
        }


def compute(store: Store, period: Period) -> Statistics:
    """The statistics of ``period`` as the store holds them now."""
    start, end = period.bounds()
    counts = rows.case_counts(store, start, end)
    per_hour = [0] * 24
    windows: Counter[tuple[str, bool]] = Counter()
    decisions: Counter[str] = Counter()
    items: Counter[tuple[str, str]] = Counter()
    for count in counts:
        per_hour[(int(count.utc_hour) + _HALL_UTC_OFFSET_HOURS) % 24] += count.cases
        windows[(count.window_code, count.local)] += count.cases
        decisions.update(
            day_decisions(count.state, count.cases, count.with_deferral, count.notified_first)
        )
        items[(count.item_code, count.item_name)] += count.cases
    handling = rows.handling_times(store, start, end)
    delays = rows.sync_delays(store, start, end)
    bundles: Counter[str] = Counter()
    bundle_cases: Counter[str] = Counter()
    for bundle in rows.bundle_counts(store, start, end):
        bundles[bundle.bundle_name] += bundle.bundles
        bundle_cases[bundle.bundle_name] += bundle.cases
    return Statistics(
        period=period,
        generated_at=now_text(),
        cases=sum(per_hour),
        per_hour=tuple(per_hour),
        per_window=tuple(
            WindowCount(window, n, local) for (window, local), n in sorted(windows.items())
        ),
        per_clerk=clerk_figures(rows.clerk_counts(store, start, end), handling),
        decisions=tuple((d, decisions[d]) for d in DECISION_STATES),
        top_items=tuple(
            ItemCount(code, name, n)
            for (code, name), n in sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ITEMS]
        ),
        bundles=tuple(
            BundleTotal(name, n, bundle_cases[name])
            for name, n in sorted(bundles.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
        handling=durations([h.seconds for h in handling], HANDLING_BUCKETS),
        satisfaction=_satisfaction(rows.rating_counts(store, start, end)),
        sync_delay=durations(delays.seconds, SYNC_DELAY_BUCKETS),
        sync_waiting=delays.waiting,
        time_limits=time_limit_counts(store, period.last),
    )


def clerk_figures(
    counts: Sequence[rows.ClerkCount], handling: Sequence[rows.HandlingTime]
) -> tuple[ClerkFigures, ...]:
    """The figures of each clerk with a case among ``counts``, by user name."""
    names: dict[str, str | None] = {}
    windows: dict[str, set[str]] = {}
    decisions: dict[str, Counter[str]] = {}
    for count in counts:
        names[count.clerk] = names.get(count.clerk) or count.clerk_name
        windows.setdefault(count.clerk, set()).add(count.window_code)
        decisions.setdefault(count.clerk, Counter()).update(
            day_decisions(count.state, count.cases, count.with_deferral, count.notified_first)
        )
    seconds: dict[str, list[float]] = {}
    for time in handling:
        seconds.setdefault(time.clerk, []).append(time.seconds)
    return tuple(
        ClerkFigures(
            clerk,
            names[clerk],
            tuple(sorted(windows[clerk])),
            tuple((d, decisions[clerk][d]) for d in DECISION_STATES),
            durations(seconds.get(clerk, ()), HANDLING_BUCKETS),
        )
        for clerk in sorted(names)
    )


def day_clerks(store: Store, day: date) -> dict[str, tuple[ClerkFigures, ...]]:
    """The clerks of each window on hall day ``day`` (window code -> its clerks), counted as
    the end-of-day report counts the window: this workstation's cases taken that day and the
    hall queue's others."""
    # The day's bounds select the cases of the day in their number (``cases_of_day``), as
    # the end-of-day report's bundle figures rely on too.
    start, end = day_bounds(day)
    counts = rows.clerk_counts(store, start, end)
    handling = rows.handling_times(store, start, end)
    return {
        window: clerk_figures(
            [c for c in counts if c.window_code == window],
            [h for h in handling if h.window_code == window],
        )
        for window in sorted({c.window_code for c in counts})
    }


def durations(seconds: Sequence[float], bounds_minutes: Sequence[int]) -> Durations:
    """``seconds`` bucketed by ``bounds_minutes`` (upper bounds, the last bucket open)."""
    ordered = sorted(seconds)
    counts = [0] * (len(bounds_minutes) + 1)
    for value in ordered:
        counts[_bucket_index(value / 60, bounds_minutes)] += 1
    lows = (0, *bounds_minutes)
    highs: tuple[int | None, ...] = (*bounds_minutes, None)
    return Durations(
        measured=len(ordered),
        median_seconds=_percentile(ordered, 0.5),
        p90_seconds=_percentile(ordered, 0.9),
        buckets=tuple(Bucket(lo, hi, n) for lo, hi, n in zip(lows, highs, counts, strict=True)),
    )


def _bucket_index(minutes: float, bounds: Sequence[int]) -> int:
    for index, bound in enumerate(bounds):
        if minutes < bound:
            return index
    return len(bounds)


def _percentile(ordered: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile of sorted values (None for none)."""
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(fraction * len(ordered)) - 1)], 1)


def _satisfaction(counts: Sequence[rows.RatingCount]) -> Satisfaction:
    hall, online = [0] * 5, [0] * 5
    hall_declined = rated = declined = not_rated = 0
    for count in counts:
        if count.level is not None:
            hall[count.level - 1] += count.cases
        hall_declined += count.cases if count.declined else 0
        if count.online_level is not None:
            online[count.online_level - 1] += count.cases
        if count.level is not None or count.online_level is not None:
            rated += count.cases
        elif count.declined:
            declined += count.cases
        else:
            not_rated += count.cases
    return Satisfaction(
        cases=rated + declined + not_rated,
        rated=rated,
        declined=declined,
        not_rated=not_rated,
        channels=(
            ChannelRatings(
                EvaluationChannel.HALL_EVALUATOR.value, sum(hall), hall_declined, tuple(hall)
            ),
            ChannelRatings(EvaluationChannel.ONLINE.value, sum(online), 0, tuple(online)),
        ),
    )


def _levels_json(levels: Levels) -> list[dict[str, int]]:
    return [{"level": level, "cases": n} for level, n in enumerate(levels, start=1)]


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _durations_json(figures: Durations) -> dict[str, Any]:
    return {
        "measured": figures.measured,
        "median_seconds": figures.median_seconds,
        "p90_seconds": figures.p90_seconds,
        "buckets": [
            {"from_minutes": b.from_minutes, "to_minutes": b.to_minutes, "cases": b.cases}
            for b in figures.buckets
        ],
    }


# The CSV's columns: the chart and its row in Chinese, for a supervisor's spreadsheet; the
# value; the chart's and the row's codes (the words of ``--json``), for a script.
CSV_HEADER = ("统计项", "分项", "数值", "chart", "label")
# The charts as the window's statistics tab titles them.
CHART_NAMES = {
    "period": "统计期间",
    "cases": "办件量",
    "cases_per_hour": "每小时办件",
    "cases_per_window": "各窗口办件",
    "cases_per_clerk": "各受理人办件",
    "clerk_decisions": "各受理人受理决定",
    "clerk_handling_median_seconds": "各受理人办理时长中位数（秒，读卡至决定）",
    "decisions": "受理决定",
    "top_items": "热门事项",
    "bundles": "一件事（件）",
    "bundle_cases": "一件事所含办件",
    "handling_time_minutes": "办理时长，分钟（读卡至决定）",
    "satisfaction": "好差评",
    f"satisfaction_{EvaluationChannel.HALL_EVALUATOR.value}": "好差评（窗口评价器）",
    f"satisfaction_{EvaluationChannel.ONLINE.value}": "好差评（网上评价）",
    "sync_delay_minutes": "同步延迟，分钟（受理至平台确认）",
}
# The rows named by a code; the others (a window, an item, a bucket of minutes) by their data.
LABEL_NAMES = {
    "from": "起",
    "to": "止",
    "total": "合计",
    "median_seconds": "中位数（秒）",
    "p90_seconds": "90%分位数（秒）",
    "declined": "拒评",
    "not_rated": "未评",
    "rated": "已评",
    "ratings": "评价次数",
    "rating_rate": "评价率",
    "satisfied_rate": "满意率",
    "waiting": "本机待确认",
}
LEVEL_LABEL = "level_"


# A figure as the CSV gives it: a count, a rate or seconds (None: none measured), or a day.
Figure = int | float | str | None
# What makes a spreadsheet (Excel, WPS, LibreOffice) read a text cell as a formula: an item
# or bundle name from a published catalog such as =HYPERLINK("http://…","失业") would be a
# live link, and +cmd|… or @SUM(…) would run.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(stats: Statistics) -> list[tuple[str, ...]]:
    """The statistics as rows of ``CSV_HEADER``, one file for every chart (the header row
    first): what a spreadsheet pivots without knowing this program. A text cell that a
    spreadsheet would take for a formula starts with an apostrophe (``_csv_cell``)."""
    clerks = {c.clerk: c.label for c in stats.per_clerk}
    return [
        CSV_HEADER,
        *(
            tuple(
                _csv_cell(cell)
                for cell in (
                    CHART_NAMES.get(chart, chart),
                    _label_name(chart, label, clerks),
                    value,
                    chart,
                    label,
                )
            )
            for chart, label, value in _coded_rows(stats)
        ),
    ]


def _csv_cell(cell: Figure) -> str:
    """``cell`` as the CSV writes it. A text starting with ``= + - @``, a tab or a carriage
    return gets a leading ``'``, so a spreadsheet shows it as text (with the apostrophe) and
    never runs it; a number stays a number, a negative one too (decided by its type, not its
    text)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell
    return str(cell)


def _label_name(chart: str, label: str, clerks: dict[str, str]) -> str:
    """A row's name in Chinese (its label is a code, an hour or data; a clerk's is their
    user name, named with ``clerks``' display names)."""
    if chart == "cases_per_hour":
        return f"{label}时"
    if chart == "decisions":
        return STATE_NAMES[DECISION_STATES[label]][0]
    if chart in ("cases_per_clerk", "clerk_handling_median_seconds"):
        return clerks.get(label, label)
    if chart == "clerk_decisions":  # "wangf deferred"
        clerk, _, decision = label.rpartition(" ")
        return f"{clerks.get(clerk, clerk)} {STATE_NAMES[DECISION_STATES[decision]][0]}"
    if label.startswith(LEVEL_LABEL):
        return f"{label.removeprefix(LEVEL_LABEL)}星"
    return LABEL_NAMES.get(label, label)


def _coded_rows(stats: Statistics) -> list[tuple[str, str, Figure]]:
    """The statistics as ``(chart, label, value)`` in codes."""
    out: list[tuple[str, str, Figure]] = [("period", "from", stats.period.first.isoformat())]
    out += [("period", "to", stats.period.last.isoformat()), ("cases", "total", stats.cases)]
    out += [("cases_per_hour", f"{h:02d}", n) for h, n in enumerate(stats.per_hour)]
    out += [("cases_per_window", w.window_code, w.cases) for w in stats.per_window]
    out += [("cases_per_clerk", c.clerk, c.cases) for c in stats.per_clerk]
    out += [
        ("clerk_decisions", f"{c.clerk} {d}", n) for c in stats.per_clerk for d, n in c.decisions
    ]
    out += [
        ("clerk_handling_median_seconds", c.clerk, c.handling.median_seconds)
        for c in stats.per_clerk
    ]
    out += [("decisions", d, n) for d, n in stats.decisions]
    out += [("top_items", f"{i.item_code} {i.item_name}", i.cases) for i in stats.top_items]
    bundles, bundle_cases = stats.bundle_figures
    out += [("bundles", "total", bundles)]
    out += [("bundles", b.bundle_name, b.bundles) for b in stats.bundles]
    out += [("bundle_cases", "total", bundle_cases)]
    out += [("bundle_cases", b.bundle_name, b.cases) for b in stats.bundles]
    out += _durations_rows("handling_time_minutes", stats.handling)
    s = stats.satisfaction
    out += [("satisfaction", f"{LEVEL_LABEL}{n}", c) for n, c in enumerate(s.levels, start=1)]
    out += [("satisfaction", "declined", s.declined)]
    out += [("satisfaction", "not_rated", s.not_rated)]
    out += [("satisfaction", "rating_rate", _rate(s.rating_rate))]
    out += [("satisfaction", "satisfied_rate", _rate(s.satisfied_rate))]
    out += [("satisfaction", "ratings", s.ratings)]
    for c in s.channels:
        chart = f"satisfaction_{c.channel}"
        out += [(chart, f"{LEVEL_LABEL}{n}", count) for n, count in enumerate(c.levels, start=1)]
        out += [(chart, "rated", c.rated), (chart, "declined", c.declined)]
    out += _durations_rows("sync_delay_minutes", stats.sync_delay)
    out += [("sync_delay_minutes", "waiting", stats.sync_waiting)]
    return out


def _durations_rows(chart: str, figures: Durations) -> list[tuple[str, str, Figure]]:
    return [
        *((chart, b.label, b.cases) for b in figures.buckets),
        (chart, "median_seconds", figures.median_seconds),
        (chart, "p90_seconds", figures.p90_seconds),
    ]


def export_csv(store: Store, stats: Statistics, path: Path, actor: str) -> None:
    """``stats`` written to ``path`` (:func:`write_csv`), then the audit entry naming who took
    which period's figures to which file (the window's export and ``stats --csv`` alike)."""
    write_csv(stats, path)
    store.audit.record(
        actor,
        "statistics.export",
        None,
        {
            "since": stats.period.first.isoformat(),
            "until": stats.period.last.isoformat(),
            "file": str(path.absolute()),
        },
    )


def write_csv(stats: Statistics, path: Path) -> None:
    """``csv_rows`` to ``path``, UTF-8 with a byte-order mark: a spreadsheet on a Chinese
    Windows desktop reads the item names right only with it; a text cell a spreadsheet
    would run as a formula starts with ``'``."""
    table = io.StringIO(newline="")
    csv.writer(table).writerows(csv_rows(stats))
    export_file(
        path, table.getvalue().encode("utf-8-sig"), ("统计表", "The statistics"), field="csv"
    )
