"""两个免于提交: which of a situation's materials an applicant need not hand in.

1. Issued by a city department (本市部门核发): exempt by rule, never asked for. Whose copy a
   department issued is the catalog's ``exempt_city_scope``: everyone's, or only that of an
   applicant registered in the city (a Shanghai 户口簿) — known when the situation itself
   requires a city household, or the resident ID card read says so (its address is the
   household registration address).
2. Held as an e-licence (电子证照): exempt once the register confirms the applicant holds one
   of the type the catalog names; looked up with the applicant's authorisation. Offline the
   window marks it 待核验 and the lookup runs after the next sync.

Neither exempts a material of someone other than the applicant (the catalog's ``holder``:
a spouse's card, the 被投靠人's household register): the applicant's licence or household
record says nothing of theirs, so the clerk collects it. A material marked exempt stands
only on an exemption found here (``unbacked_exemptions``): never on a basis merely typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from counter_app.domain.catalog import CityScope, MaterialHolder, MaterialRequirement, Situation
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.eligibility import ApplicantFacts
from counter_app.errors import ValidationError

CITY_REGION = "31"  # GB/T 2260: 上海市
CITY_NAME = "上海市"


class ExemptionKind(StrEnum):
    CITY_DEPARTMENT = "city_department"  # 本市部门核发
    ELICENCE = "elicence"  # 电子证照


class Verification(StrEnum):
    VERIFIED = "verified"  # the register answered with the licence
    PENDING = "pending"  # 待核验: marked offline, looked up after the next sync
    FAILED = "failed"  # the register has no such licence (or refused): a task for the clerk


@dataclass(frozen=True)
class LicenceFound:
    """An e-licence the register answered with (or, pending, the type the window expects)."""

    material_code: str
    licence_type: str
    number: str | None  # None while pending
    issuer: str | None
    valid_to: str | None
    file_sha256: str | None
    lookup_id: str | None  # the platform's signed log record of the lookup
    verification: Verification
    # The licence's document file as the register sent it (its SHA-256 checked against
    # ``file_sha256``), attached to the case with the exemption; None while pending or when
    # the register holds no file.
    document: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Exemption:
    code: str
    kind: ExemptionKind
    basis_zh: str
    basis_en: str
    licence: LicenceFound | None = None

    @property
    def binding(self) -> bool:
        """Settled: never asked for, whatever was marked. A pending (待核验) e-licence is
        not: the clerk holding the paper may still mark it received."""
        return self.licence is None or self.licence.verification is Verification.VERIFIED


def city_exemptions(situation: Situation, facts: ApplicantFacts | None) -> list[Exemption]:
    """The materials of ``situation`` a city department issued for this applicant."""
    return [
        Exemption(
            m.code,
            ExemptionKind.CITY_DEPARTMENT,
            f"本市部门核发（{m.exempt_city_department}），免于提交",
            f"issued by a city department ({m.exempt_city_department}); not to be submitted",
        )
        for m in situation.materials
        if m.exempt_city_scope is not None and _city_issued(m, situation, facts)
    ]


def _city_issued(
    m: MaterialRequirement, situation: Situation, facts: ApplicantFacts | None
) -> bool:
    if m.exempt_city_scope is CityScope.ALL:
        return True
    if m.holder is MaterialHolder.OTHER:
        return False  # the applicant's household says nothing of another person's
    rule = situation.eligibility
    if rule is not None and (rule.household_region or "").startswith(CITY_REGION):
        return True  # the situation is for city households only: the clerk checked that
    return facts is not None and facts.address_from_card and facts.address.startswith(CITY_NAME)


def elicence_exemption(requirement: MaterialRequirement, found: LicenceFound) -> Exemption | None:
    """The exemption a licence gives ``requirement``; None when it is not the type the
    catalog names, the register did not confirm it, or the material is someone else's (the
    licence is the applicant's)."""
    if not licence_may_exempt(requirement) or requirement.exempt_elicence != found.licence_type:
        return None
    if found.verification is Verification.PENDING:
        return Exemption(
            requirement.code,
            ExemptionKind.ELICENCE,
            f"电子证照待核验（{found.licence_type}）",
            f"e-licence pending verification ({found.licence_type})",
            found,
        )
    if found.verification is not Verification.VERIFIED:
        return None
    return Exemption(requirement.code, ExemptionKind.ELICENCE, *licence_basis(found), found)


def licence_basis(found: LicenceFound) -> tuple[str, str]:
    """What the checklist, the case and the receipt say a confirmed licence exempts by."""
    return (
        f"电子证照：{found.licence_type} {found.number}（{found.issuer}）",
        f"e-licence: {found.licence_type} {found.number} ({found.issuer})",
    )


