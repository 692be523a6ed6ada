"""``counter-app queue``: the supervisor's hall queue from the command line (the headless twin
of the window's hall queue tab). Masked personal data only: none at all, in fact."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from counter_app.cli.context import CliContext, cli_context


def register(subparsers: argparse._SubParsersAction) -> None:
    queue = subparsers.add_parser(
        "queue",
        help="大厅办件队列 / the hall's case queue",
        description="This window's cases, or with --hall every window's of the hall (as the "
        "platform's hall queue feed last brought them, and this workstation's cases not yet "
        "synced), newest first. --problems: the cases the platform refused or holds in "
        "conflict (this workstation's, and with --hall or --window other windows'), with its "
        "reason, what to do and where a supervisor's instruction about it stands.",
    )
    queue.add_argument("--hall", action="store_true", help="every window of the hall")
    queue.add_argument(
        "--problems", action="store_true", help="only cases the platform refused or conflict"
    )
    queue.add_argument(
        "--search", default="", help="case number (or its start), item, window or clerk"
    )
    queue.add_argument("--state", help="only cases in this state")
    queue.add_argument("--clerk", help="only cases of this clerk (user name)")
    queue.add_argument("--window", help="only cases of this window (implies --hall)")
    queue.add_argument("--limit", type=int, default=100, help="cases per page (default 100)")
    queue.add_argument("--offset", type=int, default=0, help="cases to skip (the page's start)")
    queue.add_argument("--json", action="store_true")
    queue.set_defaults(func=_queue)


def _queue(args: argparse.Namespace) -> int:
    from counter_app.domain.case_states import STATE_NAMES, CaseState
    from counter_app.domain.hall_time import hall_today
    from counter_app.services.hall_queue import read_queue
    from counter_app.store.hall_queue import QueueQuery

    context = cli_context(args)
    if args.problems:
        return _problems(args, context)
    window = args.window or (None if args.hall else context.config.hall.window_code)
    query = QueueQuery(
        text=args.search,
        window=window,
        clerk=args.clerk,
        state=args.state,
        problems_only=args.problems,
    )
    with context.open_store() as store:
        entries = read_queue(
            store, query, today=hall_today(), limit=max(1, args.limit), offset=max(0, args.offset)
        )
    if args.json:
        sys.stdout.write(
            json.dumps({"cases": [asdict(e) for e in entries]}, ensure_ascii=False) + "\n"
        )
        return 0
    for e in entries:
        zh, en = STATE_NAMES[CaseState(e.state)]
        print(
            f"{e.case_no}  {e.window_code:<5} {e.clerk:<10} {context.text(zh, en):<12} "
            f"{e.sync_state:<9} {e.promised_date or '-':<10} {','.join(e.flags)}"
        )
        if e.problem is not None:
            print(f"    {context.text(e.problem.message_zh, e.problem.message_en)}")
            print(f"    {context.text(e.problem.todo_zh, e.problem.todo_en)}")
    return 0


def _problems(args: argparse.Namespace, context: CliContext) -> int:
    from counter_app.domain.hall_time import hall_today
    from counter_app.services.problems import instruction_text, problem_cases

    with context.open_store() as store:
        cases = problem_cases(
            store, today=hall_today(), window=args.window, limit=max(1, args.limit)
        )
    if not (args.hall or args.window):
        cases = [case for case in cases if case.local]
    if args.json:
        sys.stdout.write(
            json.dumps({"cases": [asdict(c) for c in cases]}, ensure_ascii=False) + "\n"
        )
        return 0
    for case in cases:
        print(f"{case.case_no}  {case.window_code:<5} {case.clerk or '-':<10} {case.sync_state}")
        print(f"    {context.text(case.problem.message_zh, case.problem.message_en)}")
        print(f"    {context.text(case.problem.todo_zh, case.problem.todo_en)}")
        if case.instruction is not None:
            print(f"    {context.text(*instruction_text(case.instruction))}")
    return 0
