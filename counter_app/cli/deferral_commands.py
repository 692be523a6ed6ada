"""容缺后补 commands: ``case supply`` (the deferred materials arrived), ``deferrals`` (this
window's open deferrals by due date: the cases it accepted; another window's are supplied
and followed up there) and ``deferrals expire`` (end the overdue ones; the window's start-up
and every sync run do the same through :func:`counter_app.services.deferrals.expire_overdue`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from counter_app.cli.actor import actor, add_actor_options
from counter_app.cli.context import number_in, open_case_store, os_actor, print_json
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.services.auth import Role

_CLERK_ROLES: tuple[Role, ...] = ("clerk", "supervisor", "admin")


def register_case_actions(case_commands: argparse._SubParsersAction) -> None:
    """``case supply`` under ``counter-app case``."""
    supply = case_commands.add_parser(
        "supply",
        help="容缺材料补齐（本窗口受理的办件） / record deferred materials as supplied (a case "
        "this window accepted)",
    )
    supply.add_argument("case", help="case UUID or case number")
    supply.add_argument(
        "--material",
        metavar="CODE",
        action="append",
        required=True,
        help="code of a deferred material that arrived (repeat for several)",
    )
    add_actor_options(supply, "the clerk who receives the materials")
    supply.add_argument("--json", action="store_true")
    supply.set_defaults(func=_supply)


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser(
        "deferrals",
        help="本窗口受理的容缺办件及补齐期限 / this window's open deferrals by due date",
        description="The deferrals of the cases this window accepted, by due date (a case "
        "the department took into processing before its materials came included); another "
        "window's deferrals are supplied and followed up at that window.",
    )
    listing.add_argument("--json", action="store_true")
    listing.add_argument(
        "--due-within",
        metavar="DAYS",
        # A hundred years: past any deadline, and short of the calendar's end.
        type=number_in(0, 36_500),
        help="only those due within DAYS days (0: due today); overdue ones always shown",
    )
    listing.set_defaults(func=_list)
    actions = listing.add_subparsers(dest="deferrals_command", metavar="ACTION")
    expire = actions.add_parser(
        "expire", help="逾期未补齐的终止受理 / end the deferrals whose deadline has passed"
    )
    expire.add_argument("--json", action="store_true")
    expire.set_defaults(func=_expire)


def _supply(args: argparse.Namespace) -> int:
    from counter_app.services.deferrals import supply

    context, store = open_case_store(args)
    with store:
        clerk = actor(args, context, store, roles=_CLERK_ROLES, action="case.supply")
        done = supply(store, args.case, clerk, args.material)
    if args.json:
        print_json(asdict(done))
    elif done.remaining:
        print(
            context.text(
                f"{done.case_no} 已记录补交；仍待补：{'、'.join(done.remaining)}。",
                f"{done.case_no}: recorded; still deferred: {', '.join(done.remaining)}.",
            )
        )
    else:
        zh_state, en_state = STATE_NAMES[CaseState(done.state)]
        print(
            context.text(
                f"{done.case_no} 容缺材料已补齐，办件状态：{zh_state}。打印补齐材料回执："
                f"counter-app print {done.case_no} --document supply",
                f"{done.case_no}: every deferred material is in; the case is '{en_state}'. "
                f"Print the receipt: counter-app print {done.case_no} --document supply",
            )
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    from counter_app.domain.hall_time import hall_today
    from counter_app.services.deferrals import open_deferrals, record_viewed

    context, store = open_case_store(args)
    with store:
        found = open_deferrals(store, today=hall_today(), due_within=args.due_within)
        record_viewed(store, os_actor(), found, args.due_within)
    if args.json:
        print_json({"deferrals": [asdict(d) for d in found]})
        return 0
    if not found:
        print(context.text("没有待补齐的容缺办件。", "No deferred materials are outstanding."))
    for d in found:
        late = context.text("（已逾期）", " (overdue)") if d.overdue else ""
        if d.state != CaseState.ACCEPTED_DEFERRED.value:
            # Taken into processing before the materials came: no expiry run ends it.
            zh_state, en_state = STATE_NAMES[CaseState(d.state)]
            late += context.text(
                f"（{zh_state}，逾期由办理部门处理）",
                f" ({en_state}; overdue: the department decides)",
            )
        # Whom to phone before it falls due: the phone masked (in clear only in the window).
        phone = d.applicant_masked_phone or context.text("未留电话", "no phone")
        print(
            f"{d.case_no}  {d.deadline}{late}  {d.applicant_name}  {phone}  "
            f"{','.join(d.materials)}  {d.service_item_name}"
        )
    return 0


def _expire(args: argparse.Namespace) -> int:
    from counter_app.services.clock_sanity import clock_confirmed, this_boot
    from counter_app.services.deferrals import expire_overdue
    from counter_app.store.platform_clock import ClockNow
    from counter_app.store.timestamps import utc_now

    context, store = open_case_store(args)
    with store:
        ended = expire_overdue(store, actor=os_actor("deferrals"))
        confirmed = clock_confirmed(store, ClockNow(utc_now(), this_boot()))
    if args.json:
        print_json({"terminated": [asdict(d) for d in ended], "clock_confirmed": confirmed})
        return 0
    if not confirmed:
        # An end cannot be undone: it waits for a clock the platform has vouched for.
        print(
            context.text(
                "本机时钟尚未经中心平台核实，逾期容缺的终止受理暂缓执行；"
                "请先同步一次（counter-app sync --once），再运行本命令。",
                "The platform has not confirmed this workstation's clock, so overdue deferrals "
                "are not ended yet; sync once (counter-app sync --once), then run this again.",
            ),
            file=sys.stderr,
        )
    print(
        context.text(
            f"逾期未补齐、已终止受理 {len(ended)} 件。",
            f"Ended {len(ended)} overdue deferral(s) (acceptance terminated).",
        )
    )
    for d in ended:
        print(
            context.text(
                f"  {d.case_no}  {d.deadline}  终止受理通知书已出具，打印：counter-app print {d.case_no}",
                f"  {d.case_no}  {d.deadline}  termination notice issued; print it: "
                f"counter-app print {d.case_no}",
            )
        )
    return 0
