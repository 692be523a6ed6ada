"""A pre-application whose situation the catalog dropped since it was submitted, taken with
Ctrl+Y at the window: the form leaves the situation to the clerk, the files submitted online
count for the materials of the situation chosen, and the case is accepted from it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app.services.training_samples import PREAPP_APPLICANT
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import open_store
from tests.services.preapp_samples import sample_preapp
from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically
from ui.app import RunningApp


def test_a_pre_application_of_a_dropped_situation_is_accepted_in_the_situation_chosen(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    session = running.session
    with open_store(session.home, session.config) as store:
        preapp_id = sample_preapp(store, PREAPP_APPLICANT, situation="S09")
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident_uyghur")
    qtbot.waitUntil(lambda: not intake.preapp_button.isHidden(), timeout=20_000)
    running.reader.remove()
    qtbot.waitUntil(lambda: "已取走" in intake.identity.card_state.text(), timeout=20_000)
    intake.preapp_button.setFocus()
    qtbot.keyClick(intake.preapp_button, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: intake.item is not None, timeout=20_000)

    assert intake.item.name == "上海市居住证办理（首次申领）"
    assert intake.situation_code() is None and intake.checklist.rows == []
    assert "（S09）已不在事项目录中" in intake.marks_note.text()

    combo = intake.search.situation
    index = combo.findData("S02")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)

    assert intake.situation_code() == "S02"
    rows = {row.material.code: row for row in intake.checklist.rows}
    for code in ("M10", "M11"):
        entry = rows[code].entry()
        assert (entry["status"], entry["form"]) == ("received", "electronic")
        assert entry["note"].startswith("已电子提交")
    intake.identity.phone.setText("13912340000")
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    with open_store(session.home, session.config) as store:
        document = case_document(store, str(stored.args[0]))
    assert (document["preapp_id"], document["situation"]["code"]) == (preapp_id, "S02")
    m10 = next(m for m in document["materials"] if m["code"] == "M10")
    assert (m10["form"], m10["note"][:5]) == ("electronic", "已电子提交")
