"""``counter-central catalog|calendar|notice publish``: the feeds every window pulls — a new
catalog or calendar version from its file, a notice to one hall or every hall. Each answer
names the store it went into (``db``): an operator whose ``$COUNTER_CENTRAL_DB`` was not set
publishes into the user data dir's store, and must see so at once. ``catalog|calendar
list``: the versions published, and which the windows go by. ``catalog prune``: remove the
old catalog versions no window and no case can still need, saying why the others stay. A
catalog published (or only checked, ``--check``) is compared with the one in force first
(``central.catalog_changes``); ``catalog revert --to N``: N's content again as the next
version. A calendar published warns of the appointments still booked on days it closes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from central.catalog_changes import CatalogChanges, change_lines, compare_catalogs
from central.cli_store import (
    check_code,
    hall_day,
    print_json,
    print_note,
    warn_hall_without_windows,
    whole_number,
    with_store,
)
from central.errors import OperatorError
from central.operator_log_cli import acting_operator, add_operator_option
from central.publish import read_document, stated_version, validated
from central.store import CentralStore, arrivals, publishing
from central.store.base import iso, utc_now
from central.store.operator_log import operator_action
from central.store.sqlite import SqliteStore
from counter_app.domain.catalog import LAST_VERSION, parse_catalog_release
from counter_app.domain.hall_notices import checked_body, checked_title
from counter_app.domain.hall_time import hall_day_span, hall_time_text, hall_today
from counter_app.errors import ValidationError


def _store_named(store: CentralStore) -> str:
    """The store the command opened, as an operator can find it again: a SQLite file's
    absolute path; a PostgreSQL URL without its password."""
    if isinstance(store, SqliteStore):
        return str(store.path.resolve())
    # open_store's other engine; opening the store imported its module (and psycopg).
    from central.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    parts = urlsplit(store.url)
    if parts.password is None:
        return store.url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _publish(feed: str) -> Callable[[argparse.Namespace], None]:
    def command(args: argparse.Namespace) -> None:
        path = Path(args.file)
        source = (f"文件 {path}", f"file {path}")
        document = read_document(feed, path)
        checking = feed == "catalog" and args.check
        effective = _effective_from(args.effective_from) if feed == "catalog" else None
        # Judged before any store is opened (or made), but with --if-newer only once the
        # store says it is newer: a start-up script re-publishing a file published already
        # must not fail on rules written since.
        judged = None if args.if_newer and not checking else validated(feed, document, source)

        def work(store: CentralStore) -> None:
            version = judged
            if version is None:
                stated = stated_version(document)
                if stated is not None and stated <= _latest_version(store, feed):
                    _print_published(store, feed, stated, sequence=None, effective=effective)
                    return
                version = validated(feed, document, source)
            changes, superseded = None, []
            if feed == "catalog":
                changes = _compared(store, document, args, skip_older=args.if_newer)
                if checking:
                    print_json(_answer(store, version, None, changes) | {"check": True})
                    return
                superseded = _waiting_superseded(store, effective, confirm=args.confirm)
            with operator_action(
                store, f"{feed} publish", str(version), operator=acting_operator(args)
            ) as entry:
                sequence = publishing.publish_document(
                    store,
                    feed,
                    document,
                    version,
                    if_newer=args.if_newer,
                    effective_from=effective,
                    same_as_windows=feed == "catalog" and args.same_as_windows,
                )
                entry.detail["sequence"] = sequence
                if effective is not None:
                    entry.detail["effective_from"] = args.effective_from.isoformat()
                _note_confirmed(entry.detail, changes, superseded)
                if sequence is None:  # --if-newer with nothing newer changed nothing
                    entry.unchanged()
            _print_published(
                store, feed, version, sequence=sequence, changes=changes, effective=effective
            )

        with_store(args, work)

    return command


def _latest_version(store: CentralStore, feed: str) -> int:
    """The highest version of ``feed`` published (0 before any)."""
    if feed == "catalog":
        return publishing.latest_catalog_version(store) or 0
    return max((v.version for v in publishing.published_versions(store, feed)), default=0)


def _print_published(
    store: CentralStore,
    feed: str,
    version: int,
    *,
    sequence: int | None,
    changes: CatalogChanges | None = None,
    effective: datetime | None,
) -> None:
    if feed == "catalog":
        answer = _answer(store, version, sequence, changes)
        print_json(answer | {"effective_from": None if effective is None else iso(effective)})
    else:
        db = _store_named(store)
        print_json({"feed": feed, "version": version, "sequence": sequence, "db": db})
        _warn_booked_on_closed_days(store)


def _note_confirmed(
    detail: dict[str, Any], changes: CatalogChanges | None, superseded: list[int]
) -> None:
    """What ``--confirm`` allowed, in the operator log's entry."""
    if changes is not None and changes.needs_confirm():
        detail["confirmed"] = [en for _, en in changes.needs_confirm()]
    if superseded:
        detail["superseded"] = superseded


