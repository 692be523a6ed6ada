"""``counter-central export (--department D | --hall H | --all) --out FILE.jsonl``: hand cases
over to a handling department (全市通办) or the national platform, one exchange record per
line (``central.exchange``), and ``export --list``: every export made, who ran it and why.

The file holds personal data in full: it is created owner-only (0600) beside its final name
and takes that name only once complete and recorded (``central.store.exports``); nothing of
it is printed, only how many cases it holds and its SHA-256."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from central.cli_store import hall_code, hall_day, operator_name, print_json, with_store
from central.errors import OperatorError
from central.exchange import exchange_record
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore
from central.store.exports import (
    ExportChoice,
    ExportRecord,
    check_choice,
    exports,
    held_cases,
    record_export,
)
from central.store.operator_log import operator_action
from counter_app.domain.hall_time import hall_minute_text
from counter_app.durable_files import ExportFailed, check_export_folder, sync_directory


def add_export_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    export = sub.add_parser(
        "export",
        parents=[db],
        help="向承办部门或国家平台交换办件（含个人信息，写入文件） / hand cases over to a "
        "department or the national platform (personal data, written to a file)",
    )
    chosen = export.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--department", metavar="CODE", help="the cases routed to this department (全市通办)"
    )
    chosen.add_argument(
        "--hall", type=hall_code, metavar="CODE", help="the cases accepted at this hall"
    )
    chosen.add_argument("--all", action="store_true", help="every case")
    chosen.add_argument("--list", action="store_true", help="the exports made so far")
    export.add_argument(
        "--since",
        type=hall_day,
        metavar="DAY",
        help="cases that reached the platform on this day or after",
    )
    export.add_argument(
        "--until",
        type=hall_day,
        metavar="DAY",
        help="cases that reached the platform on this day or before",
    )
    export.add_argument(
        "--out", type=Path, metavar="FILE", help="FILE.jsonl to write (created 0600)"
    )
    export.add_argument(
        "--reason", metavar="TEXT", help="why the cases are handed over (kept with the export)"
    )
    add_operator_option(export)
    export.add_argument("--json", action="store_true", help="with --list: as JSON")
    export.set_defaults(func=lambda args: _run(export, args))


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.list:
        given = [name for name in _EXPORT_ONLY if getattr(args, name) is not None]
        if given:
            parser.error(f"argument --{given[0]}: not allowed with argument --list")
        with_store(args, lambda store: _list(store, args.json))
        return
    if args.out is None:
        parser.error("the following arguments are required: --out")
    if args.since is not None and args.until is not None and args.until < args.since:
        parser.print_usage(sys.stderr)
        parser.exit(
            2,
            f"{parser.prog}: 错误：--until {args.until} 早于 --since {args.since}\n"
            f"{parser.prog}: error: --until {args.until} comes before --since {args.since}\n",
        )
    choice = ExportChoice(args.department, args.hall, args.since, args.until)
    try:
        check_export_folder(args.out, field="out")
    except ExportFailed as exc:
        raise OperatorError(exc.zh, exc.en) from None
    if os.path.lexists(args.out):  # an earlier export's record names that file and its SHA-256
        raise OperatorError(
            f"{args.out} 已存在：导出不覆盖已有文件（之前导出的记录写着它的 SHA-256），请换一个文件名。",
            f"{args.out} exists: an export never overwrites a file (an earlier export's "
            "record holds its SHA-256); choose another name.",
        )
    with_store(args, lambda store: _export(store, choice, args))


_EXPORT_ONLY = ("since", "until", "out", "reason", "operator")


def _selection(choice: ExportChoice) -> str:
    """What an export handed over, as the operator log names its target."""
    if choice.department is not None:
        return f"department:{choice.department}"
    return "all" if choice.hall is None else f"hall:{choice.hall}"


def _export(store: CentralStore, choice: ExportChoice, args: argparse.Namespace) -> None:
    check_choice(store, choice)
    out: Path = args.out.absolute()
    temporary = out.with_name(f".{out.name}.{secrets.token_hex(8)}.tmp")
    try:
        count, digest = _write_records(temporary, map(exchange_record, held_cases(store, choice)))
        # Its record and log entry commit together, and only then is the file put in place.
        with operator_action(
            store,
            "export",
            _selection(choice),
            {"case_count": count, "sha256": digest},
            operator=acting_operator(args),
        ) as entry:
            record = record_export(
                store,
                ExportRecord(
                    run_by=operator_name(),
                    operator=args.operator,
                    choice=choice,
                    reason=args.reason,
                    case_count=count,
                    sha256=digest,
                    file=str(out),
                ),
            )
            entry.detail["export_id"] = record["export_id"]
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)  # a failed export leaves no partial file behind
    sync_directory(out.parent)
    print(
        f"已导出 {count} 件办件至 {out}，SHA-256 {digest}（导出记录 {record['export_id']}）。\n"
        f"Exported {count} cases to {out}, SHA-256 {digest} (export record "
        f"{record['export_id']})."
    )


def _write_records(path: Path, records: Iterable[dict[str, Any]]) -> tuple[int, str]:
    """Write one JSON line per record into a new owner-only file, written as the cases are
    read (a city's store is never held in memory) and on the disk before this returns; how
    many and the file's SHA-256."""
    digest = hashlib.sha256()
    count = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)  # whatever the umask
    with os.fdopen(descriptor, "wb") as file:
        for record in records:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            digest.update(line)
            file.write(line)
            count += 1
        file.flush()
        os.fsync(file.fileno())
    return count, digest.hexdigest()


def _list(store: CentralStore, as_json: bool) -> None:
    made = exports(store)
    if as_json:
        print_json({"exports": made})
        return
    if not made:
        print("无导出记录。 / No exports.")
        return
    print("\t".join(_HEADINGS))
    for row in made:
        print("\t".join(_cells(row)))


_HEADINGS = ("编号", "导出时间", "执行人", "申请人", "范围", "原因", "件数", "SHA-256", "文件")


def _cells(row: dict[str, Any]) -> tuple[str, ...]:
    return (
        str(row["export_id"]),
        hall_minute_text(row["exported_at"]),
        row["run_by"],
        row["operator"] or "—",
        _selection_text(row["selection"]),
        row["reason"] or "—",
        str(row["case_count"]),
        row["sha256"],
        row["file"],
    )


def _selection_text(selection: dict[str, Any]) -> str:
    """An export's selection in words: 部门 D, 大厅 H or 全部, and its days."""
    if selection["department"] is not None:
        words = f"部门 {selection['department']}"
    elif selection["hall"] is not None:
        words = f"大厅 {selection['hall']}"
    else:
        words = "全部"
    if selection["since"] or selection["until"]:
        words += f" {selection['since'] or '…'}至{selection['until'] or '…'}"
    return words
