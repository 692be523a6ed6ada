"""Finding a service item (or a 一件事 bundle) by what a clerk or a script types: its name,
code, common names (俗称), pinyin initials ("jzz") or full pinyin. One matcher for the
window's item search and ``counter-app catalog search``, so both find the same items in the
same order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

from counter_app.domain.bundles import ServiceBundle
from counter_app.domain.catalog import ServiceItem
from counter_app.domain.pinyin import pinyin_keys

# What the window's list shows at most; the command line may ask for every match.
SEARCH_LIMIT = 30

# A Chinese needle this long or longer also finds a name with one character more (残疾证
# finds 残疾人证) or, from one character longer, one less (残疾人人证 finds 残疾人证): what is
# left of a shorter needle once a character goes (申请, 登记) is in half the catalog.
_NEAR_MISS_LENGTH = 3


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
    """The items ``text`` finds, best first: the exact code, the name containing it, a
    common name containing it, pinyin initials or full pinyin from the start, either
    anywhere, a name or common name one character off (Chinese text of three characters or
    more), a partial code; within a rank the shorter name first. Pinyin initials are
    matched for Latin text only: Chinese text is matched by its full pinyin (a homophone
    typo, 居住正, still finds 居住证), never by its initials, which would read 结婚 as
    计划生育's "jh". At most ``limit`` (None: every match)."""
    needle = text.strip().lower()
    if not needle:
        return []
    latin = needle.isascii()
    full, initials = pinyin_keys(needle)
    if not latin:
        initials = ""
    near_miss = None if latin else _near_miss(needle)
    scored: list[tuple[int, str, Found]] = []
    for item in items:
        names = _common_names(item)
        if item.code.lower() == needle:
            rank = 0
        elif needle in item.name:
            rank = 1
        elif any(needle in name for name in names):
            rank = 2
        elif initials and item.pinyin_initials.startswith(initials):
            rank = 3
        elif full and item.pinyin.startswith(full):
            rank = 4
        elif (initials and initials in item.pinyin_initials) or (full and full in item.pinyin):
            rank = 5
        elif near_miss and any(near_miss.search(name) for name in (item.name, *names)):
            rank = 6
        elif needle in item.code.lower():
            rank = 7
        else:
            continue
        scored.append((rank, item.name, item))
    scored.sort(key=lambda entry: (entry[0], len(entry[1])))
    return [item for _rank, _name, item in scored[:limit]]


def _common_names(item: Searchable) -> tuple[str, ...]:
    # A 一件事 bundle has no 俗称 of its own.
    return item.aliases if isinstance(item, ServiceItem) else ()


def _near_miss(needle: str) -> re.Pattern[str] | None:
    """What finds ``needle`` with one character left out between two of its own (残疾证 in
    残疾人证) or, from one character longer than ``_NEAR_MISS_LENGTH``, one of its inner
    characters too many (残疾人人证): a first or last character off is another word."""
    if len(needle) < _NEAR_MISS_LENGTH:
        return None
    gaps = range(1, len(needle))
    missing = [re.escape(needle[:i]) + "." + re.escape(needle[i:]) for i in gaps]
    inner = range(1, len(needle) - 1) if len(needle) > _NEAR_MISS_LENGTH else range(0)
    extra = [re.escape(needle[:i] + needle[i + 1 :]) for i in inner]
    return re.compile("|".join(missing + extra))


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
