"""``counter-central catalog|calendar|notice publish``: the feeds every window pulls — a new
catalog or calendar version from its file, a notice to one hall or every hall. Each answer
names the store it went into (``db``): an operator whose ``$COUNTER_CENTRAL_DB`` was not set
publishes into the user data dir's store, and must see so at once. ``catalog|calendar
list``: the versions published, and which the windows go by. ``catalog prune``: remove the
old catalog versions no window and no case can still need, saying why the others stay. A
calendar published warns of the appointments still booked on days it closes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from central.cli_store import (
    check_code,
    print_json,
    print_note,
    warn_hall_without_windows,
    whole_number,
    with_store,
)
from central.errors import OperatorError
from central.operator_log_cli import acting_operator, add_operator_option
from central.publish import load_document
from central.store import CentralStore, arrivals, publishing
from central.store.operator_log import operator_action
from central.store.sqlite import SqliteStore
from counter_app.domain.catalog import LAST_VERSION
from counter_app.domain.hall_notices import checked_body, checked_title
from counter_app.domain.hall_time import hall_time_text, hall_today
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
        document, version = load_document(feed, Path(args.file))

        def work(store: CentralStore) -> None:
            with operator_action(
                store, f"{feed} publish", str(version), operator=acting_operator(args)
            ) as entry:
                sequence = publishing.publish_document(
                    store, feed, document, version, if_newer=args.if_newer
                )
                entry.detail["sequence"] = sequence
                if sequence is None:  # --if-newer with nothing newer changed nothing
                    entry.unchanged()
            print_json(
                {"feed": feed, "version": version, "sequence": sequence, "db": _store_named(store)}
            )
            if feed == "calendar":
                _warn_booked_on_closed_days(store)

        with_store(args, work)

    return command


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
    catalog (``in_force``), and for each year the newest calendar that covers it
    (``in_force_years``: a later release replaces a year's working days)."""
    newest = {year: v.version for v in versions for year in v.years}
    shown: list[dict[str, Any]] = []
    for version in versions:
        row: dict[str, Any] = {"version": version.version, "published_at": version.published_at}
        if feed == "catalog":
            row |= {
                "items": version.items,
                "bundles": version.bundles,
                "in_force": version is versions[-1],
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
