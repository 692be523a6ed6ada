"""``counter-central cases|conflicts|evaluations|audit-heads|day-sign-offs|tickets``: what
the platform holds, for a hall or every hall, or ``--json``; conflicts still open only,
unless ``--all``; one hall day only with ``--day`` (where a row has a day); the cases of
one 一件事 only with ``--bundle ID``; the last rows only with ``--limit N``.

For a person: a heading row, then one tab-separated line per row, in Chinese (the
platform's operator commands have no ``--lang``); times in the hall's, a value not there
as ``—``, and a line saying so when there is no row at all. Rows ``--limit`` left off are
counted on stderr (the lines on stdout stay rows), and in ``--json`` as ``"left_off"``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from central.cli_store import (
    hall_code,
    print_json,
    warn_hall_without_windows,
    whole_number,
    with_store,
)
from central.store import CentralStore, audit_heads, case_days, day_sign_offs, evaluations
from central.store import cases as case_store
from central.store.tickets import ticket_visits
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.evaluation import REASON_CATEGORIES, EvaluationChannel
from counter_app.domain.hall_queue import FLAG_NAMES
from counter_app.domain.hall_time import (
    FIRST_HALL_DAY,
    LAST_HALL_DAY,
    hall_minute_text,
    hall_time_text,
)

Row = dict[str, Any]
# A listing's columns: its headings, and the cells of one row under them.
Cells = Callable[[Row], tuple[str, ...]]

_NONE = "—"
_CHANNEL_NAMES = {EvaluationChannel.HALL_EVALUATOR: "窗口评价器", EvaluationChannel.ONLINE: "网上"}
_REASON_NAMES = {category.code: category.zh for category in REASON_CATEGORIES}
# A visit's outcome (``sync.wire.tickets.VisitOutcome``) as the window's ticket bar says it;
# none yet while the ticket waits, is called or is being served.
_OUTCOME_NAMES = {"served": "已办结", "no_show": "未到", "redirected": "已转窗口", None: "未结束"}


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
    """A listing command: ``{key: [...]}`` with ``--json``, else ``headings`` and the
    ``cells`` of each row, or ``none`` when there is no row; only the rows the options ask
    for (``shown``), of the ``--day`` asked for (``day_of``: a row's hall day, YYYY-MM-DD;
    None: the listing has no ``--day``), the last ``--limit`` of them."""

    def command(args: argparse.Namespace) -> None:
        def work(store: CentralStore) -> None:
            if args.hall is not None:
                warn_hall_without_windows(store, args.hall)
            rows = [row for row in rows_of(store, args.hall) if shown(args, row)]
            if day_of is not None and args.day is not None:
                rows = [row for row in rows if day_of(row) == args.day.isoformat()]
            left_off = max(0, len(rows) - args.limit) if args.limit is not None else 0
            rows = rows[left_off:]
            if args.json:
                print_json({key: rows, "left_off": left_off} if args.limit else {key: rows})
            elif not rows:
                print(none)
            else:
                print("\t".join(headings))
                for row in rows:
                    print("\t".join(cells(row)))
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


def _day(value: str) -> date:
    """``--day``'s ``type``: a hall day as YYYY-MM-DD; anything else a usage error in both
    languages."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not FIRST_HALL_DAY <= day <= LAST_HALL_DAY:
        raise argparse.ArgumentTypeError(
            f"“{value}”不是 YYYY-MM-DD 格式的大厅日期 / '{value}' is not a hall day as YYYY-MM-DD"
        )
    return day


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


def _of_bundle_asked(args: argparse.Namespace, row: Row) -> bool:
    """With ``--bundle ID``, only the cases of that 一件事."""
    return args.bundle is None or row["bundle_id"] == args.bundle


def _open_unless_all(args: argparse.Namespace, row: Row) -> bool:
    return bool(args.all or row["open"])


