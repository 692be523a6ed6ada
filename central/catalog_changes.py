"""What a catalog version changes against the one in force, as ``counter-central catalog
publish`` (``--check``: only this) and ``catalog revert`` say it before anything is written:
items added, removed and changed (name, time limits, fee, situations, materials added or
removed, a material code now naming another material: a reused code), and for what is
removed the open cases still taken on it. A removal open cases still use, or a reused code,
needs ``--confirm``: a window would read an open case's materials under the new meaning."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from counter_app.domain.catalog import CatalogRelease, MaterialRequirement, ServiceItem

# The item terms compared one by one; any other difference is told as "other terms".
_TERMS = (
    ("name", "名称", "name"),
    ("promised_days", "承诺时限", "promised days"),
    ("statutory_days", "法定时限", "statutory days"),
    ("fee_cents", "收费（分）", "fee (cents)"),
)

OpenCases = Mapping[tuple[str, str], int]
"""Open cases the platform holds per (item code, situation code)."""


@dataclass(frozen=True)
class TermChange:
    term: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Added:
    code: str
    name: str


@dataclass(frozen=True)
class Removed:
    """An item or a situation gone, with the open cases taken on it."""

    code: str
    name: str
    open_cases: int


@dataclass(frozen=True)
class ReusedCode:
    """A material code kept with another name or standard."""

    code: str
    old_name: str
    new_name: str
    standard_changed: bool


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    terms: list[TermChange] = field(default_factory=list)
    situations_added: list[str] = field(default_factory=list)
    situations_removed: list[Removed] = field(default_factory=list)
    materials_added: list[str] = field(default_factory=list)
    materials_removed: list[str] = field(default_factory=list)
    codes_reused: list[ReusedCode] = field(default_factory=list)
    other_terms: bool = False  # a difference none of the above tells (forms, rules, …)


@dataclass(frozen=True)
class CatalogChanges:
    """``in_force``: the version compared against (None: none is published yet, every item
    is added)."""

    in_force: int | None
    added: list[Added]
    removed: list[Removed]
    changed: list[ItemChange]

    def needs_confirm(self) -> list[tuple[str, str]]:
        """Why publishing needs ``--confirm`` (Chinese, English); empty when it does not."""
        reasons = [
            (
                f"删除事项 {gone.code}（{gone.name}），仍有 {gone.open_cases} 件未办结的办件",
                f"removes item {gone.code} ({gone.name}) with {gone.open_cases} open case(s)",
            )
            for gone in self.removed
            if gone.open_cases
        ]
        for item in self.changed:
            reasons += [
                (
                    f"删除事项 {item.code} 的情形 {gone.code}（{gone.name}），仍有 "
                    f"{gone.open_cases} 件未办结的办件",
                    f"removes situation {gone.code} ({gone.name}) of item {item.code} with "
                    f"{gone.open_cases} open case(s)",
                )
                for gone in item.situations_removed
                if gone.open_cases
            ]
            reasons += [
                (
                    f"事项 {item.code} 的材料编码 {reused.code} 改指另一材料",
                    f"item {item.code}'s material code {reused.code} now names another material",
                )
                for reused in item.codes_reused
            ]
        return reasons

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "needs_confirm": [en for _, en in self.needs_confirm()]}


def compare_catalogs(
    in_force: CatalogRelease | None, new: CatalogRelease, open_cases: Callable[[], OpenCases]
) -> CatalogChanges:
    """``new`` against ``in_force``. ``open_cases`` is asked only when something is removed:
    counting them opens every case the platform holds."""
    old_items = {item.code: item for item in in_force.items} if in_force else {}
    new_items = {item.code: item for item in new.items}
    changed = [
        _item_change(old_items[code], item)
        for code, item in new_items.items()
        if code in old_items and old_items[code] != item
    ]
    gone = [item for code, item in old_items.items() if code not in new_items]
    counts: OpenCases = open_cases() if gone or any(c.situations_removed for c in changed) else {}
    return CatalogChanges(
        in_force.version if in_force else None,
        [Added(i.code, i.name) for code, i in new_items.items() if code not in old_items],
        [Removed(i.code, i.name, _open_on(counts, i.code)) for i in gone],
        [_with_open_cases(change, counts) for change in changed],
    )


def _item_change(old: ServiceItem, new: ServiceItem) -> ItemChange:
    terms = [
        TermChange(term, getattr(old, term), getattr(new, term))
        for term, _, _ in _TERMS
        if getattr(old, term) != getattr(new, term)
    ]
    old_situations = {s.code: s for s in old.situations}
    new_situations = {s.code: s for s in new.situations}
    old_materials, new_materials = _materials(old), _materials(new)
    reused = [
        ReusedCode(
            code,
            was.name,
            new_materials[code].name,
            standard_changed=was.standard != new_materials[code].standard,
        )
        for code, was in old_materials.items()
        if code in new_materials and _reused(was, new_materials[code])
    ]
    change = ItemChange(
        new.code,
        new.name,
        terms,
        [code for code in new_situations if code not in old_situations],
        [
            Removed(s.code, s.name, 0)
            for code, s in old_situations.items()
            if code not in new_situations
        ],
        [code for code in new_materials if code not in old_materials],
        [code for code in old_materials if code not in new_materials],
        reused,
    )
    told = (
        change.terms
        or change.situations_added
        or change.situations_removed
        or change.materials_added
        or change.materials_removed
        or change.codes_reused
    )
    # A difference none of the terms above tells: say so, the details are in the file.
    return change if told else ItemChange(new.code, new.name, other_terms=True)


def _reused(old: MaterialRequirement, new: MaterialRequirement) -> bool:
    """Whether the code names another material now: another name, or another standard (a
    standard written where there was none only says more of the same material)."""
    return old.name != new.name or (bool(old.standard) and old.standard != new.standard)


def _materials(item: ServiceItem) -> dict[str, MaterialRequirement]:
    """An item's materials by code, over its situations (the first definition of a code)."""
    materials: dict[str, MaterialRequirement] = {}
    for situation in item.situations:
        for material in situation.materials:
            materials.setdefault(material.code, material)
    return materials


