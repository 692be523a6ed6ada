"""The online channel at the real window: reading a card shows at once the applicant's
appointment of today or their pre-application (the training hall's samples, as the
arrivals feed would bring them), Ctrl+Y fills the intake from the pre-application (item,
situation, the materials submitted online received as electronic copies, 已电子提交), and
the accepted case consumes it (reported to the platform at the next sync)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app.store.arrivals import unreported_consumptions
from counter_app.store.cases import case_document
from counter_app.store.database import open_store
from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically


def test_card_read_shows_the_appointment_and_the_pre_application_fills_the_intake(
    qtbot, running, seeded_home, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)

    running.reader.place("resident_rare")  # 陈𪚥: an appointment at 09:30 today
    qtbot.waitUntil(intake.arrival_banner.isVisible, timeout=20_000)
    assert intake.arrival_banner.text().startswith("预约 09:30 上海市居住证签注（预约号 A")
    assert intake.preapp_button.isHidden()  # an appointment fills nothing in
    running.reader.remove()
    intake.next_applicant(confirm=False)
    assert intake.arrival_banner.isHidden()

    running.reader.place("resident_uyghur")  # 买买提·艾力: a pre-application, pre-review passed
    qtbot.waitUntil(lambda: not intake.preapp_button.isHidden(), timeout=20_000)
    assert intake.arrival_banner.text() == "网上预审已通过：上海市居住证办理（首次申领）"
    running.reader.remove()
    qtbot.waitUntil(lambda: "取走" in intake.identity.card_state.text(), timeout=20_000)
    intake.preapp_button.setFocus()
    qtbot.keyClick(intake.preapp_button, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: intake.item is not None, timeout=20_000)
    assert intake.item.name == "上海市居住证办理（首次申领）"
    assert intake.situation_code() == "S01"
    rows = {row.material.code: row for row in intake.checklist.rows}
    for code in ("M10", "M11"):
        assert rows[code].entry()["status"] == "received"
        assert rows[code].entry()["form"] == "electronic"
        assert "[已电子提交]" in intake.checklist.table.item(list(rows).index(code), 0).text()
    assert rows["M20"].entry()["status"] == "missing"  # on paper: the clerk takes it

    intake.identity.phone.setText("13912340000")
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    case_id = str(stored.args[0])
    home, config = seeded_home
    with open_store(home, config) as store:
        document = case_document(store, case_id)
        consumed = [c.case_id for c in unreported_consumptions(store)]
    assert document["preapp_id"] == intake.preapp_id
    m10 = next(m for m in document["materials"] if m["code"] == "M10")
    assert (m10["form"], m10["note"][:5]) == ("electronic", "已电子提交")
    assert consumed == [case_id]
