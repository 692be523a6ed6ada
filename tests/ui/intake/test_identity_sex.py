"""The applicant's sex is chosen, not typed, and shown whole in the window's language: a
woman's card read in an English window shows "Female" and agrees with her ID number; the
clerk picks the sex from the document's values, checked against the number by meaning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from counter_app.identity.samples import SAMPLES_BY_KEY, gb11643
from tests.ui.conftest import login
from ui.app import RunningApp
from ui.i18n import install_language
from ui.intake.identity_drafts import to_draft
from ui.intake.identity_panel import IdentityPanel

WOMANS_NUMBER = gb11643("11010119900307002")  # 17th digit even: 女


def test_a_womans_card_shows_her_sex_whole_and_blocks_nothing(qtbot, window_in: RunningApp) -> None:
    login(qtbot, window_in)
    identity = window_in.window.intake.identity
    card = SAMPLES_BY_KEY["foreign_2023"]
    window_in.reader.place("foreign_2023")
    qtbot.waitUntil(
        lambda: identity.id_number.text() == card.base_fields["id_number"], timeout=20_000
    )
    english = window_in.session.lang == "en"
    assert identity.sex.text() == ("Female" if english else "女")
    assert identity.problems() == []
    assert identity.id_hint.property("state") == "ok"
    assert to_draft(identity)["sex"] == "女"  # as the card gave it, whatever the language


@pytest.fixture
def english_panel(qtbot) -> Iterator[IdentityPanel]:
    assert install_language("en"), "run `make translations` first"
    panel = IdentityPanel()
    qtbot.addWidget(panel)
    yield panel
    install_language("zh")


def test_the_clerk_picks_the_sex_and_the_number_is_checked_by_meaning(
    qtbot, english_panel: IdentityPanel
) -> None:
    panel = english_panel
    qtbot.keyClicks(panel.id_number, WOMANS_NUMBER)
    assert panel.sex.text() == "Female"  # filled from the number
    assert panel.id_hint.property("state") == "ok"

    panel.sex.setFocus()
    qtbot.keyClick(panel.sex, Qt.Key.Key_Up)  # the clerk picks Male by mistake
    assert panel.sex.text() == "Male"
    assert "The sex does not agree with the ID number" in " ".join(panel.problems())

    qtbot.keyClick(panel.sex, Qt.Key.Key_Down)
    assert panel.sex.text() == "Female"
    assert panel.problems() == ["Enter the applicant's name"]


def test_a_value_the_card_gave_is_kept_until_another_comes(
    qtbot, english_panel: IdentityPanel
) -> None:
    panel = english_panel
    offered = [panel.sex.itemText(i) for i in range(panel.sex.count())]
    assert offered == ["", "Male", "Female"]
    panel.sex.setText("未说明的性别")  # GB/T 2261.1 code 9, as a card may carry it
    assert (panel.sex.text(), panel.sex.value()) == ("未说明的性别", "未说明的性别")
    panel.sex.setText("Female")
    assert panel.sex.value() == "女"
    assert [panel.sex.itemText(i) for i in range(panel.sex.count())] == offered
    panel.clear()
    assert panel.sex.value() == ""
