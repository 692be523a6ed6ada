"""Finding a service item (or a 一件事 bundle) by what a clerk or a script types: its name,
code, pinyin initials ("jzz") or full pinyin. One matcher for the window's item search and
``counter-app catalog search``, so both find the same items in the same order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

from counter_app.domain.bundles import ServiceBundle
from counter_app.domain.catalog import ServiceItem, pinyin_keys

# What the window's list shows at most; the command line may ask for every match.
SEARCH_LIMIT = 30


class Searchable(Protocol):
    """What the search matches: a service item or a 一件事 bundle."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def pinyin(self) -> str: ...
    @property
    def pinyin_initials(self) -> str: ...


Found = TypeVar("Found", bound=Searchable)


def search_items(
    items: Iterable[Found], text: str, limit: int | None = SEARCH_LIMIT
) -> list[Found]:
    """The items ``text`` finds, best first: the exact code, then the name containing it,
    pinyin initials or full pinyin from the start, either anywhere, a partial code; within
    a rank the shorter name first. At most ``limit`` (None: every match)."""
    needle = text.strip().lower()
    if not needle:
        return []
    full, initials = pinyin_keys(needle)
    scored: list[tuple[int, str, Found]] = []
    for item in items:
        if item.code.lower() == needle:
            rank = 0
        elif needle in item.name:
            rank = 1
        elif initials and item.pinyin_initials.startswith(initials):
            rank = 2
        elif full and item.pinyin.startswith(full):
            rank = 3
        elif (initials and initials in item.pinyin_initials) or (full and full in item.pinyin):
            rank = 4
        elif needle in item.code.lower():
            rank = 5
        else:
            continue
        scored.append((rank, item.name, item))
    scored.sort(key=lambda entry: (entry[0], len(entry[1])))
    return [item for _rank, _name, item in scored[:limit]]


def open_to(
    found: Iterable[ServiceItem | ServiceBundle],
    items: Mapping[str, ServiceItem],
    applicant_type: str,
) -> list[ServiceItem | ServiceBundle]:
    """What of ``found`` an applicant of ``applicant_type`` may apply for, in its order: an
    item that serves them (服务对象), a bundle whose every member does (``items``: the
    bundles' catalog version's items by code, which hold every member)."""
    return [
        candidate
        for candidate in found
        if (
            candidate.serves_applicant(applicant_type)
            if isinstance(candidate, ServiceItem)
            else all(
                items[member.item].serves_applicant(applicant_type) for member in candidate.members
            )
        )
    ]
