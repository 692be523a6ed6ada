"""出件 commands: ``results`` (the results ready of the cases this window accepted: to pick
up, or to post; another window's are handed over at that window),
``case handover`` (to the applicant or a proxy with a power of attorney, 代领), ``case post``
(the waybill of a posted result, another one with a reason, or the parcel back at the hall)
and ``case delivery`` (the applicant switches between pick-up and post, or gives another
postal address). The 领取回执 prints with ``counter-app print CASE``.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from counter_app.cli.actor import actor_or_os_user, add_actor_options
from counter_app.cli.context import CliContext, open_case_store, print_json
from counter_app.errors import ValidationError
from counter_app.services.auth import Role

_CLERK_ROLES: tuple[Role, ...] = ("clerk", "supervisor", "admin")


def register_case_actions(case_commands: argparse._SubParsersAction) -> None:
    """``case handover`` and ``case post`` under ``counter-app case``."""
    handover = case_commands.add_parser(
        "handover",
        help="出件：在受理窗口领取结果 / hand the result over at the window that accepted the case",
    )
    handover.add_argument("case", help="case UUID or case number")
    handover.add_argument(
        "--id-number",
        required=True,
        metavar="N",
        help="the applicant's ID number: from their card, or (代领) from the power of attorney",
    )
    handover.add_argument(
        "--proxy-id-number",
        metavar="N",
        help="代领: the proxy's own ID number (give it only with the power of attorney checked)",
    )
    handover.add_argument("--proxy-name", metavar="NAME", help="代领: the proxy's name")
    add_actor_options(handover, "the clerk handing the result over", required=False)
    handover.add_argument("--json", action="store_true")
    handover.set_defaults(func=_handover)

    post = case_commands.add_parser(
        "post",
        help="结果已邮寄：登记运单号，或登记包裹退回 / record the waybill of a posted result, or "
        "that the parcel came back",
    )
    post.add_argument("case", help="case UUID or case number")
    sent = post.add_mutually_exclusive_group(required=True)
    sent.add_argument(
        "--waybill",
        metavar="NO",
        help="the waybill number (EMS like EA123456789CN, or another courier's: 8-30 letters "
        "or digits); another than the one on record needs --reason",
    )
    sent.add_argument(
        "--returned",
        action="store_true",
        help="the parcel came back to the hall: hand it over or post it again afterwards",
    )
    post.add_argument(
        "--reason", metavar="TEXT", help="why the waybill is replaced, or why it came back"
    )
    add_actor_options(post, "the clerk who posted the result", required=False)
    post.add_argument("--json", action="store_true")
    post.set_defaults(func=_post)

    choice = case_commands.add_parser(
        "delivery",
        help="更改领取方式或邮寄地址 / change pick-up to post (or back), or the postal address",
        description="Before the result is handed over or posted: the applicant's new choice, "
        "with the reason, audited and synced.",
    )
    choice.add_argument("case", help="case UUID or case number")
    method = choice.add_mutually_exclusive_group(required=True)
    method.add_argument("--pickup", action="store_true", help="窗口领取 / pick-up at this hall")
    method.add_argument(
        "--post", action="store_true", help="邮寄送达 / postal delivery to --address"
    )
    choice.add_argument("--address", metavar="TEXT", help="the postal address (with --post)")
    choice.add_argument("--reason", required=True, metavar="TEXT", help="why it changes")
    add_actor_options(choice, "the clerk recording the change", required=False)
    choice.add_argument("--json", action="store_true")
    choice.set_defaults(func=_change_delivery)


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser(
        "results",
        help="本窗口受理的办件中结果待领取、待邮寄的 / results ready to hand over or post, of "
        "the cases this window accepted",
        description="The results ready of the cases this window accepted; another window's "
        "results are handed over (or posted) at that window.",
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_list)


def _handover(args: argparse.Namespace) -> int:
    from counter_app.services.delivery import Proxy, hand_over

    if (args.proxy_id_number is None) != (args.proxy_name is None):
        raise ValidationError(
            "代领须同时给出 --proxy-id-number 和 --proxy-name。",
            "A proxy needs both --proxy-id-number and --proxy-name.",
            field="proxy",
        )
    proxy = (
        Proxy(args.proxy_name, args.proxy_id_number, power_of_attorney=True)
        if args.proxy_id_number is not None
        else None
    )
    context, store = open_case_store(args)
    with store:
        clerk = actor_or_os_user(args, context, store, roles=_CLERK_ROLES, action="case.handover")
        done = hand_over(store, args.case, clerk, id_number=args.id_number, proxy=proxy)
    if args.json:
        print_json(asdict(done))
        return 0
    print(
        context.text(
            f"{done.case_no} 已出件（{'代领' if proxy else '本人领取'}）。打印领取回执："
            f"counter-app print {done.case_no}",
            f"{done.case_no}: result handed over ({'to a proxy' if proxy else 'to the applicant'})."
            f" Print the receipt: counter-app print {done.case_no}",
        )
    )
    _note_replayed(context, done.replayed)
    return 0


def _post(args: argparse.Namespace) -> int:
    from counter_app.services.delivery import post_result

    if args.returned:
        return _returned(args)
    context, store = open_case_store(args)
    with store:
        clerk = actor_or_os_user(args, context, store, roles=_CLERK_ROLES, action="case.post")
        done = post_result(store, args.case, clerk, args.waybill, reason=args.reason)
    if args.json:
        print_json(asdict(done))
        return 0
    print(
        context.text(
            f"{done.case_no} 已登记邮寄，运单号 {done.waybill}。",
            f"{done.case_no}: posted, waybill {done.waybill}.",
        )
    )
    _note_replayed(context, done.replayed)
    return 0


def _note_replayed(context: CliContext, replayed: bool) -> None:
    """A retried command answers as the first time did; this line says nothing new was
    written (a script reads ``replayed`` in ``--json``)."""
    if replayed:
        print(context.text("已登记过，未重复记录。", "Already recorded; nothing recorded again."))


def _returned(args: argparse.Namespace) -> int:
    from counter_app.services.delivery_changes import return_posting

    context, store = open_case_store(args)
    with store:
        clerk = actor_or_os_user(
            args, context, store, roles=_CLERK_ROLES, action="case.post_returned"
        )
        back = return_posting(store, args.case, clerk, args.reason or "")
    if args.json:
        print_json(asdict(back))
        return 0
    print(
        context.text(
            f"{back.case_no} 已登记包裹退回（原运单号 {back.returned_waybill}）。结果可在窗口"
            f"领取，或以新运单号重新邮寄：counter-app case post {back.case_no} --waybill 运单号",
            f"{back.case_no}: the parcel is recorded as returned (waybill "
            f"{back.returned_waybill}). Hand the result over at the window, or post it again: "
            f"counter-app case post {back.case_no} --waybill NO",
        )
    )
    return 0


def _change_delivery(args: argparse.Namespace) -> int:
    from counter_app.domain.delivery import DELIVERY_METHOD_NAMES, DeliveryChoice, DeliveryMethod
    from counter_app.services.delivery_changes import change_delivery

    if args.pickup and args.address is not None:
        raise ValidationError(
            "窗口领取不填写邮寄地址：去掉 --address，或改用 --post。",
            "Pick-up takes no postal address: leave out --address, or use --post.",
            field="address",
        )
    chosen = DeliveryChoice(
        DeliveryMethod.POST if args.post else DeliveryMethod.PICKUP, args.address
    )
    context, store = open_case_store(args)
    with store:
        clerk = actor_or_os_user(
            args, context, store, roles=_CLERK_ROLES, action="case.delivery_changed"
        )
        done = change_delivery(store, args.case, clerk, chosen, args.reason)
    if args.json:
        print_json(asdict(done))
        return 0
    how = context.text(*DELIVERY_METHOD_NAMES[done.method])
    where = f" {done.address_masked}" if done.address_masked else ""
    print(
        context.text(
            f"{done.case_no} 的领取方式已改为：{how}{where}（v{done.data_version}）。",
            f"{done.case_no}: the result now goes out by {how}{where} (v{done.data_version}).",
        )
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from counter_app.domain.delivery import (
        DELIVERY_METHOD_NAMES,
        POSTAL_STATUS_NAMES,
    )
    from counter_app.services.delivery import ready_results

    context, store = open_case_store(args)
    with store:
        found = ready_results(store)
    if args.json:
        print_json({"results": [asdict(r) for r in found]})
        return 0
    if not found:
        print(
            context.text(
                "没有待领取或待邮寄的结果。", "No results wait to be handed over or posted."
            )
        )
    for r in found:
        how = context.text(*DELIVERY_METHOD_NAMES[r.method])
        if r.postal_status is not None:
            how += f" {context.text(*POSTAL_STATUS_NAMES[r.postal_status])} {r.waybill}"
        elif r.address_masked:
            how += f" {r.address_masked}"
        waited = (
            context.text(f"已等{r.days_waiting}天", f"waiting {r.days_waiting} d")
            if r.days_waiting is not None
            else "—"
        )
        print(f"{r.case_no}  {waited}  {r.applicant_masked_id}  {how}  {r.service_item_name}")
    return 0
