"""``counter-app queue``: the supervisor's hall queue from the command line (the headless twin
of the window's hall queue tab). Masked personal data only: none at all, in fact."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from counter_app.cli.actor import actor, add_actor_options
from counter_app.cli.context import MOST_ROWS, CliContext, cli_context, number_in
from counter_app.cli.text_table import aligned, clipped
from counter_app.domain.case_states import STATE_NAMES, CaseState, sync_state_name
from counter_app.domain.hall_queue import FLAG_NAMES
from counter_app.domain.hall_time import hall_minute_text
from counter_app.domain.review_states import REVIEW_NAMES, REVIEW_STATES, SUPERVISOR_STATES

if TYPE_CHECKING:
    from counter_app.services.hall_queue import QueueEntry
    from counter_app.services.problems import ProblemCase


def register(subparsers: argparse._SubParsersAction) -> None:
    queue = subparsers.add_parser(
        "queue",
        help="大厅办件队列 / the hall's case queue",
        description="This window's cases, or with --hall every window's of the hall (as the "
        "platform's hall queue feed last brought them, and this workstation's cases not yet "
        "synced), newest first (--overdue, --due-soon: oldest promised date first). --problems: the cases the platform refused or holds in "
        "conflict (this workstation's, and with --hall or --window other windows'), with its "
        "reason, what to do and where a supervisor's instruction about it stands. Each case "
        "shows its review state (received, edited, has_issues, approved, rejected).",
    )
    queue.add_argument("--hall", action="store_true", help="every window of the hall")
    queue.add_argument(
        "--problems", action="store_true", help="only cases the platform refused or conflict"
    )
    queue.add_argument(
        "--search",
        default="",
        help="case number (or its start), item, one-thing bundle (part of its name), window or "
        "clerk",
    )
    queue.add_argument(
        "--state",
        choices=[state.value for state in CaseState],
        metavar="STATE",
        help="only cases in this state: %(choices)s",
    )
    queue.add_argument(
        "--review", choices=REVIEW_STATES, help="only the page's cases in this review state"
    )
    limits = queue.add_mutually_exclusive_group()
    limits.add_argument(
        "--overdue",
        action="store_true",
        help="only cases past their promised date and still open (已超期), oldest promised "
        "date first",
    )
    limits.add_argument(
        "--due-soon",
        action="store_true",
        help="only open cases whose promised date is today or at most hall.due_soon_working_days "
        "working days away (临近超期), oldest promised date first",
    )
    queue.add_argument("--clerk", help="only cases of this clerk (user name)")
    queue.add_argument("--window", help="only cases of this window (implies --hall)")
    queue.add_argument(
        "--limit",
        type=number_in(1, MOST_ROWS),
        default=100,
        help="cases per page (default 100)",
    )
    queue.add_argument(
        "--offset",
        type=number_in(0, MOST_ROWS),
        default=0,
        help="cases to skip (the page's start)",
    )
    queue.add_argument(
        "--json",
        action="store_true",
        help='the page as JSON; "more": true when cases follow it (see --offset)',
    )
    queue.set_defaults(func=_queue)

    review = subparsers.add_parser(
        "review",
        help="审核办件 / review cases",
        description="A supervisor's review of cases of the hall (any window's), all alike: "
        "approved, has_issues or rejected (the last two with --reason). Kept here at once, "
        "all or none, and sent to the platform at the next sync, which passes them to every "
        "window. --json: one line per case reviewed.",
    )
    review.add_argument("cases", nargs="+", metavar="CASE", help="case UUID or case number")
    review.add_argument("--state", required=True, choices=SUPERVISOR_STATES)
    review.add_argument("--reason", default="", help="why (required for has_issues, rejected)")
    add_actor_options(review, "the supervisor (or admin) who reviews")
    review.add_argument("--json", action="store_true")
    review.set_defaults(func=_review)


def _queue(args: argparse.Namespace) -> int:
    from counter_app.domain.hall_time import hall_today
    from counter_app.services.hall_queue import read_queue
    from counter_app.services.reviews import current_versions, platform_refusals, review_states
    from counter_app.store.hall_queue import QueueQuery, due_soon_on, overdue_on

    context = cli_context(args)
    if args.problems:
        return _problems(args, context)
    window = args.window or (None if args.hall else context.config.hall.window_code)
    today = hall_today()
    with context.open_store() as store:
        query = QueueQuery(
            text=args.search,
            window=window,
            clerk=args.clerk,
            state=args.state,
            problems_only=args.problems,
            promised=overdue_on(today)
            if args.overdue
            else due_soon_on(store, today)
            if args.due_soon
            else None,
        )
        # One case past the page tells whether there are more, without counting them all.
        entries = read_queue(store, query, today=today, limit=args.limit + 1, offset=args.offset)
        more = len(entries) > args.limit
        entries = entries[: args.limit]
        reviews = review_states(store, current_versions(store, [e.case_id for e in entries]))
        refusals = platform_refusals(store, [e.case_id for e in entries])
    if args.review:
        entries = [e for e in entries if reviews[e.case_id] == args.review]
    if args.json:
        cases = [
            {
                **asdict(e),
                "review": reviews[e.case_id],
                "review_refused": None
                if (refused := refusals.get(e.case_id)) is None
                else refused.words()[context.lang == "en"],
            }
            for e in entries
        ]
        sys.stdout.write(json.dumps({"cases": cases, "more": more}, ensure_ascii=False) + "\n")
        return 0
    if entries:
        _print_queue(entries, reviews, context)
        # A review the platform refused for good reads as not given; what it refused, and why.
        for entry in entries:
            if (refused := refusals.get(entry.case_id)) is not None:
                print(f"{entry.case_no}: {context.text(*refused.words())}")
    elif not more:
        print(_nothing_found(args.search, context))
    if more:
        following = args.offset + args.limit
        print(
            context.text(
                f"（本页之后还有办件未列出：加 --offset {following} 查看下一页，或用 --limit 加大每页件数）",
                f"(More cases follow this page: add --offset {following} for the next page, "
                "or a larger --limit)",
            )
        )
    return 0


def _nothing_found(search: str, context: CliContext) -> str:
    """What an empty queue says: a case number of another hall is in no queue of this one,
    so the search says where that case was accepted."""
    from counter_app.services import other_window

    own_hall = context.config.hall.hall_code
    refusal = other_window.another_hall_refusal_for(search, own_hall, "queue", None)
    if refusal is None:
        return context.text("队列中没有符合条件的办件。", "No cases in the queue match.")
    return refusal.message(context.lang)


def _print_queue(entries: list[QueueEntry], reviews: dict[str, str], context: CliContext) -> None:
    """The window's columns, two lines a case: the case number alone takes a third of a
    terminal's width, and so a page stays readable 80 to 120 columns wide."""
    firsts = aligned(
        [
            _heading(context, _CASE_HEADINGS),
            *(
                [
                    e.case_no,
                    e.window_code,
                    e.clerk,
                    _state_name(e.state, context),
                    sync_state_name(e.sync_state, context.lang),
                    context.text(*REVIEW_NAMES[reviews[e.case_id]]),
                ]
                for e in entries
            ),
        ]
    )
    seconds = aligned(
        [
            _heading(context, _TIME_HEADINGS),
            *(
                [
                    _item_text(e, context),
                    hall_minute_text(e.accepted_at) if e.accepted_at else "-",
                    e.promised_date or "-",
                    "-" if e.days_left is None else str(e.days_left),
                    context.text("、", ", ").join(
                        context.text(*FLAG_NAMES.get(flag, (flag, flag))) for flag in e.flags
                    ),
                ]
                for e in entries
            ),
        ]
    )
    print(firsts[0])
    print(_INDENT + seconds[0])
    for e, first, second in zip(entries, firsts[1:], seconds[1:], strict=True):
        print(first)
        print(_INDENT + second)
        if e.problem is not None:
            print(f"{_INDENT}{context.text(e.problem.message_zh, e.problem.message_en)}")
            print(f"{_INDENT}{context.text(e.problem.todo_zh, e.problem.todo_en)}")


