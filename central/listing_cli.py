"""``counter-central cases|conflicts|evaluations|audit-heads|day-sign-offs|tickets``: what
the platform holds, for a hall or every hall, or ``--json``; conflicts still open only,
unless ``--all``; one hall day only with ``--day`` (where a row has a day); the cases of
one 一件事 only with ``--bundle ID``; the last rows only with ``--limit N``. The cases past
their promised date and not finished with ``--overdue``, those N working days or fewer from
it with ``--due-soon N`` (earliest promised date first), or their counts per hall and
department with ``--summary`` (the supervision office's 效能监察 figures). The ticket
visits are of every hall day, or of ``--date`` only, or their figures per window and per
item with ``--summary``.

For a person: a heading row, then one tab-separated line per row, in Chinese (the
platform's operator commands have no ``--lang``); times in the hall's, a value not there
as ``—``, and a line saying so when there is no row at all. Rows ``--limit`` left off are
counted on stderr (the lines on stdout stay rows), and in ``--json`` as ``"left_off"``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import Any

from central.audit_head_cli import add_accept_fork_parser
from central.cli_store import (
    hall_code,
    hall_day,
    print_json,
    warn_hall_without_windows,
    whole_number,
    with_store,
)
from central.evaluation_cli import add_appeal_parser
from central.store import CentralStore, audit_heads, case_days, day_sign_offs, evaluations
from central.store import cases as case_store
from central.store.tickets import ticket_visits
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.evaluation import (
    APPEAL_STATE_NAMES,
    FOLLOWUP_STATE_NAMES,
    OVERDUE_NAMES,
    REASON_CATEGORIES,
    AppealState,
    EvaluationChannel,
    FollowupState,
)
from counter_app.domain.hall_queue import FLAG_NAMES
from counter_app.domain.hall_time import hall_minute_text, hall_time_text

Row = dict[str, Any]
# A listing's columns: its headings, and the cells of one row under them.
Cells = Callable[[Row], tuple[str, ...]]

_NONE = "—"
_CHANNEL_NAMES = {EvaluationChannel.HALL_EVALUATOR: "窗口评价器", EvaluationChannel.ONLINE: "网上"}
_REASON_NAMES = {category.code: category.zh for category in REASON_CATEGORIES}
# A visit's outcome (``sync.wire.tickets.VisitOutcome``) as the window's ticket bar says it;
# none yet while the ticket waits, is called or is being served.
_OUTCOME_NAMES = {
    "served": "已办结",
    "no_show": "未到",
    "redirected": "已转窗口",
    "expired": "已过期（当天未办结）",
    None: "未结束",
}


# A listing's rows as the options choose them, oldest first, and how many earlier ones
# ``--limit`` left off.
Listed = tuple[Iterable[Row], int]


def _listing(
    key: str,
    rows_of: Callable[[CentralStore, str | None], list[Row]],
    headings: tuple[str, ...],
    cells: Cells,
    none: str,
    *,
    shown: Callable[[argparse.Namespace, Row], bool] = lambda _args, _row: True,
    day_of: Callable[[Row], str] | None = None,
) -> Callable[[argparse.Namespace], None]:
    """A listing command (``_listed``) of every row ``rows_of`` reads: only the rows the
    options ask for (``shown``), of the ``--day`` asked for (``day_of``: a row's hall day,
    YYYY-MM-DD; None: the listing has no ``--day``), the last ``--limit`` of them."""

    def chosen(store: CentralStore, args: argparse.Namespace) -> Listed:
        rows = [row for row in rows_of(store, args.hall) if shown(args, row)]
        if day_of is not None and args.day is not None:
            rows = [row for row in rows if day_of(row) == args.day.isoformat()]
        left_off = max(0, len(rows) - args.limit) if args.limit is not None else 0
        return rows[left_off:], left_off

    return _listed(key, chosen, headings, cells, none)


def _listed(
    key: str,
    chosen: Callable[[CentralStore, argparse.Namespace], Listed],
    headings: tuple[str, ...],
    cells: Cells,
    none: str,
) -> Callable[[argparse.Namespace], None]:
    """A listing command: ``{key: [...]}`` (with ``left_off`` under ``--limit``) with
    ``--json``, else ``headings`` and the ``cells`` of each row as it is read, or ``none``
    when there is no row; the rows ``chosen`` for the options."""

    def command(args: argparse.Namespace) -> None:
        def work(store: CentralStore) -> None:
            if args.hall is not None:
                warn_hall_without_windows(store, args.hall)
            rows, left_off = chosen(store, args)
            if args.json:
                listed = list(rows)
                print_json({key: listed, "left_off": left_off} if args.limit else {key: listed})
            else:
                printed = False
                for row in rows:
                    if not printed:
                        print("\t".join(headings))
                        printed = True
                    print("\t".join(cells(row)))
                if not printed:
                    print(none)
            if left_off and not args.json:
                print(
                    f"另有更早的 {left_off} 行未列出（--limit {args.limit}）。"
                    f" / {left_off} earlier rows not listed (--limit {args.limit}).",
                    file=sys.stderr,
                )

        with_store(args, work)

    return command


def _hall_day_of(field: str) -> Callable[[Row], str]:
    """A row's hall day, from its timestamp ``field`` (UTC ISO 8601)."""
    return lambda row: hall_time_text(row[field])[:10]


