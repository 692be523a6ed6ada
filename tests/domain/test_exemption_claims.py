"""两个免于提交 only where it holds: the applicant's own e-licence or household record never
exempts someone else's material (a spouse's card, a 被投靠人's register), and a material marked
exempt stands only on an exemption the rules or a lookup found, never on a typed basis."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from importlib.resources import files

import pytest

from counter_app.domain.catalog import (
    CityScope,
    MaterialHolder,
    ServiceItem,
    Situation,
    parse_catalog_release,
)
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.eligibility import ApplicantFacts
from counter_app.domain.exemptions import (
    LicenceFound,
    Verification,
    exemptions_for,
    may_be_exempt,
    unbacked_exemptions,
)
from counter_app.domain.id_types import DocKind

# The probe's materials of someone other than the applicant, each with an e-licence type.
OTHERS = [
    ("生育登记", "S01", "M01"),  # 夫妻双方居民身份证
    ("上海市居住证办理（首次申领）", "S03", "M42"),  # 被投靠人居民身份证及户口簿
    ("老年综合津贴申领", "S02", "M05"),  # 代办人居民身份证
    ("计划生育家庭特别扶助金申请", "S02", "M07"),  # 子女残疾人证
    ("城乡居民基本医疗保险参保登记", "S02", "M01"),  # 新生儿出生医学证明
]


@pytest.fixture(scope="module")
def items() -> dict[str, ServiceItem]:
    raw = json.loads(files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8"))
    return {item.name: item for item in parse_catalog_release(raw).items}


def shanghai_card() -> ApplicantFacts:
    return ApplicantFacts(
        DocKind.RESIDENT_ID, "310104195803120015", date(1958, 3, 12), "上海市徐汇区", True, "CHN"
    )


def verified(code: str, licence_type: str) -> LicenceFound:
    return LicenceFound(
        code, licence_type, "ID-1", "上海市公安局", None, None, "lookup-1", Verification.VERIFIED
    )


def situation_of(items: dict[str, ServiceItem], name: str, code: str) -> Situation:
    situation = items[name].situation(code)
    assert situation is not None
    return situation


@pytest.mark.parametrize(("name", "situation_code", "code"), OTHERS)
def test_the_applicants_licence_never_exempts_someone_elses_material(
    items, name, situation_code, code
) -> None:
    situation = situation_of(items, name, situation_code)
    material = situation.material(code)
    assert material is not None and material.holder is MaterialHolder.OTHER
    assert material.exempt_elicence is not None
    licence = verified(code, material.exempt_elicence)  # the applicant's, as the register says
    assert code not in exemptions_for(situation, shanghai_card(), [licence])
    assert not may_be_exempt(material)  # the window does not offer 免交 for it
    (refused,) = unbacked_exemptions(
        situation, [SubmittedMaterial(code, MaterialStatus.EXEMPT, exemption="电子证照：ID-1")], {}
    )
    assert refused.field == "materials[0].status"
    assert f"“{material.name}”是申请人以外的人的材料" in refused.zh
    assert "mark it received" in refused.en


def test_the_applicants_own_licence_still_exempts_their_own_material(items) -> None:
    situation = situation_of(items, "生育登记", "S01")
    licence = verified("M03", "结婚证电子证照")
    assert set(exemptions_for(situation, None, [licence])) == {"M03"}


def test_the_applicants_city_household_never_exempts_another_persons_register(items) -> None:
    situation = situation_of(items, "生育登记", "S01")
    register = situation.material("M02")
    assert register is not None and register.exempt_city_scope is CityScope.HOUSEHOLD
    assert "M02" in exemptions_for(situation, shanghai_card(), [])
    theirs = replace(register, holder=MaterialHolder.OTHER)  # e.g. the 被投靠人's register
    others = replace(situation, materials=(theirs,))
    assert exemptions_for(others, shanghai_card(), []) == {}
    # A department that issues everyone's copy still exempts another person's.
    everyones = replace(others, materials=(replace(theirs, exempt_city_scope=CityScope.ALL),))
    assert set(exemptions_for(everyones, None, [])) == {"M02"}


def test_an_e_licence_typed_as_the_basis_without_a_lookup_is_refused(items) -> None:
    situation = situation_of(items, "生育登记", "S01")
    claim = SubmittedMaterial(
        "M03", MaterialStatus.EXEMPT, exemption="电子证照：结婚证电子证照 FAKE-1（上海市民政局）"
    )
    (refused,) = unbacked_exemptions(situation, [claim], exemptions_for(situation, None, []))
    assert refused.zh.startswith("“结婚证”免于提交的依据未经确认")
    assert "查询其结婚证电子证照（F4）" in refused.zh
    pending = replace(verified("M03", "结婚证电子证照"), verification=Verification.PENDING)
    assert unbacked_exemptions(situation, [claim], exemptions_for(situation, None, [pending])) == []


def test_a_city_exemption_needs_its_scope_rule_to_hold(items) -> None:
    residence = situation_of(items, "上海市居住证办理（首次申领）", "S01")
    guangdong = replace(shanghai_card(), address="广东省广州市天河区")
    lease = SubmittedMaterial("M22", MaterialStatus.EXEMPT, exemption="上海市房屋管理局")
    (refused,) = unbacked_exemptions(residence, [lease], exemptions_for(residence, guangdong, []))
    assert "目录未规定“合法稳定居所证明" in refused.zh
    birth = situation_of(items, "生育登记", "S01")
    register = SubmittedMaterial("M02", MaterialStatus.EXEMPT)
    typed = replace(shanghai_card(), address_from_card=False)
    (refused,) = unbacked_exemptions(birth, [register], exemptions_for(birth, typed, []))
    assert "请读取申请人的居民身份证" in refused.zh
    assert unbacked_exemptions(birth, [register], exemptions_for(birth, shanghai_card(), [])) == []
