"""好差评 commands: ``evaluate`` records the applicant's rating of a case (or that they
declined to rate) as the window's evaluator would; ``followups`` lists the bad ratings'
follow-ups, the overdue ones first, with whom to call (the applicant's name and masked
phone; reading a list that names someone is audited), and ``followups record`` adds a
supervisor's step. An ``appeal`` step waits for the platform's reviewer (申诉待审); the
follow-up stays open and its limits run until the decision comes with a sync. ``evaluate`` credits the rating to the clerk who took the case; without
``--by`` it is entered as the OS user (``cli:<user>``), like ``import``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from counter_app.cli.actor import actor, actor_or_os_user, add_actor_options
from counter_app.cli.context import cli_context, os_actor
from counter_app.cli.text_table import aligned
from counter_app.domain.evaluation import (
    APPEAL_STATE_NAMES,
    FOLLOWUP_STATE_NAMES,
    HALL_STEPS,
    LEVELS,
    OVERDUE_NAMES,
    REASON_CODES,
    AppealState,
    FollowupStep,
)

if TYPE_CHECKING:
    from counter_app.services.evaluations import Followup


def register(subparsers: argparse._SubParsersAction) -> None:
    evaluate = subparsers.add_parser(
        "evaluate",
        help="好差评 / record the applicant's rating of a case",
        description="Record the applicant's rating (1 very dissatisfied … 5 very satisfied), "
        "or with --declined that they declined to rate. Level 1-2 needs --reason-code and "
        "opens a follow-up. A case is rated once.",
    )
    evaluate.add_argument("case", help="case UUID or case number")
    given = evaluate.add_mutually_exclusive_group(required=True)
    given.add_argument("--level", type=int, choices=sorted(LEVELS))
    given.add_argument("--declined", action="store_true", help="the applicant declined to rate")
    evaluate.add_argument("--reason-code", choices=REASON_CODES, help="reason of a level 1-2")
    evaluate.add_argument("--reason", default="", help="the applicant's words (level 1-2)")
    add_actor_options(
        evaluate,
        "who enters the rating (audited); the rating is of the clerk who took the case",
        required=False,
    )
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(func=_evaluate)

    followups = subparsers.add_parser(
        "followups",
        help="差评回访 / follow-ups of bad ratings",
        description="Every level 1-2 rating's follow-up with its 1·5·15 working-day limits, "
        "the overdue ones first.",
    )
    followups.add_argument("--json", action="store_true")
    followups.set_defaults(func=_followups)
    actions = followups.add_subparsers(dest="action", metavar="ACTION")
    record = actions.add_parser(
        "record", help="登记回访步骤（值班长） / record a step of a follow-up (supervisor)"
    )
    record.add_argument("case", help="case UUID or case number of the rated case")
    record.add_argument(
        "--step",
        required=True,
        choices=[s.value for s in HALL_STEPS],
        help="appeal: the rating was mistaken or malicious; the platform's reviewer decides it",
    )
    record.add_argument("--note", required=True, help="what was done or found")
    add_actor_options(record, "the supervisor who records the step")
    record.add_argument("--json", action="store_true")
    record.set_defaults(func=_record_step)


def _evaluate(args: argparse.Namespace) -> int:
    from counter_app.services.evaluations import list_followups, record_evaluation
    from counter_app.store.cases import find_case

    context = cli_context(args)
    with context.open_store() as store:
        case = find_case(store, args.case)
        recorder = actor_or_os_user(
            args,
            context,
            store,
            roles=("clerk", "supervisor", "admin"),
            action="case.evaluation",
            target=case.case_id,
        )
        evaluation = record_evaluation(
            store,
            case.case_id,
            None if args.declined else args.level,
            reason_code=args.reason_code,
            reason=args.reason,
            actor=recorder.username,
        )
        followup = next((f for f in list_followups(store) if f.case_id == case.case_id), None)
        version = find_case(store, case.case_id).data_version
    if args.json:
        _print(
            {
                "case_id": case.case_id,
                "case_no": case.case_no,
                "data_version": version,
                "evaluation": {"channel": "hall_evaluator", **asdict(evaluation)},
                "followup": None if followup is None else followup_json(followup),
            }
        )
    else:
        level = context.text("拒绝评价", "declined") if evaluation.declined else evaluation.level
        print(f"{case.case_no}  {level}  v{version}")
    return 0


def followup_json(followup: Followup) -> dict[str, Any]:
    return {
        "case_id": followup.case_id,
        "case_no": followup.case_no,
        "item": followup.item_name,
        "window_code": followup.window_code,
        "clerk": followup.clerk,
        "level": followup.level,
        "reason_code": followup.reason_code,
        "reason": followup.reason,
        "opened_at": followup.opened_at,
        "due_contact": followup.due.contact.isoformat(),
        "due_settle": followup.due.settle.isoformat(),
        "due_rectify": followup.due.rectify.isoformat(),
        "state": followup.state.value,
        "overdue": followup.overdue,
        "last_note": followup.last_note,
        "applicant_name": followup.applicant_name,
        "applicant_masked_phone": followup.applicant_masked_phone,
        "appeal": None if followup.appeal is None else followup.appeal.value,
    }


def _followups(args: argparse.Namespace) -> int:
    from counter_app.services.evaluations import list_followups
    from counter_app.services.followup_views import record_followups_viewed

    context = cli_context(args)
    with context.open_store() as store:
        followups = list_followups(store)
        record_followups_viewed(store, os_actor(), followups)
    if args.json:
        _print({"followups": [followup_json(f) for f in followups]})
        return 0
    if not followups:
        print(context.text("没有差评回访。", "No follow-ups of bad ratings."))
        return 0
    headings = [
        context.text("办件编号", "case no."),
        context.text("评价", "level"),
        context.text("窗口/受理人", "window/clerk"),
        context.text("申请人", "applicant"),
        context.text("电话", "phone"),
        context.text("状态", "state"),
        context.text("联系期限", "contact by"),
        context.text("办结期限", "settle by"),
        context.text("整改期限", "rectify by"),
        context.text("超期", "overdue"),
        context.text("申诉", "appeal"),
    ]
    no_phone = context.text("未留", "none")
    rows = [
        [
            f.case_no,
            str(f.level),
            f"{f.window_code}/{f.clerk}",
            f.applicant_name,
            f.applicant_masked_phone or no_phone,  # masked: in clear only when revealed
            context.text(*FOLLOWUP_STATE_NAMES[f.state]),
            f.due.contact.isoformat(),
            f.due.settle.isoformat(),
            f.due.rectify.isoformat(),
            " ".join(context.text(*OVERDUE_NAMES[limit]) for limit in f.overdue),
            context.text(*APPEAL_STATE_NAMES[f.appeal]) if f.appeal else "",
        ]
        for f in followups
    ]
    for line in aligned([headings, *rows]):
        print(line)
    return 0


def _record_step(args: argparse.Namespace) -> int:
    from counter_app.services.evaluations import record_followup_step
    from counter_app.store.cases import find_case

    context = cli_context(args)
    with context.open_store() as store:
        case = find_case(store, args.case)
        supervisor = actor(
            args,
            context,
            store,
            roles=("supervisor", "admin"),
            action="case.evaluation_followup",
            target=case.case_id,
        )
        state = record_followup_step(
            store, case.case_id, FollowupStep(args.step), args.note, by=supervisor.username
        )
    # An appeal leaves the follow-up where it stood, waiting for the platform's reviewer.
    appeal = AppealState.PENDING if args.step == FollowupStep.APPEAL else None
    if args.json:
        document = {"case_id": case.case_id, "case_no": case.case_no, "state": state.value}
        _print({**document, "appeal": appeal.value} if appeal else document)
    else:
        waits = f"  {context.text(*APPEAL_STATE_NAMES[appeal])}" if appeal else ""
        print(f"{case.case_no}  {context.text(*FOLLOWUP_STATE_NAMES[state])}{waits}")
    return 0


def _print(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
