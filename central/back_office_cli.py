"""``counter-central progress|routed|payment|delivery``: what happens to a case behind the
window — the back office's steps (全市通办 routed cases included), fees confirmed paid, and
results posted by EMS."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from central.cli_store import hall_day, print_json, whole_number, with_store
from central.errors import OperatorError
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore, payments
from central.store import progress as case_progress
from central.store.departments import UnknownDepartment
from central.store.operator_log import operator_action
from counter_app.domain.case_document import EDITABLE_FIELDS
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.hall_time import hall_minute_text
from sync.wire.feeds import DELIVERY_STATUSES, PROGRESS_STATES


def cmd_delivery(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        with operator_action(
            store,
            "delivery",
            args.case,
            {"waybill": args.waybill, "status": args.status},
            operator=acting_operator(args),
        ):
            recorded = case_progress.record_delivery(store, args.case, args.waybill, args.status)
        print_json(recorded)

    with_store(args, work)


def cmd_progress(args: argparse.Namespace) -> None:
    # A suspension stops the case's time limit (特别程序): the applicant and the window are
    # owed its reason, as for a withdrawal (whose reason the store requires).
    if args.to == CaseState.SUSPENDED.value and not args.note.strip():
        raise OperatorError(
            "中止办理（特别程序）须写明原因：--note 原因。",
            "A suspension (special procedure) needs its reason: --note REASON.",
        )

    def work(store: CentralStore) -> None:
        with operator_action(
            store,
            "progress",
            args.case,
            # The note is left out: it may hold the applicant's words.
            {
                "to": args.to,
                "department": args.department,
                "materials": args.material,
                "fields": args.field,
            },
            operator=acting_operator(args),
        ):
            recorded = case_progress.record_progress(
                store,
                args.case,
                args.to,
                args.note,
                materials=args.material,
                fields=args.field,
                department=args.department,
            )
        print_json(recorded)

    with_store(args, work)


def cmd_routed(args: argparse.Namespace) -> None:
    # A person reads the newest ROUTED_LIMIT; a department's script (--json) every case, as
    # before there was a limit, unless it asks for fewer.
    limit = args.limit if args.limit is not None or args.json else case_progress.ROUTED_LIMIT
    choice = case_progress.RoutedChoice(
        args.department,
        state=None if args.state is None else CaseState(args.state),
        day=args.day,
        since=args.since,
        limit=limit,
    )

    def work(store: CentralStore) -> None:
        try:
            rows, left_off = case_progress.routed_cases(store, choice)
        except UnknownDepartment as exc:
            # Not one of the departments: a usage error, exit 2 as argparse's invalid choice.
            print(f"错误：{exc.zh}\nError: {exc.en}", file=sys.stderr)
            raise SystemExit(2) from None
        if args.json:
            print_json({"cases": rows, "left_off": left_off})
        elif not rows:
            print(f"无转至部门 {args.department} 的办件。 / No cases routed to {args.department}.")
        else:
            print("\t".join(_ROUTED_HEADINGS))
            for row in rows:
                print("\t".join(_routed_cells(row)))
        if left_off and not args.json:
            print(
                f"另有更早的 {left_off} 件未列出（--limit {limit}）。"
                f" / {left_off} earlier cases not listed (--limit {limit}).",
                file=sys.stderr,
            )

    with_store(args, work)


# ``counter-central routed`` for a person, in the words of the other listings
# (``central.listing_cli``): Chinese, states named as on screen, hall time.
_ROUTED_HEADINGS = ("办件编号", "事项", "受理大厅/窗口", "状态", "承诺办结日期", "流转时间")


def _routed_cells(row: dict[str, Any]) -> tuple[str, ...]:
    zh_state, _en = STATE_NAMES[CaseState(row["state"])]
    hall = row["accepting_hall_name"] or row["accepting_hall"]
    return (
        row["case_no"],
        f"{row['item_code']} {row['item_name']}",
        f"{hall}/{row['accepting_window']}",
        zh_state,
        row["promised_date"] or "—",
        hall_minute_text(row["routed_at"]),
    )


def cmd_payment_confirm(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        with operator_action(
            store, "payment confirm", args.reference, operator=acting_operator(args)
        ):
            confirmed = payments.confirm_payment(store, args.reference)
        print_json(confirmed)

    with_store(args, work)


def add_progress_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    progress = sub.add_parser(
        "progress", parents=[db], help="登记后台办理环节 / record a back-office step"
    )
    progress.add_argument("case", help="case UUID or case number")
    progress.add_argument("--to", required=True, choices=PROGRESS_STATES)
    progress.add_argument(
        "--note",
        default="",
        help="说明；--to withdrawn（申请人撤回办理中的办件）和 --to suspended（特别程序）时必填，"
        "写明原因 / a note; required with --to withdrawn (the applicant withdraws a case in "
        "process) and --to suspended (a special procedure): the reason",
    )
    progress.add_argument(
        "--material",
        metavar="CODE",
        action="append",
        default=[],
        help="with --to correction_requested: a material to correct (repeat for several)",
    )
    progress.add_argument(
        "--field",
        action="append",
        default=[],
        choices=EDITABLE_FIELDS,
        help="with --to correction_requested: an applicant's field, or an agent's (代办人 / "
        "经办人, agent_*), to correct (repeatable)",
    )
    progress.add_argument(
        "--department",
        metavar="CODE",
        help="全市通办: the handling department recording the step (the case must be routed to it)",
    )
    add_operator_option(progress)
    progress.set_defaults(func=cmd_progress)
    routed = sub.add_parser(
        "routed",
        parents=[db],
        help="全市通办：转至承办部门的办件 / cases routed to a handling department",
    )
    routed.add_argument("--department", required=True, metavar="CODE")
    routed.add_argument(
        "--state",
        choices=[state.value for state in CaseState],
        help="只列处于该状态的办件 / only the cases standing in that state",
    )
    when = routed.add_mutually_exclusive_group()
    when.add_argument(
        "--day",
        type=hall_day,
        metavar="YYYY-MM-DD",
        help="只列该大厅日期流转的办件 / only the cases routed on that hall day",
    )
    when.add_argument(
        "--since",
        type=hall_day,
        metavar="YYYY-MM-DD",
        help="只列该大厅日期及以后流转的办件 / only the cases routed on that hall day or later",
    )
    routed.add_argument(
        "--limit",
        type=whole_number(1, 10**9),
        metavar="N",
        help=f"只列最后 N 件，更早的只计数（默认：{case_progress.ROUTED_LIMIT} 件，--json 时"
        f"全部） / only the last N cases, the earlier ones counted (default "
        f"{case_progress.ROUTED_LIMIT}; every case with --json)",
    )
    routed.add_argument("--json", action="store_true")
    routed.set_defaults(func=cmd_routed)


def add_payment_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    payment = sub.add_parser(
        "payment", help="统一公共支付平台（缴费） / the unified public payment platform"
    )
    actions = payment.add_subparsers(dest="action", metavar="ACTION", required=True)
    confirm = actions.add_parser(
        "confirm",
        parents=[db],
        help="按缴费识别码登记已缴费 / mark a fee paid by its payment reference",
    )
    confirm.add_argument("reference", help="payment reference on the 缴费通知书 (JF-…)")
    add_operator_option(confirm)
    confirm.set_defaults(func=cmd_payment_confirm)


def add_delivery_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    delivery = sub.add_parser(
        "delivery",
        parents=[db],
        help="登记邮寄结果（运单号）或已送达 / record a result posted by EMS (its waybill) or delivered by the carrier",
    )
    delivery.add_argument("case", help="case UUID or case number")
    delivery.add_argument("--waybill", required=True, help="EMS waybill number")
    delivery.add_argument("--status", required=True, choices=DELIVERY_STATUSES)
    add_operator_option(delivery)
    delivery.set_defaults(func=cmd_delivery)
