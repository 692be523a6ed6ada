"""What an author may publish as a catalog (``counter-central catalog publish``): beyond
what every window can load (``catalog.parse_catalog_release``, which stays lenient with
versions already published and stored), no key the parser does not know, a 承诺件 promising
at least one working day, a standard for every required material, a legal basis for every
fee, materials in every situation, and item codes built on the 18-character credit code.
Every problem is found at once and named by item, situation and material."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from counter_app.domain.catalog import (
    CaseType,
    CatalogDataError,
    CatalogRelease,
    catalog_error,
    parse_catalog_release,
)
from counter_app.errors import ValidationError

# How many problems a refusal lists; the rest are counted.
PROBLEM_LIMIT = 50

_DOCUMENT_KEYS = ("version", "published_at", "source", "items", "bundles")
_ITEM_KEYS = (
    "code",
    "name",
    "department",
    "case_type",
    "promised_days",
    "statutory_days",
    "fee_cents",
    "legal_basis",
    "situations",
    "pinyin",
    "pinyin_initials",
    "handling_department",
    "serves",
    "aliases",
)
_SITUATION_KEYS = ("code", "name", "materials", "eligibility", "agent")
_MATERIAL_KEYS = (
    "code",
    "name",
    "required",
    "core",
    "forms",
    "count",
    "exempt_elicence",
    "exempt_city_department",
    "commitment_allowed",
    "standard",
    "exempt_city_scope",
    "holder",
)
_BUNDLE_KEYS = ("code", "name", "description", "members", "pinyin", "pinyin_initials")
_MEMBER_KEYS = ("item", "situation")

# 实施编码: the department's 18-character unified social credit code and the item's own
# digits after it (≈31 in all, the training catalog's 30).
_ITEM_CODE = re.compile(r"[0-9A-Z]{18,40}")


@dataclass(frozen=True)
class CatalogProblem:
    """One problem of a catalog document: where (item, situation, material, field), what."""

    place_zh: str
    place_en: str
    zh: str
    en: str


class CatalogRefused(ValidationError):
    """A catalog document an author may not publish; ``problems`` are all of them."""

    code = "catalog_refused"

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        shown = problems[:PROBLEM_LIMIT]
        more = len(problems) - len(shown)
        zh = [f"事项目录有 {len(problems)} 处问题，不能发布："]
        en = [f"The catalog has {len(problems)} problem(s) and cannot be published:"]
        for n, problem in enumerate(shown, 1):
            zh.append(f"{n}. {problem.place_zh}：{problem.zh}")
            en.append(f"{n}. {problem.place_en}: {problem.en}")
        if more:
            zh.append(f"及其他{more}处。")
            en.append(f"and {more} more.")
        super().__init__("\n".join(zh), "\n".join(en))
        self.problems = tuple(problems)


def publishable_catalog(payload: Mapping[str, Any]) -> CatalogRelease:
    """The release of a document an author may publish; otherwise ``CatalogRefused``, whose
    ``problems`` are every problem in document order (its message the first
    ``PROBLEM_LIMIT``)."""
    problems: list[ValidationError] = []
    release = parse_catalog_release(payload, problems)
    problems += _unknown_keys(payload)
    problems += _rule_breaches(payload)
    if problems:
        raise CatalogRefused(_located(payload, problems))
    return release


def _nodes(payload: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Each object of the document that holds keys of its own, with its kind and path."""
    yield "document", "", payload
    for i, item in _objects(payload.get("items"), "items"):
        yield "item", i, item
        for j, situation in _objects(item.get("situations"), f"{i}.situations"):
            yield "situation", j, situation
            for k, material in _objects(situation.get("materials"), f"{j}.materials"):
                yield "material", k, material
    for i, bundle in _objects(payload.get("bundles"), "bundles"):
        yield "bundle", i, bundle
        for j, member in _objects(bundle.get("members"), f"{i}.members"):
            yield "member", j, member


