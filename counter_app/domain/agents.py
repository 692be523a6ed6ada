"""代办 / 经办: the person present at the window on an applicant's behalf, and the paper that
authorises them. An organisation's applicant never comes itself: its 经办人 does; a person may
send a 代办人. The window reads the card of the person present."""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.catalog import AgentRule

# The longest 与申请人关系 / 职务 the window takes (配偶, 子女, 单位员工, 财务主管 …).
MAX_RELATION_LENGTH = 20


class AgentAuthorization(StrEnum):
    POWER_OF_ATTORNEY = "power_of_attorney"
    INTRODUCTION_LETTER = "introduction_letter"
    # An enterprise's legal representative in person: no separate paper.
    LEGAL_REPRESENTATIVE = "legal_representative"


AGENT_AUTHORIZATION_NAMES: dict[AgentAuthorization, tuple[str, str]] = {
    AgentAuthorization.POWER_OF_ATTORNEY: ("授权委托书", "Power of attorney"),
    AgentAuthorization.INTRODUCTION_LETTER: ("单位介绍信", "Letter of introduction"),
    AgentAuthorization.LEGAL_REPRESENTATIVE: ("法定代表人本人", "Legal representative in person"),
}


def is_organisation(applicant_type: str) -> bool:
    """Whether an applicant of ``applicant_type`` (person | enterprise | other) is a 法人或
    其他组织, which never comes itself but sends its 经办人."""
    return applicant_type in ("enterprise", "other")


def agent_role(applicant_type: str, authorization: str | None = None) -> tuple[str, str]:
    """What the person present is called: the 法定代表人 when that is what authorises them,
    else 经办人 for an organisation, 代办人 for a person."""
    if authorization == AgentAuthorization.LEGAL_REPRESENTATIVE:
        return "法定代表人", "Legal representative"
    if is_organisation(applicant_type):
        return "经办人", "Agent"
    return "代办人", "Agent"


def breaks_agent_rule(rule: AgentRule | None, applicant_type: str, *, has_agent: bool) -> bool:
    """Whether a case breaks its situation's rule on a 代办人: 委托他人代办 (``required``)
    without one, 本人申领 (``forbidden``) with one or for an organisation, which never comes
    in person (an organisation's 经办人 is required by intake whatever the rule)."""
    organisation = is_organisation(applicant_type)
    if rule is AgentRule.REQUIRED:
        return not has_agent and not organisation
    if rule is AgentRule.FORBIDDEN:
        return has_agent or organisation
    return False
