"""The service catalog on the command line: ``catalog`` lists the current version's items,
``catalog search`` finds them as the window's item search does (name, pinyin, code),
``catalog show`` gives one item with its situations and materials; ``catalog bundles``
comes from ``bundle_commands``. An item's name given where its code belongs is answered
with that item's code (``item_named``, ``code_hint``), here and by ``import``."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import Any

from counter_app.cli.bundle_commands import add_catalog_bundles
from counter_app.cli.context import MOST_ROWS, CliContext, number_in, open_case_store, print_json
from counter_app.cli.text_table import aligned, clipped
from counter_app.domain.catalog import FORM_NAMES, ServiceItem, item_to_dict
from counter_app.domain.item_search import SEARCH_LIMIT, search_items
from counter_app.errors import NotFound
from counter_app.services.catalog_ahead import ahead_words
from counter_app.store.catalog import current_catalog_version, get_item, list_items, versions_ahead

# Terminal columns a listing gives a name and a department: a line of the 3,000-item catalog
# stays on one line of a wide terminal; the whole text is in --json and ``catalog show``.
NAME_COLUMNS = 50
DEPARTMENT_COLUMNS = 30

_CASE_TYPES = {"immediate": ("即办件", "immediate"), "promised": ("承诺件", "promised")}


def register(subparsers: argparse._SubParsersAction) -> None:
    catalog = subparsers.add_parser(
        "catalog", help="事项目录 / the service items of the current catalog version"
    )
    catalog.add_argument("--json", action="store_true", help="machine-readable output")
    catalog.set_defaults(func=_listing)
    actions = catalog.add_subparsers(dest="catalog_command", metavar="ACTION")
    add_catalog_bundles(actions)

    search = actions.add_parser(
        "search",
        help="查找事项 / items by name, pinyin initials or full pinyin, or (part of) the code",
        description="Find service items of the current catalog version as the window's item "
        "search does: the exact code first, then names containing TEXT, pinyin initials "
        "(jzz) or full pinyin, and part of a code.",
    )
    search.add_argument("text", metavar="TEXT", help="name, pinyin or code, or part of one")
    search.add_argument(
        "--department", metavar="D", help="only items of a department whose name contains D"
    )
    search.add_argument(
        "--limit",
        type=number_in(1, MOST_ROWS),
        default=SEARCH_LIMIT,
        help=f"at most this many, best first (default {SEARCH_LIMIT}, as the window shows)",
    )
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(func=_search)

    show = actions.add_parser("show", help="事项详情 / one item with its situations and materials")
    show.add_argument("code", metavar="CODE", help="the item's code")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)


def item_json(item: ServiceItem) -> dict[str, Any]:
    """An item as ``catalog --json`` lists it: its whole definition, and the materials of
    its first situation under ``materials``."""
    document = item_to_dict(item)
    document["materials"] = [
        {"code": m.code, "name": m.name, "required": m.required}
        for m in item.default_situation.materials
    ]
    return document


def item_named(items: Iterable[ServiceItem], text: str) -> ServiceItem | None:
    """The one item whose name is exactly ``text``; None when none is, or several are."""
    named = [item for item in items if item.name == text.strip()]
    return named[0] if len(named) == 1 else None


def code_hint(text: str, item: ServiceItem) -> tuple[str, str]:
    """What to say when ``text``, given where a code belongs, is ``item``'s name."""
    return (
        f"“{text}”是事项名称，不是编码：是否指编码为 {item.code} 的事项？请改填编码。",
        f"'{text}' is an item's name, not a code: did you mean the item with code "
        f"{item.code}? Give the code instead.",
    )


def _listing(args: argparse.Namespace) -> int:
    """The items of the version in force, under a header naming it and each version loaded
    ahead of its day (``--json``: the items, the version, and those ahead)."""
    context, store = open_case_store(args)
    with store:
        version = current_catalog_version(store)
        items = list_items(store, version)
        ahead = versions_ahead(store)
        ahead_zh, ahead_en = ahead_words(store)
    if args.json:
        print_json(
            {
                "version": version,
                "ahead": [
                    {"version": v.version, "effective_from": v.effective_from} for v in ahead
                ],
                "items": [item_json(item) for item in items],
            }
        )
        return 0
    print(
        context.text(
            f"事项目录第 {version} 版：{len(items)} 个事项{ahead_zh}",
            f"catalog version {version}: {len(items)} service items{ahead_en}",
        )
    )
    _print_rows(items, context)
    return 0


def _search(args: argparse.Namespace) -> int:
    context, store = open_case_store(args)
    with store:
        items = list_items(store)
    if args.department:
        items = [item for item in items if args.department in item.department]
    found = search_items(items, args.text, limit=None)
    shown, left_off = found[: args.limit], max(len(found) - args.limit, 0)
    if args.json:
        print_json(
            {
                "items": [
                    {
                        "code": item.code,
                        "name": item.name,
                        "department": item.department,
                        "case_type": item.case_type.value,
                        "promised_days": item.promised_days,
                        "situations": [{"code": s.code, "name": s.name} for s in item.situations],
                    }
                    for item in shown
                ],
                "left_off": left_off,
            }
        )
        return 0
    if not shown:
        print(context.text("没有找到符合条件的事项。", "No item matches."))
    _print_rows(shown, context)
    if left_off:
        print(
            context.text(
                f"另有 {left_off} 项未列出（--limit 可列出更多）。",
                f"{left_off} more not listed (--limit shows more).",
            )
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    context, store = open_case_store(args)
    with store:
        try:
            item = get_item(store, args.code.strip())
        except NotFound as missing:
            meant = item_named(list_items(store), args.code)
            if meant is None:
                raise
            zh, en = code_hint(args.code, meant)
            raise NotFound(f"{missing.zh}{zh}", f"{missing.en} {en}", field="code") from None
    if args.json:
        print_json(item_json(item))
        return 0
    t = context.text
    kind = t(*_CASE_TYPES[item.case_type])
    days = t(f"{item.promised_days} 个工作日", f"{item.promised_days} working days")
    print(
        "\n".join(
            aligned(
                [
                    [t("事项编码", "code"), item.code],
                    [t("事项名称", "name"), item.name],
                    [t("实施部门", "department"), item.department],
                    [t("办件类型", "case type"), f"{kind} {days}"],
                ]
            )
        )
    )
    for situation in item.situations:
        print(f"{t('情形', 'situation')} {situation.code} {situation.name}")
        # The name last: a long one (a real catalog's run to 60 characters) then leaves
        # the columns before it in line.
        rows = [
            [
                m.code,
                t("必交", "required") if m.required else t("选交", "optional"),
                t("核心", "core") if m.core else "",
                _forms(m.forms, context),
                f"×{m.count}",
                m.name,
            ]
            for m in situation.materials
        ]
        for line in aligned(rows) if rows else ():
            print(f"  {line}")
    return 0


def _forms(forms: Sequence[Any], context: CliContext) -> str:
    return context.text("、", ", ").join(context.text(*FORM_NAMES[form]) for form in forms)


def _print_rows(items: Sequence[ServiceItem], context: CliContext) -> None:
    """One line per item: code, name and department cut to their columns (never inside a
    character), its case type and promised days."""
    rows = [
        [
            item.code,
            clipped(item.name, NAME_COLUMNS),
            f"[{context.text(*_CASE_TYPES[item.case_type])} {item.promised_days}]",
            clipped(item.department, DEPARTMENT_COLUMNS),
        ]
        for item in items
    ]
    for line in aligned(rows) if rows else ():
        print(line)
