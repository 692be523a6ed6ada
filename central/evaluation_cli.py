"""``counter-central evaluations appeal CASE --uphold|--reject --reason TEXT --by USER
--password-stdin [--json]``: a city-level reviewer decides a hall's appeal of a bad rating
(国办发〔2019〕51号). The reviewer is an account of the platform's review register
(``counter-central staff add --hall city-review``), proven by the password on the first line
of stdin; a hall's own supervisor is none. The decision goes to the accepting window with
its next sync."""

from __future__ import annotations

import argparse

from central.cli_store import print_json, with_store
from central.operator_log_cli import acting_operator, add_operator_option
from central.staff_cli import add_acting_member_options, read_password
from central.store import CentralStore
from central.store.evaluations import REVIEW_REGISTER, decide_appeal
from central.store.operator_log import operator_action


def add_appeal_parser(evaluations: argparse.ArgumentParser, db: argparse.ArgumentParser) -> None:
    """``appeal`` under the ``evaluations`` listing's parser."""
    actions = evaluations.add_subparsers(dest="action", metavar="ACTION")
    appeal = actions.add_parser(
        "appeal",
        parents=[db],
        help="审核大厅对差评的申诉（市级审核人员） / decide a hall's appeal of a bad rating "
        "(city-level reviewer)",
    )
    appeal.add_argument("case", help="办件编号或办件ID / case number or id")
    decision = appeal.add_mutually_exclusive_group(required=True)
    decision.add_argument(
        "--uphold",
        action="store_true",
        help="申诉成立：回访办结，该差评不计入满意度 / upheld: the follow-up closes and the "
        "rating leaves the satisfaction figures",
    )
    decision.add_argument(
        "--reject",
        action="store_true",
        help="申诉驳回：回访继续 / rejected: the follow-up goes on",
    )
    appeal.add_argument("--reason", required=True, help="审核理由 / the decision's reason")
    add_acting_member_options(
        appeal, REVIEW_REGISTER, ("审核人员", "the reviewer"), ("平台审核名册", "review register")
    )
    appeal.add_argument("--json", action="store_true")
    add_operator_option(appeal)
    appeal.set_defaults(func=_appeal)


def _appeal(args: argparse.Namespace) -> None:
    password = read_password()

    def work(store: CentralStore) -> None:
        with operator_action(
            store,
            "evaluations appeal",
            args.case,
            {"decision": "upheld" if args.uphold else "rejected", "by": args.by},
            operator=acting_operator(args),
        ):
            decided = decide_appeal(
                store,
                args.case,
                upheld=args.uphold,
                reason=args.reason,
                by=args.by,
                password=password,
            )
        if args.json:
            print_json(decided)
            return
        words = "申诉成立 appeal upheld" if args.uphold else "申诉驳回 appeal rejected"
        print(f"{decided['case_no']}\t{words}\t{decided['by']}")

    with_store(args, work)