def _evaluation_cells(row: Row) -> tuple[str, ...]:
    level = "不评价" if row["declined"] else f"{row['level']}级"
    return (
        row["case_no"],
        f"{row['window']}/{row['clerk']}",
        _CHANNEL_NAMES[EvaluationChannel(row["channel"])],
        level,
        _text(_REASON_NAMES.get(row["reason_code"], row["reason_code"])),
        hall_minute_text(row["at"]),
    )


def _audit_head_cells(row: Row) -> tuple[str, ...]:
    return (
        row["device"],
        f"{row['hall']}/{row['window']}",
        _text(row["seq"]),
        _text(row["head"]),
        hall_minute_text(row["time"]),
        str(row["anomalies"]),
    )


def _sign_off_cells(row: Row) -> tuple[str, ...]:
    return (
        row["day"],
        f"{row['hall']}/{row['window']}",
        row["signed_by"],
        hall_minute_text(row["signed_at"]),
        "是" if row["reconciled"] else "否",
        "、".join(row["unacknowledged"]) or _NONE,
    )


def _visit_cells(row: Row) -> tuple[str, ...]:
    return (
        row["hall"],
        row["number"],
        _text(row["window"]),
        _text(row["item_code"]),
        _duration(row["wait_seconds"]),
        _duration(row["walk_seconds"]),
        _duration(row["service_seconds"]),
        _OUTCOME_NAMES[row["outcome"]],
    )


def _taken(
    rows_of: Callable[[CentralStore, str | None], list[Row]],
) -> Callable[[CentralStore, str | None], list[Row]]:
    """``rows_of``'s rows of cases with when their window took each (``taken_at``): a case
    and what was kept of it belong to the hall day it was taken, not the day it reached the
    platform (a window offline at midnight syncs the next day)."""
    return lambda store, hall: case_days.with_taken_at(store, hall, rows_of(store, hall))


cmd_cases = _listing(
    "cases",
    case_store.cases,
    (
        "办件编号",
        "窗口",
        "版本",
        "状态",
        "事项",
        "收件时间",
        "到达平台时间",
        "办件ID",
        "标记",
        "一件事",
    ),
    _case_cells,
    "无办件。 / No cases.",
    shown=_of_bundle_asked,
    day_of=_hall_day_of("taken_at"),
)
cmd_conflicts = _listing(
    "conflicts",
    _taken(case_store.conflicts),
    ("办件编号", "版本", "原因", "收到时间", "办件ID", "结果"),
    _conflict_cells,
    "无冲突提交。 / No conflicting submissions.",
    shown=_open_unless_all,
    day_of=_hall_day_of("taken_at"),
)
cmd_evaluations = _listing(
    "evaluations",
    evaluations.evaluations,
    ("办件编号", "窗口/人员", "渠道", "评价", "差评原因", "评价时间"),
    _evaluation_cells,
    "无评价。 / No ratings.",
    day_of=_hall_day_of("at"),
)
cmd_audit_heads = _listing(
    "audit_heads",
    audit_heads.audit_heads,
    ("终端", "大厅/窗口", "序号", "链头", "链头时间", "被拒上报"),
    _audit_head_cells,
    "无已登记终端。 / No enrolled devices.",
)
cmd_day_sign_offs = _listing(
    "day_sign_offs",
    day_sign_offs.day_sign_offs,
    ("日期", "大厅/窗口", "签字人", "签字时间", "已对账", "未确认办件"),
    _sign_off_cells,
    "无日结签字。 / No end-of-day sign-offs.",
    day_of=lambda row: str(row["day"]),
)
cmd_tickets = _listing(
    "visits",
    ticket_visits,
    ("大厅", "号码", "窗口", "事项", "等候", "走动", "办理", "结果"),
    _visit_cells,
    "无叫号记录。 / No ticket visits.",
)


# The listings whose rows have a hall day (``--day``); a device's audit head and a ticket
# visit's list have none.
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
                type=_day,
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
        if func is cmd_conflicts:
            listing.add_argument(
                "--all",
                action="store_true",
                help="也列出已由新版本解决或已由平台了结的冲突 / also list conflicts a newer "
                "version solved or the platform settled",
            )
        listing.set_defaults(func=func)
