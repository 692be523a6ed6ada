"""``counter-app import``: a line's optional ``agent`` (代办人 / 经办人) is checked as the
window checks one and recorded in the case document, on an ordinary line and on a 一件事 line
(every member's case)."""

from __future__ import annotations

import json
from typing import Any

from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from tests.services.conftest import MOMENT
from tests.services.import_lines import line, number

AGENT = {
    "name": "李四",
    "id_type": "111",
    "id_number": number(40),
    "relation": "子女",
    "authorization": "power_of_attorney",
    "phone": "13800000040",
}
RECEIVED = {"status": "received", "form": "original", "count": 1}


def _imported(store: Store, clerk: User, text: str) -> dict[str, Any]:
    return import_file_line(store, clerk, 1, text.encode("utf-8"), now=MOMENT)


def test_an_import_line_records_its_agent(intake_store: Store, clerk: User) -> None:
    result = _imported(intake_store, clerk, line(1, agent=AGENT))
    assert result["status"] == "accepted", result["errors"]
    agent = case_document(intake_store, result["case_id"])["agent"]
    assert {k: agent[k] for k in AGENT} == AGENT
    assert agent["identity_source"]["kind"] == "import"


def test_an_import_lines_agent_is_checked_on_its_fields(intake_store: Store, clerk: User) -> None:
    shapeless = _imported(intake_store, clerk, line(2, agent="李四"))
    assert [e["field"] for e in shapeless["errors"]] == ["agent"]
    no_relation = {k: v for k, v in AGENT.items() if k != "relation"}
    missing = _imported(intake_store, clerk, line(3, agent=no_relation))
    assert [e["field"] for e in missing["errors"]] == ["agent.relation"]
    himself = _imported(intake_store, clerk, line(4, agent={**AGENT, "id_number": number(4)}))
    assert [(e["field"], e["message"]) for e in himself["errors"]] == [
        ("agent.id_number", "代办人与申请人为同一人，请取消代办。")
    ]


def test_a_bundle_line_records_its_agent_on_every_members_case(
    intake_store: Store, clerk: User
) -> None:
    document = {
        "bundle": "YJS-0003",
        "applicant": {"id_type": "111", "id_number": number(5), "name": "王𠮷"},
        "agent": AGENT,
        "materials": {
            "申请人居民身份证": RECEIVED,
            "申请人居民户口簿": RECEIVED,
            "上海市最低生活保障申请审批表": RECEIVED,
            "家庭经济状况核对授权书": RECEIVED,
            "家庭成员收入情况说明": RECEIVED,
            "上海市廉租住房申请审批表": RECEIVED,
            "住房状况证明": RECEIVED,
        },
    }
    raw = json.dumps(document, ensure_ascii=False).encode("utf-8")
    result = import_file_line(intake_store, clerk, 1, raw, now=MOMENT)
    assert result["errors"] == []
    agents = [case_document(intake_store, c["case_id"])["agent"] for c in result["cases"]]
    assert len(agents) == 2
    assert all({k: a[k] for k in AGENT} == AGENT for a in agents)


def test_a_bundle_lines_agent_problem_is_reported_once(intake_store: Store, clerk: User) -> None:
    document = {
        "bundle": "YJS-0003",
        "applicant": {"id_type": "111", "id_number": number(6), "name": "王𠮷"},
        "agent": {**AGENT, "relation": ""},
        "materials": {"申请人居民身份证": RECEIVED},
    }
    raw = json.dumps(document, ensure_ascii=False).encode("utf-8")
    result = import_file_line(intake_store, clerk, 1, raw, now=MOMENT)
    assert [e["field"] for e in result["errors"]].count("agent.relation") == 1
