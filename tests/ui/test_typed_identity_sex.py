"""A resident ID number typed by hand fills the sex it encodes (its 17th digit), as it does
the birth date, and a sex already entered that contradicts it is pointed out."""

from __future__ import annotations

from tests.ui.conftest import login

NUMBER = "110101199003070038"  # 17th digit 3: 男


def test_a_typed_number_fills_its_sex_and_points_out_a_contradiction(qtbot, running) -> None:
    login(qtbot, running)
    identity = running.window.intake.identity
    qtbot.keyClicks(identity.id_number, NUMBER)
    assert identity.sex.text() == "男"
    assert identity.birth.text() == "1990-03-07"
    assert identity.id_hint.text() == "号码校验通过"

    identity.sex.setText("女")
    identity.id_number.clear()
    qtbot.keyClicks(identity.id_number, NUMBER)
    assert identity.id_hint.text() == "性别与证件号码不一致，请核对。"
    assert identity.sex.text() == "女"  # the clerk's entry is kept, to be checked