def _problems(args: argparse.Namespace, context: CliContext) -> int:
    from counter_app.domain.hall_time import hall_today
    from counter_app.services.problems import elicence_problem_cases, problem_cases

    with context.open_store() as store:
        cases = problem_cases(store, today=hall_today(), window=args.window, limit=args.limit)
        # Not among the sync problems (nothing to resend, adopt or void): the clerk's tasks.
        cases += elicence_problem_cases(store, window=args.window)
    if not (args.hall or args.window):
        cases = [case for case in cases if case.local]
    if args.json:
        sys.stdout.write(
            json.dumps({"cases": [asdict(c) for c in cases]}, ensure_ascii=False) + "\n"
        )
        return 0
    if not cases:
        print(
            context.text(
                "没有问题办件：平台拒收或冲突的办件会列在这里。",
                "No problem cases: cases the platform refused or holds in conflict are listed "
                "here.",
            )
        )
        return 0
    _print_problems(cases, context)
    return 0


def _print_problems(cases: list[ProblemCase], context: CliContext) -> None:
    """The window's problems tab's columns, then the platform's words and what to do."""
    from counter_app.services.problems import instruction_text

    lines = aligned(
        [
            _heading(context, _PROBLEM_HEADINGS),
            *(
                [
                    case.case_no,
                    case.window_code,
                    case.clerk or "-",
                    _state_name(case.state, context) if case.state else "-",
                    sync_state_name(case.sync_state, context.lang),
                ]
                for case in cases
            ),
        ]
    )
    print(lines[0])
    for case, line in zip(cases, lines[1:], strict=True):
        print(line)
        print(f"{_INDENT}{context.text(case.problem.message_zh, case.problem.message_en)}")
        print(f"{_INDENT}{context.text(case.problem.todo_zh, case.problem.todo_en)}")
        if case.instruction is not None:
            print(f"{_INDENT}{context.text(*instruction_text(case.instruction))}")


