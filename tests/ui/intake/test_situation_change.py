"""Another situation of the same item keeps the marks of the materials it lists too, and
says how many it kept and dropped; another item keeps none and says the marks went; a
situation the catalog no longer has (a pre-application's, a saved form's) is chosen by the
clerk, the marks of the materials the chosen one lists kept."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.intake_steps import fill_from_card_and_choose_item
from ui.intake.screen import IntakeScreen

FIRST_PERMIT = "11310104002425186K001000300001"  # 上海市居住证办理（首次申领）
MEDICAL_INSURANCE = "11310104MB2F43870Q009000200001"  # 城乡居民基本医疗保险参保登记
ID_CARD, FORM, PHOTO = "M01", "M10", "M11"


def _statuses(intake: IntakeScreen) -> dict[str, str]:
    return {row.material.code: row.status.currentData() for row in intake.checklist.rows}


def _mark(intake: IntakeScreen, code: str, status: str) -> None:
    row = next(r for r in intake.checklist.rows if r.material.code == code)
    row.status.setCurrentIndex(row.status.findData(status))


def _choose_situation(intake: IntakeScreen, code: str) -> None:
    """As the clerk picks it in the 情形 list."""
    combo = intake.search.situation
    index = combo.findData(code)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _first_permit(qtbot, running) -> IntakeScreen:  # type: ignore[no-untyped-def]
    fill_from_card_and_choose_item(qtbot, running)
    intake: IntakeScreen = running.window.intake
    intake.choose_item(FIRST_PERMIT)
    return intake


def test_another_situation_keeps_the_marks_of_the_materials_it_lists_too(qtbot, running) -> None:
    intake = _first_permit(qtbot, running)
    for code in (ID_CARD, FORM, PHOTO, "M20"):
        _mark(intake, code, "received")
    photo = next(r for r in intake.checklist.rows if r.material.code == PHOTO)
    photo.form.setCurrentIndex(photo.form.findData("electronic"))
    photo.count.setValue(2)

    _choose_situation(intake, "S03")

    statuses = _statuses(intake)
    assert [statuses[c] for c in (ID_CARD, FORM, PHOTO)] == ["received"] * 3
    assert statuses["M41"] == "missing"
    photo = next(r for r in intake.checklist.rows if r.material.code == PHOTO)
    assert (photo.form.currentData(), photo.count.value()) == ("electronic", 2)
    note = intake.marks_note.text()
    assert intake.marks_note.isVisible()
    assert "保留 3 项材料标记" in note and "1 项本情形不需要，已移除" in note


def test_a_mark_the_new_situation_does_not_allow_is_dropped_with_a_note(qtbot, running) -> None:
    intake = _first_permit(qtbot, running)
    # A catalog whose 投靠亲属 situation takes the 合法稳定居所证明 too, without 告知承诺
    # (the training catalog has no material allowed it in one situation and not another).
    item = intake.items[FIRST_PERMIT]
    dwelling = next(m for m in item.situation("S01").materials if m.code == "M22")
    kin = item.situation("S03")
    strict = replace(kin, materials=(*kin.materials, replace(dwelling, commitment_allowed=False)))
    intake.items[FIRST_PERMIT] = replace(
        item, situations=tuple(strict if s.code == "S03" else s for s in item.situations)
    )
    intake.choose_item(FIRST_PERMIT)
    _mark(intake, ID_CARD, "received")
    _mark(intake, "M22", "commitment")

    _choose_situation(intake, "S03")

    statuses = _statuses(intake)
    assert (statuses[ID_CARD], statuses["M22"]) == ("received", "missing")
    note = intake.marks_note.text()
    assert "保留 1 项材料标记" in note
    assert f"《{dwelling.name}》在本情形不能标为“告知承诺”，已改为未收。" in note


def test_a_code_naming_another_material_in_the_new_situation_is_not_carried(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake: IntakeScreen = running.window.intake
    intake.choose_item(MEDICAL_INSURANCE, "S02")
    _mark(intake, "M03", "received")  # 监护人居民身份证; M03 of S01 is the 参保登记表

    _choose_situation(intake, "S01")

    assert _statuses(intake)["M03"] == "missing"
    assert "1 项本情形不需要，已移除" in intake.marks_note.text()


def test_a_commitment_is_named_in_the_summary(qtbot, running) -> None:
    intake = _first_permit(qtbot, running)
    _choose_situation(intake, "S03")

    _mark(intake, "M41", "commitment")  # 亲属关系证明

    assert "申请人须当场签署书面承诺（亲属关系证明）" in intake.summary_label.text()


def test_another_item_clears_the_marks_and_says_so(qtbot, running) -> None:
    intake = _first_permit(qtbot, running)
    intake.checklist.receive_all_required()

    intake.choose_item("11310104002425186K001000300003")  # 补领、换领

    assert set(_statuses(intake).values()) == {"missing"}
    assert "原事项的 5 项材料标记已清除" in intake.marks_note.text()


def test_a_pre_application_of_a_situation_gone_waits_for_the_clerks_choice(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake: IntakeScreen = running.window.intake
    submitted = [
        {"code": c, "status": "received", "form": "electronic", "count": 1, "note": f"{c}.pdf"}
        for c in (FORM, "M99")
    ]
    # As Ctrl+Y fills the form in (ui.intake.card_reading.fill_from_preapp).
    intake.preapp_id = "P-1"
    intake.choose_item(FIRST_PERMIT, "S09", submitted)

    assert intake.situation_code() is None and intake.checklist.rows == []
    assert "网上预申请所选的办理情形（S09）已不在事项目录中" in intake.marks_note.text()
    assert "请选择办理情形" in intake.summary_label.text()
    assert intake.refresh_summary() is None  # no decision on a situation not chosen

    _choose_situation(intake, "S02")

    assert intake.situation_code() == "S02"
    form = next(r for r in intake.checklist.rows if r.material.code == FORM)
    assert form.entry() == {
        "code": FORM,
        "status": "received",
        "form": "electronic",
        "count": 1,
        "note": "M10.pdf",
    }
    note = intake.marks_note.text()
    assert "1 项已标记的材料予以保留" in note and "1 项本情形不需要" in note
