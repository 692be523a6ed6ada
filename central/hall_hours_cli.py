"""``counter-central hall-hours set|show``: each hall's opening hours, which appointments
are booked within (``central.opening_hours``). A hall nobody set hours for keeps the
default: working days 09:00-17:00, closed on weekends and public holidays."""

from __future__ import annotations

import argparse
from typing import Any

from central.cli_store import (
    hall_code,
    operator_name,
    print_json,
    warn_hall_without_windows,
    with_store,
)
from central.errors import OperatorError
from central.opening_hours import HallHours, OpenSpan
from central.store import CentralStore
from central.store.hall_hours import DEFAULT_SPANS, set_hours, shown_hours
from counter_app.domain.hall_time import hall_time_text

_DEFAULT_NOTE = (
    "未设置开放时间的大厅按默认：工作日（含调休上班日）09:00-17:00，周六、周日及法定节假日不开放",
    "A hall without hours set keeps the default: working days (make-up working days too) "
    "09:00-17:00, closed on Saturdays, Sundays and public holidays",
)


def _span(value: str) -> OpenSpan:
    """An option's ``type``: ``HH:MM-HH:MM``; anything else a usage error in both languages."""
    try:
        return OpenSpan.parse(value)
    except OperatorError as exc:
        raise argparse.ArgumentTypeError(f"{exc.zh} / {exc.en}") from None


def cmd_hall_hours_set(args: argparse.Namespace) -> None:
    hours = HallHours(args.weekdays, args.saturday, args.sunday, args.holidays)

    def work(store: CentralStore) -> None:
        warn_hall_without_windows(store, args.hall)
        shown = set_hours(store, args.hall, hours, operator_name())
        _print_hours(args, [shown], every_hall=False)

    with_store(args, work)


def cmd_hall_hours_show(args: argparse.Namespace) -> None:
    with_store(
        args,
        lambda store: _print_hours(args, shown_hours(store, args.hall), args.hall is None),
    )


def _print_hours(args: argparse.Namespace, halls: list[dict[str, Any]], every_hall: bool) -> None:
    """``halls``' hours; after every hall's, what the others keep (the default)."""
    if args.json:
        print_json({"halls": halls, "default": DEFAULT_SPANS})
        return
    closed = "不开放 / closed"
    for hours in halls:
        origin = (
            "默认 / default"
            if hours["default"]
            else f"{hall_time_text(hours['set_at'])} 由 / by {hours['set_by']}"
        )
        print(f"{hours['hall']}  ({origin})")
        for day, zh, en in _DAY_LABELS:
            print(f"  {zh} / {en}: {hours[day] or closed}")
    if every_hall:
        print(f"{_DEFAULT_NOTE[0]}。\n{_DEFAULT_NOTE[1]}.")


_DAY_LABELS = (
    ("weekdays", "工作日（含调休上班日）", "working days (make-up working days too)"),
    ("saturday", "周六", "Saturdays"),
    ("sunday", "周日", "Sundays"),
    ("holidays", "法定节假日", "public holidays"),
)


def add_hall_hours_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true")
    hall_hours = sub.add_parser(
        "hall-hours",
        help="大厅开放时间（预约只能约在开放时间内） / a hall's opening hours (appointments "
        "are booked within them)",
    )
    actions = hall_hours.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_parser = actions.add_parser(
        "set",
        parents=[db, json_flag],
        help="设置大厅开放时间（未给出的日子不开放） / set a hall's opening hours (days not "
        "given are closed); booked appointments keep their slots",
    )
    set_parser.add_argument("--hall", required=True, type=hall_code, help="hall code")
    set_parser.add_argument(
        "--weekdays",
        required=True,
        type=_span,
        metavar="HH:MM-HH:MM",
        help="hours on working days, make-up working days (调休) too, in hall time",
    )
    for day, text in (
        ("--saturday", "hours on Saturdays that are no public holiday (default: closed)"),
        ("--sunday", "hours on Sundays that are no public holiday (default: closed)"),
        ("--holidays", "hours on the published public holidays (default: closed)"),
    ):
        set_parser.add_argument(day, type=_span, metavar="HH:MM-HH:MM", help=text)
    set_parser.set_defaults(func=cmd_hall_hours_set)
    show = actions.add_parser(
        "show",
        parents=[db, json_flag],
        help="大厅开放时间 / the opening hours set (all halls, or one with its default)",
    )
    show.add_argument("--hall", type=hall_code, help="one hall (default: every hall set)")
    show.set_defaults(func=cmd_hall_hours_show)