def _text(value: object) -> str:
    return _NONE if value is None or value == "" else str(value)


def _duration(seconds: int | None) -> str:
    """A step's length for a person: seconds under a minute, else whole minutes."""
    if seconds is None:
        return _NONE
    return f"{seconds}秒" if seconds < 60 else f"{seconds // 60}分钟"


def _case_cells(row: Row) -> tuple[str, ...]:
    zh_state, _en = STATE_NAMES[CaseState(row["state"])]
    return (
        row["case_no"],
        row["window"],
        f"v{row['data_version']}",
        zh_state,
        f"{row['item_code']} {row['item_name']}",
        hall_minute_text(row["taken_at"]),
        hall_minute_text(row["received_at"]),
        _text(row["promised_date"]),
        _text(row["statutory_date"]),
        _text(row["working_days_left"]),
        row["case_id"],
        _flag_text(row["flags"]),
        _NONE if row["bundle_id"] is None else f"{row['bundle_name']}（{row['bundle_id']}）",
    )


def _flag_text(flags: list[str]) -> str:
    """A case's hall-queue flags in Chinese, each followed by what it names (another case's
    number, what changed); a flag without a name yet as it is sent."""
    return "、".join(FLAG_NAMES.get(flag, (flag, flag))[0] for flag in flags) or _NONE


def _conflict_cells(row: Row) -> tuple[str, ...]:
    return (
        row["case_no"],
        f"v{row['data_version']}",
        _text(row["reason"]),
        hall_minute_text(row["received_at"]),
        row["case_id"],
        _conflict_outcome(row),
    )


def _conflict_outcome(row: Row) -> str:
    """What became of a kept conflict (``central.store.cases.conflicts``), in a few words."""
    if row["outcome"] == "open":
        return "待处理"
    at = hall_minute_text(row["resolved_at"])
    if row["outcome"] == "solved":
        return f"已由第 {row['solved_by_version']} 版解决（{at}）"
    return f"平台撤回后已了结（{at}）"


def _case_choice(args: argparse.Namespace) -> case_store.CaseChoice:
    """The cases of ``--hall``, ``--day``, ``--bundle ID`` (that 一件事), ``--overdue`` and
    ``--due-soon N``, the last ``--limit`` of them."""
    return case_store.CaseChoice(
        args.hall, args.day, args.bundle, args.limit, args.overdue, args.due_soon
    )


def _cases_asked(store: CentralStore, args: argparse.Namespace) -> Listed:
    """The cases the options ask for: chosen by the store, which opens only those listed."""
    chosen = case_store.chosen_cases(store, _case_choice(args))
    return chosen, chosen.left_off


