"""The import path (``counter-app import``) holds an enterprise's or organisation's number to
the unified social credit code as the window does, each bad form refused on its field with
what is wrong; ``case show`` names the applicant's type and shows an organisation's code in
full, a person's number masked."""

from __future__ import annotations

from counter_app.domain.idnumber import credit_check_character, mask_id_number
from tests.services.import_lines import (
    HEALTH_PERMIT,
    HEALTH_PERMIT_MATERIALS,
    line,
    number,
    results,
)

CREDIT_CODE = "91310104MA1FL5LX0" + credit_check_character("91310104MA1FL5LX0")
# The 经办人 an organisation's line registers (an organisation never comes in person).
AGENT = {"name": "经办人甲", "id_type": "111", "id_number": number(90), "relation": "单位员工"}


def _company_line(i: int, id_number: str, kind: str = "enterprise") -> str:
    """Line ``i``: an organisation's case, with its 经办人, of an item that serves it."""
    company = {
        "type": kind,
        "name": "上海示例科技有限公司",
        "id_type": "990",
        "id_number": id_number,
    }
    return line(
        i,
        service_item=HEALTH_PERMIT,
        materials=HEALTH_PERMIT_MATERIALS,
        applicant=company,
        agent=AGENT,
    )


def _import(run_cli, tmp_path, lines: list[str]) -> list[dict]:
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return results(run_cli("import", str(source), "--json").stdout)


def test_an_organisations_bad_credit_code_is_refused_with_what_is_wrong(run_cli, tmp_path):
    bad = {
        "ABC": "统一社会信用代码应为18位，当前3位",
        CREDIT_CODE[:17]: "统一社会信用代码应为18位，当前17位",
        CREDIT_CODE[:16] + "O" + CREDIT_CODE[17]: "可能是数字0",
        "310104000123456": "旧版工商注册号",
        CREDIT_CODE[:17] + ("8" if CREDIT_CODE[17] != "8" else "7"): "校验位不符",
    }
    out = _import(
        run_cli,
        tmp_path,
        [
            *(
                _company_line(i, code, "enterprise" if i % 2 else "other")
                for i, code in enumerate(bad, 1)
            ),
            _company_line(9, CREDIT_CODE.lower()),
        ],
    )
    assert [r["status"] for r in out] == ["error"] * len(bad) + ["accepted"]
    for result, said in zip(out[: len(bad)], bad.values(), strict=True):
        assert [e["field"] for e in result["errors"]] == ["applicant.id_number"]
        assert said in result["errors"][0]["message"]


def test_case_show_names_the_applicant_type_and_shows_a_code_in_full(run_cli, tmp_path):
    out = _import(
        run_cli,
        tmp_path,
        [_company_line(1, CREDIT_CODE), line(2)],
    )
    company, person = (r["case_no"] for r in out)
    shown = run_cli("case", "show", company).stdout
    assert "applicant_type       法人" in shown
    assert f"applicant_id         {CREDIT_CODE}" in shown
    english = run_cli("--lang", "en", "case", "show", company).stdout
    assert "applicant_type       legal person" in english
    shown = run_cli("case", "show", person).stdout
    assert "applicant_type       自然人" in shown
    assert f"applicant_id         {mask_id_number(number(2))}" in shown
    assert number(2) not in shown
