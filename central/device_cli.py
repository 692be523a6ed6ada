"""``counter-central enroll-code|devices|revoke``: the windows' devices — the one-time code a
window enrols with, the enrolled windows with their health and last contact, revoking one
(saying which it was, and how to reset the hall's accounts should the PC be lost)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from central.cli_store import (
    check_code,
    hall_code,
    print_json,
    print_note,
    whole_number,
    with_store,
)
from central.devices import DEFAULT_STALE_AFTER, device_line, device_rows
from central.operator_log_cli import acting_operator, add_operator_option
from central.staff_cli import reset_commands
from central.store import CentralStore
from central.store import devices as device_register
from central.store.base import utc_now
from central.store.operator_log import operator_action
from counter_app.domain.hall_time import hall_time_text

# The longest an enrolment code lasts, and the longest silence ``devices`` may be asked to
# overlook: a year, far short of what a date can add.
_YEAR_MINUTES = 366 * 24 * 60


def cmd_enroll_code(args: argparse.Namespace) -> None:
    check_code(args.hall, "大厅编码", "Hall code")
    check_code(args.window, "窗口编码", "Window code")

    def work(store: CentralStore) -> None:
        with operator_action(
            store,
            "enroll-code",
            f"{args.hall}/{args.window}",
            {"replaces": args.replaces, "second_pc": args.second_pc},
            operator=acting_operator(args),
        ) as entry:
            code, expires = device_register.create_enroll_code(
                store,
                args.hall,
                args.window,
                args.ttl_minutes,
                replaces=args.replaces,
                only_pc=not args.second_pc,
            )
            entry.detail["expires_at"] = expires
        # With several codes issued at once, IT tells them apart by hall and window.
        if args.json:
            print_json(
                {
                    "code": code,
                    "expires_at": expires,
                    "hall": args.hall,
                    "window": args.window,
                    "replaces": args.replaces,
                    "second_pc": args.second_pc,
                }
            )
        else:
            replaces = f"  替换 / replaces {args.replaces}" if args.replaces else ""
            if args.second_pc:
                replaces += "  同窗口第二台电脑 / second PC at the window"
            print(
                f"登记码 / enrolment code: {code}  大厅 / hall {args.hall}  窗口 / window "
                f"{args.window}{replaces}  (有效至 / expires {hall_time_text(expires)})"
            )

    with_store(args, work)


def cmd_devices(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        rows = device_rows(
            store, args.hall, stale_after=timedelta(minutes=args.stale_after), now=utc_now()
        )
        if args.stale_only:
            rows = [row for row in rows if row["stale"]]
        if args.json:
            print_json({"devices": rows})
        elif not rows and args.stale_only:
            print(
                f"没有超过 {args.stale_after} 分钟未联系的窗口。 / No window silent for longer "
                f"than {args.stale_after} minutes."
            )
        elif not rows:
            print("无已登记的窗口。 / No enrolled windows.")
        else:
            for row in rows:
                print(device_line(row))

    with_store(args, work)


def cmd_revoke(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        with operator_action(store, "revoke", args.device, operator=acting_operator(args)) as entry:
            revoked = device_register.revoke_device(
                store, args.device, hall=args.hall, window=args.window
            )
            entry.detail.update(hall=revoked["hall"], window=revoked["window"])
        steps = reset_commands(store, revoked["hall"])
        print_json({**revoked, "next_steps": steps})
        if steps:
            _say_reset_steps(revoked["hall"], steps)

    with_store(args, work)


def _say_reset_steps(hall: str, steps: list[str]) -> None:
    """Remind the operator, on stderr, what a lost PC asks for: the JSON on stdout stays what
    scripts read, ``next_steps`` added to it. A PC replaced or re-enrolled in the hall's
    hands needs none of it, hence "if"."""
    print_note(
        f"若该电脑丢失、被盗或硬盘流出：它存有大厅 {hall} 全部账号的密码校验值和动态口令密钥，"
        "请立即逐一重置（操作手册 §3.3；与本命令相同的 --db、--key-file），各人下次登录窗口时"
        "设置新的：",
        f"if the PC was lost or stolen, or its disk got out: it holds the password verifiers "
        f"and one-time code secrets of every account of hall {hall}; reset each now "
        "(docs/operations.md §3.3; with this command's --db and --key-file), and each member "
        "sets new ones at their next sign-in at a window:",
    )
    for step in steps:
        print(f"  {step}", file=sys.stderr)


def add_enroll_code_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    code = sub.add_parser(
        "enroll-code", parents=[db], help="签发一次性登记码 / issue a one-time enrolment code"
    )
    code.add_argument("--hall", required=True)
    code.add_argument("--window", required=True)
    code.add_argument(
        "--ttl-minutes", type=whole_number(1, _YEAR_MINUTES), default=24 * 60, metavar="MINUTES"
    )
    which = code.add_mutually_exclusive_group()
    which.add_argument(
        "--replaces",
        metavar="DEVICE_ID",
        help="a PC replacing a broken one: its enrolment revokes this device of the same hall "
        "and window and takes over its case-number prefixes",
    )
    which.add_argument(
        "--second-pc",
        action="store_true",
        help="同一窗口再加一台电脑同时受理（另一个终端，自有编号）；不加时窗口已有在用设备则拒绝 "
        "/ a second PC taking cases at the same window beside its live device (a device of "
        "its own, numbering its own cases); without it (or --replaces) a window with a live "
        "device is refused",
    )
    code.add_argument("--json", action="store_true")
    add_operator_option(code)
    code.set_defaults(func=cmd_enroll_code)


def add_devices_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    devices = sub.add_parser(
        "devices",
        parents=[db],
        help="已登记窗口及其状态、最近联系 / enrolled windows with their health and last contact",
    )
    devices.add_argument("--hall", type=hall_code)
    devices.add_argument(
        "--stale-after",
        type=whole_number(0, _YEAR_MINUTES),
        default=int(DEFAULT_STALE_AFTER.total_seconds() // 60),
        metavar="MINUTES",
        help="flag a window not heard from for longer than this (default %(default)s)",
    )
    devices.add_argument(
        "--stale-only",
        action="store_true",
        help="只列失联（超过 --stale-after 分钟未联系、未吊销）的窗口 / only the windows not "
        "heard from for longer than --stale-after (revoked ones left out)",
    )
    devices.add_argument("--json", action="store_true")
    devices.set_defaults(func=cmd_devices)


def add_revoke_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    revoke = sub.add_parser(
        "revoke",
        parents=[db],
        help="吊销终端，答复其大厅、窗口和最近联系 / revoke a device; says its hall, window and "
        "last contact",
    )
    revoke.add_argument("device")
    revoke.add_argument(
        "--hall", type=hall_code, help="refuse, revoking nothing, unless the device is this hall's"
    )
    revoke.add_argument(
        "--window", help="refuse, revoking nothing, unless the device is this window's"
    )
    add_operator_option(revoke)
    revoke.set_defaults(func=cmd_revoke)
