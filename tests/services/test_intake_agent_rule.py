"""A situation's rule on a 代办人 is kept at intake: 委托他人代办 is refused without one (at the
window and on import), 本人申领 marked ``forbidden`` with one or for an organisation; each
refusal names the situation and what to do in words that hold at the window and on import
(no window key), Chinese first, and the item's situations that would take the request."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace

import pytest

from counter_app.domain.idnumber import credit_check_character
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number
from tests.services.import_lines import ITEM, line, number

ALLOWANCE = "老年综合津贴申领"
# An item that serves organisations (服务对象), for an organisation's case.
HEALTH_PERMIT = "公共场所卫生许可（新办）"
SON = AgentInput("王小明", "111", resident_number("31010419900215002"), relation="子女")
CREDIT_CODE = "91310104MA1FL0000" + credit_check_character("91310104MA1FL0000")
COMPANY = ApplicantInput(
    name="上海某某科技有限公司", id_type="990", id_number=CREDIT_CODE, applicant_type="enterprise"
)
STAFF = AgentInput("王五", "111", resident_number("31010419850101002"), relation="单位员工")


def _request(
    store: Store, situation: str, item_name: str = ALLOWANCE, **kw: object
) -> IntakeRequest:
    item = item_named(store, item_name)
    marks = complete_marks(item, situation)
    return replace(request_for(item, marks), situation=situation, **kw)


def _refused(store: Store, request: IntakeRequest, clerk: User) -> list[tuple[str, str, str]]:
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(store, request, clerk, now=MOMENT)
    return [(p.field or "", p.zh, p.en) for p in caught.value.problems]


def _load_next_version(store: Store, item_name: str, change: Callable[[dict], None]) -> None:
    """The next catalog version, with ``change`` made to the item named ``item_name``."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] += 1
    change(next(item for item in document["items"] if item["name"] == item_name))
    load_catalog_version(store, document, source="platform:test")


def _in_person_forbids_an_agent(store: Store) -> None:
    """The next catalog version, with 本人申领 (S01) marked ``forbidden``."""

    def forbid(allowance: dict) -> None:
        allowance["situations"][0]["agent"] = "forbidden"

    _load_next_version(store, ALLOWANCE, forbid)


def _permit_by_whom_it_is_done(store: Store) -> None:
    """The next catalog version, whose 公共场所卫生许可（新办） has the two situations of
    老年综合津贴申领 by who comes: 本人申领 (S01) ``forbidden`` an agent, 委托他人代办 (S02)
    ``required`` one; each asks the materials of the item's one situation."""

    def split(permit: dict) -> None:
        materials = permit["situations"][0]["materials"]
        permit["situations"] = [
            {"code": "S01", "name": "本人申领", "agent": "forbidden", "materials": materials},
            {"code": "S02", "name": "委托他人代办", "agent": "required", "materials": materials},
        ]

    _load_next_version(store, HEALTH_PERMIT, split)


def test_a_proxy_situation_without_an_agent_is_refused_saying_what_to_do(
    intake_store: Store, clerk: User
) -> None:
    # 本人申领 has no rule: it takes the applicant in person, so it is named as the other way.
    assert _refused(intake_store, _request(intake_store, "S02"), clerk) == [
        (
            "agent",
            "“委托他人代办”须登记代办人：请登记代办人的姓名、证件和与申请人的关系，"
            "或改选“本人申领”。",
            "'委托他人代办' needs the agent recorded: record the agent's name, identity document "
            "and relation to the applicant, or choose '本人申领'.",
        )
    ]
    request = _request(intake_store, "S02", agent=SON)
    accepted = intake.accept(intake_store, request, clerk, now=MOMENT)
    assert case_document(intake_store, accepted.case_id)["agent"]["name"] == "王小明"


def test_an_organisations_agent_is_the_agent_a_proxy_situation_asks_for(
    intake_store: Store, clerk: User
) -> None:
    _permit_by_whom_it_is_done(intake_store)
    request = _request(intake_store, "S02", HEALTH_PERMIT, applicant=COMPANY, agent=STAFF)
    accepted = intake.accept(intake_store, request, clerk, now=MOMENT)
    assert case_document(intake_store, accepted.case_id)["agent"]["name"] == "王五"
    # Without one, the organisation's own refusal says it once.
    assert [f for f, _, _ in _refused(intake_store, replace(request, agent=None), clerk)] == [
        "agent"
    ]


def test_an_in_person_situation_with_an_agent_is_refused_naming_the_proxy_one(
    intake_store: Store, clerk: User
) -> None:
    _in_person_forbids_an_agent(intake_store)
    assert _refused(intake_store, _request(intake_store, "S01", agent=SON), clerk) == [
        (
            "agent",
            "“本人申领”须由申请人本人办理：请取消代办，或改选“委托他人代办”。",
            "'本人申领' is for the applicant in person: remove the agent, or choose "
            "'委托他人代办'.",
        )
    ]
    # The proxy situation's refusal still names the in-person one, now ``forbidden``.
    assert _refused(intake_store, _request(intake_store, "S02"), clerk)[0][1].endswith(
        "，或改选“本人申领”。"
    )
    accepted = intake.accept(intake_store, _request(intake_store, "S01"), clerk, now=MOMENT)
    assert case_document(intake_store, accepted.case_id)["service_item"]["catalog_version"] == 2


def test_an_organisation_never_takes_an_in_person_situation(
    intake_store: Store, clerk: User
) -> None:
    _permit_by_whom_it_is_done(intake_store)
    request = _request(intake_store, "S01", HEALTH_PERMIT, applicant=COMPANY, agent=STAFF)
    assert _refused(intake_store, request, clerk) == [
        (
            "situation",
            "“本人申领”须由申请人本人办理，法人或其他组织不适用：请另选情形。",
            "'本人申领' is for the applicant in person, which an enterprise or organisation "
            "never is: choose another situation.",
        )
    ]


def test_an_import_line_of_the_proxy_situation_needs_its_agent(
    intake_store: Store, clerk: User
) -> None:
    materials = [
        {"code": code, "status": "received", "form": "original", "count": 1}
        for code in ("M01", "M02", "M03", "M04", "M05", "M06")
    ]
    without = line(1, service_item=ITEM, situation="S02", materials=materials)
    refused = import_file_line(intake_store, clerk, 1, without.encode(), now=MOMENT)
    assert [(e["field"], e["message"]) for e in refused["errors"]] == [
        (
            "agent",
            "“委托他人代办”须登记代办人：请登记代办人的姓名、证件和与申请人的关系，或改选“本人申领”。",
        )
    ]
    agent = {"name": "李四", "id_type": "111", "id_number": number(40), "relation": "子女"}
    with_agent = json.dumps({**json.loads(without), "agent": agent}, ensure_ascii=False)
    accepted = import_file_line(intake_store, clerk, 2, with_agent.encode(), now=MOMENT)
    assert accepted["status"] == "accepted"
