"""代办 / 经办: what the person present for the applicant is called, every authorisation has
its words, and the case document keeps an agent (and keeps a document without one as it was)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from counter_app.domain.agents import (
    AGENT_AUTHORIZATION_NAMES,
    AgentAuthorization,
    agent_role,
    is_organisation,
)
from counter_app.domain.case_document import CaseAgent


def test_a_persons_agent_is_a_daibanren_an_organisations_a_jingbanren() -> None:
    assert agent_role("person") == ("代办人", "Agent")
    assert agent_role("enterprise") == agent_role("other") == ("经办人", "Agent")


def test_an_enterprise_or_other_applicant_is_an_organisation_a_person_not() -> None:
    assert [is_organisation(t) for t in ("person", "enterprise", "other")] == [
        False,
        True,
        True,
    ]


def test_every_authorisation_has_its_words() -> None:
    assert set(AGENT_AUTHORIZATION_NAMES) == set(AgentAuthorization)


AGENT: dict[str, Any] = {
    "name": "李四",
    "id_type": "111",
    "doc_kind": "resident_id",
    "id_number": "11010519491231002X",
    "relation": "配偶",
    "authorization": "introduction_letter",
}


def test_an_agent_without_phone_or_card_read_omits_them() -> None:
    assert CaseAgent.model_validate(AGENT).model_dump(mode="json") == AGENT


@pytest.mark.parametrize(
    "wrong", [{"authorization": "verbal"}, {"relation": None}, {"doc_kind": "licence"}]
)
def test_an_agent_of_the_wrong_shape_is_no_agent(wrong: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        CaseAgent.model_validate({**AGENT, **wrong})
