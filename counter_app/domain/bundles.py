"""高效办成一件事: a catalog's bundles ("one thing" — several service items a life event
needs, decided together at one visit) and their merged materials checklist, where a
material several members ask for (the same name) is submitted and marked once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from counter_app.domain.catalog import (
    MaterialRequirement,
    ServiceItem,
    Situation,
    catalog_error,
    field_code,
    field_object,
    field_text,
)
from counter_app.domain.checklist import SubmittedMaterial
from counter_app.domain.pinyin import pinyin_keys


@dataclass(frozen=True)
class BundleMember:
    item: str  # service item code (in the same catalog version)
    situation: str | None  # default situation code; None: the item's first situation


@dataclass(frozen=True)
class ServiceBundle:
    code: str  # e.g. "YJS-0001"
    name: str  # e.g. "失业一件事"
    description: str
    members: tuple[BundleMember, ...]  # at least two, distinct items
    pinyin: str  # as ServiceItem: for the window's search
    pinyin_initials: str


@dataclass(frozen=True)
class SharedMaterial:
    """One row of a bundle's merged checklist."""

    name: str  # the row's key: members' materials of this name are one row
    # What the row shows: the first member's requirement, core or required when any use is,
    # and the largest count any use asks for (one set handed in serves every member).
    requirement: MaterialRequirement
    uses: tuple[tuple[str, str], ...]  # (item code, that item's material code) per member


def parse_bundle(raw: Any, where: str) -> ServiceBundle:
    """A bundle as the catalog document gives it (see ``bundle_to_dict``), checked on its
    own; ``parse_bundles`` checks its members against the release. ``ValidationError``
    naming the field otherwise."""
    obj = field_object(raw, where)
    raw_members = obj.get("members")
    if not isinstance(raw_members, list) or len(raw_members) < 2:
        raise catalog_error(
            f"{where}.members",
            "一件事至少应包含两个事项。",
            "a bundle needs at least two member items",
        )
    members = tuple(_member(m, f"{where}.members[{i}]") for i, m in enumerate(raw_members))
    items = [m.item for m in members]
    repeated = next((code for i, code in enumerate(items) if code in items[:i]), None)
    if repeated is not None:
        raise catalog_error(
            f"{where}.members",
            f"一件事中事项重复：{repeated}",
            f"item {repeated} is a member twice",
        )
    name = field_text(obj.get("name"), f"{where}.name", 100)
    full, initials = obj.get("pinyin"), obj.get("pinyin_initials")
    if not (isinstance(full, str) and isinstance(initials, str)):
        full, initials = pinyin_keys(name)
    return ServiceBundle(
        code=field_code(obj.get("code"), f"{where}.code", 40),
        name=name,
        description=field_text(
            obj.get("description", ""), f"{where}.description", 2000, allow_empty=True, lines=True
        ),
        members=members,
        pinyin=full,
        pinyin_initials=initials,
    )


def _member(raw: Any, where: str) -> BundleMember:
    obj = field_object(raw, where)
    situation = obj.get("situation")
    return BundleMember(
        item=field_code(obj.get("item"), f"{where}.item", 40),
        situation=None
        if situation in (None, "")
        else field_code(situation, f"{where}.situation", 40),
    )


def parse_bundles(raw: Any, items: Sequence[ServiceItem]) -> tuple[ServiceBundle, ...]:
    """A catalog document's optional ``bundles`` list (absent: none), each member an item of
    ``items`` with a situation it has, and no code twice."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise catalog_error("bundles", "应为列表。", "must be a list")
    by_code = {item.code: item for item in items}
    bundles: list[ServiceBundle] = []
    for i, raw_bundle in enumerate(raw):
        where = f"bundles[{i}]"
        bundle = parse_bundle(raw_bundle, where)
        for j, member in enumerate(bundle.members):
            item = by_code.get(member.item)
            if item is None:
                raise catalog_error(
                    f"{where}.members[{j}].item",
                    f"目录中没有事项 {member.item}。",
                    f"no item {member.item} in this catalog",
                )
            if item.situation(member.situation) is None:
                raise catalog_error(
                    f"{where}.members[{j}].situation",
                    f"事项“{item.name}”没有情形 {member.situation}。",
                    f"item {item.code} has no situation {member.situation}",
                )
        if any(b.code == bundle.code for b in bundles):
            raise catalog_error(
                "bundles", f"一件事编码重复：{bundle.code}", f"duplicate bundle code {bundle.code}"
            )
        bundles.append(bundle)
    return tuple(bundles)


def bundle_to_dict(bundle: ServiceBundle) -> dict[str, Any]:
    """The JSON form of a bundle, as stored in ``service_bundles.definition`` and published."""
    return {
        "code": bundle.code,
        "name": bundle.name,
        "description": bundle.description,
        "members": [{"item": m.item, "situation": m.situation} for m in bundle.members],
        "pinyin": bundle.pinyin,
        "pinyin_initials": bundle.pinyin_initials,
    }


def shared_checklist(
    members: Sequence[tuple[ServiceItem, Situation]],
) -> tuple[SharedMaterial, ...]:
    """The merged checklist of the members' situations: one row per material name, in member
    order and, within a member, in its situation's order of first appearance."""
    rows: dict[str, SharedMaterial] = {}
    for item, situation in members:
        for material in situation.materials:
            row = rows.get(material.name)
            if row is None:
                rows[material.name] = SharedMaterial(
                    material.name, material, ((item.code, material.code),)
                )
                continue
            shown = row.requirement
            rows[material.name] = SharedMaterial(
                row.name,
                replace(
                    shown,
                    required=shown.required or material.required,
                    core=shown.core or material.core,
                    count=max(shown.count, material.count),
                ),
                (*row.uses, (item.code, material.code)),
            )
    return tuple(rows.values())


def member_marks(
    shared: Sequence[SharedMaterial], marks: Mapping[str, SubmittedMaterial]
) -> dict[str, tuple[SubmittedMaterial, ...]]:
    """The clerk's marks on the merged checklist (keyed by row name) as each member's own:
    per item code, every marked row it uses, re-coded with that item's material code."""
    per_item: dict[str, list[SubmittedMaterial]] = {}
    for row in shared:
        mark = marks.get(row.name)
        for item_code, material_code in row.uses:
            own = per_item.setdefault(item_code, [])
            if mark is not None:
                own.append(replace(mark, code=material_code))
    return {code: tuple(own) for code, own in per_item.items()}
