"""``counter-app approvals`` (the hall's pending approval requests, from every window) and
``counter-app approvals approve|refuse ID`` (a supervisor decides one): the headless twins of
the window's approvals inbox. Online only: the requests live on the platform."""

from __future__ import annotations

import argparse
import json
from typing import Literal

from counter_app.cli.actor import actor
from counter_app.cli.context import CliContext, cli_context
from counter_app.domain.approval_kinds import APPROVAL_KINDS
from counter_app.domain.hall_time import hall_time_text
from counter_app.errors import ValidationError
from counter_app.services.approval import SUPERVISOR_ROLES
from counter_app.store.timestamps import to_text
from sync.approval_ids import request_id_of
from sync.approval_requests import decide_request, hall_requests
from sync.device_transport import COMMAND_TIMEOUTS
from sync.wire.approvals import ApprovalRequest


def list_requests(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        requests = hall_requests(store, timeouts=COMMAND_TIMEOUTS)
    if args.json:
        print(json.dumps({"requests": [_item(r) for r in requests]}, ensure_ascii=False))
        return 0
    if not requests:
        print(context.text("没有待审批的请求。", "No approval requests are pending."))
    for request in requests:
        kind = context.text(*APPROVAL_KINDS[request.kind])
        when = hall_time_text(to_text(request.requested_at))
        print(f"{request.request_id}  {when}  {request.window_code}  {request.requested_by}")
        print(f"    {kind}: {request.summary}")
        if request.reason:
            print(f"    {context.text('理由', 'reason')}: {request.reason}")
        if request.expires_at is not None:  # the day's end: decided never after
            until = hall_time_text(to_text(request.expires_at))
            print(f"    {context.text('有效至', 'open until')}: {until}")
    return 0


def decide(args: argparse.Namespace) -> int:
    context = cli_context(args)
    decision: Literal["approved", "refused"] = (
        "approved" if args.approvals_action == "approve" else "refused"
    )
    reason = (args.reason or "").strip()
    if decision == "refused" and not reason:
        raise ValidationError(
            "拒绝审批请求须用 --reason 写明理由（受理员会看到）。",
            "Refusing needs a --reason (the clerk reads it).",
            field="reason",
        )
    with context.open_store() as store:
        request_id = request_id_of(
            args.request_id, lambda: hall_requests(store, timeouts=COMMAND_TIMEOUTS)
        )
        supervisor = actor(
            args,
            context,
            store,
            roles=SUPERVISOR_ROLES,
            action=f"approval_request.{decision}",
            target=request_id,
        )
        held = decide_request(
            store, supervisor, request_id, decision, reason, timeouts=COMMAND_TIMEOUTS
        )
    if args.json:
        print(json.dumps(_item(held), ensure_ascii=False))
        return 0
    _print_decided(context, held)
    return 0


def _print_decided(context: CliContext, held: ApprovalRequest) -> None:
    kind_zh, kind_en = APPROVAL_KINDS[held.kind]
    if held.status == "approved":
        print(
            context.text(
                f"已批准 {held.window_code} 窗口 {held.requested_by} 的{kind_zh}请求。",
                f"Approved the {kind_en} request of {held.requested_by} at {held.window_code}.",
            )
        )
        return
    print(
        context.text(
            f"已拒绝 {held.window_code} 窗口 {held.requested_by} 的{kind_zh}请求。",
            f"Refused the {kind_en} request of {held.requested_by} at {held.window_code}.",
        )
    )


def _item(request: ApprovalRequest) -> dict[str, object]:
    return request.model_dump(mode="json", exclude={"decision_id"})