def _case_counts_out(args: argparse.Namespace, store: CentralStore) -> None:
    """``cases --summary``: how many cases the options ask for per hall and department
    (with ``--overdue``: the supervision office's count of cases past their promised date),
    no case opened."""
    counts = case_store.case_counts(store, _case_choice(args))
    if args.json:
        print_json({"counts": counts})
        return
    if not counts:
        print("无办件。 / No cases.")
        return
    print("\t".join(("大厅", "部门", "办件数")))
    for row in counts:
        print("\t".join((row["hall"], _text(row["department"]), str(row["cases"]))))


def _open_unless_all(args: argparse.Namespace, row: Row) -> bool:
    return bool(args.all or row["open"])


def _evaluation_cells(row: Row) -> tuple[str, ...]:
    level = "不评价" if row["declined"] else f"{row['level']}级"
    if not row["counted"]:
        level += "（申诉成立，不计入满意度）"
    followup = row["followup"] or {}
    state = followup.get("state")
    appeal = followup.get("appeal")
    return (
        row["case_no"],
        f"{row['window']}/{row['clerk']}",
        _CHANNEL_NAMES[EvaluationChannel(row["channel"])],
        level,
        _text(_REASON_NAMES.get(row["reason_code"], row["reason_code"])),
        hall_minute_text(row["at"]),
        _text(state and FOLLOWUP_STATE_NAMES[FollowupState(state)][0]),
        _text(followup.get("due_contact")),
        _text(followup.get("due_settle")),
        _text(followup.get("due_rectify")),
        _text("、".join(OVERDUE_NAMES[limit][0] for limit in followup.get("overdue", []))),
        _text(appeal and APPEAL_STATE_NAMES[AppealState(appeal)][0]),
    )


def _evaluations_asked(store: CentralStore, args: argparse.Namespace) -> Listed:
    """The ratings of ``--hall`` given on ``--day``, with ``--overdue`` only those whose
    follow-up has missed a limit, the last ``--limit`` of them: chosen by the store, which
    opens only the cases it cannot choose without."""
    chosen = evaluations.chosen_evaluations(
        store, evaluations.EvaluationChoice(args.hall, args.day, args.overdue, args.limit)
    )
    return chosen.rows, chosen.left_off


def _audit_head_cells(row: Row) -> tuple[str, ...]:
    return (
        row["device"],
        f"{row['hall']}/{row['window']}",
        _text(row["seq"]),
        _text(row["head"]),
        hall_minute_text(row["time"]),
        str(row["anomalies"]),
        _audit_head_state(row),
        str(len(row["forks"])),
    )


def _audit_head_state(row: Row) -> str:
    """A device that waits for someone: two PCs sharing its identity (refused until one is
    enrolled again with a replacement code; no fork to accept), its latest report refused
    (after a restore, for ``audit-heads accept-fork``), or an accepted fork waiting for its
    next report."""
    if row["cloned"] is not None:
        return (
            "两台电脑共用终端身份（拒收）：保留一台，enroll-code --replaces "
            f"{row['device']} 重新登记 / two PCs share the device identity (refused): keep "
            f"one and enrol it again with enroll-code --replaces {row['device']}"
        )
    if row["fork_waiting"] is not None:
        return "已准许分叉，待下次上报"
    if row["last_refused"]:
        return "最近上报被拒：核实（恢复备份后须 audit-heads accept-fork）"
    return "正常"


def _sign_off_cells(row: Row) -> tuple[str, ...]:
    signer = row["signed_by"]
    if row["signer_out_of_use"]:  # a leaver at a window that had not synced her disabling
        signer += "（签字时账号已停用或未登记 / account out of use then）"
    return (
        row["day"],
        f"{row['hall']}/{row['window']}",
        signer,
        hall_minute_text(row["signed_at"]),
        "是" if row["reconciled"] else "否",
        "、".join(row["unacknowledged"]) or _NONE,
    )


