"""The import path (``counter-app import``) holds applicants who are not mainland residents
to what the window holds them: an ID type code that contradicts the document kind, a birth
date that contradicts the number, a person's document for an organisation (and the
reverse) are refused with their field; a 台胞证 holder or an organisation applying for the
senior card (本市户籍65周岁以上) needs a stated reason, like any other eligibility concern."""

from __future__ import annotations

from counter_app.domain.idnumber import check_character, credit_check_character
from tests.services.import_lines import SENIOR_CARD, SENIOR_MATERIALS, line, number, results

CREDIT_CODE = "91310000MA1FL8XQ3" + credit_check_character("91310000MA1FL8XQ3")
CREDIT_TYPO = CREDIT_CODE[:17] + ("1" if CREDIT_CODE[17] == "0" else "0")
CARD_2023 = "93115619920714012" + check_character("93115619920714012")


# The 经办人 an organisation's line registers (an organisation never comes in person).
AGENT = {"name": "经办人甲", "id_type": "111", "id_number": number(90), "relation": "单位员工"}


def _person(**fields: str) -> dict:
    return {"type": "person", "name": "测试申请人", **fields}


def _import(run_cli, tmp_path, lines: list[str]) -> list[dict]:
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return results(run_cli("import", str(source), "--json").stdout)


def test_contradicting_documents_are_refused_on_their_field(run_cli, tmp_path):
    out = _import(
        run_cli,
        tmp_path,
        [
            line(1, applicant=_person(id_type="111", doc_kind="passport", id_number="X7654321")),
            line(2, applicant=_person(id_type="414", doc_kind="resident_id", id_number=number(2))),
            line(
                3,
                applicant=_person(id_type="990", id_number=CARD_2023, birth_date="1950-01-01"),
            ),
            line(4, applicant=_person(id_type="990", id_number=CARD_2023, birth_date="1992-07-14")),
            line(
                5,
                applicant={**_person(id_type="111", id_number=number(5)), "type": "enterprise"},
                agent=AGENT,
            ),
            line(6, applicant=_person(id_type="990", id_number=CREDIT_CODE)),
            line(7, applicant=_person(id_type="990", id_number=CREDIT_TYPO)),
        ],
    )
    assert [r["status"] for r in out] == ["error", "error", "error", "accepted"] + ["error"] * 3
    fields = [[e["field"] for e in r.get("errors", [])] for r in out]
    assert fields == [
        ["applicant.doc_kind"],
        ["applicant.doc_kind"],
        ["applicant.birth_date"],
        [],
        ["applicant.type", "applicant.id_number"],  # a person's item, and a person's number
        ["applicant.id_number"],
        ["applicant.id_number"],
    ]
    assert "414" in out[0]["errors"][0]["message"] and "护照" in out[0]["errors"][0]["message"]
    assert "出生日期与证件号码不一致" in out[2]["errors"][0]["message"]
    assert "统一社会信用代码" in out[5]["errors"][0]["message"]
    assert "统一社会信用代码校验位不符" in out[6]["errors"][0]["message"]


def test_no_mainland_household_and_organisations_need_a_reason_for_the_senior_card(
    run_cli, tmp_path
):
    senior = {"service_item": SENIOR_CARD, "materials": SENIOR_MATERIALS}
    taiwan = _person(id_type="990", id_number="12345678", birth_date="1940-01-01")
    enterprise = {"type": "enterprise", "name": "某某有限公司", "id_type": "990"}
    out = _import(
        run_cli,
        tmp_path,
        [
            line(1, **senior, applicant=taiwan),
            line(2, **senior, applicant={**enterprise, "id_number": CREDIT_CODE}, agent=AGENT),
            line(3, **senior, applicant=taiwan, eligibility_reason="已核实户口簿"),
        ],
    )
    assert [r["status"] for r in out] == ["error", "error", "accepted"]
    assert [e["field"] for e in out[0]["errors"]] == ["eligibility_reason"]
    assert "没有内地户籍" in out[0]["errors"][0]["message"]
    # The card's item serves persons (服务对象): the enterprise is refused by that first, and
    # its situation's age and 户籍 condition still asks the reason.
    assert [e["field"] for e in out[1]["errors"]] == ["applicant.type", "eligibility_reason"]
    assert "服务对象为自然人，法人不能作为申请人办理" in out[1]["errors"][0]["message"]
    assert "法人或其他组织" in out[1]["errors"][1]["message"]


def test_a_nationality_that_is_no_document_code_is_refused(run_cli, tmp_path):
    passport = _person(id_type="414", doc_kind="passport", id_number="X7654321")
    out = _import(
        run_cli,
        tmp_path,
        [
            line(1, applicant={**passport, "nationality": "美国", "birth_date": "1980-01-01"}),
            line(2, applicant={**passport, "nationality": "gbr", "birth_date": "1980-01-01"}),
            line(3, applicant={**passport, "nationality": "D<<", "birth_date": "1980-01-01"}),
        ],
    )
    assert [r["status"] for r in out] == ["error", "accepted", "accepted"]
    (refusal,) = out[0]["errors"]
    assert refusal["field"] == "applicant.nationality"
    assert "三字母代码" in refusal["message"]