def _open_on(counts: OpenCases, item: str, situation: str | None = None) -> int:
    return sum(n for (i, s), n in counts.items() if i == item and situation in (None, s))


def _with_open_cases(change: ItemChange, counts: OpenCases) -> ItemChange:
    if not change.situations_removed:
        return change
    removed = [
        Removed(s.code, s.name, _open_on(counts, change.code, s.code))
        for s in change.situations_removed
    ]
    return replace(change, situations_removed=removed)


def change_lines(changes: CatalogChanges) -> list[str]:
    """The comparison for a person at the terminal, one line each, Chinese / English."""
    against = (
        f"与现行版本 {changes.in_force} 相比 / against version {changes.in_force} in force"
        if changes.in_force is not None
        else "尚无现行版本，全部事项均为新增 / no version in force yet: every item is new"
    )
    lines = [against]
    lines += [f"  新增事项 / added: {a.code} {a.name}" for a in changes.added]
    lines += [
        f"  删除事项 / removed: {r.code} {r.name}  未办结办件 / open cases {r.open_cases}"
        for r in changes.removed
    ]
    for item in changes.changed:
        lines.append(f"  变更事项 / changed: {item.code} {item.name}")
        lines += [f"    {_term_text(t)}" for t in item.terms]
        lines += [f"    新增情形 / situation added: {code}" for code in item.situations_added]
        lines += [
            f"    删除情形 / situation removed: {s.code} {s.name}  未办结办件 / open cases "
            f"{s.open_cases}"
            for s in item.situations_removed
        ]
        lines += [f"    新增材料 / material added: {code}" for code in item.materials_added]
        lines += [f"    删除材料 / material removed: {code}" for code in item.materials_removed]
        lines += [
            f"    材料编码改指另一材料 / material code reused: {r.code} “{r.old_name}” → "
            f"“{r.new_name}”"
            + ("（标准亦变 / standard changed too）" if r.standard_changed else "")
            for r in item.codes_reused
        ]
        if item.other_terms:
            lines.append("    其他定义有变（形式、规则等） / other terms changed (forms, rules, …)")
    if not (changes.added or changes.removed or changes.changed):
        lines.append("  事项无变化 / no item changed")
    return lines


def _term_text(change: TermChange) -> str:
    zh, en = next((zh, en) for term, zh, en in _TERMS if term == change.term)
    return f"{zh} / {en}: {change.old} → {change.new}"
