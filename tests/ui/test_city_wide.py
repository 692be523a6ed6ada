"""全市通办 in the window: a case of an item another district's department handles is
accepted here, and its detail says who handles it and that its progress comes back here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically, facts_of, open_detail


def test_the_case_detail_shows_where_a_city_wide_case_is_handled(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident")
    qtbot.waitUntil(lambda: bool(intake.identity.name.text()), timeout=20_000)
    intake.identity.phone.setText("13912340000")
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "cjrzhl")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.item is not None and intake.item.name == "残疾人证换领（全市通办）"
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")

    facts, _history = open_detail(qtbot, running, str(stored.args[0]))
    # The department by its name; its code only in the tooltip.
    assert facts["全市通办"] == "本窗口受理，由 浦东新区残疾人联合会 办理；办理进度经平台回传本窗口"
    detail = running.window.cases.open_case(str(stored.args[0]))
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    tips = facts_of(detail, QLabel.toolTip)
    assert tips["全市通办"] == "310115-CLF"
    assert tips["证件来源"] == "sim · gb11643"  # the reader and check codes behind the words
    detail.close()
