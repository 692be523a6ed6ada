"""The service catalog (事项目录): items, their situations (情形) and the materials each
situation requires. A catalog is published in versions; a case keeps the version it was
accepted under, so later edits to the catalog never rewrite what a receipt promised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from counter_app.domain.eligibility import EligibilityRule
from counter_app.domain.pinyin import pinyin_keys
from counter_app.domain.text import first_unprintable
from counter_app.errors import ValidationError

if TYPE_CHECKING:
    from counter_app.domain.bundles import ServiceBundle

_E = TypeVar("_E", bound=StrEnum)

# The newest a catalog (or calendar) version may be: the platform keeps it in a PostgreSQL
# INTEGER.
LAST_VERSION = 2**31 - 1


class CaseType(StrEnum):
    IMMEDIATE = "immediate"  # 即办件: done on the spot
    PROMISED = "promised"  # 承诺件: done within the promised working days


class CityScope(StrEnum):
    """Whose copy of a material a city department issued, so that it is exempt by rule."""

    ALL = "all"  # every applicant's: only the city department issues it (社保缴费记录)
    HOUSEHOLD = "household"  # an applicant registered in the city (户口簿 of 本市户籍)


class MaterialForm(StrEnum):
    ORIGINAL = "original"  # 原件 (exchange code 0)
    COPY = "copy"  # 复印件 (1)
    ELECTRONIC = "electronic"  # 电子件 (2)


FORM_NAMES = {
    MaterialForm.ORIGINAL: ("原件", "original"),
    MaterialForm.COPY: ("复印件", "copy"),
    MaterialForm.ELECTRONIC: ("电子件", "electronic"),
}


class MaterialHolder(StrEnum):
    """Whose paper a material is: the applicant's own, or another person's (a spouse's, the
    被投靠人's, a 代办人's, a child's, a newborn's), which the applicant's card says nothing
    about."""

    APPLICANT = "applicant"
    OTHER = "other"


@dataclass(frozen=True)
class MaterialRequirement:
    code: str
    name: str
    required: bool
    core: bool  # core materials can never be deferred (容缺)
    forms: tuple[MaterialForm, ...]
    count: int
    exempt_elicence: str | None  # e-licence type that replaces the paper (两个免于提交)
    exempt_city_department: str | None  # city department that issued it: never asked again
    commitment_allowed: bool  # may be replaced by a written commitment (告知承诺制)
    standard: str  # what a conforming material looks like, printed on the notice
    # Whose copy the city department issued (exempt without asking); None: the clerk decides.
    exempt_city_scope: CityScope | None = None
    holder: MaterialHolder = MaterialHolder.APPLICANT

    @property
    def exemptible(self) -> bool:
        return bool(self.exempt_elicence or self.exempt_city_department)

    def asks_for_same(self, other: MaterialRequirement) -> bool:
        """Whether ``other`` (this code in another catalog version) asks for the same paper:
        a material received under one is not received under the other once its name or
        its standard changed (a code reused for another material)."""
        return (self.name, self.standard) == (other.name, other.standard)


class ApplicantType(StrEnum):
    """Who applies (办事指南's 服务对象), as intake's ``ApplicantInput.applicant_type``."""

    PERSON = "person"  # 自然人
    ENTERPRISE = "enterprise"  # 法人
    OTHER = "other"  # 其他组织


# How the CLI, the documents and intake's refusals name each (the window's are in Linguist).
APPLICANT_TYPE_NAMES = {
    ApplicantType.PERSON: ("自然人", "natural person"),
    ApplicantType.ENTERPRISE: ("法人", "legal person"),
    ApplicantType.OTHER: ("其他组织", "other organisation"),
}


class AgentRule(StrEnum):
    """Whether a situation is the applicant's in person or through a 代办人."""

    REQUIRED = "required"  # 委托他人代办: the 代办人 present is recorded
    FORBIDDEN = "forbidden"  # 本人申领: the applicant comes in person


@dataclass(frozen=True)
class Situation:
    code: str
    name: str
    materials: tuple[MaterialRequirement, ...]
    # Who may apply, as far as an identity document can tell (age, 户籍); None: anyone.
    eligibility: EligibilityRule | None = None
    # Whether a 代办人 must or must not be recorded; None: either.
    agent: AgentRule | None = None

    def material(self, code: str) -> MaterialRequirement | None:
        return self._materials_by_code.get(code)

    @cached_property
    def _materials_by_code(self) -> dict[str, MaterialRequirement]:
        # Built once per situation (catalog items are cached per store): intake looks up
        # every mark. The first of equal codes wins, as a scan would find it.
        by_code: dict[str, MaterialRequirement] = {}
        for m in self.materials:
            by_code.setdefault(m.code, m)
        return by_code


@dataclass(frozen=True)
class ServiceItem:
    code: str  # implementation code (实施编码), ≈31 characters
    name: str
    department: str
    case_type: CaseType
    promised_days: int
    statutory_days: int
    fee_cents: int
    legal_basis: str
    situations: tuple[Situation, ...]
    pinyin: str  # full pinyin without spaces, for search: "juzhuzhengbanli"
    pinyin_initials: str  # "jzzbl"
    # 全市通办: the code of another district's department that handles the case; any hall
    # accepts it and the platform routes it there. None: handled where it is accepted.
    handling_department: str | None = None
    # 服务对象: who may apply for it; a catalog without the field: everyone.
    serves: frozenset[ApplicantType] = frozenset(ApplicantType)
    # 俗称: the names people know the item by (医保, 低保 …), for search.
    aliases: tuple[str, ...] = ()

    def serves_applicant(self, applicant_type: str) -> bool:
        """Whether an applicant of ``applicant_type`` (an ``ApplicantType`` value) may apply
        for the item; a type that is none of them is intake's to refuse, not the item's."""
        try:
            kind = ApplicantType(applicant_type)
        except ValueError:
            return True
        return kind in self.serves

    @property
    def default_situation(self) -> Situation:
        return self.situations[0]

    def situation(self, code: str | None) -> Situation | None:
        if code is None:
            return self.default_situation
        return next((s for s in self.situations if s.code == code), None)


def audience_problems(item: ServiceItem | None, applicant_type: str) -> list[ValidationError]:
    """The refusal, on field ``applicant.type``, of an applicant of ``applicant_type`` that
    ``item`` does not serve (服务对象); none when it does or there is no item to ask."""
    if item is None or item.serves_applicant(applicant_type):
        return []
    served = [kind for kind in ApplicantType if kind in item.serves]
    zh_served = "、".join(APPLICANT_TYPE_NAMES[kind][0] for kind in served)
    en_served = " or ".join(APPLICANT_TYPE_NAMES[kind][1] for kind in served)
    zh_who, en_who = APPLICANT_TYPE_NAMES[ApplicantType(applicant_type)]
    return [
        ValidationError(
            f"“{item.name}”事项的服务对象为{zh_served}，{zh_who}不能作为申请人办理："
            "请核对申请人类型，或另选事项。",
            f"The item '{item.name}' serves applicants of type {en_served} only; a {en_who} "
            "cannot apply for it: check the applicant type, or choose another item.",
            field="applicant.type",
        )
    ]


@dataclass(frozen=True)
class CatalogRelease:
    version: int
    published_at: str
    items: tuple[ServiceItem, ...]
    bundles: tuple[ServiceBundle, ...] = ()  # 一件事: items decided together


def is_feed_version(value: object) -> TypeGuard[int]:
    """Whether ``value`` may be a catalog's or calendar's version: a whole number from 1 to
    :data:`LAST_VERSION` (JSON's ``true`` is no number)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= LAST_VERSION


def checked_published_at(value: object) -> str:
    """A catalog's or calendar's ``published_at``: an ISO 8601 date and time with its zone,
    and one with a UTC form (year 1 or 9999 in a far zone has none), as each window keeps
    it with the version it loads; ``ValidationError`` on the field otherwise."""
    if not isinstance(value, str) or not value:
        raise catalog_error("published_at", "缺少发布时间。", "'published_at' is required.")
    try:
        moment = datetime.fromisoformat(value)
        moment.astimezone(UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise catalog_error(
            "published_at",
            f"发布时间“{value}”不是带时区的 ISO 8601 时间，应写成如 2026-11-01T00:00:00Z。",
            f"'{value}' is not an ISO 8601 time with its zone; write it as e.g. "
            "2026-11-01T00:00:00Z.",
        )
    return value


Problems = list[ValidationError]
_T = TypeVar("_T")


def parse_catalog_release(
    payload: Mapping[str, Any], problems: Problems | None = None
) -> CatalogRelease:
    """Validate a catalog document (bundled file or platform feed); see ``item_to_dict`` for
    an item's shape and ``bundles.bundle_to_dict`` for the optional ``bundles``' one.
    Raises ``CatalogDataError`` naming the offending field path; given ``problems``, adds
    each item's, situation's and material's first problem there instead and goes on
    without that part (an author's document checked whole, ``catalog_rules``): what it
    returns then is only what parsed."""
    # Imported here: bundles builds on this module's types.
    from counter_app.domain.bundles import parse_bundles

    version = payload.get("version")
    if not is_feed_version(version):
        _report(
            problems,
            catalog_error(
                "version",
                f"目录版本号应为 1 至 {LAST_VERSION} 之间的整数。",
                f"'version' must be an integer from 1 to {LAST_VERSION}.",
            ),
        )
        version = 0
    published_at = _checked(problems, lambda: checked_published_at(payload.get("published_at")), "")
    raw_items = payload.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        _report(
            problems,
            catalog_error("items", "目录中没有事项。", "'items' must be a non-empty list."),
        )
        raw_items = []
    items = _each(raw_items, "items", lambda raw, where: parse_item(raw, where, problems), problems)
    codes = [item.code for item in items]
    for duplicate in sorted({c for c in codes if codes.count(c) > 1}):
        _report(
            problems,
            catalog_error(
                "items", f"事项编码重复：{duplicate}", f"duplicate item code {duplicate}"
            ),
        )
    # Bundles only over every item: a member whose item has a problem is not missing.
    none: tuple[ServiceBundle, ...] = ()
    bundles = (
        _checked(problems, lambda: parse_bundles(payload.get("bundles"), items), none)
        if len(items) == len(raw_items)
        else none
    )
    return CatalogRelease(version, published_at, items, bundles)


def _report(problems: Problems | None, error: ValidationError) -> None:
    """Raise ``error``, or add it to ``problems`` when the whole document is checked."""
    if problems is None:
        raise error
    problems.append(error)


def _checked(problems: Problems | None, parse: Callable[[], _T], instead: _T) -> _T:
    """What ``parse`` returns; with ``problems``, ``instead`` when it raises (its problem
    added there)."""
    try:
        return parse()
    except ValidationError as exc:
        _report(problems, exc)
        return instead


def _each(
    raws: Sequence[Any],
    where: str,
    parse: Callable[[Any, str], _T],
    problems: Problems | None,
) -> tuple[_T, ...]:
    """``parse`` of each of ``raws`` (at ``where[i]``); with ``problems``, those that parse."""
    parsed: list[_T] = []
    for i, raw in enumerate(raws):
        try:
            parsed.append(parse(raw, f"{where}[{i}]"))
        except ValidationError as exc:
            _report(problems, exc)
    return tuple(parsed)


def parse_item(raw: Any, where: str = "item", problems: Problems | None = None) -> ServiceItem:
    """An item as ``item_to_dict`` writes it; ``problems`` as ``parse_catalog_release``'s
    (the item's own fields raise still, after its situations were checked)."""
    obj = field_object(raw, where)
    raw_situations = obj.get("situations")
    if not isinstance(raw_situations, list) or not raw_situations:
        raise catalog_error(
            f"{where}.situations", "事项至少应有一个情形。", "at least one situation is needed"
        )
    situations = _each(
        raw_situations,
        f"{where}.situations",
        lambda raw_situation, at: _situation(raw_situation, at, problems),
        problems,
    )
    situation_codes = [s.code for s in situations]
    repeated = next((c for i, c in enumerate(situation_codes) if c in situation_codes[:i]), None)
    if repeated is not None:
        raise catalog_error(
            f"{where}.situations",
            f"情形编码重复：{repeated}",
            f"duplicate situation code {repeated}",
        )
    case_type = _enum(CaseType, obj.get("case_type"), f"{where}.case_type")
    promised = _int(obj.get("promised_days"), f"{where}.promised_days", 0, 365)
    statutory = _int(obj.get("statutory_days"), f"{where}.statutory_days", 0, 365)
    if case_type == CaseType.IMMEDIATE and promised != 0:
        raise catalog_error(
            f"{where}.promised_days", "即办件的承诺时限应为0。", "an immediate item promises 0 days"
        )
    if promised > statutory:
        raise catalog_error(
            f"{where}.promised_days",
            "承诺时限不能长于法定时限。",
            "promised days exceed statutory days",
        )
    name = field_text(obj.get("name"), f"{where}.name", 100)
    full, initials = obj.get("pinyin"), obj.get("pinyin_initials")
    if not (isinstance(full, str) and isinstance(initials, str)):
        # Published catalogs need not carry pinyin; it is computed once, when a version is
        # loaded, and stored with the item for the search box.
        full, initials = pinyin_keys(name)
    return ServiceItem(
        code=field_code(obj.get("code"), f"{where}.code", 40),
        name=name,
        department=field_text(obj.get("department"), f"{where}.department", 100),
        case_type=case_type,
        promised_days=promised,
        statutory_days=statutory,
        fee_cents=_int(obj.get("fee_cents", 0), f"{where}.fee_cents", 0, 10_000_000),
        legal_basis=field_text(
            obj.get("legal_basis", ""), f"{where}.legal_basis", 2000, allow_empty=True, lines=True
        ),
        situations=situations,
        pinyin=full,
        pinyin_initials=initials,
        handling_department=None
        if obj.get("handling_department") in (None, "")
        else field_code(obj.get("handling_department"), f"{where}.handling_department", 40),
        serves=_serves(obj.get("serves"), f"{where}.serves"),
        aliases=_aliases(obj.get("aliases"), f"{where}.aliases"),
    )


def _aliases(raw: Any, where: str) -> tuple[str, ...]:
    """``["医保"]``: the item's common names, each once; absent: none."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise catalog_error(where, "俗称应为文字列表。", "'aliases' must be a list of texts")
    aliases = tuple(field_text(alias, f"{where}[{i}]", 30) for i, alias in enumerate(raw))
    repeated = next((a for i, a in enumerate(aliases) if a in aliases[:i]), None)
    if repeated is not None:
        raise catalog_error(where, f"俗称重复：{repeated}", f"alias {repeated} is given twice")
    return aliases


def _serves(raw: Any, where: str) -> frozenset[ApplicantType]:
    """``["person"]``, ``["enterprise", "other"]`` …: at least one ``ApplicantType``; absent
    (a catalog from before the field, a platform's stored release): every type."""
    if raw is None:
        return frozenset(ApplicantType)
    if not isinstance(raw, list) or not raw:
        raise catalog_error(
            where,
            "服务对象应列出 person（自然人）、enterprise（法人）、other（其他组织）中的至少一项。",
            "'serves' must list at least one of person, enterprise, other",
        )
    return frozenset(_enum(ApplicantType, kind, where) for kind in raw)


def _situation(raw: Any, where: str, problems: Problems | None) -> Situation:
    obj = field_object(raw, where)
    raw_materials = obj.get("materials")
    if not isinstance(raw_materials, list):
        raise catalog_error(
            f"{where}.materials", "情形缺少材料清单。", "'materials' must be a list"
        )
    materials = _each(raw_materials, f"{where}.materials", _material, problems)
    codes = [m.code for m in materials]
    repeated = next((c for i, c in enumerate(codes) if c in codes[:i]), None)
    if repeated is not None:
        raise catalog_error(
            f"{where}.materials",
            f"材料编码重复：{repeated}",
            f"duplicate material code {repeated}",
        )
    raw_rule = obj.get("eligibility")
    raw_agent = obj.get("agent")
    return Situation(
        code=field_code(obj.get("code"), f"{where}.code", 40),
        name=field_text(obj.get("name"), f"{where}.name", 200),
        materials=materials,
        eligibility=None if raw_rule is None else _eligibility(raw_rule, f"{where}.eligibility"),
        agent=None if raw_agent is None else _enum(AgentRule, raw_agent, f"{where}.agent"),
    )


_RULE_KEYS = ("min_age", "max_age", "household_region", "household_region_name")


def _eligibility(raw: Any, where: str) -> EligibilityRule:
    """``{"min_age": 65, "max_age": 64, "household_region": "31",
    "household_region_name": "上海市"}``, every key optional but at least one given; the
    region code and the name go together."""
    obj = field_object(raw, where)
    unknown = sorted(set(obj) - set(_RULE_KEYS))
    if unknown or not obj:
        raise catalog_error(
            where,
            f"资格条件只能包含 {'、'.join(_RULE_KEYS)}，且至少一项。",
            f"a rule has one or more of {', '.join(_RULE_KEYS)}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
        )
    low = None if obj.get("min_age") is None else _int(obj["min_age"], f"{where}.min_age", 0, 150)
    high = None if obj.get("max_age") is None else _int(obj["max_age"], f"{where}.max_age", 0, 150)
    if low is not None and high is not None and high < low:
        raise catalog_error(
            f"{where}.max_age", "年龄上限不能低于下限。", "max_age is below min_age"
        )
    region = obj.get("household_region")
    if region is not None and not (
        isinstance(region, str) and region.isascii() and region.isdigit() and len(region) <= 6
    ):
        raise catalog_error(
            f"{where}.household_region",
            "户籍地区码应为1–6位数字（GB/T 2260，如上海为31）。",
            "a GB/T 2260 region code prefix of 1-6 digits (Shanghai: 31)",
        )
    name = _optional_text(obj.get("household_region_name"), f"{where}.household_region_name")
    if (region is None) != (name is None):
        missing = "household_region_name" if name is None else "household_region"
        raise catalog_error(
            f"{where}.{missing}",
            "户籍地区码与地区名称须同时填写。",
            "household_region and household_region_name go together",
        )
    return EligibilityRule(low, high, region, name)


def _material(raw: Any, where: str) -> MaterialRequirement:
    obj = field_object(raw, where)
    forms_raw = obj.get("forms")
    if not isinstance(forms_raw, list) or not forms_raw:
        raise catalog_error(
            f"{where}.forms", "材料应列出可接受的形式。", "'forms' must list accepted forms"
        )
    required = _bool(obj.get("required"), f"{where}.required")
    core = _bool(obj.get("core", False), f"{where}.core")
    if core and not required:
        raise catalog_error(
            f"{where}.core", "核心材料必须是必交材料。", "a core material must be required"
        )
    return MaterialRequirement(
        code=field_code(obj.get("code"), f"{where}.code", 40),
        name=field_text(obj.get("name"), f"{where}.name", 200),
        required=required,
        core=core,
        forms=tuple(_enum(MaterialForm, f, f"{where}.forms") for f in forms_raw),
        count=_int(obj.get("count", 1), f"{where}.count", 1, 99),
        exempt_elicence=_optional_text(obj.get("exempt_elicence"), f"{where}.exempt_elicence"),
        exempt_city_department=_optional_text(
            obj.get("exempt_city_department"), f"{where}.exempt_city_department"
        ),
        commitment_allowed=_bool(
            obj.get("commitment_allowed", False), f"{where}.commitment_allowed"
        ),
        standard=field_text(
            obj.get("standard", ""), f"{where}.standard", 1000, allow_empty=True, lines=True
        ),
        exempt_city_scope=_city_scope(obj, where),
        holder=_enum(MaterialHolder, obj.get("holder", "applicant"), f"{where}.holder"),
    )


def _city_scope(obj: Mapping[str, Any], where: str) -> CityScope | None:
    raw = obj.get("exempt_city_scope")
    if raw is None:
        return None
    if not obj.get("exempt_city_department"):
        raise catalog_error(
            f"{where}.exempt_city_scope",
            "填写免交范围时须同时填写核发的本市部门。",
            "exempt_city_scope needs exempt_city_department",
        )
    return _enum(CityScope, raw, f"{where}.exempt_city_scope")


def item_to_dict(item: ServiceItem) -> dict[str, Any]:
    """The JSON form of an item, as stored in ``item_definitions.definition`` and exchanged."""
    return {
        "code": item.code,
        "name": item.name,
        "department": item.department,
        "case_type": item.case_type.value,
        "promised_days": item.promised_days,
        "statutory_days": item.statutory_days,
        "fee_cents": item.fee_cents,
        "legal_basis": item.legal_basis,
        "pinyin": item.pinyin,
        "pinyin_initials": item.pinyin_initials,
        "situations": [_situation_to_dict(s) for s in item.situations],
        # Only when set: an item stored before the field keeps its stored definition.
        **({"handling_department": item.handling_department} if item.handling_department else {}),
        # Only when not everyone, as above.
        **(
            {"serves": [kind.value for kind in ApplicantType if kind in item.serves]}
            if item.serves != frozenset(ApplicantType)
            else {}
        ),
        **({"aliases": list(item.aliases)} if item.aliases else {}),
    }


def _situation_to_dict(s: Situation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": s.code,
        "name": s.name,
        "materials": [material_to_dict(m) for m in s.materials],
    }
    if s.eligibility is not None:
        # Only the limits set: a stored situation without a rule keeps its old form.
        out["eligibility"] = {
            key: getattr(s.eligibility, key)
            for key in _RULE_KEYS
            if getattr(s.eligibility, key) is not None
        }
    if s.agent is not None:
        # Only when set, as the rule above.
        out["agent"] = s.agent.value
    return out


def material_to_dict(m: MaterialRequirement) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": m.code,
        "name": m.name,
        "required": m.required,
        "core": m.core,
        "forms": [f.value for f in m.forms],
        "count": m.count,
        "exempt_elicence": m.exempt_elicence,
        "exempt_city_department": m.exempt_city_department,
        "commitment_allowed": m.commitment_allowed,
        "standard": m.standard,
    }
    if m.exempt_city_scope is not None:
        # Only when set: a stored material without it keeps its old form.
        out["exempt_city_scope"] = m.exempt_city_scope.value
    if m.holder != MaterialHolder.APPLICANT:
        # Likewise: only another person's material says so.
        out["holder"] = m.holder.value
    return out


def field_object(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise catalog_error(where, "应为对象。", "must be an object")
    return raw


def field_text(
    raw: Any, where: str, limit: int, *, allow_empty: bool = False, lines: bool = False
) -> str:
    """Text of at most ``limit`` characters; ``lines``: it may break lines (a legal basis, a
    material's standard), where a name or a code may not."""
    if not isinstance(raw, str) or (not raw.strip() and not allow_empty) or len(raw) > limit:
        raise catalog_error(
            where, f"应为不超过{limit}字的文字。", f"must be text of at most {limit} characters"
        )
    text = raw.strip()
    unprintable = first_unprintable(text, lines=lines)
    if unprintable is not None:
        raise catalog_error(
            where,
            f"含有不可见的控制字符或无效字符 U+{ord(unprintable):04X}，请删去后重新发布。",
            f"holds a control or invalid character U+{ord(unprintable):04X}: remove it and "
            "publish again",
        )
    return text


def _optional_text(raw: Any, where: str) -> str | None:
    return None if raw in (None, "") else field_text(raw, where, 200)


def field_code(raw: Any, where: str, limit: int) -> str:
    text = field_text(raw, where, limit)
    if not all(c.isascii() and (c.isalnum() or c in "-_.") for c in text):
        raise catalog_error(
            where, "编码只能含字母、数字和 - _ .", "codes use letters, digits, '-', '_', '.'"
        )
    return text


def _int(raw: Any, where: str, low: int, high: int) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
        raise catalog_error(
            where, f"应为{low}到{high}之间的整数。", f"must be an integer {low}-{high}"
        )
    return raw


def _bool(raw: Any, where: str) -> bool:
    if not isinstance(raw, bool):
        raise catalog_error(where, "应为 true 或 false。", "must be true or false")
    return raw


def _enum(kind: type[_E], raw: Any, where: str) -> _E:
    try:
        return kind(raw)
    except ValueError:
        raise catalog_error(
            where, f"取值应为{'、'.join(kind)}之一。", f"must be one of {', '.join(kind)}"
        ) from None


class CatalogDataError(ValidationError):
    """A catalog document breaking a rule at ``field`` (its JSON path); ``problem`` says
    what, in Chinese and English, without the place (``catalog_rules`` names it)."""

    def __init__(self, where: str, zh: str, en: str) -> None:
        super().__init__(
            f"事项目录数据有误（{where}）：{zh}", f"Bad catalog data at {where}: {en}", field=where
        )
        self.problem = (zh, en)


def catalog_error(where: str, zh: str, en: str) -> CatalogDataError:
    return CatalogDataError(where, zh, en)