def _taken(
    rows_of: Callable[[CentralStore, str | None], list[Row]],
) -> Callable[[CentralStore, str | None], list[Row]]:
    """``rows_of``'s rows of cases with when their window took each (``taken_at``): a case
    and what was kept of it belong to the hall day it was taken, not the day it reached the
    platform (a window offline at midnight syncs the next day)."""
    return lambda store, hall: case_days.with_taken_at(store, rows_of(store, hall))


_case_listing = _listed(
    "cases",
    _cases_asked,
    (
        "办件编号",
        "窗口",
        "版本",
        "状态",
        "事项",
        "收件时间",
        "到达平台时间",
        "承诺办结日期",
        "法定办结日期",
        "剩余工作日",
        "办件ID",
        "标记",
        "一件事",
    ),
    _case_cells,
    "无办件。 / No cases.",
)


def cmd_cases(args: argparse.Namespace) -> None:
    """``counter-central cases``: the cases the options ask for, or with ``--summary``
    their counts per hall and department."""
    if args.summary:
        with_store(args, lambda store: _case_counts_out(args, store))
        return
    _case_listing(args)


cmd_conflicts = _listing(
    "conflicts",
    _taken(case_store.conflicts),
    ("办件编号", "版本", "原因", "收到时间", "办件ID", "结果"),
    _conflict_cells,
    "无冲突提交。 / No conflicting submissions.",
    shown=_open_unless_all,
    day_of=_hall_day_of("taken_at"),
)
cmd_evaluations = _listed(
    "evaluations",
    _evaluations_asked,
    (
        "办件编号",
        "窗口/人员",
        "渠道",
        "评价",
        "差评原因",
        "评价时间",
        "回访状态",
        "联系期限",
        "办结期限",
        "整改期限",
        "超期",
        "申诉",
    ),
    _evaluation_cells,
    "无评价。 / No ratings.",
)
cmd_audit_heads = _listing(
    "audit_heads",
    audit_heads.audit_heads,
    ("终端", "大厅/窗口", "序号", "链头", "链头时间", "被拒上报", "状态", "已准许分叉"),
    _audit_head_cells,
    "无已登记终端。 / No enrolled devices.",
)
_all_day_sign_offs = _listing(
    "day_sign_offs",
    day_sign_offs.day_sign_offs,
    ("日期", "大厅/窗口", "签字人", "签字时间", "已对账", "未确认办件"),
    _sign_off_cells,
    "无日结签字。 / No end-of-day sign-offs.",
    day_of=lambda row: str(row["day"]),
)


def cmd_day_sign_offs(args: argparse.Namespace) -> None:
    """``counter-central day-sign-offs``; with ``--hall`` and ``--day`` also the windows of
    that hall day without a sign-off (``without_sign_off`` in ``--json``)."""
    if args.hall is None or args.day is None:
        _all_day_sign_offs(args)
        return

    def work(store: CentralStore) -> None:
        warn_hall_without_windows(store, args.hall)
        day = args.day.isoformat()
        rows = [row for row in day_sign_offs.day_sign_offs(store, args.hall) if row["day"] == day]
        missing = day_sign_offs.windows_without_sign_off(store, args.hall, args.day)
        if args.json:
            print_json({"day_sign_offs": rows, "without_sign_off": missing})
            return
        if rows:
            print("\t".join(("日期", "大厅/窗口", "签字人", "签字时间", "已对账", "未确认办件")))
            for row in rows:
                print("\t".join(_sign_off_cells(row)))
        else:
            print("无日结签字。 / No end-of-day sign-offs.")
        if missing:
            listed = "、".join(f"{w['window']}（{w['cases']} 件）" for w in missing)
            listed_en = ", ".join(f"{w['window']} ({w['cases']} cases)" for w in missing)
            print(f"未日结的窗口：{listed} / Windows without a sign-off: {listed_en}")
        else:
            print("当日各窗口均已日结。 / Every window of the day signed it off.")

    with_store(args, work)


