"""Corrections after acceptance: ``case correct`` (the applicant hands in the 补正 the
department asked for) and ``case edit`` (a typo in the applicant's name, phone or address,
or the agent's name, phone or relation, corrected with a supervisor's approval, in every
open case of the same 一件事)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from counter_app.cli.actor import (
    actor,
    actor_or_os_user,
    add_actor_and_approver_options,
    add_actor_options,
    approver,
)
from counter_app.cli.context import open_case_store, print_json
from counter_app.domain.case_document import AGENT_FIELDS, EDITABLE_FIELDS
from counter_app.errors import ValidationError
from counter_app.services.applicant_edits import ApplicantEdited, record_applicant_edit
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
        help=f"a corrected applicant or agent field asked for ({', '.join(EDITABLE_FIELDS)}); "
        "repeatable",
    )
    add_actor_options(correct, "the clerk who receives the correction", required=False)
    correct.add_argument("--json", action="store_true")
    correct.set_defaults(func=_correct)

    edit = case_commands.add_parser(
        "edit",
        help="更正申请人或代办人信息（需值班长审批） / correct the applicant's or agent's data, "
        "approved",
    )
    edit.add_argument("case", help="case UUID or case number")
    edit.add_argument(
        "--field",
        required=True,
        choices=EDITABLE_FIELDS,
        help="agent_* only for a case with an agent (代办人/经办人); every open case of the "
        "same 一件事 is corrected with it",
    )
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
        if not equals or name not in EDITABLE_FIELDS:
            raise ValidationError(
                f"--field 应写作 NAME=VALUE，NAME 为 {'、'.join(EDITABLE_FIELDS)} 之一"
                f"（收到“{option}”）。",
                f"--field takes NAME=VALUE with NAME one of {', '.join(EDITABLE_FIELDS)} "
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
    from counter_app.store.cases import find_case

    context, store = open_case_store(args)

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
        done = record_applicant_edit(
            store,
            record.case_id,
            clerk,
            supervisor,
            field=args.field,
            value=args.value,
            reason=args.reason,
            warn=context.warn,
        )
        after = find_case(store, record.case_id)
    version = done.cases[0].data_version
    if args.json:
        print_json(
            {
                "case_id": after.case_id,
                "case_no": after.case_no,
                "state": after.state,
                "data_version": version,
                "field": args.field,
                "approved_by": supervisor.username,
                # Every case corrected (this one first, then the rest of its 一件事), and the
                # bundle's cases left as they were.
                "cases": [asdict(case) for case in done.cases],
                "closed": list(done.closed),
                "unchanged": list(done.unchanged),
            }
        )
        return 0
    print(context.text(*_edited_text(done, after.case_no)))
    return 0


def _edited_text(done: ApplicantEdited, case_no: str) -> tuple[str, str]:
    """What ``case edit`` says it did (Chinese, English): the case, then the other cases of
    its 一件事 corrected with it and those left as they were."""
    from counter_app.services.corrections import FIELD_NAMES

    zh_field, en_field = FIELD_NAMES[done.field]
    if done.field not in AGENT_FIELDS:
        zh_field, en_field = f"申请人{zh_field}", f"applicant's {en_field}"
    version, others = done.cases[0].data_version, done.cases[1:]
    zh = [f"{case_no} {zh_field}已更正（v{version}，{done.approved_by} 审批）。"]
    en = [f"{case_no}: the {en_field} is corrected (v{version}, approved by {done.approved_by})."]
    if others:
        listed = [f"{case.case_no} (v{case.data_version})" for case in others]
        zh.append(f"同一件事的办件一并更正：{'、'.join(listed)}。")
        en.append(f"Corrected with it in the same bundle: {', '.join(listed)}.")
    if done.closed:
        zh.append(f"同一件事中已办结的办件未更正（保留原记录）：{'、'.join(done.closed)}。")
        en.append(
            f"Finished cases of the same bundle are left as they were: {', '.join(done.closed)}."
        )
    if done.unchanged:
        zh.append(f"同一件事中已是新值的办件无需更正：{'、'.join(done.unchanged)}。")
        en.append(
            "Cases of the same bundle that already hold the new value: "
            f"{', '.join(done.unchanged)}."
        )
    return "\n".join(zh), "\n".join(en)