_INDENT = "    "
# The window's hall queue columns (``ui.hall_queue``), in two lines a case.
_CASE_HEADINGS = (
    ("办件编号", "Case number"),
    ("窗口", "Window"),
    ("受理人", "Clerk"),
    ("状态", "State"),
    ("同步", "Sync"),
    ("审核", "Review"),
)
_TIME_HEADINGS = (
    ("事项", "Item"),
    ("受理时间", "Accepted"),
    ("承诺日期", "Promised"),
    ("剩余天数", "Days left"),
    ("提示", "Flags"),
)
# The window's problems tab's (``ui.problems``); the platform's words follow each case.
_PROBLEM_HEADINGS = _CASE_HEADINGS[:5]
# An item's name past this many terminal columns is cut short (--json has it whole), and so
# is the name of the bundle (一件事) marked after it.
_ITEM_WIDTH = 30
_BUNDLE_WIDTH = 20


def _item_text(entry: QueueEntry, context: CliContext) -> str:
    """The item's name, and after it the bundle the case was decided in: 失业登记 ·〔失业一件事〕."""
    item = clipped(entry.item_name, _ITEM_WIDTH)
    if entry.bundle_id is None:
        return item
    bundle = entry.bundle_name or context.text("一件事", "one-thing bundle")
    return f"{item} ·〔{clipped(bundle, _BUNDLE_WIDTH)}〕"


def _heading(context: CliContext, headings: tuple[tuple[str, str], ...]) -> list[str]:
    return [context.text(zh, en) for zh, en in headings]


def _state_name(state: str, context: CliContext) -> str:
    return context.text(*STATE_NAMES[CaseState(state)])


def _review(args: argparse.Namespace) -> int:
    from counter_app.services.approval import SUPERVISOR_ROLES
    from counter_app.services.reviews import REVIEW_ACTION, review_cases

    context = cli_context(args)
    with context.open_store() as store:
        supervisor = actor(args, context, store, roles=SUPERVISOR_ROLES, action=REVIEW_ACTION)
        reviews = review_cases(store, supervisor, args.cases, args.state, args.reason)
    for review in reviews:
        if args.json:
            print(json.dumps(asdict(review), ensure_ascii=False))
            continue
        zh, en = REVIEW_NAMES[review.state]
        print(
            context.text(
                f"已将办件 {review.case_no} 第 {review.data_version} 版审核为“{zh}”，下次同步时送平台。",
                f'Case {review.case_no} version {review.data_version} reviewed as "{en}"; it '
                "goes to the platform at the next sync.",
            )
        )
    return 0