def cmd_tickets(args: argparse.Namespace) -> None:
    """``counter-central tickets``: the visits of every hall day, or of ``--date`` only, or
    with ``--summary`` their figures per window and per item."""
    if args.summary:
        with_store(args, lambda store: _ticket_summary_out(args, store))
        return
    _listing(
        "visits",
        lambda store, hall: ticket_visits(store, hall, args.date),
        _TICKET_HEADINGS,
        _ticket_cells,
        "无叫号记录。 / No ticket visits.",
    )(args)


_TICKET_HEADINGS = (
    *("日期", "大厅", "号码", "取号", "窗口", "事项", "叫号", "开始", "结束"),
    *("等候", "走动", "办理", "结果"),
)


def _ticket_cells(row: Row) -> tuple[str, ...]:
    return (
        row["day"],
        row["hall"],
        row["number"],
        _ticket_clock(row["issued_at"]),
        _text(row["window"] or row["for_window"]),
        _text(row["item_code"]),
        _ticket_clock(row["called_at"]),
        _ticket_clock(row["started_at"]),
        _ticket_clock(row["closed_at"]),
        _duration(row["wait_seconds"]),
        _duration(row["walk_seconds"]),
        _duration(row["service_seconds"]),
        _OUTCOME_NAMES[row["outcome"]],
    )


def _ticket_clock(iso: str | None) -> str:
    """A step's time of the listed day, hall time to the minute."""
    return _NONE if iso is None else hall_minute_text(iso)[11:]


def _ticket_summary_out(args: argparse.Namespace, store: CentralStore) -> None:
    if args.hall is not None:
        warn_hall_without_windows(store, args.hall)
    visits = ticket_visits(store, args.hall, args.date)
    by_window = _ticket_figures(visits, "window")
    by_item = _ticket_figures(visits, "item_code")
    if args.json:
        print_json(
            {
                "day": None if args.date is None else args.date.isoformat(),
                "hall": args.hall,
                "windows": by_window,
                "items": by_item,
            }
        )
        return
    if not visits:
        print("无叫号记录。 / No ticket visits.")
        return
    figures = ("人次", "已办结", "平均等候(分)", "平均走动(分)", "平均办理(分)", "未到", "过期")
    for heading, key, rows in (("窗口", "window", by_window), ("事项", "item_code", by_item)):
        print("\t".join((heading, *figures)))
        for row in rows:
            print("\t".join((_text(row[key]), *_ticket_figure_cells(row))))


def _ticket_figure_cells(row: Row) -> tuple[str, ...]:
    averages = (
        row["average_wait_minutes"],
        row["average_walk_minutes"],
        row["average_service_minutes"],
    )
    return (
        str(row["visits"]),
        str(row["served"]),
        *(_NONE if minutes is None else f"{minutes:.1f}" for minutes in averages),
        str(row["no_shows"]),
        str(row["expired"]),
    )


def _ticket_figures(visits: list[Row], key: str) -> list[Row]:
    """Per ``key`` (a window: the one that called the visit, none for a visit never
    called; an item): visits, served, average wait, walk and service minutes over the
    visits that had the step (a redirected visit had no wait), no-shows and expired."""
    groups: dict[str | None, list[Row]] = {}
    for visit in visits:
        groups.setdefault(visit[key], []).append(visit)
    return [
        {
            key: name,
            "visits": len(group),
            "served": sum(v["outcome"] == "served" for v in group),
            "average_wait_minutes": _ticket_average(group, "wait_seconds"),
            "average_walk_minutes": _ticket_average(group, "walk_seconds"),
            "average_service_minutes": _ticket_average(group, "service_seconds"),
            "no_shows": sum(v["outcome"] == "no_show" for v in group),
            "expired": sum(v["outcome"] == "expired" for v in group),
        }
        for name, group in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))
    ]


def _ticket_average(group: list[Row], field: str) -> float | None:
    seconds = [v[field] for v in group if v[field] is not None]
    return round(sum(seconds) / len(seconds) / 60, 1) if seconds else None


