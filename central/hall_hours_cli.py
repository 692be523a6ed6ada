"""``counter-central hall-hours set|show``: each hall's opening hours, which appointments
are booked within (``central.opening_hours``). A hall nobody set hours for keeps the
default: working days 09:00-17:00, closed on weekends and public holidays."""

from __future__ import annotations

import argparse
from typing import Any

from central.cli_store import (
    hall_code,
    print_json,
    warn_hall_without_windows,
    whole_number,
    with_store,
)
from central.errors import OperatorError
from central.opening_hours import (
    DEFAULT_SLOT_CAPACITY,
    MAX_SLOT_CAPACITY,
    SLOT_MINUTES,
    HallHours,
    OpenSpan,
)
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore
from central.store.hall_hours import DEFAULT_SPANS, set_hours, shown_hours
from central.store.operator_log import operator_action
from counter_app.domain.hall_time import hall_time_text

_DEFAULT_NOTE = (
    "未设置开放时间的大厅按默认：工作日（含调休上班日）09:00-17:00，周六、周日及法定节假日不开放",
    "A hall without hours set keeps the default: working days (make-up working days too) "
    "09:00-17:00, closed on Saturdays, Sundays and public holidays",
)
_CAPACITY_NOTE = (
    f"每个预约时段 {SLOT_MINUTES} 分钟，从开门起排；未设置容量的大厅每个时段可约 "
    f"{DEFAULT_SLOT_CAPACITY} 人",
    f"Appointment slots are {SLOT_MINUTES} minutes from opening; a hall without a capacity "
    f"set takes {DEFAULT_SLOT_CAPACITY} appointments a slot",
)


def _span(value: str) -> OpenSpan:
    """An option's ``type``: ``HH:MM-HH:MM``; anything else a usage error in both languages."""
    try:
        return OpenSpan.parse(value)
    except OperatorError as exc:
        raise argparse.ArgumentTypeError(f"{exc.zh} / {exc.en}") from None


def cmd_hall_hours_set(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        warn_hall_without_windows(store, args.hall)
        kept = args.slot_capacity is None  # the hours changed, the capacity kept
        hours = HallHours(
            args.weekdays,
            args.saturday,
            args.sunday,
            args.holidays,
            slot_capacity=DEFAULT_SLOT_CAPACITY if kept else args.slot_capacity,
        )
        with operator_action(
            store, "hall-hours set", args.hall, operator=acting_operator(args)
        ) as entry:
            shown = set_hours(store, args.hall, hours, acting_operator(args), keep_capacity=kept)
            entry.detail.update(shown)
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
        print_json(
            {
                "halls": halls,
                "default": DEFAULT_SPANS,
                "default_slot_capacity": DEFAULT_SLOT_CAPACITY,
                "slot_minutes": SLOT_MINUTES,
            }
        )
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
        print(f"  每个时段可约 / appointments a slot takes: {hours['slot_capacity']}")
    if every_hall:
        print(f"{_DEFAULT_NOTE[0]}。\n{_DEFAULT_NOTE[1]}.")
    print(f"{_CAPACITY_NOTE[0]}。\n{_CAPACITY_NOTE[1]}.")


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
    set_parser.add_argument(
        "--slot-capacity",
        type=whole_number(1, MAX_SLOT_CAPACITY),
        metavar="N",
        help=f"appointments one {SLOT_MINUTES}-minute slot takes, 1 to {MAX_SLOT_CAPACITY} "
        f"(default: as set before, else {DEFAULT_SLOT_CAPACITY}); a booking past it is refused "
        "(slot_full) naming the next slot with room; appointments booked stay booked",
    )
    add_operator_option(set_parser)
    set_parser.set_defaults(func=cmd_hall_hours_set)
    show = actions.add_parser(
        "show",
        parents=[db, json_flag],
        help="大厅开放时间 / the opening hours set (all halls, or one with its default)",
    )
    show.add_argument("--hall", type=hall_code, help="one hall (default: every hall set)")
    show.set_defaults(func=cmd_hall_hours_show)