def _waiting_superseded(
    store: CentralStore, effective: datetime | None, *, confirm: bool
) -> list[int]:
    """The catalog versions published to come into force on a later day that a version in
    force from ``effective`` (None: at once) would replace before they ever are; refused
    (``OperatorError`` naming them) without ``confirm``."""
    now = iso(utc_now())
    begins = now if effective is None else max(now, iso(effective))
    waiting = [
        (version.version, since)
        for version in publishing.published_versions(store, "catalog")
        if (since := publishing.in_force_since(version.published_at, version.effective_from)) > now
        and since >= begins
    ]
    if waiting and not confirm:
        named = "、".join(f"{v}（{hall_time_text(since)[:10]} 起）" for v, since in waiting)
        named_en = ", ".join(f"{v} (from {hall_time_text(since)[:10]})" for v, since in waiting)
        raise OperatorError(
            f"未发布：事项目录版本 {named} 已发布、尚待生效，本版本将在其生效前取代它，使其永不"
            "生效。确认无误后加 --confirm 再执行。",
            f"Not published: catalog version {named_en} is published and waits for its day; "
            "this one would replace it before it ever comes into force. Once sure, run again "
            "with --confirm.",
        )
    return [version for version, _ in waiting]


def _effective_from(day: date | None) -> datetime | None:
    """The moment ``--effective-from DAY`` names: the hall day's midnight (None: at once).
    A day already begun is in force at once too; a day before today is refused."""
    if day is None:
        return None
    today = hall_today()
    if day < today:
        raise OperatorError(
            f"生效日期 {day} 已过去（今天是 {today}）：不写则立即生效。",
            f"The effective date {day} is past (today is {today}); leave it out to publish "
            "in force at once.",
        )
    return hall_day_span(day)[0]


def _compared(
    store: CentralStore, document: dict[str, Any], args: argparse.Namespace, *, skip_older: bool
) -> CatalogChanges | None:
    """``document`` against the catalog in force, told on stderr; ``OperatorError`` when it
    needs ``--confirm`` and has none (``--check`` only tells). None with ``skip_older`` and a
    version not newer than every one published: publishing it changes nothing."""
    new = parse_catalog_release(document)  # validated already (``load_document``)
    if skip_older and new.version <= (publishing.latest_catalog_version(store) or 0):
        return None
    held = publishing.catalog_document(store, None)
    in_force = None if held is None else parse_catalog_release(held)
    changes = compare_catalogs(in_force, new, lambda: publishing.open_cases_by_situation(store))
    for line in change_lines(changes):
        print(line, file=sys.stderr)
    reasons = changes.needs_confirm()
    if reasons and not args.check and not args.confirm:
        raise OperatorError(
            "未发布：" + "；".join(zh for zh, _ in reasons) + "。仍在办理的办件或窗口会按新的"
            "含义读取；确认无误后加 --confirm 再发布（先用 --check 查看比较）。",
            "Not published: " + "; ".join(en for _, en in reasons) + ". Open cases and the "
            "windows would read them under the new meaning; once sure, publish again with "
            "--confirm (--check shows the comparison first).",
        )
    return changes


def _answer(
    store: CentralStore, version: int, sequence: int | None, changes: CatalogChanges | None
) -> dict[str, Any]:
    return {
        "feed": "catalog",
        "version": version,
        "sequence": sequence,
        "changes": None if changes is None else changes.as_json(),
        "db": _store_named(store),
    }


