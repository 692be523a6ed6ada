"""Corrections after acceptance: ``case correct`` (the applicant hands in the 补正 the
department asked for) and ``case edit`` (a typo in the applicant's name, phone or address,
corrected with a supervisor's approval)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from counter_app.cli.actor import (
    actor,
    actor_or_os_user,
    add_actor_and_approver_options,
    add_actor_options,
    approver,
)
from counter_app.cli.context import open_case_store, print_json
from counter_app.domain.case_document import CORRECTABLE_FIELDS
from counter_app.errors import ValidationError
from counter_app.services.auth import Role

_CLERK_ROLES: tuple[Role, ...] = ("clerk", "supervisor", "admin")


def register_case_actions(case_commands: argparse._SubParsersAction) -> None:
    """``case correct`` and ``case edit`` under ``counter-app case``."""
    correct = case_commands.add_parser(
        "correct", help="补正材料收取 / record the correction the department asked for"
    )
    correct.add_argument("case", help="case UUID or case number")
    correct.add_argument(
        "--material",
        metavar="CODE",
        action="append",
        default=[],
        help="code of a corrected material handed in (repeat for several)",
    )
    correct.add_argument(
        "--field",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help=f"a corrected applicant field asked for ({', '.join(CORRECTABLE_FIELDS)}); repeatable",
    )
    add_actor_options(correct, "the clerk who receives the correction", required=False)
    correct.add_argument("--json", action="store_true")
    correct.set_defaults(func=_correct)

    edit = case_commands.add_parser(
        "edit", help="更正申请人信息（需值班长审批） / correct the applicant's data, approved"
    )
    edit.add_argument("case", help="case UUID or case number")
    edit.add_argument("--field", required=True, choices=CORRECTABLE_FIELDS)
    edit.add_argument("--value", required=True, help="the correct value")
    edit.add_argument("--reason", required=True, help="why it is corrected")
    add_actor_and_approver_options(
        edit, "the clerk who corrects it", "the correction of the applicant's data"
    )
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(func=_edit)


def _fields(options: list[str]) -> dict[str, str]:
    fields = {}
    for option in options:
        name, equals, value = option.partition("=")
        if not equals or name not in CORRECTABLE_FIELDS:
            raise ValidationError(
                f"--field 应写作 NAME=VALUE，NAME 为 {'、'.join(CORRECTABLE_FIELDS)} 之一"
                f"（收到“{option}”）。",
                f"--field takes NAME=VALUE with NAME one of {', '.join(CORRECTABLE_FIELDS)} "
                f"(got '{option}').",
                field="field",
            )
        fields[name] = value
    return fields


def _correct(args: argparse.Namespace) -> int:
    from counter_app.services.corrections import correct

    fields = _fields(args.field)
    context, store = open_case_store(args)
    with store:
        clerk = actor_or_os_user(args, context, store, roles=_CLERK_ROLES, action="case.correct")
        done = correct(store, args.case, clerk, args.material, fields)
    if args.json:
        print_json(asdict(done))
        return 0
    print(
        context.text(
            f"{done.case_no} 补正已收取，办件回到办理中；承诺办结日 {done.promised_before} → "
            f"{done.promised_date}（等待补正的 {done.waited_working_days} 个工作日不计入）。"
            f"打印补正材料收取凭证：counter-app print {done.case_no} --document correction",
            f"{done.case_no}: correction received, the case is back in process; promised date "
            f"{done.promised_before} -> {done.promised_date} (the {done.waited_working_days} "
            "working day(s) spent waiting do not count). Print the voucher: "
            f"counter-app print {done.case_no} --document correction",
        )
    )
    return 0


def _edit(args: argparse.Namespace) -> int:
    from counter_app.services.applicant_edits import edit_applicant
    from counter_app.services.corrections import FIELD_NAMES
    from counter_app.store.cases import find_case

    context, store = open_case_store(args)

    def warn(zh: str, en: str) -> None:  # the result still goes to the address chosen
        if context.lang != "en":
            print(zh, file=sys.stderr)
        print(en, file=sys.stderr)

    with store:
        record = find_case(store, args.case)
        clerk = actor(
            args, context, store, roles=_CLERK_ROLES, action="case.edit", target=record.case_id
        )
        supervisor = approver(
            args,
            context,
            store,
            action="case.edit_applicant",
            target=record.case_id,
            requesters=(clerk.username, record.clerk),
        )
        if supervisor is None:  # argparse requires --approved-by; never reached
            raise ValidationError(
                "请用 --approved-by 指定审批的值班长。",
                "Name the approving supervisor with --approved-by.",
                field="approved_by",
            )
        version = edit_applicant(
            store,
            record.case_id,
            clerk,
            supervisor,
            field=args.field,
            value=args.value,
            reason=args.reason,
            warn=warn,
        )
        after = find_case(store, record.case_id)
    if args.json:
        print_json(
            {
                "case_id": after.case_id,
                "case_no": after.case_no,
                "state": after.state,
                "data_version": version,
                "field": args.field,
                "approved_by": supervisor.username,
            }
        )
        return 0
    zh_field, en_field = FIELD_NAMES[args.field]
    print(
        context.text(
            f"{after.case_no} 申请人{zh_field}已更正（v{version}，{supervisor.username} 审批）。",
            f"{after.case_no}: the applicant's {en_field} is corrected (v{version}, approved "
            f"by {supervisor.username}).",
        )
    )
    return 0
