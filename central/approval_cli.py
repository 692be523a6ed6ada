"""``counter-central approvals list --hall H``: a hall's approval requests (who asked, at which
window and device, what and why; who decided, from which device, when and why), newest first,
for IT or an auditor looking back at the hall's remote approvals
(``central.store.approval_requests``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from central.cli_store import hall_code, hall_day, print_json, whole_number, with_store
from central.store import CentralStore
from central.store.approval_requests import HELD_KEYS, RequestChoice, listed_requests
from counter_app.domain.approval_kinds import APPROVAL_STATUSES
from counter_app.domain.hall_time import hall_time_text

# Everything held but the decision's id, which only tells a retried decision from another.
_SHOWN = tuple(key for key in HELD_KEYS if key != "decision_id")


def cmd_approvals_list(args: argparse.Namespace) -> None:
    choice = RequestChoice(args.hall, args.state, args.since, args.limit)

    def work(store: CentralStore) -> None:
        requests, more = listed_requests(store, choice)
        shown = [{key: request[key] for key in _SHOWN} for request in requests]
        if args.json:
            print_json({"requests": shown, "more": more})
            return
        if not shown:
            print("没有符合条件的审批请求。 / No approval requests match.")
        for request in shown:
            _print_request(request)
        if more:
            print(
                f"另有更早的请求未列出（--limit {args.limit}）。 / Older requests not listed "
                f"(--limit {args.limit}).",
                file=sys.stderr,
            )

    with_store(args, work)


def _print_request(request: dict[str, Any]) -> None:
    zh, en = APPROVAL_STATUSES[request["status"]]
    print(
        f"{request['request_id']}  {zh} / {en}  {request['kind']}\n"
        f"  请求 / asked: {hall_time_text(request['requested_at'])}  {request['requested_by']}"
        f"  {request['window_code']}  {request['device_id']}\n"
        f"  内容 / summary: {request['summary']}"
    )
    if request["reason"]:
        print(f"  理由 / reason: {request['reason']}")
    if request["makers"]:
        print(f"  经办 / case made by: {', '.join(request['makers'])}")
    if request["decided_by"]:
        print(
            f"  处理 / decided: {hall_time_text(request['decided_at'])}  "
            f"{request['decided_by']}  {request['decided_device']}"
        )
        if request["decision_reason"]:
            print(f"  处理理由 / decision reason: {request['decision_reason']}")
    elif request["status"] in ("pending", "expired"):
        print(f"  有效至 / open until: {hall_time_text(request['expires_at'])}")


def add_approvals_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    approvals = sub.add_parser(
        "approvals",
        help="审批请求：各窗口请求值班长远程审批的事项 / the halls' remote approval requests",
    )
    actions = approvals.add_subparsers(dest="approvals_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        parents=[db],
        help="一个大厅的审批请求，最新在前 / a hall's approval requests, newest first",
    )
    listing.add_argument("--hall", type=hall_code, required=True, help="the hall's code")
    listing.add_argument(
        "--state", choices=tuple(APPROVAL_STATUSES), help="only requests in this state"
    )
    listing.add_argument(
        "--since", type=hall_day, metavar="DAY", help="requests made from this hall day on"
    )
    listing.add_argument(
        "--limit", type=whole_number(1, 100_000), default=200, help="at most this many (200)"
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_approvals_list)
