"""``counter-central audit-heads accept-fork DEVICE --by USER --password-stdin [--reason TEXT]
[--json]``: a platform administrator accepts that a window's audit chain forked from the
head the platform holds, as every restore from a backup makes it (``central.store.audit_heads``):
the window's next report sets a new base head. The administrator is an account of the
platform's operations register (``counter-central staff add --hall platform-ops --role
admin``), proven by the password on the first line of stdin; a hall's administrator is none.
"""

from __future__ import annotations

import argparse
from typing import Any

from central.cli_store import print_json, with_store
from central.operator_log_cli import acting_operator, add_operator_option
from central.staff_cli import add_acting_member_options, read_password
from central.store import CentralStore
from central.store.audit_heads import OPERATIONS_REGISTER, accept_fork
from central.store.operator_log import operator_action
from counter_app.domain.hall_time import hall_minute_text


def add_accept_fork_parser(
    audit_heads: argparse.ArgumentParser, db: argparse.ArgumentParser
) -> None:
    """``accept-fork`` under the ``audit-heads`` listing's parser."""
    actions = audit_heads.add_subparsers(dest="action", metavar="ACTION")
    accept = actions.add_parser(
        "accept-fork",
        parents=[db],
        help="准许终端恢复备份后的审计链分叉：其下次上报的链头作为新起点（平台管理员） / accept "
        "a device's audit-chain fork after a restore: its next report sets a new base head "
        "(platform administrator)",
    )
    accept.add_argument("device", help="终端号 / device id")
    add_acting_member_options(
        accept,
        OPERATIONS_REGISTER,
        ("平台管理员", "the administrator"),
        ("平台运维名册", "operations register"),
    )
    accept.add_argument(
        "--reason", default="", help="理由，如恢复备份的工单号 / why, e.g. the restore's ticket"
    )
    accept.add_argument("--json", action="store_true")
    add_operator_option(accept)
    accept.set_defaults(func=_accept_fork)


def _accept_fork(args: argparse.Namespace) -> None:
    password = read_password()

    def work(store: CentralStore) -> None:
        with operator_action(
            store,
            "audit-heads accept-fork",
            args.device,
            {"by": args.by},
            operator=acting_operator(args),
        ) as entry:
            record, new = accept_fork(
                store, args.device, by=args.by, password=password, reason=args.reason
            )
            if not new:  # an acceptance still waiting, answered as it is
                entry.unchanged()
        if args.json:
            print_json({"fork": record, "already_waiting": not new})
            return
        print(_accepted_words(record, new))

    with_store(args, work)


def _accepted_words(record: dict[str, Any], new: bool) -> str:
    if not new:
        return (
            f"{record['device']}\t已于 {hall_minute_text(record['at'])} 由 {record['by']} 准许，"
            f"等待其下次上报 / accepted by {record['by']} then, waiting for its next report"
        )
    replaced = record["replaced"]
    seq = "—" if replaced is None else replaced["seq"]
    return (
        f"{record['device']}\t已准许分叉，替换平台保存的链头（第 {seq} 条）；该终端下次同步上报的"
        f"链头即为新起点 / fork accepted, replacing the head held (entry {seq}): the device's "
        "next sync sets its new base head"
    )
