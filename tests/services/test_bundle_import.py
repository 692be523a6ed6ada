"""A 一件事 line of ``counter-app import``: its cases made together, reported on one result
that keeps every field of an ordinary line's; its problems named by field."""

from __future__ import annotations

import json
from typing import Any

from counter_app.services.auth import User
from counter_app.services.bundle_import import import_bundle_line, import_file_line
from counter_app.store.cases import bundle_cases
from counter_app.store.database import Store
from tests.services.conftest import MOMENT
from tests.services.import_lines import number

LOW_INCOME = "11310104002425207D006000100001"  # 最低生活保障申请
HOUSING = "11310104MB2F00218W007000100001"  # 廉租住房申请
RECEIVED = {"status": "received", "form": "original", "count": 1}


def bundle_document(**changes: Any) -> dict[str, Any]:
    return {
        "bundle": "YJS-0003",
        "applicant": {
            "id_type": "111",
            "id_number": number(3),
            "name": "王𠮷",
            "phone": "13900000003",
        },
        "materials": {
            "申请人居民身份证": RECEIVED,
            "申请人居民户口簿": RECEIVED,
            "上海市最低生活保障申请审批表": RECEIVED,
            "家庭经济状况核对授权书": RECEIVED,
            "家庭成员收入情况说明": {**RECEIVED, "form": "copy"},
            "上海市廉租住房申请审批表": RECEIVED,
            "住房状况证明": RECEIVED,
            # 家庭成员收入证明 (廉租住房, required, not core) left out: that case is notified.
        },
        **changes,
    }


def raw(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_a_bundle_line_makes_its_cases_and_reports_each(intake_store: Store, clerk: User) -> None:
    line = raw(bundle_document())
    result = import_file_line(intake_store, clerk, 4, line, now=MOMENT)
    assert result["errors"] == [] and result["line"] == 4 and result["replayed"] is False
    assert result["status"] == "notified"  # one of its cases is
    bundle = result["bundle"]
    assert (bundle["code"], bundle["name"]) == ("YJS-0003", "困难群众救助一件事")
    cases = result["cases"]
    assert [(c["item"], c["state"]) for c in cases] == [
        (LOW_INCOME, "accepted"),
        (HOUSING, "notified"),
    ]
    assert [s["name"] for s in cases[1]["shortfalls"]] == ["家庭成员收入证明"]
    assert (result["case_id"], result["case_no"]) == (cases[0]["case_id"], cases[0]["case_no"])
    assert [r.case_no for r in bundle_cases(intake_store, bundle["id"])] == [
        c["case_no"] for c in cases
    ]
    again = import_file_line(intake_store, clerk, 4, line, now=MOMENT)
    assert again["replayed"] is True and again["cases"] == cases


def test_a_bad_mark_is_named_by_its_material(intake_store: Store, clerk: User) -> None:
    bad = bundle_document()
    bad["materials"]["住房状况证明"] = {"status": "lost"}
    line = raw(bad)
    result = import_bundle_line(intake_store, clerk, 1, line, bad, now=MOMENT)
    assert result["status"] == "error" and result["case_id"] is None
    assert [e["field"] for e in result["errors"]] == ["materials.住房状况证明.status"]
    assert "bundle" not in result


def test_members_taken_and_their_situations_come_from_the_line(
    intake_store: Store, clerk: User
) -> None:
    document = bundle_document(items=[HOUSING], situations={HOUSING: "S01"})
    document["materials"] = {
        name: mark
        for name, mark in document["materials"].items()
        if name not in ("上海市最低生活保障申请审批表", "家庭成员收入情况说明")
    }
    line = raw(document)
    result = import_bundle_line(intake_store, clerk, 1, line, document, now=MOMENT)
    assert [c["item"] for c in result["cases"]] == [HOUSING]


def test_only_a_json_object_naming_a_bundle_is_a_bundle_line(
    intake_store: Store, clerk: User
) -> None:
    ordinary = import_file_line(intake_store, clerk, 1, b'{"service_item": "X"}', now=MOMENT)
    assert ordinary["status"] == "error" and "bundle" not in ordinary
    not_json = import_file_line(intake_store, clerk, 2, b"not json", now=MOMENT)
    assert [e["field"] for e in not_json["errors"]] == ["line"]
    listed = import_file_line(intake_store, clerk, 3, b'["bundle"]', now=MOMENT)
    assert [e["field"] for e in listed["errors"]] == ["line"]
    bundle = import_file_line(intake_store, clerk, 4, b'{"bundle": 7}', now=MOMENT)
    assert "bundle" in {e["field"] for e in bundle["errors"]}


def test_each_case_is_told_its_own_items_earlier_cases_in_one_query(
    intake_store: Store, clerk: User
) -> None:
    first = import_file_line(intake_store, clerk, 1, raw(bundle_document()), now=MOMENT)
    again = raw(bundle_document(request_id="6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60"))
    statements: list[str] = []
    intake_store.db.conn.set_trace_callback(statements.append)
    try:
        result = import_file_line(intake_store, clerk, 2, again, now=MOMENT)
    finally:
        intake_store.db.conn.set_trace_callback(None)
    low_income, housing = result["cases"]
    # The first line's 最低生活保障 was accepted; its 廉租住房, notified, is no earlier case.
    assert [e["case_no"] for e in low_income["earlier_cases"]] == [first["cases"][0]["case_no"]]
    assert housing["earlier_cases"] == []
    assert result["earlier_cases"] == low_income["earlier_cases"]
    assert len([s for s in statements if "FROM cases me" in s]) == 1
