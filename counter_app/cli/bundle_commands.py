"""高效办成一件事 on the command line: ``catalog bundles`` lists the current catalog's
bundles with their members, and an import line's bundle result is said case by case."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from counter_app.cli.case_later_steps import named
from counter_app.cli.context import open_case_store, print_json
from counter_app.domain.case_states import STATE_NAMES
from counter_app.store.catalog import list_bundles, list_items


def add_catalog_bundles(actions: argparse._SubParsersAction) -> None:
    """Add ``bundles`` to the ``catalog`` command's actions."""
    bundles = actions.add_parser(
        "bundles", help="一件事 / the one-thing bundles of the current catalog version"
    )
    bundles.add_argument("--json", action="store_true", help="machine-readable output")
    bundles.set_defaults(func=_bundles)


def _bundles(args: argparse.Namespace) -> int:
    context, store = open_case_store(args)
    with store:
        listed: list[dict[str, Any]] = []
        items = {item.code: item for item in list_items(store)}
        for bundle in list_bundles(store):
            members: list[dict[str, str]] = []
            for member in bundle.members:
                # Present, the situation too (None: the item's first): a bundle is checked
                # against its version's items when loaded.
                item = items[member.item]
                situation = item.situation(member.situation)
                assert situation is not None
                members.append(
                    {
                        "item": item.code,
                        "item_name": item.name,
                        "department": item.department,
                        "situation": situation.code,
                        "situation_name": situation.name,
                    }
                )
            listed.append(
                {
                    "code": bundle.code,
                    "name": bundle.name,
                    "description": bundle.description,
                    "members": members,
                }
            )
    if args.json:
        print_json({"bundles": listed})
        return 0
    if not listed:
        print(context.text("当前事项目录中没有一件事。", "The current catalog has no bundles."))
    for entry in listed:
        print(f"{entry['code']}  {entry['name']}")
        for m in entry["members"]:
            print(f"    {m['item']}  {m['item_name']}  [{m['situation']} {m['situation_name']}]")
    return 0


def print_bundle_import(result: dict[str, Any], lang: str) -> None:
    """An import line's bundle result in words: each case made (or found made before)."""
    line = f"line {result['line']}: " if lang == "en" else f"第 {result['line']} 行："
    bundle = result["bundle"]["name"]
    before = (
        (" (imported before; nothing new)" if lang == "en" else "（已导入过，未新建办件）")
        if result["replayed"]
        else ""
    )
    for case in result["cases"]:
        state = named(STATE_NAMES, case["state"], lang)
        print(f"{line}{bundle} {case['item']} {state} {case['case_no']}{before}")
    sys.stdout.flush()