def exemptions_for(
    situation: Situation, facts: ApplicantFacts | None, licences: Sequence[LicenceFound]
) -> dict[str, Exemption]:
    """Every exemption of ``situation`` for this applicant, by material code; a city
    department's goes before an e-licence (nothing needs looking up)."""
    found: dict[str, Exemption] = {e.code: e for e in city_exemptions(situation, facts)}
    for licence in licences:
        requirement = situation.material(licence.material_code)
        if requirement is None or requirement.code in found:
            continue
        exemption = elicence_exemption(requirement, licence)
        if exemption is not None:
            found[requirement.code] = exemption
    return found


def with_exemptions(
    marks: Sequence[SubmittedMaterial], exemptions: dict[str, Exemption]
) -> list[SubmittedMaterial]:
    """The clerk's marks with every exempt material marked exempt with its basis: a binding
    exemption whatever the clerk marked (it is never asked for), a pending one unless the
    clerk marked the material otherwise than missing or exempt."""
    out = [
        replace(mark, status=MaterialStatus.EXEMPT, form=None, count=0, exemption=e.basis_zh)
        if (e := exemptions.get(mark.code)) is not None
        and (e.binding or mark.status in (MaterialStatus.MISSING, MaterialStatus.EXEMPT))
        else mark
        for mark in marks
    ]
    marked = {mark.code for mark in marks}
    out.extend(
        SubmittedMaterial(code, MaterialStatus.EXEMPT, exemption=e.basis_zh)
        for code, e in exemptions.items()
        if code not in marked
    )
    return out


def may_be_exempt(m: MaterialRequirement) -> bool:
    """Whether an exemption can cover ``m`` for some applicant: a city department's by its
    scope (another person's only when the department issues everyone's), or the applicant's
    own e-licence; what the window offers 免交 for."""
    if m.exempt_city_scope is CityScope.ALL:
        return True
    if m.holder is MaterialHolder.OTHER:
        return False
    return licence_may_exempt(m) or m.exempt_city_scope is not None


def licence_may_exempt(m: MaterialRequirement) -> bool:
    """Whether the applicant's own e-licence can replace ``m``: what a lookup of their
    licences is for."""
    return bool(m.exempt_elicence) and m.holder is not MaterialHolder.OTHER


def unbacked_exemptions(
    situation: Situation, marks: Sequence[SubmittedMaterial], exemptions: dict[str, Exemption]
) -> list[ValidationError]:
    """The clerk's (or an import line's) materials marked exempt that none of ``exemptions``
    (``exemptions_for`` this applicant) backs, each refused with what to do instead. A
    material no exemption could ever cover is ``assess``'s to report."""
    refused = []
    for index, mark in enumerate(marks):
        requirement = situation.material(mark.code)
        if (
            mark.status is not MaterialStatus.EXEMPT
            or mark.code in exemptions
            or requirement is None
            or not requirement.exemptible
        ):
            continue
        zh, en = _why_not_exempt(requirement)
        refused.append(ValidationError(zh, en, field=f"materials[{index}].status"))
    return refused


def _why_not_exempt(m: MaterialRequirement) -> tuple[str, str]:
    if m.holder is MaterialHolder.OTHER:
        return (
            f"“{m.name}”是申请人以外的人的材料，申请人的电子证照或户籍不能使其免于提交："
            "请收取材料（标记为已收）。",
            f"'{m.name}' belongs to someone other than the applicant; the applicant's "
            "e-licence or household record cannot exempt it: collect it (mark it received).",
        )
    ways = []  # how the clerk confirms the basis, as (zh, en)
    if m.exempt_city_scope is CityScope.HOUSEHOLD:
        ways.append(
            (
                f"读取申请人的居民身份证（本市户籍的，由{m.exempt_city_department}核发，免于提交）",
                "read the applicant's resident ID card (for a city household it is issued by "
                f"{m.exempt_city_department} and exempt)",
            )
        )
    if m.exempt_elicence:
        ways.append(
            (
                f"经申请人授权在窗口查询其{m.exempt_elicence}（F4）",
                f"look up the applicant's {m.exempt_elicence} at the window with their "
                "authorisation (F4)",
            )
        )
    if ways:
        return (
            f"“{m.name}”免于提交的依据未经确认：请{'，或'.join(zh for zh, _ in ways)}；"
            "否则请收取材料。",
            f"Nothing confirms that '{m.name}' is exempt: "
            f"{', or '.join(en for _, en in ways)}; otherwise collect the material.",
        )
    return (
        f"目录未规定“{m.name}”由{m.exempt_city_department}为哪些申请人核发，不能免于提交："
        "请收取材料。",
        f"The catalog does not say for whom {m.exempt_city_department} issues '{m.name}', "
        "so it cannot be exempt: collect the material.",
    )