def cmd_revert(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        held = publishing.catalog_document(store, args.to)
        if held is None:
            raise OperatorError(
                f"没有事项目录版本 {args.to}（从未发布，或已被 catalog prune 删除）；"
                "可用 counter-central catalog list 查看现有版本。",
                f"There is no catalog version {args.to} (never published, or removed by "
                "catalog prune); counter-central catalog list shows those there are.",
            )
        latest = publishing.latest_catalog_version(store)
        assert latest is not None  # version args.to is there
        # After a restore the windows may hold numbers the platform no longer does.
        version = max(latest, publishing.windows_catalog_version(store)) + 1
        if version > LAST_VERSION:
            raise OperatorError(
                f"已没有可用的版本号（最新版本为 {LAST_VERSION}）。",
                f"No version number is left (the newest is {LAST_VERSION}).",
            )
        # Its content again under the next number: a window only ever moves to newer versions.
        document = held | {"version": version, "published_at": iso(utc_now())}
        # Published under the author's rules of its day: today's apply to it as to a file.
        validated("catalog", document, (f"版本 {args.to}", f"version {args.to}"))
        changes = _compared(store, document, args, skip_older=False)
        superseded = _waiting_superseded(store, None, confirm=args.confirm)
        with operator_action(
            store,
            "catalog revert",
            str(version),
            # The reason is the operator's words, which the log never keeps: its length only.
            {"to": args.to, "reason_length": len(args.reason)},
            operator=acting_operator(args),
        ) as entry:
            sequence = publishing.publish_document(store, "catalog", document, version)
            entry.detail["sequence"] = sequence
            _note_confirmed(entry.detail, changes, superseded)
        answer = _answer(store, version, sequence, changes)
        print_json(answer | {"reverted_to": args.to, "reason": args.reason})

    with_store(args, work)


def _warn_booked_on_closed_days(store: CentralStore) -> None:
    """Say on stderr, per hall, how many appointments are still booked on days the hall is
    closed now (a holiday the calendar added): the platform keeps them, and their holders
    would come to a closed hall unless the operator cancels them and tells them."""
    closed = arrivals.booked_on_closed_days(store, hall_today())
    for hall in dict.fromkeys(row[0] for row in closed):
        days = [(day, count) for each, day, count in closed if each == hall]
        total = sum(count for _, count in days)
        listed = "、".join(f"{day}（{count} 个）" for day, count in days)
        listed_en = ", ".join(f"{day} ({count})" for day, count in days)
        first = days[0][0]
        print_note(
            f"大厅 {hall} 有 {total} 个预约仍在其现已不开放的日子：{listed}。请查看"
            f"（counter-central appointment list --hall {hall} --date {first}），逐个以 "
            "counter-central appointment cancel ID --hall-closing 取消并通知申请人。",
            f"Hall {hall} has {total} appointment(s) still booked on days it is now closed: "
            f"{listed_en}. List them (counter-central appointment list --hall {hall} --date "
            f"{first}), cancel each with counter-central appointment cancel ID --hall-closing, "
            "and tell their holders.",
        )


def _list(feed: str) -> Callable[[argparse.Namespace], None]:
    def command(args: argparse.Namespace) -> None:
        def work(store: CentralStore) -> None:
            versions = _versions_shown(feed, publishing.published_versions(store, feed))
            if args.json:
                print_json({"feed": feed, "versions": versions, "db": _store_named(store)})
            else:
                _print_versions(feed, versions, _store_named(store))

        with_store(args, work)

    return command


def _versions_shown(feed: str, versions: list[publishing.PublishedVersion]) -> list[dict[str, Any]]:
    """The versions as listed, oldest first, with what the windows go by: the newest
    catalog whose effective date has come (``in_force``; a newer one is ``pending``), and
    for each year the newest calendar that covers it
    (``in_force_years``: a later release replaces a year's working days)."""
    newest = {year: v.version for v in versions for year in v.years}
    now = iso(utc_now())
    come = [
        v.version
        for v in versions
        if publishing.in_force_since(v.published_at, v.effective_from) <= now
    ]
    in_force_now = come[-1] if come else 0
    shown: list[dict[str, Any]] = []
    for version in versions:
        row: dict[str, Any] = {"version": version.version, "published_at": version.published_at}
        if feed == "catalog":
            row |= {
                "items": version.items,
                "bundles": version.bundles,
                "in_force": version.version == in_force_now,
                "effective_from": version.effective_from,
                "pending": version.version > in_force_now,
            }
        else:
            in_force = [year for year in version.years if newest[year] == version.version]
            row |= {"years": list(version.years), "in_force_years": in_force}
        shown.append(row)
    return shown


def _print_versions(feed: str, versions: list[dict[str, Any]], db: str) -> None:
    name_zh = _FEED_NAMES[feed]
    print(f"{name_zh} / {feed}: {db}")
    if not versions:
        print(f"  尚未发布{name_zh} / no {feed} version published yet")
    for row in versions:
        line = (
            f"  版本 / version {row['version']}  发布于 / published "
            f"{hall_time_text(row['published_at'])}"
        )
        if feed == "catalog":
            line += f"  事项 / items {row['items']}"
            line += f"  一件事 / bundles {row['bundles']}" if row["bundles"] else ""
            line += "  现行 / in force" if row["in_force"] else ""
            if row["pending"]:
                line += (
                    f"  待生效 / pending: {hall_time_text(row['effective_from'])[:10]} 起 / from"
                )
        else:
            line += f"  年份 / years {', '.join(map(str, row['years']))}"
            if row["in_force_years"]:
                line += f"  现行 / in force: {', '.join(map(str, row['in_force_years']))}"
        print(line)


def cmd_prune(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        with operator_action(
            store, "catalog prune", "catalog", {"keep": args.keep}, operator=acting_operator(args)
        ) as entry:
            pruned = publishing.prune_catalogs(store, args.keep, dry_run=args.dry_run)
            entry.detail["removed"] = [gone.version for gone in pruned.removed]
            if not pruned.removed:  # a dry run, or nothing to remove
                entry.unchanged()
        if args.json:
            print_json(
                {
                    "feed": "catalog",
                    "dry_run": args.dry_run,
                    "removed": [asdict(r) for r in pruned.removed],
                    "kept": [asdict(k) for k in pruned.kept],
                    "db": _store_named(store),
                }
            )
        else:
            _print_prune(pruned, args.dry_run, _store_named(store))

    with_store(args, work)


def _print_prune(pruned: publishing.CatalogPrune, dry_run: bool, db: str) -> None:
    print(f"事项目录 / catalog: {db}")
    if dry_run:
        print("  演练：未作任何改动 / dry run: nothing changed")
    removed_zh, removed_en = ("将删除", "would remove") if dry_run else ("已删除", "removed")
    if not pruned.removed:
        print("  没有可删除的版本 / no version to remove")
    for gone in pruned.removed:
        print(
            f"  {removed_zh} / {removed_en}: 版本 / version {gone.version}  发布于 / published "
            f"{hall_time_text(gone.published_at)}  {_size_text(gone.size_bytes)}"
        )
    for kept in pruned.kept:
        print(f"  保留 / kept: 版本 / version {kept.version}  " + "; ".join(_kept_because(kept)))
    if pruned.removed and not dry_run:
        freed = _size_text(sum(r.size_bytes for r in pruned.removed))
        print(
            f"  释放约 {freed}，供以后发布的版本复用 / about {freed} freed for versions "
            "published later"
        )


def _size_text(size_bytes: int) -> str:
    return f"{size_bytes / 1e6:.1f} MB" if size_bytes >= 1e6 else f"{size_bytes / 1e3:.0f} kB"


def _kept_because(kept: publishing.KeptCatalog) -> list[str]:
    reasons = []
    if kept.in_force:
        reasons.append("现行版本 / in force")
    elif kept.pending:
        day = hall_time_text(kept.effective_from)[:10]
        reasons.append(f"待生效，{day} 起 / not yet in force: from {day}")
    elif kept.among_newest:
        reasons.append("在保留的最新版本之列（--keep） / among the newest kept (--keep)")
    if kept.open_cases:
        reasons.append(
            f"{kept.open_cases} 件未办结的办件按此版本受理 / {kept.open_cases} open case(s) "
            "taken on it"
        )
    if kept.closed_cases:
        reasons.append(
            f"{kept.closed_cases} 件已办结的办件按此版本受理（从备份恢复的窗口会取回） / "
            f"{kept.closed_cases} closed case(s) taken on it (a window restored from a backup "
            "takes them back)"
        )
    if kept.held_submissions:
        reasons.append(
            f"{kept.held_submissions} 份留存待核对的冲突提交按此版本受理 / "
            f"{kept.held_submissions} submission(s) kept in conflict taken on it"
        )
    if kept.judged_cases:
        reasons.append(
            f"{kept.judged_cases} 件未办结的办件受理时此版本现行 / in force when "
            f"{kept.judged_cases} open case(s) on an older version were taken"
        )
    if kept.windows:
        shown = ", ".join(kept.windows[:5]) + (" …" if len(kept.windows) > 5 else "")
        reasons.append(
            f"{len(kept.windows)} 个窗口可能仍在使用 / {len(kept.windows)} window(s) may "
            f"still be on it: {shown}"
        )
    return reasons


def cmd_notice(args: argparse.Namespace) -> None:
    if args.hall != "*":
        check_code(args.hall, "大厅编码", "Hall code")
    try:  # what a window's notice may hold, so every window can show it
        title, body = checked_title(args.title), checked_body(args.body)
    except ValidationError as exc:
        raise OperatorError(exc.zh, exc.en) from None

    def work(store: CentralStore) -> None:
        if args.hall != "*":
            warn_hall_without_windows(store, args.hall)
        with operator_action(
            store,
            "notice publish",
            args.hall,
            # The title is the operator's words, kept for good: only its length.
            {"title_length": len(title)},
            operator=acting_operator(args),
        ) as entry:
            notice = publishing.publish_notice(store, args.hall, title, body)
            entry.detail["sequence"] = notice["sequence"]
        print_json({**notice, "db": _store_named(store)})

    with_store(args, work)


_FEED_NAMES = {"catalog": "事项目录", "calendar": "工作日历"}


def add_feed_parsers(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    for feed, name_zh in _FEED_NAMES.items():
        group = sub.add_parser(feed, help=f"{name_zh}版本 / {feed} versions")
        actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
        publish = actions.add_parser(
            "publish", parents=[db], help=f"发布新版{name_zh} / publish a new {feed} version"
        )
        publish.add_argument("file")
        publish.add_argument(
            "--if-newer",
            action="store_true",
            help="publish only when the file's version is newer than every published one; "
            "otherwise change nothing (sequence null), for a script run at every start",
        )
        if feed == "catalog":
            publish.add_argument(
                "--check",
                action="store_true",
                help="validate the file and compare it with the version in force; publish nothing",
            )
            publish.add_argument(
                "--effective-from",
                type=hall_day,
                metavar="YYYY-MM-DD",
                help="come into force at that hall day's midnight: windows receive it ahead and "
                "switch to it then (default: at once)",
            )
            publish.add_argument(
                "--same-as-windows",
                action="store_true",
                help="the file is the very version the windows already hold (taken back from "
                "the archive after a restore): publish its number although windows report it",
            )
            _add_confirm_option(publish)
        add_operator_option(publish)
        publish.set_defaults(func=_publish(feed))
        listing = actions.add_parser(
            "list",
            parents=[db],
            help=f"已发布的{name_zh}版本及现行版本 / the {feed} versions published, and which "
            "is in force",
        )
        listing.add_argument("--json", action="store_true")
        listing.set_defaults(func=_list(feed))
        if feed == "catalog":
            _add_prune_parser(actions, db)
            _add_revert_parser(actions, db)


def _add_confirm_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--confirm",
        action="store_true",
        help="publish although it removes an item or situation open cases use, or gives a "
        "material code another material",
    )


def _add_revert_parser(actions: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    revert = actions.add_parser(
        "revert",
        parents=[db],
        help="重新发布旧版事项目录的内容作为新版本 / publish an older version's content again "
        "as the next version",
    )
    revert.add_argument(
        "--to",
        type=whole_number(1, LAST_VERSION),
        required=True,
        metavar="N",
        help="the version whose content to publish again",
    )
    revert.add_argument(
        "--reason",
        type=_reason,
        required=True,
        help="为何撤回（写入应答，操作日志只记其长度） / why (in the answer; the operator log "
        "keeps its length only)",
    )
    _add_confirm_option(revert)
    add_operator_option(revert)
    revert.set_defaults(func=cmd_revert, check=False)


def _reason(value: str) -> str:
    """An option's ``type``: a reason of 1-500 printable characters."""
    text = value.strip()
    if not text or len(text) > 500 or not text.isprintable():
        raise argparse.ArgumentTypeError(
            "理由应为 1 至 500 个可打印字符 / the reason must be 1 to 500 printable characters"
        )
    return text


def _add_prune_parser(actions: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    prune = actions.add_parser(
        "prune",
        parents=[db],
        help="删除不再需要的旧版事项目录 / remove old catalog versions no window and no case needs",
    )
    prune.add_argument(
        "--keep",
        type=whole_number(1, LAST_VERSION),
        default=1,
        metavar="N",
        help="keep at least the N newest versions (default 1: the one in force); a version "
        "an open case or a window behind may still need is kept whatever N",
    )
    prune.add_argument(
        "--dry-run", action="store_true", help="say what would be removed; change nothing"
    )
    prune.add_argument("--json", action="store_true")
    add_operator_option(prune)
    prune.set_defaults(func=cmd_prune)


def add_notice_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    notice = sub.add_parser("notice", help="大厅通知 / hall notices")
    notice_actions = notice.add_subparsers(dest="action", metavar="ACTION", required=True)
    notice_publish = notice_actions.add_parser(
        "publish", parents=[db], help="发布通知 / publish a notice"
    )
    notice_publish.add_argument("--hall", required=True, help="hall code, or * for every hall")
    notice_publish.add_argument("--title", required=True)
    notice_publish.add_argument("--body", required=True)
    add_operator_option(notice_publish)
    notice_publish.set_defaults(func=cmd_notice)
