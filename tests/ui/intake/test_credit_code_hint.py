"""The window checks an organisation's number as the clerk types it against the unified social
credit code, saying what is wrong (the same refusal as intake's), and blocks the decision
until it is right; a credit code typed under a person's ID card is named as one."""

from __future__ import annotations

import pytest

from counter_app.domain.idnumber import credit_check_character
from ui.intake.identity_panel import IdentityPanel

CREDIT_CODE = "91310104MA1FL5LX0" + credit_check_character("91310104MA1FL5LX0")
BAD = {
    "ABC": "统一社会信用代码应为18位，当前3位",
    CREDIT_CODE[:17]: "统一社会信用代码应为18位，当前17位",
    CREDIT_CODE[:16] + "O" + CREDIT_CODE[17]: "可能是数字0",
    "310104000123456": "旧版工商注册号",
    CREDIT_CODE[:17] + ("8" if CREDIT_CODE[17] != "8" else "7"): "校验位不符",
}


@pytest.fixture
def panel(qtbot) -> IdentityPanel:
    panel = IdentityPanel()
    qtbot.addWidget(panel)
    panel.name.setText("上海示例科技有限公司")
    return panel


def _typed(qtbot, panel: IdentityPanel, number: str) -> tuple[str, str]:
    panel.id_number.clear()
    qtbot.keyClicks(panel.id_number, number)
    return panel.id_hint.text(), panel.id_hint.property("state")


@pytest.mark.parametrize("kind", ["enterprise", "other"])
def test_an_organisations_number_is_checked_as_its_credit_code(
    qtbot, panel: IdentityPanel, kind: str
) -> None:
    panel.applicant_type.setCurrentIndex(panel.applicant_type.findData(kind))
    for number, said in BAD.items():
        hint, state = _typed(qtbot, panel, number)
        assert said in hint and state == "bad", number
        assert hint in panel.problems()
    hint, state = _typed(qtbot, panel, CREDIT_CODE.lower())
    assert (hint, state) == ("号码校验通过", "ok")
    assert not any(CREDIT_CODE in problem for problem in panel.problems())


def test_a_number_typed_for_a_person_is_checked_again_as_a_code(
    qtbot, panel: IdentityPanel
) -> None:
    """The type chosen after the number: the number is checked again as a credit code."""
    _typed(qtbot, panel, "ABC")
    panel.applicant_type.setCurrentIndex(panel.applicant_type.findData("enterprise"))
    assert "当前3位" in panel.id_hint.text()
    assert panel.id_hint.property("state") == "bad"


def test_a_credit_code_under_the_resident_id_card_is_named_as_one(
    qtbot, panel: IdentityPanel
) -> None:
    hint, state = _typed(qtbot, panel, CREDIT_CODE)
    assert "统一社会信用代码" in hint and "法人或其他组织" in hint and state == "bad"
    assert "当前为18位" not in hint
