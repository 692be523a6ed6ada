"""``counter-central restored``: IT says the platform store was just restored from a backup.

The store gets a new epoch and a new cursor secret (``CentralStore.mark_restored``). After
the server restarts, every window's feed cursors are refused and its feeds read again from
the start, and each window, seeing the new epoch in its next health answer, sends again
every case version the platform had acknowledged; what the platform still holds answers
``duplicate``. Back-office steps recorded after the backup are not on any window: the back
office records them again (docs/operations.md §13). The answer says what the restore undid
(``central.restore_report``): on stdout as JSON, and in words on stderr unless ``--json``
(stdout stays one JSON document for scripts)."""

from __future__ import annotations

import argparse
import sys

from central.cli_store import print_json, with_store
from central.operator_log_cli import acting_operator, add_operator_option
from central.restore_report import restore_report
from central.store import CentralStore
from central.store.operator_log import operator_action


def cmd_restored(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        lost = restore_report(store)  # before this command's own entry joins the log
        with operator_action(store, "restored", "store", operator=acting_operator(args)) as entry:
            epoch = store.mark_restored()
            entry.detail["store_epoch"] = epoch
        print_json({"restored": True, "store_epoch": epoch, **lost})
        if not args.json:
            print(f"{lost['message']}\n\n{lost['message_en']}", file=sys.stderr)

    with_store(args, work)


def add_restored_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    restored = sub.add_parser(
        "restored",
        parents=[db],
        help="数据库从备份恢复后运行一次（再重启平台），各窗口将重新上传办件 / run once after "
        "restoring the store from a backup (then restart the platform): the windows re-send "
        "their cases",
    )
    restored.add_argument(
        "--json",
        action="store_true",
        help="只输出 JSON（不在标准错误输出说明）/ the JSON answer only, without the words on stderr",
    )
    add_operator_option(restored)
    restored.set_defaults(func=cmd_restored)