# The listings whose rows have a hall day (``--day``); a device's audit head has none (the
# ticket visits have their own ``--date``).
_BY_DAY = (cmd_cases, cmd_conflicts, cmd_evaluations, cmd_day_sign_offs)


def add_listing_parsers(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    for name, func, text in (
        ("cases", cmd_cases, "已收办件 / cases received"),
        (
            "conflicts",
            cmd_conflicts,
            "待值班长处理的冲突提交（--all 含已解决、已了结的） / submissions kept for a "
            "supervisor still open (--all: solved and settled ones too)",
        ),
        (
            "evaluations",
            cmd_evaluations,
            "好差评及差评回访 / ratings and the follow-up of bad ones",
        ),
        (
            "audit-heads",
            cmd_audit_heads,
            "各终端上报的审计链头 / last audit-chain head each device reported",
        ),
        ("day-sign-offs", cmd_day_sign_offs, "值班长日结签字 / supervisors' end-of-day sign-offs"),
        (
            "tickets",
            cmd_tickets,
            "叫号记录：等候、走动与办理时长 / queue-ticket visits: wait, walk and service times",
        ),
    ):
        listing = sub.add_parser(name, parents=[db], help=text)
        listing.add_argument("--hall", type=hall_code)
        listing.add_argument("--json", action="store_true")
        listing.add_argument(
            "--limit",
            type=whole_number(1, 10**9),
            metavar="N",
            help="只列最后 N 行（默认全部）/ only the last N rows (default: all)",
        )
        if func in _BY_DAY:
            listing.add_argument(
                "--day",
                type=hall_day,
                metavar="YYYY-MM-DD",
                help="只列该大厅日期的行 / only the rows of that hall day",
            )
        if func is cmd_cases:
            listing.add_argument(
                "--bundle",
                metavar="ID",
                help="只列该一件事（同批受理）的办件 / only the cases of that one-thing bundle "
                "(decided together)",
            )
            _add_time_limit_options(listing)
        if func is cmd_tickets:
            _add_ticket_options(listing)
        if func is cmd_evaluations:
            _add_evaluation_options(listing, db)
        if func is cmd_audit_heads:
            add_accept_fork_parser(listing, db)
        if func is cmd_conflicts:
            listing.add_argument(
                "--all",
                action="store_true",
                help="也列出已由新版本解决或已由平台了结的冲突 / also list conflicts a newer "
                "version solved or the platform settled",
            )
        listing.set_defaults(func=func)


def _add_evaluation_options(listing: argparse.ArgumentParser, db: argparse.ArgumentParser) -> None:
    listing.add_argument(
        "--overdue",
        action="store_true",
        help="只列回访已超期的差评 / only the bad ratings whose follow-up is overdue",
    )
    add_appeal_parser(listing, db)


def _add_time_limit_options(listing: argparse.ArgumentParser) -> None:
    listing.add_argument(
        "--overdue",
        action="store_true",
        help="只列已过承诺办结日期仍未办结的办件，承诺日期最早的在前 / only the cases past "
        "their promised date and not finished, earliest promised date first",
    )
    listing.add_argument(
        "--due-soon",
        type=whole_number(0, 366),
        metavar="N",
        help="只列剩余不超过 N 个工作日仍未办结的办件 / only the cases not finished with N "
        "working days or fewer left",
    )
    listing.add_argument(
        "--summary",
        action="store_true",
        help="按大厅和部门计数（与 --overdue 合用：效能监察的超期统计）/ counts per hall and "
        "department (with --overdue: the supervision office's overdue figures)",
    )


def _add_ticket_options(listing: argparse.ArgumentParser) -> None:
    listing.add_argument(
        "--date",
        type=hall_day,
        metavar="YYYY-MM-DD",
        help="只列该大厅日期的号（默认：每一天）/ only the tickets of that hall day (default: "
        "every day)",
    )
    listing.add_argument(
        "--summary",
        action="store_true",
        help="按窗口和事项汇总：人次、平均等候/走动/办理分钟、未到、过期 / per window and per "
        "item: visits, average wait, walk and service minutes, no-shows, expired",
    )
