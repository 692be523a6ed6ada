"""Who may apply for a situation, as far as an identity document can tell: an age range
and a household registration (户籍) region, stated per situation in the catalog.

What a card can tell, honestly:
- age: from the birth date on the card or in a GB 11643 number, counted on the hall's date;
  unknown (nothing printed) is not a contradiction;
- 户籍 of a resident ID card read by a reader: its address *is* the registered permanent
  residence (《居民身份证法》第三条), though a move after the card was issued is not on it;
- 户籍 from an ID number alone: its region code is where the number was first issued, not
  where the household is now, so a mismatch is only a reason to look at the 户口簿;
- foreigners and Hong Kong, Macao and Taiwan residents have no mainland 户籍 at all, and a
  document outside the GA/T 2000.156 list (990 其他: a 台胞证, a credit code) proves none; a
  Chinese passport, or one whose nationality was not read, says nothing about it;
- an enterprise or organisation has neither an age nor a 户籍: a situation with either
  limit is one for a person.

A concern is a warning: the clerk may accept anyway with a stated reason, which the case
keeps (``CaseDocument.eligibility_override``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_app.domain.id_types import DocKind


@dataclass(frozen=True)
class EligibilityRule:
    """A situation's limits; ``None`` is no limit. ``household_region`` is a GB/T 2260
    region code prefix ("31" Shanghai), ``household_region_name`` how an address in it
    begins ("上海市")."""

    min_age: int | None = None
    max_age: int | None = None
    household_region: str | None = None
    household_region_name: str | None = None


@dataclass(frozen=True)
class ApplicantFacts:
    """What the identity document says about the applicant."""

    doc_kind: DocKind
    id_number: str
    birth_date: date | None
    address: str  # "" when unknown
    address_from_card: bool  # read from a resident ID card (its 户籍 address), not typed
    nationality: str  # ISO 3166 alpha-3 as on the card, "" when unknown
    applicant_type: str = "person"  # person | enterprise | other (an organisation)


@dataclass(frozen=True)
class EligibilityConcern:
    """One fact on the card that contradicts the situation's rule."""

    code: str  # "age" | "household" | "applicant_type"
    zh: str
    en: str


# Documents whose holders cannot have a mainland household registration.
_NO_HOUSEHOLD = {
    DocKind.FOREIGN_PERMANENT_2017: ("外国人永久居留身份证", "a foreign permanent residence card"),
    DocKind.FOREIGN_PERMANENT_2023: ("外国人永久居留身份证", "a foreign permanent residence card"),
    DocKind.HK_MACAO_PERMIT: ("港澳居民来往内地通行证", "an HK/Macao home-return permit"),
    DocKind.HKMOTW_RESIDENCE_PERMIT: ("港澳台居民居住证", "an HK/Macao/Taiwan residence permit"),
    DocKind.OTHER: (
        "非内地居民的证件（如台湾居民来往大陆通行证）",
        "a document that is not a mainland resident's (such as a Taiwan compatriot permit)",
    ),
}
_CITIZEN_NUMBER = (DocKind.RESIDENT_ID, DocKind.HOUSEHOLD_REGISTER)


def age_on(birth: date, today: date) -> int:
    """Full years of age on ``today`` (a birthday counts on the day itself)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def check_eligibility(
    rule: EligibilityRule, facts: ApplicantFacts, today: date
) -> list[EligibilityConcern]:
    """The facts of ``facts`` that contradict ``rule`` on ``today`` (the hall's date)."""
    if facts.applicant_type != "person" and _limits_a_person(rule):
        return [
            EligibilityConcern(
                "applicant_type",
                "申请人为法人或其他组织；本情形有年龄或户籍条件，只能由个人申请，请核对申请人。",
                "The applicant is an enterprise or organisation; this situation has an age or "
                "household registration condition and is for a person: check the applicant.",
            )
        ]
    concerns = []
    age = _age_concern(rule, facts, today)
    if age is not None:
        concerns.append(age)
    household = _household_concern(rule, facts)
    if household is not None:
        concerns.append(household)
    return concerns


def _limits_a_person(rule: EligibilityRule) -> bool:
    return any(limit is not None for limit in (rule.min_age, rule.max_age, rule.household_region))


def _age_concern(
    rule: EligibilityRule, facts: ApplicantFacts, today: date
) -> EligibilityConcern | None:
    if facts.birth_date is None or (rule.min_age is None and rule.max_age is None):
        return None
    age = age_on(facts.birth_date, today)
    low, high = rule.min_age, rule.max_age
    if (low is None or age >= low) and (high is None or age <= high):
        return None
    if low is not None and high is not None:
        wanted_zh, wanted_en = f"{low}至{high}周岁", f"{low} to {high} years old"
    elif low is not None:
        wanted_zh, wanted_en = f"{low}周岁以上", f"{low} or older"
    else:
        wanted_zh, wanted_en = f"{high}周岁以下", f"{high} or younger"
    born = facts.birth_date.isoformat()
    return EligibilityConcern(
        "age",
        f"按证件出生日期（{born}）计算，申请人今天{age}周岁；本情形要求{wanted_zh}。",
        f"By the birth date on the document ({born}) the applicant is {age} today; this "
        f"situation requires {wanted_en}.",
    )


def _household_concern(rule: EligibilityRule, facts: ApplicantFacts) -> EligibilityConcern | None:
    region, place = rule.household_region, rule.household_region_name
    if region is None or place is None:
        return None
    no_household = _NO_HOUSEHOLD.get(facts.doc_kind)
    nationality = facts.nationality.strip().upper()
    if facts.doc_kind is DocKind.PASSPORT and nationality not in ("", "CHN"):
        no_household = ("外国护照", "a foreign passport")
    if no_household is not None:
        zh_doc, en_doc = no_household
        return EligibilityConcern(
            "household",
            f"申请人持{zh_doc}，没有内地户籍；本情形要求{place}户籍。",
            f"The applicant holds {en_doc} and has no mainland household registration; this "
            f"situation requires one in {place}.",
        )
    if facts.doc_kind not in _CITIZEN_NUMBER:
        return None
    if facts.address and facts.address_from_card:
        if facts.address.startswith(place):
            return None
        return EligibilityConcern(
            "household",
            f"身份证住址（户籍地址）不在{place}；本情形要求{place}户籍。"
            "如户籍已迁入，请以户口簿为准。",
            f"The address on the ID card (the household registration address) is not in "
            f"{place}; this situation requires a household registration there. If it has "
            "moved since, the household register decides.",
        )
    if facts.id_number.startswith(region):
        return None
    return EligibilityConcern(
        "household",
        f"证件号码的地区码显示首次登记地不在{place}；户籍可能已迁入，请核对户口簿。",
        f"The ID number's region code shows it was first issued outside {place}; the "
        "household registration may have moved since: check the household register.",
    )