def _objects(raw: Any, where: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(raw, list):
        for i, obj in enumerate(raw):
            if isinstance(obj, Mapping):
                yield f"{where}[{i}]", obj


_KNOWN_KEYS = {
    "document": _DOCUMENT_KEYS,
    "item": _ITEM_KEYS,
    "situation": _SITUATION_KEYS,
    "material": _MATERIAL_KEYS,
    "bundle": _BUNDLE_KEYS,
    "member": _MEMBER_KEYS,
}


def _unknown_keys(payload: Mapping[str, Any]) -> list[ValidationError]:
    """A key no parser reads would be dropped and its default used (``fee_cent``: a free
    item): each is refused by name, with the known key it most resembles."""
    found: list[ValidationError] = []
    for kind, where, obj in _nodes(payload):
        known = _KNOWN_KEYS[kind]
        for key in obj:
            if key in known:
                continue
            close = difflib.get_close_matches(str(key), known, n=1)
            zh, en = f"没有“{key}”这一项", f"there is no key '{key}'"
            if close:
                zh, en = f"{zh}，是否应为“{close[0]}”？", f"{en}; did you mean '{close[0]}'?"
            else:
                zh, en = f"{zh}（可用：{'、'.join(known)}）。", f"{en} (known: {', '.join(known)})."
            found.append(catalog_error(f"{where}.{key}" if where else str(key), zh, en))
    return found


def _rule_breaches(payload: Mapping[str, Any]) -> list[ValidationError]:
    found: list[ValidationError] = []
    for kind, where, obj in _nodes(payload):
        if kind == "item":
            found += _item_breaches(obj, where)
        elif kind == "situation" and obj.get("materials") == []:
            found.append(
                catalog_error(
                    f"{where}.materials",
                    "情形没有材料：每个情形至少应列出一项材料。",
                    "a situation lists no material: list at least one",
                )
            )
        elif kind == "material" and obj.get("required") is True and not _text(obj, "standard"):
            found.append(
                catalog_error(
                    f"{where}.standard",
                    "必交材料须写明材料标准（印在一次性告知书上）。",
                    "a required material needs its standard (printed on the notice)",
                )
            )
    return found


def _item_breaches(item: Mapping[str, Any], where: str) -> list[ValidationError]:
    found: list[ValidationError] = []
    code = item.get("code")
    if isinstance(code, str) and not _ITEM_CODE.fullmatch(code.strip()):
        found.append(
            catalog_error(
                f"{where}.code",
                "实施编码应为18至40位数字或大写字母（以18位统一社会信用代码开头）。",
                "an item code is 18-40 digits or capital letters (the 18-character "
                "unified social credit code first)",
            )
        )
    if item.get("case_type") == CaseType.PROMISED and item.get("promised_days") == 0:
        found.append(
            catalog_error(
                f"{where}.promised_days",
                "承诺件的承诺时限至少为1个工作日（当日办结的应为即办件）。",
                "a promised item promises at least 1 working day (one done the same day is "
                "immediate)",
            )
        )
    fee = item.get("fee_cents")
    if isinstance(fee, int) and fee > 0 and not _text(item, "legal_basis"):
        found.append(
            catalog_error(
                f"{where}.legal_basis",
                "收费事项须写明收费依据。",
                "an item with a fee needs its legal basis",
            )
        )
    return found


def _text(obj: Mapping[str, Any], key: str) -> bool:
    value = obj.get(key)
    return isinstance(value, str) and bool(value.strip())


_STEP = re.compile(r"(\w+)\[(\d+)\]")


def _located(
    payload: Mapping[str, Any], problems: Sequence[ValidationError]
) -> tuple[CatalogProblem, ...]:
    """Each problem named by its place, in document order (items, then bundles)."""
    ordered = sorted(problems, key=lambda problem: _order(problem.field or ""))
    return tuple(_problem(payload, problem) for problem in ordered)


def _order(path: str) -> tuple[int, ...]:
    first = re.match(r"\w*", path)
    section = {"items": 1, "bundles": 2}.get(first.group() if first else "", 0)
    return (section, *(int(n) for n in re.findall(r"\[(\d+)\]", path)))


def _problem(payload: Mapping[str, Any], problem: ValidationError) -> CatalogProblem:
    zh_detail, en_detail = (
        problem.problem if isinstance(problem, CatalogDataError) else (problem.zh, problem.en)
    )
    place_zh: list[str] = []
    place_en: list[str] = []
    node: Any = payload
    rest = problem.field or ""
    while match := _STEP.match(rest):
        name, index = match.group(1), int(match.group(2))
        child = node.get(name) if isinstance(node, Mapping) else None
        if name not in _PLACES or not isinstance(child, list) or index >= len(child):
            break
        node = child[index]
        zh, en = _PLACES[name]
        code, title = _label(node)
        place_zh.append(f"第{index + 1}{zh}{code}{f'「{title}」' if title else ''}")
        place_en.append(f"{en} {index + 1}{code}{f' ({title})' if title else ''}")
        rest = rest[match.end() :].lstrip(".")
    if rest:
        place_zh.append(rest)
        place_en.append(rest)
    return CatalogProblem(" · ".join(place_zh), ", ".join(place_en), zh_detail, en_detail)


_PLACES = {
    "items": ("个事项", "item"),
    "situations": ("个情形", "situation"),
    "materials": ("项材料", "material"),
    "bundles": ("个一件事", "bundle"),
    "members": ("个成员", "member"),
}


def _label(node: Any) -> tuple[str, str]:
    """`` CODE`` and the name of an object of the document, as far as it has them."""
    if not isinstance(node, Mapping):
        return "", ""
    code, name = node.get("code", node.get("item")), node.get("name")
    return (
        f" {_shown(code)}" if isinstance(code, str) and code else "",
        _shown(name) if isinstance(name, str) else "",
    )


def _shown(text: str) -> str:
    """``text`` as a place may print it: a control character or half of a UTF-16 pair
    (which no terminal or UTF-8 stream takes) written as its code point, U+D800; the
    problem itself names it."""
    return "".join(
        f"U+{ord(c):04X}" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text
    )
